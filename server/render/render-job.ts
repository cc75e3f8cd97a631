/**
 * The `render` job kind: light module (no renderer import) so the videos
 * service can enqueue renders; the handler lives in render-video.ts.
 */
import { z } from 'zod';
import { defineJobKind } from '../jobs/registry';

export const renderVideoJob = defineJobKind({
  kind: 'render',
  payload: z.object({ videoId: z.string().min(1) }),
  maxAttempts: 3,
  backoff: { baseMs: 5_000, capMs: 120_000 },
});
