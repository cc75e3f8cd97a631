/**
 * The `template.preview` job kind, in a light module (no renderer import) so
 * start-up code can enqueue it; the handler lives in render-preview.ts and is
 * registered in server/jobs/kinds.ts.
 *
 * One job renders one template's preview still for one template version.
 */
import { z } from 'zod';
import { defineJobKind } from '../jobs/registry';

export const templatePreviewJob = defineJobKind({
  kind: 'template.preview',
  payload: z.object({ templateId: z.string().min(1), version: z.string().min(1) }),
  maxAttempts: 3,
  backoff: { baseMs: 30_000, capMs: 10 * 60_000 },
  // After customer renders (0) and housekeeping (10): a missing preview only means the UI draws a live frame.
  priority: 100,
});
