/**
 * Which render errors a job must not retry. The renderer's errors carry a
 * `code` (renderer.ts); the job handlers (render-video.ts, template
 * previews) turn these into PermanentJobErrors with the same code, which is
 * what a failed video reports.
 */
import { PermanentJobError } from '../jobs/errors';

/** Props no template accepts, a render that outlived its timeout, a composition that threw. */
const PERMANENT_RENDER_CODES = new Set(['invalid_props', 'render_timeout', 'template_error']);

/** The error as a PermanentJobError when retrying cannot help; null when it may. */
export function permanentRenderFailure(err: unknown): PermanentJobError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !PERMANENT_RENDER_CODES.has(code)) return null;
  return new PermanentJobError(code, (err as Error).message, { cause: err });
}
