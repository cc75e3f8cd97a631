/**
 * RENDER_BACKEND=lambda against a local server that speaks the AWS APIs
 * @remotion/lambda's client calls (tests/helpers/fake-aws.ts): Lambda Invoke
 * and InvokeWithResponseStream, S3 and STS, every request SigV4-signed and
 * checked. The SDK is pointed at it with the standard AWS_ENDPOINT_URL_*
 * variables, the credentials are Remotion's REMOTION_AWS_* ones; nothing in
 * the adapter knows it is not AWS. The fake "function" renders for real
 * (our bundle, @remotion/renderer) and reports progress the way Remotion's
 * function does, so the poll, download, probe and publish path runs on a real
 * MP4 and JPEG.
 *
 * The render and poll jobs run under kinds of this file's own (the shared
 * test database: other files' workers must not take them), with the
 * production handlers. Renders are scaled to a quarter (180×320).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, videos } from '@/server/db/schema';
import { resetEnvCache } from '@/server/env';
import { JobRegistry, defineJobKind } from '@/server/jobs/registry';
import { ffmpegPaths } from '@/server/media/ffmpeg';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { lambdaRenderJob } from '@/server/render/lambda-job';
import { handleLambdaRenderPoll, lambdaFailure } from '@/server/render/lambda-poll';
import { handleRenderJob, onRenderFailed, thumbnailFileKey, videoFileKey } from '@/server/render/render-video';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { getStorage } from '@/server/storage';
import { renditionFileKeys, type StoredRendition } from '@/server/videos/renditions';
import { cancelVideo } from '@/server/videos/service';
import { FAKE_AWS_CREDENTIALS, FakeAws } from '../../helpers/fake-aws';
import { testDb } from '../../helpers/db';
import { createTestAccount, uniqueKind, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { createTestVideo, SARAH, testRenderKind } from '../../helpers/render-jobs';

const run = promisify(execFile);
const startTestWorker = useTestWorkers();

const REGION = 'eu-central-1';
// 900 s: Remotion's progress reader declares a render dead past its function's timeout, and these machines are slow.
const FUNCTION_NAME = 'remotion-render-4-0-527-mem2048mb-disk2048mb-900sec';
const BUCKET = 'remotionlambda-eucentral1-fake0test';
const SERVE_URL = `https://${BUCKET}.s3.${REGION}.amazonaws.com/sites/clipwright/index.html`;

const ENV = {
  REMOTION_LAMBDA_REGION: REGION,
  REMOTION_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
  REMOTION_LAMBDA_SERVE_URL: SERVE_URL,
  REMOTION_LAMBDA_POLL_MS: '200',
  REMOTION_AWS_ACCESS_KEY_ID: FAKE_AWS_CREDENTIALS.accessKeyId,
  REMOTION_AWS_SECRET_ACCESS_KEY: FAKE_AWS_CREDENTIALS.secretAccessKey,
} as Record<string, string>;

const CORRUPT_PNG = `data:image/png;base64,${Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452deadbeef', 'hex'),
]).toString('base64')}`;

let db: Db;
let aws: FakeAws;
let tmp: string;
const saved: Record<string, string | undefined> = {};

function setEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in saved)) saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetEnvCache();
}

beforeAll(async () => {
  db = (await testDb()).db;
  const bundle = await ensureRemotionBundle();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cw-lambda-test-'));
  aws = await new FakeAws({ region: REGION, functionName: FUNCTION_NAME, bucketName: BUCKET, sites: { [SERVE_URL]: bundle.serveUrl } }).start();
  setEnv({
    ...ENV,
    AWS_ENDPOINT_URL_LAMBDA: aws.endpoint,
    AWS_ENDPOINT_URL_S3: aws.endpoint,
    AWS_ENDPOINT_URL_STS: aws.endpoint,
  });
  overrideRenderSettings({ scale: 0.25 });
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  await aws?.stop();
  await closeSharedBrowser();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** This file's render and poll kinds, run by one worker with the production handlers. */
function lambdaWorker() {
  const renderKind = testRenderKind();
  const pollKind = defineJobKind({ kind: uniqueKind('lambda'), payload: lambdaRenderJob.payload, maxAttempts: lambdaRenderJob.maxAttempts, backoff: lambdaRenderJob.backoff });
  const registry = new JobRegistry()
    .register(renderKind, { handle: (ctx) => handleRenderJob(ctx, { backend: 'lambda', lambdaPollKind: pollKind }), onFinalFailure: onRenderFailed })
    .register(pollKind, { handle: handleLambdaRenderPoll, onFinalFailure: onRenderFailed });
  // A lease that outlasts a starved event loop (the suite renders beside this file on 2 cores): a lapse
  // would hand the job to a second attempt and start the render on Lambda twice. The heartbeat stays
  // at 1 s, so a cancelled job is still noticed within a second.
  startTestWorker({ db, registry, concurrency: 2, leaseMs: 15_000, heartbeatMs: 1_000, listen: false });
  return { renderKind, pollKind };
}

/** A stored file's bytes, or null when there is none. */
async function stored(key: string): Promise<Buffer | null> {
  const storage = getStorage();
  if (!(await storage.exists(key))) return null;
  const chunks: Buffer[] = [];
  for await (const c of await storage.read(key)) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

async function video(id: string) {
  const [row] = await db.select().from(videos).where(eq(videos.id, id));
  return row!;
}

async function ffprobe(buf: Buffer, name: string) {
  const file = path.join(tmp, name);
  await writeFile(file, buf);
  const { stdout } = await run(ffmpegPaths().ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
  return JSON.parse(stdout) as { streams: Array<Record<string, unknown>>; format: Record<string, string> };
}

describe('RENDER_BACKEND=lambda', () => {
  it('renders on "Lambda", keeps progress live, downloads, probes and publishes like a local render', async () => {
    const accountId = await createTestAccount(db);
    const { renderKind, pollKind } = lambdaWorker();
    // Two formats (one Lambda render and one thumbnail still each) and sidecar captions, as the local path supports them.
    const { video: created } = await createTestVideo(db, { accountId, kind: renderKind, input: { aspect_ratio: '9:16', aspect_ratios: ['9:16', '1:1'], captions: 'sidecar' } });

    // Progress moves while the function renders (read by the poll job from progress.json).
    const seen = new Set<number>();
    const published = await waitFor(
      'the video to be published',
      async () => {
        const row = await video(created.id);
        if (row.status === 'processing' && row.progress > 0 && row.progress < 1) seen.add(row.progress);
        if (row.status === 'failed') throw new Error(`render failed: ${row.errorCode} ${row.errorMessage}`);
        return row.status === 'published' ? row : null;
      },
      { timeoutMs: 180_000, intervalMs: 100 },
    );
    expect(seen.size).toBeGreaterThan(0);

    // The render job handed over to a poll job of the light kind, which is the video's render job now.
    const [poll] = await db.select().from(jobs).where(eq(jobs.id, published.renderJobId!));
    expect(poll?.kind).toBe(pollKind.kind);
    expect(poll?.status).toBe('succeeded');
    const result = poll!.result as { backend: string; engine: string; lambda: { functionName: string; renders: Array<{ renderId: string; costs: { accruedSoFar: number; currency: string } }>; costs: { accruedSoFar: number; currency: string } } };
    expect(result.backend).toBe('lambda');
    expect(result.lambda.functionName).toBe(FUNCTION_NAME);
    expect(result.lambda.costs.currency).toBe('USD');
    expect(result.lambda.costs.accruedSoFar).toBeGreaterThan(0);
    expect(result.lambda.renders).toHaveLength(2);
    const renderId = result.lambda.renders[0]!.renderId;
    expect(aws.renders.get(renderId)?.status).toBe('done');
    expect(aws.renders.get(result.lambda.renders[1]!.renderId)?.status).toBe('done');

    // The same storage keys, a real H.264 MP4 at the scaled size, the thumbnail JPEG and the captions.
    expect(published.videoKey).toBe(videoFileKey(created.id));
    expect(published.thumbnailKey).toBe(thumbnailFileKey(created.id));
    const mp4 = await stored(published.videoKey!);
    expect(mp4).not.toBeNull();
    // Byte for byte what the function wrote to S3.
    expect(Buffer.compare(mp4!, aws.getObject(BUCKET, `renders/${renderId}/out.mp4`)!)).toBe(0);
    const probed = await ffprobe(mp4!, 'out.mp4');
    const stream = probed.streams.find((s) => s.codec_type === 'video')!;
    expect(stream.codec_name).toBe('h264');
    expect([stream.width, stream.height]).toEqual([180, 320]);
    expect([published.width, published.height]).toEqual([180, 320]);
    expect(published.durationSeconds).toBeCloseTo(Number(probed.format.duration), 1);
    expect(published.sizeBytes).toBe(mp4!.length);
    const thumb = await stored(published.thumbnailKey!);
    expect(thumb?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const vtt = await stored(published.captionsKey!);
    expect(vtt?.toString('utf8')).toMatch(/^WEBVTT/);
    expect(published.renderMs).toBeGreaterThan(0);
    // The 1:1 rendition: its own Lambda render, stored under the rendition keys, 180×180.
    const rendition = published.renditions![0] as StoredRendition;
    expect(rendition).toMatchObject({ aspect_ratio: '1:1', video_key: renditionFileKeys(created.id, '1:1', false).video, width: 180, height: 180 });
    const square = await stored(rendition.video_key!);
    expect(Buffer.compare(square!, aws.getObject(BUCKET, `renders/${result.lambda.renders[1]!.renderId}/out.mp4`)!)).toBe(0);
    expect(rendition.size_bytes).toBe(square!.length);
    expect((await stored(rendition.thumbnail_key!))?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    // video.published went to the outbox, as for a local render.
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.type, 'video.published'));
    expect(events.filter((e) => JSON.stringify(e.payload).includes(created.id))).toHaveLength(1);

    // What went over the wire was AWS-shaped and correctly signed.
    expect(aws.rejected).toEqual([]);
    expect(aws.of('lambda').filter((r) => r.lambdaType === 'start')).toHaveLength(2);
    expect(aws.of('lambda').filter((r) => r.lambdaType === 'still')).toHaveLength(2);
    const invoke = aws.of('lambda').find((r) => r.lambdaType === 'start')!;
    expect(invoke.path).toBe(`/2015-03-31/functions/${FUNCTION_NAME}/invocations`);
    expect(invoke.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(invoke.region).toBe(REGION);
    const still = aws.of('lambda').find((r) => r.lambdaType === 'still')!;
    expect(still.path).toBe(`/2021-11-15/functions/${FUNCTION_NAME}/response-streaming-invocations`);
    const s3 = aws.of('s3');
    expect(s3.some((r) => r.method === 'GET' && r.path === `/${BUCKET}/renders/${renderId}/progress.json`)).toBe(true);
    expect(s3.some((r) => r.method === 'GET' && r.path === `/${BUCKET}/renders/${renderId}/out.mp4`)).toBe(true);
    expect(s3.some((r) => r.method === 'GET' && /^\/[^/]+\/renders\/[0-9a-f]+\/out\.jpeg$/.test(r.path))).toBe(true);
    for (const r of aws.requests) expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKELAMBDATEST01\//);
  }, 240_000);

  it('maps a composition that throws on Lambda to template_error and video.failed, with no file stored', async () => {
    const accountId = await createTestAccount(db);
    const { renderKind } = lambdaWorker();
    const { video: created } = await createTestVideo(db, {
      accountId,
      kind: renderKind,
      input: { customer_data: { ...SARAH, brand_color: '#E4572E', logo_url: CORRUPT_PNG } },
    });
    const failed = await waitFor('the video to fail', async () => {
      const row = await video(created.id);
      return row.status === 'failed' ? row : null;
    }, { timeoutMs: 180_000, intervalMs: 200 });
    expect(failed.errorCode).toBe('template_error');
    expect(failed.errorMessage).toMatch(/^The template failed to render( the thumbnail| frame \d+)?: Error loading image/);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, failed.renderJobId!));
    // Failed at once: retrying cannot help.
    expect(job?.attempts).toBe(1);
    expect(job?.status).toBe('failed');
    // The media render started before the thumbnail failed was told to stop.
    const started = [...aws.renders.entries()].filter(([id]) => aws.of('s3').some((r) => r.path === `/${BUCKET}/renders/${id}/cancel.json` && r.method === 'PUT'));
    expect(started.length).toBeGreaterThan(0);
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.type, 'video.failed'));
    expect(events.some((e) => JSON.stringify(e.payload).includes(created.id))).toBe(true);
    expect(await stored(videoFileKey(created.id))).toBeNull();
  }, 240_000);

  it('cancelling the video stops polling and tells the Lambda render to stop (cancelRenderOnLambda)', async () => {
    const accountId = await createTestAccount(db);
    const { renderKind } = lambdaWorker();
    const { video: created } = await createTestVideo(db, {
      accountId,
      kind: renderKind,
      input: { ai_messaging: { tone: 'friendly', length: 'long', focus_points: [] } },
    });
    const processing = await waitFor('the poll job to report progress', async () => {
      const row = await video(created.id);
      const [job] = row.renderJobId ? await db.select().from(jobs).where(eq(jobs.id, row.renderJobId)) : [];
      return job && job.kind !== renderKind.kind && row.progress > 0 ? { row, job } : null;
    }, { timeoutMs: 120_000, intervalMs: 100 });
    const renderId = (processing.job.payload as { renders: Array<{ renderId: string }> }).renders[0]!.renderId;

    const out = await cancelVideo(db, { accountId, id: created.id, ctx: { origin: 'http://localhost' } });
    expect(out.status).toBe('cancelled');
    // The poll job notices at its next heartbeat and writes the signal Remotion's renderers poll for.
    await waitFor('the cancellation signal in S3', () => aws.getObject(BUCKET, `renders/${renderId}/cancel.json`), { timeoutMs: 30_000, intervalMs: 100 });
    await waitFor('the fake function to stop', () => aws.renders.get(renderId)?.status === 'cancelled', { timeoutMs: 60_000, intervalMs: 100 });
    expect(aws.of('sts').length).toBeGreaterThan(0);
    expect(aws.rejected).toEqual([]);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, processing.job.id));
    expect(job?.status).toBe('cancelled');
    expect((await video(created.id)).status).toBe('cancelled');
    expect(await stored(videoFileKey(created.id))).toBeNull();
  }, 240_000);
});

describe('RENDER_BACKEND=lambda timeout', () => {
  it('fails a render still running past RENDER_TIMEOUT_SECONDS with render_timeout and stops it on Lambda', async () => {
    setEnv({ RENDER_TIMEOUT_SECONDS: '10' });
    try {
      const accountId = await createTestAccount(db);
      const { renderKind, pollKind } = lambdaWorker();
      const { video: created } = await createTestVideo(db, {
        accountId,
        kind: renderKind,
        input: { ai_messaging: { tone: 'friendly', length: 'long', focus_points: [] } },
      });
      const failed = await waitFor('the video to fail', async () => {
        const row = await video(created.id);
        return row.status === 'failed' ? row : null;
      }, { timeoutMs: 120_000, intervalMs: 200 });
      expect(failed.errorCode).toBe('render_timeout');
      expect(failed.errorMessage).toBe('Render took longer than 10 s and was stopped');
      const [poll] = await db.select().from(jobs).where(eq(jobs.id, failed.renderJobId!));
      expect(poll?.kind).toBe(pollKind.kind);
      expect(poll?.attempts).toBe(1);
      const renderId = (poll!.payload as { renders: Array<{ renderId: string }> }).renders[0]!.renderId;
      expect(aws.getObject(BUCKET, `renders/${renderId}/cancel.json`)).not.toBeNull();
      await waitFor('the fake function to stop', () => aws.renders.get(renderId)?.status === 'cancelled', { timeoutMs: 60_000, intervalMs: 100 });
    } finally {
      setEnv({ RENDER_TIMEOUT_SECONDS: saved.RENDER_TIMEOUT_SECONDS ?? '300' });
    }
  }, 180_000);
});

describe('the fake AWS', () => {
  it('checks signatures: a request signed with the wrong secret is refused, the right one reaches S3', async () => {
    const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const client = (secretAccessKey: string) =>
      new S3Client({ region: REGION, endpoint: aws.endpoint, forcePathStyle: true, credentials: { accessKeyId: FAKE_AWS_CREDENTIALS.accessKeyId, secretAccessKey } });
    const get = new GetObjectCommand({ Bucket: BUCKET, Key: 'renders/none/progress.json' });
    await expect(client('not-the-secret').send(get)).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(client(FAKE_AWS_CREDENTIALS.secretAccessKey).send(get)).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(aws.rejected.at(-1)).toEqual({ path: `/${BUCKET}/renders/none/progress.json`, problem: 'SignatureDoesNotMatch' });
  });
});

describe('job lanes', () => {
  it('runs render jobs in the light lane on Lambda (they only call AWS), and render.lambda under either backend', async () => {
    const { createJobRegistry } = await import('@/server/jobs/kinds');
    setEnv({ RENDER_BACKEND: 'local' });
    expect(createJobRegistry().get('render')?.lane).toBe('heavy');
    expect(createJobRegistry().get('render.lambda')?.lane).toBe('light');
    setEnv({ RENDER_BACKEND: 'lambda' });
    expect(createJobRegistry().get('render')?.lane).toBe('light');
    setEnv({ RENDER_BACKEND: 'local' });
  });
});

describe('lambdaFailure', () => {
  const base = { message: '', name: 'Error', stack: '', frame: null, chunk: 0, isFatal: true, attempt: 1, willRetry: false, totalAttempts: 1, tmpDir: null, s3Location: '', explanation: null };
  it.each([
    [{ ...base, type: 'renderer' as const, message: 'Error: boom\n at x', frame: 12 }, 'template_error'],
    [{ ...base, type: 'stitcher' as const, name: 'TimeoutError', message: 'The main function timed out after 120000ms.' }, 'render_timeout'],
    [{ ...base, type: 'renderer' as const, message: 'A delayRender() "Loading" was called but not cleared after 28000ms', frame: 3 }, 'render_timeout'],
    [{ ...base, type: 'renderer' as const, message: 'Target closed', frame: 40, explanation: 'The lambda ran out of memory. Deploy a new function with more memory.' }, 'lambda_render_failed'],
    [{ ...base, type: 'browser' as const, message: 'Failed to launch browser.' }, 'lambda_render_failed'],
  ])('%#: %j → %s', (error, code) => {
    expect(lambdaFailure([error], 'r1').code).toBe(code);
  });
});
