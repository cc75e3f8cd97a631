/**
 * A render split into frame-range chunks (RENDER_CHUNK_SECONDS, issue 10):
 * real renders at quarter size, real ffprobe and ffmpeg.
 *
 * - Two workers render the chunks of a 3-chunk video at the same time; the
 *   joined MP4 has the frame count and duration of the same video rendered
 *   whole, strictly increasing timestamps one frame apart across the seams,
 *   the same streams (no audio track in either), and its frames at the seams
 *   match the whole render's (decoded, within x264's tolerance). The video
 *   is published once, through the usual path, and the chunk files are gone.
 * - A chunk claimed by a worker that "dies" (a short lease, never renewed) is
 *   run again alone once the lease lapses, and the video still publishes.
 * - A video in two formats with sidecar captions publishes both MP4s, both
 *   thumbnails and the captions, as a whole render does.
 * - A chunk that fails for good fails the video; the chunks already stored
 *   are removed and no join runs.
 * - The last two chunks committing at the same moment queue one join.
 * - Cancelling the video cancels its queued chunks (and the join).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, videos, type Job } from '@/server/db/schema';
import { claimJobs, completeJob, getJob, leaseOf } from '@/server/jobs/queue';
import { ffmpegPaths, runFfprobeJson } from '@/server/media/ffmpeg';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { commitChunk, registerChunkedRender } from '@/server/render/render-chunk-jobs';
import { chunkKindsFor, chunkParallelism, chunkPlanSchema, chunkPrefix, overrideChunkSettings, type ChunkPlan } from '@/server/render/render-chunks';
import { thumbnailFileKey, videoFileKey } from '@/server/render/render-video';
import { closeSharedBrowser, overrideRenderSettings, renderVideoFiles } from '@/server/render/renderer';
import type { CompositionProps } from '@/remotion/props';
import { getStorage } from '@/server/storage';
import { cancelVideo } from '@/server/videos/service';
import { testDb } from '../../helpers/db';
import { createTestAccount, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { probeVideo } from '../../helpers/media-files';
import { createTestVideo, testRenderKind, testRenderRegistry, type RenderJobKind } from '../../helpers/render-jobs';

const SCALE = 0.25;
const CHUNK_SECONDS = 5;

const startTestWorker = useTestWorkers();
let db: Db;
let tmp: string;

beforeAll(async () => {
  db = (await testDb()).db;
  await ensureRemotionBundle();
  overrideRenderSettings({ scale: SCALE });
  overrideChunkSettings({ chunkSeconds: CHUNK_SECONDS, minSeconds: 0 });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-chunks-'));
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  overrideChunkSettings(null);
  await closeSharedBrowser();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function registryFor(kind: RenderJobKind) {
  return registerChunkedRender(testRenderRegistry(kind), kind);
}

async function planOf(parentJobId: string): Promise<ChunkPlan> {
  const job = await getJob(db, parentJobId);
  expect(job?.status).toBe('succeeded');
  return chunkPlanSchema.parse(job!.result);
}

async function waitPublished(videoId: string) {
  return waitFor(
    `video ${videoId} to be published`,
    async () => {
      const [row] = await db.select().from(videos).where(eq(videos.id, videoId));
      if (row?.status === 'failed') throw new Error(`the video failed: ${row.errorCode}: ${row.errorMessage}`);
      return row?.status === 'published' ? row : null;
    },
    { timeoutMs: 240_000, intervalMs: 200 },
  );
}

async function storedKeys(prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of getStorage().list(prefix)) found.push(object.key);
  return found;
}

/** Every frame of the video, decoded to 8-bit grey, one Buffer per frame. */
async function decodeGray(file: string, width: number, height: number): Promise<Buffer[]> {
  const { ffmpeg, env } = ffmpegPaths();
  const child = spawn(ffmpeg, ['-v', 'error', '-i', file, '-f', 'image2pipe', '-c:v', 'rawvideo', '-pix_fmt', 'gray', '-'], { env });
  const parts: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => parts.push(b));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${stderr}`);
  const all = Buffer.concat(parts);
  const size = width * height;
  expect(all.length % size).toBe(0);
  return Array.from({ length: all.length / size }, (_, i) => all.subarray(i * size, (i + 1) * size));
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Presentation and decode timestamps (seconds) of every video packet, in file order. */
async function videoPackets(file: string): Promise<Array<{ pts: number; dts: number; key: boolean }>> {
  const probe = (await runFfprobeJson(['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time,flags', file])) as {
    packets: Array<{ pts_time: string; dts_time: string; flags: string }>;
  };
  return probe.packets.map((p) => ({ pts: Number(p.pts_time), dts: Number(p.dts_time), key: p.flags.includes('K') }));
}

async function streamTypes(file: string): Promise<string[]> {
  const probe = (await runFfprobeJson(['-show_entries', 'stream=codec_type', file])) as { streams: Array<{ codec_type: string }> };
  return probe.streams.map((s) => s.codec_type);
}

async function chunkJobs(plan: ChunkPlan): Promise<Job[]> {
  const rows = await db.select().from(jobs).where(inArray(jobs.id, plan.chunks.map((c) => c.jobId)));
  return plan.chunks.map((c) => rows.find((r) => r.id === c.jobId)!);
}

describe('a render split into chunks', () => {
  it('is rendered by two workers at once and joins into the whole render, seamlessly', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const { video, jobId } = await createTestVideo(db, { accountId, kind });
    const registry = registryFor(kind);
    startTestWorker({ db, registry, listen: false, workerId: 'chunks-a' });
    startTestWorker({ db, registry, listen: false, workerId: 'chunks-b' });
    // While it renders: the video's progress (aggregated over the chunks) and the chunks drawn at once (the estimate's divisor).
    const samples: Array<{ progress: number; parallel: number | null }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [row] = await db.select({ progress: videos.progress, status: videos.status }).from(videos).where(eq(videos.id, video.id));
        if (row?.status === 'processing') samples.push({ progress: row.progress, parallel: await chunkParallelism(db, { renderJobId: jobId, accountId }) });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const published = await waitPublished(video.id).finally(() => (sampling = false));
    await sampler;
    expect(Math.max(...samples.map((s) => s.parallel ?? 0))).toBe(2);
    const midway = samples.filter((s) => s.progress > 0.05 && s.progress < 0.9);
    expect(midway.length).toBeGreaterThan(0);
    expect(samples.at(-1)!.progress).toBeGreaterThan(midway[0]!.progress);
    // Another account does not see this render's chunks.
    expect(await chunkParallelism(db, { renderJobId: jobId, accountId: await createTestAccount(db) })).toBeNull();

    const plan = await planOf(jobId);
    const fps = plan.fps;
    expect(plan.chunks.map((c) => c.frameRange)).toEqual([
      [0, 149],
      [150, 299],
      [300, plan.durationInFrames - 1],
    ]);
    // Each chunk once, by both workers, at overlapping times.
    const chunks = await chunkJobs(plan);
    expect(chunks.map((c) => [c.status, c.attempts])).toEqual(chunks.map(() => ['succeeded', 1]));
    const byWorker = new Set(chunks.map((c) => c.lockedBy!.split(':')[0]));
    expect([...byWorker].sort()).toEqual(['chunks-a', 'chunks-b']);
    const overlaps = chunks.some((a) =>
      chunks.some((b) => a.lockedBy !== b.lockedBy && a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!),
    );
    expect(overlaps).toBe(true);

    // Published once, through the usual path.
    const events = await db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.accountId, accountId)).orderBy(outboxEvents.seq);
    expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.published']);
    expect(published).toMatchObject({ progress: 1, videoKey: videoFileKey(video.id), thumbnailKey: thumbnailFileKey(video.id), errorCode: null });
    expect(published.durationSeconds).toBeCloseTo(plan.durationInFrames / fps, 5);
    // render_ms is the work (the chunks' times on their workers plus the join), not the wall time.
    const chunkWorkMs = chunks.reduce((sum, c) => sum + (c.finishedAt!.getTime() - c.startedAt!.getTime()), 0);
    expect(published.renderMs).toBeGreaterThanOrEqual(chunkWorkMs - 5);
    expect(published.renderMs).toBeLessThan(chunkWorkMs + 120_000);
    expect(await getStorage().exists(thumbnailFileKey(video.id))).toBe(true);
    // The chunk files are removed once it is published.
    await waitFor('the chunk files to be removed', async () => (await storedKeys(chunkPrefix(video.id, jobId))).length === 0, { timeoutMs: 30_000, intervalMs: 200 });
    // Joined exactly once.
    const joinJobs = await db.select().from(jobs).where(eq(jobs.kind, chunkKindsFor(kind.kind).join.kind));
    expect(joinJobs).toHaveLength(1);
    expect(joinJobs[0]).toMatchObject({ status: 'succeeded', attempts: 1, dedupeKey: jobId });

    // The same video rendered whole, for comparison.
    const chunked = path.join(tmp, 'chunked.mp4');
    await getStorage().downloadToFile(videoFileKey(video.id), chunked);
    const whole = await renderVideoFiles({ props: plan.props as unknown as CompositionProps, skipThumbnail: true });
    try {
      const a = await probeVideo(chunked);
      const b = await probeVideo(whole.videoPath);
      expect(a).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', faststart: true, width: b.width, height: b.height, color: b.color });
      expect(a.frames).toBe(plan.durationInFrames);
      expect(a.decodedFrames).toBe(b.decodedFrames);
      expect(a.frames).toBe(b.frames);
      expect(a.frameRate).toBe(b.frameRate);
      expect(Math.abs(a.durationSeconds - b.durationSeconds)).toBeLessThan(0.5 / fps);
      // No audio in the template: neither file has a stream the other lacks.
      expect(await streamTypes(chunked)).toEqual(await streamTypes(whole.videoPath));

      // Timestamps: decode order strictly increasing, presentation times exactly one frame apart, seams included.
      const packets = await videoPackets(chunked);
      expect(packets).toHaveLength(plan.durationInFrames);
      for (let i = 1; i < packets.length; i++) expect(packets[i]!.dts).toBeGreaterThan(packets[i - 1]!.dts);
      const pts = packets.map((p) => p.pts).sort((x, y) => x - y);
      for (let i = 1; i < pts.length; i++) expect(Math.abs(pts[i]! - pts[i - 1]! - 1 / fps)).toBeLessThan(0.002);
      // Every chunk starts on a key frame.
      for (const seam of plan.chunks.map((c) => c.frameRange[0])) {
        const at = packets.find((p) => Math.abs(p.pts - (pts[0]! + seam / fps)) < 0.5 / fps);
        expect(at?.key, `key frame at frame ${seam}`).toBe(true);
      }
      expect(pts[0]).toBeCloseTo((await videoPackets(whole.videoPath)).map((p) => p.pts).sort((x, y) => x - y)[0]!, 3);

      // The frames at every seam are the whole render's frames (not a neighbour's), within encoding noise.
      const framesA = await decodeGray(chunked, a.width, a.height);
      const framesB = await decodeGray(whole.videoPath, b.width, b.height);
      expect(framesA).toHaveLength(framesB.length);
      for (const seam of plan.chunks.slice(1).map((c) => c.frameRange[0])) {
        for (const f of [seam - 1, seam]) {
          const same = meanAbsDiff(framesA[f]!, framesB[f]!);
          expect(same, `frame ${f}`).toBeLessThan(2.5);
          // Where the picture moves, the neighbour is further away than the same frame.
          for (const n of [f - 1, f + 1]) {
            const moved = meanAbsDiff(framesB[n]!, framesB[f]!);
            if (moved > 1) expect(same, `frame ${f} vs ${n}`).toBeLessThan(meanAbsDiff(framesA[f]!, framesB[n]!));
          }
        }
      }
      // And every frame overall.
      const worst = Math.max(...framesA.map((f, i) => meanAbsDiff(f, framesB[i]!)));
      expect(worst).toBeLessThan(2.5);
    } finally {
      await whole.cleanup();
    }
  }, 600_000);

  it('runs a chunk whose worker died again, alone, and still publishes', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const kinds = chunkKindsFor(kind.kind);
    const { video, jobId } = await createTestVideo(db, { accountId, kind });
    // Only the split first, so the "dead" worker can take a chunk before any live one.
    const planner = startTestWorker({ db, registry: registryFor(kind), kinds: [kind.kind], listen: false });
    await waitFor('the render to be split', async () => (await getJob(db, jobId))?.status === 'succeeded', { timeoutMs: 60_000, intervalMs: 100 });
    await planner.stop();
    const [dead] = await claimJobs(db, { workerId: 'dead-worker', kinds: [kinds.chunk.kind], limit: 1, leaseMs: 1_500 });
    expect(dead).toBeDefined();

    startTestWorker({ db, registry: registryFor(kind), listen: false, workerId: 'survivor' });
    await waitPublished(video.id);

    const plan = await planOf(jobId);
    const chunks = await chunkJobs(plan);
    for (const chunk of chunks) {
      expect(chunk.status).toBe('succeeded');
      expect(chunk.lockedBy).toMatch(/^survivor/);
      // The dead worker's chunk took a second attempt, started after its lease lapsed; the others one.
      expect(chunk.attempts).toBe(chunk.id === dead!.id ? 2 : 1);
    }
    const retried = chunks.find((c) => c.id === dead!.id)!;
    expect(retried.startedAt!.getTime()).toBeGreaterThanOrEqual(dead!.leaseExpiresAt!.getTime());
    const events = await db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.accountId, accountId)).orderBy(outboxEvents.seq);
    expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.published']);
    const file = path.join(tmp, 'retried.mp4');
    await getStorage().downloadToFile(videoFileKey(video.id), file);
    expect((await probeVideo(file)).decodedFrames).toBe(plan.durationInFrames);
  }, 600_000);

  it('publishes every format and the captions through the usual path', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const { video, jobId } = await createTestVideo(db, { accountId, kind, input: { aspect_ratio: '9:16', aspect_ratios: ['9:16', '1:1'], captions: 'sidecar' } });
    const registry = registryFor(kind);
    startTestWorker({ db, registry, listen: false });
    startTestWorker({ db, registry, listen: false });
    const published = await waitPublished(video.id);
    const plan = await planOf(jobId);
    expect(plan.formats).toEqual(['9:16', '1:1']);
    expect(plan.chunks.map((c) => c.format)).toEqual([0, 0, 0, 1, 1, 1]);

    const storage = getStorage();
    expect(published.captionsKey).not.toBeNull();
    expect(await storage.exists(published.captionsKey!)).toBe(true);
    const renditions = published.renditions as Array<{ aspect_ratio: string; video_key: string; thumbnail_key: string; width: number; height: number }>;
    expect(renditions).toHaveLength(1);
    expect(renditions[0]).toMatchObject({ aspect_ratio: '1:1', width: 720 * SCALE, height: 720 * SCALE });
    for (const [key, width, height] of [
      [published.videoKey!, 720 * SCALE, 1280 * SCALE],
      [renditions[0]!.video_key, 720 * SCALE, 720 * SCALE],
    ] as const) {
      const file = path.join(tmp, `format-${width}x${height}.mp4`);
      await storage.downloadToFile(key, file);
      expect(await probeVideo(file)).toMatchObject({ width, height, frames: plan.durationInFrames, decodedFrames: plan.durationInFrames });
    }
    expect(await storage.exists(renditions[0]!.thumbnail_key)).toBe(true);
    const events = await db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.accountId, accountId)).orderBy(outboxEvents.seq);
    expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.published']);
    await waitFor('the chunk files to be removed', async () => (await storedKeys(chunkPrefix(video.id, jobId))).length === 0, { timeoutMs: 30_000, intervalMs: 200 });
  }, 600_000);

  it('fails the video when a chunk fails for good, and removes the chunks already stored', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const kinds = chunkKindsFor(kind.kind);
    const { video, jobId } = await createTestVideo(db, { accountId, kind });
    const planner = startTestWorker({ db, registry: registryFor(kind), kinds: [kind.kind], listen: false });
    await waitFor('the render to be split', async () => (await getJob(db, jobId))?.status === 'succeeded', { timeoutMs: 60_000, intervalMs: 100 });
    await planner.stop();
    const plan = await planOf(jobId);
    // The last chunk now names a chunk the plan does not have (a permanent failure), and runs after the others.
    const bad = plan.chunks.at(-1)!;
    await db
      .update(jobs)
      .set({ payload: { videoId: video.id, parentJobId: jobId, index: 99 }, runAt: sql`now() + interval '4 seconds'` })
      .where(eq(jobs.id, bad.jobId));
    startTestWorker({ db, registry: registryFor(kind), listen: false });
    const failed = await waitFor(
      'the video to fail',
      async () => {
        const [row] = await db.select().from(videos).where(eq(videos.id, video.id));
        return row?.status === 'failed' ? row : null;
      },
      { timeoutMs: 240_000, intervalMs: 200 },
    );
    expect(failed).toMatchObject({ errorCode: 'chunk_plan_missing', videoKey: null });
    const chunks = await chunkJobs(plan);
    expect(chunks.map((c) => c.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(await storedKeys(chunkPrefix(video.id, jobId))).toHaveLength(2);
    expect(await db.select().from(jobs).where(eq(jobs.kind, kinds.join.kind))).toHaveLength(0);
    const events = await db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.accountId, accountId)).orderBy(outboxEvents.seq);
    expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.failed']);
    // The cleanup waits for cancelled siblings to stop; run it now.
    const [cleanup] = await db.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.kind, kinds.cleanup.kind)).returning();
    expect(cleanup?.payload).toEqual({ prefix: chunkPrefix(video.id, jobId) });
    await waitFor('the chunk files to be removed', async () => (await storedKeys(chunkPrefix(video.id, jobId))).length === 0, { timeoutMs: 30_000, intervalMs: 200 });
  }, 600_000);

  it('queues the join exactly once when the last chunks finish at the same moment', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const kinds = chunkKindsFor(kind.kind);
    const { video, jobId } = await createTestVideo(db, { accountId, kind });
    const planner = startTestWorker({ db, registry: registryFor(kind), kinds: [kind.kind], listen: false });
    await waitFor('the render to be split', async () => (await getJob(db, jobId))?.status === 'succeeded', { timeoutMs: 60_000, intervalMs: 100 });
    await planner.stop();
    const plan = await planOf(jobId);
    const claimed = await claimJobs(db, { workerId: 'racer', kinds: [kinds.chunk.kind], limit: 3, leaseMs: 60_000 });
    expect(claimed).toHaveLength(3);
    const complete = (job: Job) => {
      const index = (job.payload as { index: number }).index;
      return completeJob(db, { lease: leaseOf(job), commit: commitChunk({ plan, job, videoId: video.id, parentJobId: jobId, index }) });
    };
    const [first, ...lastTwo] = claimed;
    expect((await complete(first!)).completed).toBe(true);
    // The two last chunks commit concurrently: without the lock on the parent each would see the other unfinished.
    const outcomes = await Promise.all(lastTwo.map(complete));
    expect(outcomes.map((o) => o.completed)).toEqual([true, true]);
    expect(outcomes.map((o) => (o as { result: { joinQueued: boolean } }).result.joinQueued).sort()).toEqual([false, true]);
    const joins = await db.select().from(jobs).where(eq(jobs.kind, kinds.join.kind));
    expect(joins).toHaveLength(1);
    expect(joins[0]).toMatchObject({ status: 'queued', dedupeKey: jobId, payload: { videoId: video.id, parentJobId: jobId } });
    await cancelVideo(db, { accountId, id: video.id, ctx: { origin: 'http://localhost' } });
    expect((await getJob(db, joins[0]!.id))?.status).toBe('cancelled');
  }, 120_000);

  it('cancels the chunks with the video', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const kinds = chunkKindsFor(kind.kind);
    const { video, jobId } = await createTestVideo(db, { accountId, kind });
    const planner = startTestWorker({ db, registry: registryFor(kind), kinds: [kind.kind], listen: false });
    await waitFor('the render to be split', async () => (await getJob(db, jobId))?.status === 'succeeded', { timeoutMs: 60_000, intervalMs: 100 });
    await planner.stop();
    const plan = await planOf(jobId);
    expect((await chunkJobs(plan)).map((c) => c.status)).toEqual(plan.chunks.map(() => 'queued'));

    const out = await cancelVideo(db, { accountId, id: video.id, ctx: { origin: 'http://localhost' } });
    expect(out.status).toBe('cancelled');
    expect((await chunkJobs(plan)).map((c) => c.status)).toEqual(plan.chunks.map(() => 'cancelled'));
    // The chunk files (none were written here) are removed later, once running chunks have stopped.
    const [cleanup] = await db.select().from(jobs).where(eq(jobs.kind, kinds.cleanup.kind));
    expect(cleanup).toMatchObject({ status: 'queued', payload: { prefix: chunkPrefix(video.id, jobId) } });
    expect(cleanup!.runAt.getTime()).toBeGreaterThan(Date.now());
  }, 120_000);
});
