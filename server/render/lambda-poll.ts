/**
 * The `render.lambda` job (lambda-job.ts, light lane): follows the Lambda
 * renders lambda-render.ts started until they are done, then downloads the
 * MP4s and thumbnails from S3, probes each MP4 with ffprobe (size and length
 * as written, not as asked) and publishes them through publishRenderOutputs,
 * exactly as a local render does.
 *
 * While it waits it reads getRenderProgress every REMOTION_LAMBDA_POLL_MS
 * (with skipLambdaInvocation: one S3 read of the render's progress.json, no
 * Lambda invocation) and writes the mean progress of the formats to the
 * video, which keeps `progress` and `estimated_completion` current. The
 * costs Remotion reports (an estimate from the functions' run time and
 * memory) end up in the job's result and in the log line of each render.
 *
 * Failures, with the codes a local render reports:
 * - the composition threw in a renderer function → `template_error`;
 * - the main function or the render outlived its time (Lambda's own timeout,
 *   or RENDER_TIMEOUT_SECONDS counted from the start) → `render_timeout`;
 * - anything else Lambda gave up on (out of memory, browser crash, rate
 *   limit, after Remotion's own retries) → `lambda_render_failed`, with
 *   Remotion's explanation.
 * Each fails the video at once (a new attempt would read the same failed
 * render; retrying the video starts a new one). Errors reaching AWS are
 * retried with backoff. Cancelling the video aborts this job at its next
 * heartbeat; it then tells the renders to stop (cancelRenderOnLambda). A
 * worker shutting down leaves them running: the job is queued again and the
 * next attempt follows the same renders.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { scriptSchema } from '../../remotion/script';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { PermanentJobError } from '../jobs/errors';
import type { CommitFn, JobContext } from '../jobs/registry';
import { logger } from '../lib/logger';
import { TEMP_PREFIX } from '../lib/temp-sweep';
import { runFfprobeJson } from '../media/ffmpeg';
import { normalizeProbe } from '../media/inspect';
import type { LambdaRenderPayload } from './lambda-job';
import { cancelLambdaRenders, lambdaClient, lambdaSettings, type LambdaClient } from './lambda-render';
import { loadProcessingVideo, progressWriter, publishRenderOutputs } from './render-video';
import type { RenderOutput } from './renderer';

type RenderProgress = Awaited<ReturnType<LambdaClient['getRenderProgress']>>;
type LambdaError = RenderProgress['errors'][number];
type AwsRegion = Parameters<LambdaClient['getRenderProgress']>[0]['region'];

/** Share of the progress bar the renders fill; downloading and storing take the rest. */
const RENDER_SHARE = 0.95;

/** What Remotion says about a render that failed for good, as our failure codes. */
export function lambdaFailure(errors: readonly LambdaError[], renderId: string): PermanentJobError {
  const fatal = errors.find((e) => e.isFatal && !e.willRetry) ?? errors[errors.length - 1];
  const first = (fatal?.message ?? 'unknown error').split('\n')[0]!.replace(/^\w*Error: /, '').trim();
  const where = `Lambda render ${renderId}`;
  if (fatal?.name === 'TimeoutError' || /delayRender\(\).*was called but not cleared/s.test(fatal?.message ?? '')) {
    return new PermanentJobError('render_timeout', `${where} timed out: ${first}`);
  }
  // An explanation is Remotion recognising an infrastructure problem (memory, disk, browser, rate limit).
  if (fatal && !fatal.explanation && (fatal.type === 'renderer' || fatal.type === 'browser') && fatal.frame !== null) {
    return new PermanentJobError('template_error', `The template failed to render frame ${fatal.frame}: ${first}`);
  }
  if (fatal && !fatal.explanation && /Render was cancelled using cancelRender\(\)/.test(fatal.message)) {
    return new PermanentJobError('template_error', `The template failed to render: ${first}`);
  }
  return new PermanentJobError('lambda_render_failed', `${where} failed: ${fatal?.explanation ? `${fatal.explanation} ` : ''}${first}`);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function download(client: LambdaClient, region: AwsRegion, from: { bucketName: string; key: string }, to: string): Promise<number> {
  const { client: s3, sdk } = client.getAwsClient({ region, service: 's3' });
  const res = await s3.send(new sdk.GetObjectCommand({ Bucket: from.bucketName, Key: from.key }));
  if (!res.Body) throw new Error(`s3://${from.bucketName}/${from.key} has no body`);
  await pipeline(res.Body as Readable, createWriteStream(to));
  return (await stat(to)).size;
}

/** Width, height and length of the MP4 as ffprobe reads it. */
async function probeVideo(file: string): Promise<{ width: number; height: number; durationSeconds: number; fps: number }> {
  const probed = normalizeProbe(await runFfprobeJson(['-show_format', '-show_streams', file]));
  if (!probed.video || !probed.durationMs) throw new Error(`The Lambda render's output ${path.basename(file)} has no video stream`);
  return {
    width: probed.video.width,
    height: probed.video.height,
    durationSeconds: probed.durationMs / 1000,
    fps: probed.video.frameRate ?? 30,
  };
}

/** Polls until every render is done; throws lambdaFailure / render_timeout, or the abort reason. */
async function waitForRenders(
  client: LambdaClient,
  payload: LambdaRenderPayload,
  ctx: JobContext<LambdaRenderPayload>,
  onProgress: (p: number) => void,
): Promise<RenderProgress[]> {
  const { pollMs } = lambdaSettings();
  const timeoutMs = getEnv().RENDER_TIMEOUT_SECONDS * 1000;
  const region = payload.region as AwsRegion;
  for (;;) {
    const progress = await Promise.all(
      payload.renders.map((r) =>
        client.getRenderProgress({ renderId: r.renderId, bucketName: r.bucketName, functionName: payload.functionName, region, skipLambdaInvocation: true }),
      ),
    );
    for (const [i, p] of progress.entries()) {
      if (p.fatalErrorEncountered) throw lambdaFailure(p.errors, payload.renders[i]!.renderId);
    }
    onProgress((RENDER_SHARE * progress.reduce((sum, p) => sum + p.overallProgress, 0)) / progress.length);
    if (progress.every((p) => p.done)) return progress;
    if (Date.now() - payload.startedAt > timeoutMs) {
      await cancelLambdaRenders(payload, payload.renders);
      throw new PermanentJobError('render_timeout', `Render took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
    }
    await abortableSleep(pollMs, ctx.signal);
    if (ctx.signal.aborted) {
      // Stop the renders only when nobody wants them any more: after a shutdown or a lapsed lease, another
      // attempt follows the same renders.
      if (!(await loadProcessingVideo(await getDb(), payload.videoId))) await cancelLambdaRenders(payload, payload.renders);
      throw ctx.signal.reason;
    }
  }
}

export async function handleLambdaRenderPoll(ctx: JobContext<LambdaRenderPayload>): Promise<CommitFn | void> {
  const { payload } = ctx;
  const row = await loadProcessingVideo(await getDb(), payload.videoId);
  // Deleted, cancelled, or already published by an earlier attempt.
  if (!row) return;
  const script = scriptSchema.parse(row.script);
  const client = await lambdaClient();
  const region = payload.region as AwsRegion;
  const onProgress = progressWriter(await getDb(), row.id, ctx);

  const done = await waitForRenders(client, payload, ctx, onProgress);

  const outs: RenderOutput[] = [];
  const dirs: string[] = [];
  try {
    for (const [i, render] of payload.renders.entries()) {
      const p = done[i]!;
      if (!p.outKey || !p.outBucket) throw new Error(`Lambda render ${render.renderId} is done but names no output file`);
      const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX.render));
      dirs.push(dir);
      const videoPath = path.join(dir, 'video.mp4');
      const thumbnailPath = path.join(dir, 'thumbnail.jpg');
      const sizeBytes = await download(client, region, { bucketName: p.outBucket, key: p.outKey }, videoPath);
      await download(client, region, render.thumbnail, thumbnailPath);
      const probed = await probeVideo(videoPath);
      const durationInFrames = Math.round(probed.durationSeconds * probed.fps);
      outs.push({
        dir,
        videoPath,
        thumbnailPath,
        // Remotion Lambda draws with renderMedia, a screenshot per frame: our `classic` engine.
        engine: 'classic',
        width: probed.width,
        height: probed.height,
        fps: probed.fps,
        durationInFrames,
        durationSeconds: probed.durationSeconds,
        sizeBytes,
        templateVersion: payload.templateVersion ?? 'unknown',
        timings: { bundleMs: 0, selectMs: 0, renderMs: p.timeToFinish ?? 0, stillMs: 0, totalMs: Date.now() - payload.startedAt },
        cleanup: () => rm(dir, { recursive: true, force: true }),
      });
      if (ctx.signal.aborted) throw ctx.signal.reason;
    }
  } catch (err) {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    throw err;
  }

  const renders = payload.renders.map((r, i) => {
    const p = done[i]!;
    const costs = p.costs.accruedSoFar + r.thumbnail.costs.accruedSoFar;
    const info = {
      aspectRatio: r.aspectRatio,
      renderId: r.renderId,
      bucketName: r.bucketName,
      lambdasInvoked: p.lambdasInvoked,
      timeToFinishMs: p.timeToFinish,
      costs: { accruedSoFar: costs, currency: p.costs.currency, video: p.costs.displayCost, thumbnail: r.thumbnail.costs.displayCost, disclaimer: p.costs.disclaimer },
    };
    logger.info('lambda render done', { videoId: row.id, ...info });
    return info;
  });
  const total = renders.reduce((sum, r) => sum + r.costs.accruedSoFar, 0);
  return publishRenderOutputs({
    row,
    script,
    formats: payload.renders.map((r) => r.aspectRatio),
    outs,
    renderMs: Date.now() - payload.startedAt,
    extra: {
      backend: 'lambda',
      lambda: {
        region: payload.region,
        functionName: payload.functionName,
        renders,
        // Remotion's estimate from the functions' run time and memory (it excludes S3 and data transfer).
        costs: { accruedSoFar: Math.round(total * 1e6) / 1e6, currency: renders[0]!.costs.currency },
      },
    },
  });
}
