/**
 * RENDER_BACKEND=lambda: renders on Remotion Lambda instead of this machine.
 *
 * The `render` job (render-video.ts) prepares the props as for a local render,
 * then calls startLambdaRender here: one renderMediaOnLambda per format (it
 * returns as soon as the render is launched) and one renderStillOnLambda per
 * format for the thumbnail (the same frame a local render picks). Its commit
 * queues a `render.lambda` job (lambda-job.ts) with the render ids and makes
 * it the video's render job, so cancelling or deleting the video stops that
 * one. The `render.lambda` job (lambda-poll.ts, light lane) polls
 * getRenderProgress, keeps the video's progress (and so its ETA) current,
 * downloads the outputs from S3 and publishes them through the same code as
 * a local render: same storage keys and URLs, same events and webhooks.
 *
 * Everything AWS goes through @remotion/lambda's client (`@remotion/lambda/client`):
 * it reads the credentials itself (REMOTION_AWS_ACCESS_KEY_ID /
 * REMOTION_AWS_SECRET_ACCESS_KEY / REMOTION_AWS_PROFILE first, then the standard
 * AWS_* variables and profiles), and the AWS SDK under it honours the standard
 * endpoint variables (AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL_S3,
 * AWS_ENDPOINT_URL_STS), which is how the tests point it at a local server.
 *
 * Renders are started with `enableCancellation`, so a cancelled video's
 * Lambda render is told to stop (cancelRenderOnLambda writes a signal the
 * renderer functions poll); frames already rendered are billed.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { CompositionProps } from '../../remotion/props';
import type { AspectRatio } from '../../remotion/formats';
import { metadataFor } from '../../remotion/metadata';
import { getTemplate } from '../../remotion/templates/registry';
import type { Db } from '../db/client';
import { videos, type Video } from '../db/schema';
import { getEnv } from '../env';
import { PermanentJobError } from '../jobs/errors';
import { cancelJob, enqueueJob } from '../jobs/queue';
import type { CommitFn, JobKind } from '../jobs/registry';
import { errorFields, logger } from '../lib/logger';
import { currentTemplateVersion } from './bundle';
import { lambdaRenderJob, type LambdaRenderPayload, type lambdaRenderPayload } from './lambda-job';
import { remotionLicenseKey } from './license';
import { RENDER_CRF, renderSettings, thumbnailFrame } from './renderer';

export type LambdaClient = typeof import('@remotion/lambda/client');

/** Loaded on first use: the web process never needs it. */
export function lambdaClient(): Promise<LambdaClient> {
  return import('@remotion/lambda/client');
}

export interface LambdaSettings {
  region: string;
  functionName: string;
  serveUrl: string;
  framesPerLambda: number | null;
  bucketName: string | null;
  pollMs: number;
}

/** The Lambda settings from the environment (getEnv has checked them when RENDER_BACKEND=lambda). */
export function lambdaSettings(): LambdaSettings {
  const env = getEnv();
  if (!env.REMOTION_LAMBDA_REGION || !env.REMOTION_LAMBDA_FUNCTION_NAME || !env.REMOTION_LAMBDA_SERVE_URL) {
    throw new Error('Rendering on Lambda needs REMOTION_LAMBDA_REGION, REMOTION_LAMBDA_FUNCTION_NAME and REMOTION_LAMBDA_SERVE_URL');
  }
  return {
    region: env.REMOTION_LAMBDA_REGION,
    functionName: env.REMOTION_LAMBDA_FUNCTION_NAME,
    serveUrl: env.REMOTION_LAMBDA_SERVE_URL,
    framesPerLambda: env.REMOTION_LAMBDA_FRAMES_PER_LAMBDA ?? null,
    bucketName: env.REMOTION_LAMBDA_BUCKET ?? null,
    pollMs: env.REMOTION_LAMBDA_POLL_MS,
  };
}

type AwsRegion = Parameters<LambdaClient['renderMediaOnLambda']>[0]['region'];

/** Tells Lambda renders to stop; never throws (a render that already finished or failed cannot be cancelled). */
export async function cancelLambdaRenders(
  settings: Pick<LambdaSettings, 'region'>,
  renders: ReadonlyArray<{ renderId: string; bucketName: string }>,
): Promise<void> {
  if (renders.length === 0) return;
  const { cancelRenderOnLambda } = await lambdaClient();
  await Promise.all(
    renders.map((r) =>
      cancelRenderOnLambda({ region: settings.region as AwsRegion, renderId: r.renderId, bucketName: r.bucketName })
        .then(() => logger.info('lambda render cancelled', { renderId: r.renderId }))
        .catch((err) => logger.warn('could not cancel a lambda render', { renderId: r.renderId, ...errorFields(err) })),
    ),
  );
}

/** Infrastructure trouble Remotion reports from inside a function (worth another attempt), as its explanations name it. */
const FUNCTION_TROUBLE = /Failed to launch browser|browser crashed|Target closed|out of memory|ENOSPC|no space left|TooManyRequests|ConcurrentInvocationLimitExceeded|timed out/i;

/**
 * A thumbnail render's error as a permanent template_error when the function
 * reported it from drawing the composition; null when retrying may help. The
 * client turns the function's streamed `error-occurred` message into a plain
 * Error with the message alone: no AWS response metadata (an API error has
 * `$metadata`), not the client's own "Lambda function … failed" (the function
 * crashed), not a network error (a `code` such as ECONNREFUSED).
 */
export function stillFailure(err: unknown): PermanentJobError | null {
  if (!(err instanceof Error) || '$metadata' in err || (err as { code?: unknown }).code !== undefined) return null;
  if (/^Lambda function .* failed|^AWS |Payload is too big|Invalid JSON/.test(err.message) || FUNCTION_TROUBLE.test(err.message)) return null;
  const what = (err.message.split('\n')[0] ?? '').replace(/^\w*Error: /, '').trim() || err.name;
  return new PermanentJobError('template_error', `The template failed to render the thumbnail: ${what}`, { cause: err });
}

/**
 * Starts the Lambda renders of every format (media, then the thumbnail
 * still) and returns the commit that hands them to a `render.lambda` job.
 * If anything fails midway, the renders already started are cancelled.
 */
export async function startLambdaRender(params: {
  row: Video;
  props: CompositionProps;
  formats: readonly AspectRatio[];
  signal: AbortSignal;
  /** The kind of the follow-up job (tests use their own, so other files' workers leave it alone). */
  pollKind?: JobKind<typeof lambdaRenderPayload>;
}): Promise<CommitFn> {
  const { row, formats } = params;
  const settings = lambdaSettings();
  const render = renderSettings();
  const client = await lambdaClient();
  const region = settings.region as AwsRegion;
  const startedAt = Date.now();
  const started: Array<{ renderId: string; bucketName: string }> = [];
  const renders: LambdaRenderPayload['renders'] = [];
  try {
    const jobs = formats.map((aspectRatio) => {
      // The same checks and size as a local render; an invalid prop fails here, before AWS is called.
      const meta = metadataFor({ ...params.props, aspect_ratio: aspectRatio });
      return { aspectRatio, meta, compositionId: getTemplate(meta.props.template_id)!.compositionId };
    });
    const common = {
      region,
      functionName: settings.functionName,
      serveUrl: settings.serveUrl,
      privacy: 'private' as const,
      forceBucketName: settings.bucketName ?? undefined,
      licenseKey: remotionLicenseKey(),
      isProduction: getEnv().NODE_ENV === 'production',
      logLevel: 'warn' as const,
    };
    const media = [];
    for (const job of jobs) {
      const out = await client.renderMediaOnLambda({
        ...common,
        composition: job.compositionId,
        inputProps: job.meta.props as unknown as Record<string, unknown>,
        codec: 'h264',
        crf: RENDER_CRF,
        x264Preset: render.x264Preset,
        pixelFormat: 'yuv420p',
        colorSpace: 'bt709',
        imageFormat: 'jpeg',
        jpegQuality: 90,
        scale: render.scale,
        framesPerLambda: settings.framesPerLambda ?? undefined,
        timeoutInMilliseconds: 60_000,
        enableCancellation: true,
        metadata: { videoId: row.id, aspectRatio: job.aspectRatio },
      });
      started.push({ renderId: out.renderId, bucketName: out.bucketName });
      media.push(out);
      if (params.signal.aborted) throw params.signal.reason;
    }
    for (const [i, job] of jobs.entries()) {
      const still = await client.renderStillOnLambda({
        ...common,
        composition: job.compositionId,
        inputProps: job.meta.props as unknown as Record<string, unknown>,
        frame: thumbnailFrame(job.meta.props, job.meta.durationInFrames),
        imageFormat: 'jpeg',
        jpegQuality: 85,
        scale: render.scale,
        timeoutInMilliseconds: 60_000,
      }).catch((err: unknown) => {
        throw stillFailure(err) ?? err;
      });
      if (params.signal.aborted) throw params.signal.reason;
      renders.push({
        aspectRatio: job.aspectRatio,
        renderId: media[i]!.renderId,
        bucketName: media[i]!.bucketName,
        thumbnail: {
          bucketName: still.bucketName,
          key: still.outKey,
          costs: { accruedSoFar: still.estimatedPrice.accruedSoFar, displayCost: still.estimatedPrice.displayCost, currency: still.estimatedPrice.currency },
        },
      });
    }
  } catch (err) {
    // Nobody will follow these renders (a retry starts new ones): stop them, whatever went wrong.
    await cancelLambdaRenders(settings, started);
    if ((err as { code?: unknown }).code === 'invalid_props') throw new PermanentJobError('invalid_props', (err as Error).message, { cause: err });
    throw err;
  }
  logger.info('lambda renders started', { videoId: row.id, renderIds: renders.map((r) => r.renderId), functionName: settings.functionName });

  const payload: LambdaRenderPayload = {
    videoId: row.id,
    startedAt,
    region: settings.region,
    functionName: settings.functionName,
    templateVersion: currentTemplateVersion(),
    renders,
  };
  return async (tx: Db) => {
    const { job } = await enqueueJob(tx, {
      kind: params.pollKind ?? lambdaRenderJob,
      payload,
      accountId: row.accountId,
      dedupeKey: row.id,
    });
    const handedOver = await tx
      .update(videos)
      .set({ renderJobId: job.id })
      .where(and(eq(videos.id, row.id), eq(videos.status, 'processing'), isNull(videos.deletedAt)))
      .returning({ id: videos.id });
    if (handedOver.length === 0) {
      // Cancelled or deleted while the renders started: nobody will follow them. (They run to their end on
      // AWS; cancelling them here would call AWS inside a transaction.)
      await cancelJob(tx, { id: job.id });
      return { backend: 'lambda', skipped: 'video no longer processing', renders };
    }
    return { backend: 'lambda', followedBy: job.id, renders };
  };
}
