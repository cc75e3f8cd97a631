/**
 * The `render.lambda` job kind (RENDER_BACKEND=lambda): follows renders that
 * run on Remotion Lambda until their files can be published. Light module,
 * like render-job.ts; the handler is lambda-poll.ts.
 *
 * The payload is everything the follow-up needs and the only record of the
 * Lambda renders: which renders (one per format, the video's own first),
 * where their thumbnails already are, and when it all started. A retry (a
 * worker died, S3 was unreachable) polls the same renders again; it never
 * starts new ones.
 */
import { z } from 'zod';
import { ASPECT_RATIOS } from '../../remotion/formats';
import { defineJobKind } from '../jobs/registry';

const costsSchema = z.object({ accruedSoFar: z.number(), displayCost: z.string(), currency: z.string() });

export const lambdaRenderPayload = z.object({
  videoId: z.string().min(1),
  /** Epoch ms the first Lambda render was started: the render time and the timeout count from it. */
  startedAt: z.number().int(),
  region: z.string().min(1),
  functionName: z.string().min(1),
  templateVersion: z.string().nullable(),
  renders: z
    .array(
      z.object({
        aspectRatio: z.enum(ASPECT_RATIOS),
        renderId: z.string().min(1),
        bucketName: z.string().min(1),
        /** The thumbnail, rendered with renderStillOnLambda when the render started. */
        thumbnail: z.object({ bucketName: z.string().min(1), key: z.string().min(1), costs: costsSchema }),
      }),
    )
    .min(1),
});
export type LambdaRenderPayload = z.infer<typeof lambdaRenderPayload>;

export const lambdaRenderJob = defineJobKind({
  kind: 'render.lambda',
  payload: lambdaRenderPayload,
  // Attempts for outages between us and AWS; a render Lambda itself gave up on fails at once.
  maxAttempts: 5,
  backoff: { baseMs: 5_000, capMs: 120_000 },
});
