/**
 * The media job kinds, in a light module (no ffmpeg code) so the upload
 * service can enqueue them; handlers live in process-media.ts and are
 * registered in server/jobs/kinds.ts.
 *
 * - `media.process`: after FINALIZE, assemble the segments, probe, check,
 *   transcode when needed, make the poster.
 * - `media.expire`: scheduled at INIT for the upload's deadline; removes the
 *   bytes of an upload that was never finalized (a no-op otherwise).
 */
import { z } from 'zod';
import { defineJobKind } from '../jobs/registry';

const mediaIdString = z.string().regex(/^[0-9]{1,19}$/);

export const mediaProcessJob = defineJobKind({
  kind: 'media.process',
  payload: z.object({ mediaId: mediaIdString }),
  maxAttempts: 3,
  backoff: { baseMs: 2_000, capMs: 60_000 },
});

export const mediaExpireJob = defineJobKind({
  kind: 'media.expire',
  payload: z.object({ mediaId: mediaIdString }),
  maxAttempts: 5,
  backoff: { baseMs: 10_000, capMs: 600_000 },
  // Housekeeping never delays user-visible work.
  priority: 10,
});
