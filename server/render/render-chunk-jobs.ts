/**
 * The handlers of a split render (render-chunks.ts has the plan, the kinds
 * and the cancel side):
 *
 * - `<kind>.chunk` (heavy): draws one frame range of one format with the
 *   render engine of a whole render (same engine choice, encoder and its
 *   settings, pixel format and colour tags), remuxes it to MPEG-TS without
 *   re-encoding and stores it under the render's temporary prefix. Every
 *   encode (the browser's or x264's) starts on an IDR frame, so each chunk
 *   opens on a key frame.
 *   Its commit locks the parent job's row, so sibling commits run one at a
 *   time, and the commit that finds every other chunk done queues the join:
 *   exactly once.
 * - `<kind>.join` (heavy): downloads the chunks of each format, joins them
 *   with the concat demuxer and stream copy (as the `web` engine joins its
 *   tabs' ranges and Remotion Lambda its chunks: no seam to see, timestamps
 *   continuous), draws each format's thumbnail and publishes through
 *   render-video.ts's publishRenderOutputs, the path of a whole render.
 * - `<kind>.cleanup` (light): removes the chunk files.
 *
 * Every chunk draws with the engine the plan chose (RENDER_ENGINE's pick for
 * the template), with no fallback to `classic` midway: one encoder pipeline
 * for every chunk. A chunk that fails is retried with it.
 *
 * Video only: the templates have no audio track. A chunk with an audio
 * stream fails for good (`chunk_has_audio`) rather than publish audio with
 * AAC priming gaps at every seam; rendering such a template needs
 * RENDER_CHUNK_SECONDS=0 until the join handles audio.
 */
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { CompositionProps } from '../../remotion/props';
import { getDb, type Db } from '../db/client';
import { jobs, videos, type Job, type Video } from '../db/schema';
import { PermanentJobError, type JobFailure } from '../jobs/errors';
import { cancelJob, enqueueJob } from '../jobs/queue';
import type { CommitFn, JobContext, JobKind, JobRegistry } from '../jobs/registry';
import { errorFields, logger } from '../lib/logger';
import { TEMP_PREFIX } from '../lib/temp-sweep';
import { runFfmpeg, runFfprobeJson, stderrSummary } from '../media/ffmpeg';
import { getStorage } from '../storage';
import type { formatsOfRow } from '../videos/renditions';
import { permanentRenderFailure } from './failures';
import {
  chunkKey,
  chunkKindsFor,
  type ChunkPlan,
  type cleanupPayload,
  type chunkPayload,
  enqueueChunkCleanup,
  type joinPayload,
  loadChunkPlan,
} from './render-chunks';
import { onRenderFailed, publishRenderOutputs } from './render-video';
import { renderStillFile, renderVideoFiles, thumbnailFrame, type RenderOutput } from './renderer';
import { concatList } from './transcode';

type ChunkPayload = typeof chunkPayload._output;
type JoinPayload = typeof joinPayload._output;
type CleanupPayload = typeof cleanupPayload._output;
type AspectRatio = ReturnType<typeof formatsOfRow>[number];

/** Share of the video's progress the chunks make; the join (download, concat, thumbnails, upload) is the rest. */
const CHUNKS_SHARE = 0.95;

async function ffmpeg(args: string[], signal?: AbortSignal): Promise<void> {
  try {
    await runFfmpeg(args, { signal });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr;
    if (stderr) (err as Error).message = `${(err as Error).message}: ${stderrSummary(stderr)}`;
    throw err;
  }
}

async function streamTypes(file: string): Promise<string[]> {
  const probe = (await runFfprobeJson(['-show_entries', 'stream=codec_type', file])) as { streams?: Array<{ codec_type?: string }> };
  return (probe.streams ?? []).map((s) => String(s.codec_type));
}

/** The video this render is still for: processing, not deleted, and its render job is the chunks' parent. */
async function loadVideoOfPlan(db: Db, videoId: string, parentJobId: string): Promise<Video | null> {
  const [row] = await db
    .select()
    .from(videos)
    .where(and(eq(videos.id, videoId), eq(videos.status, 'processing'), isNull(videos.deletedAt), eq(videos.renderJobId, parentJobId)))
    .limit(1);
  return row ?? null;
}

/** The video's progress: the chunks' mean (this one's at `mine`), weighted by their frames. */
function chunkProgressWriter(db: Db, params: { videoId: string; plan: ChunkPlan; jobId: string; ctx: JobContext<ChunkPayload> }) {
  const { plan, jobId } = params;
  const ids = plan.chunks.map((c) => c.jobId);
  const frames = (c: ChunkPlan['chunks'][number]) => c.frameRange[1] - c.frameRange[0] + 1;
  const total = plan.chunks.reduce((sum, c) => sum + frames(c), 0);
  const weights = sql.join(
    plan.chunks.map((c) => sql`when ${c.jobId} then ${frames(c)}::float8`),
    sql` `,
  );
  let lastWrite = 0;
  return (progress: number) => {
    params.ctx.setProgress(progress);
    const now = Date.now();
    if (now - lastWrite < 1000 && progress < 1) return;
    lastWrite = now;
    const mine = plan.chunks.find((c) => c.jobId === jobId)!;
    const others = sql`(select coalesce(sum(case ${jobs.id} ${weights} end * case when ${jobs.status} = 'succeeded' then 1 else ${jobs.progress} end), 0) from ${jobs} where ${inArray(jobs.id, ids)} and ${ne(jobs.id, jobId)})`;
    db.update(videos)
      .set({ progress: sql`round(((${others} + ${frames(mine) * progress}::float8) / ${total}::float8 * ${CHUNKS_SHARE})::numeric, 3)::real` })
      .where(and(eq(videos.id, params.videoId), eq(videos.status, 'processing')))
      .catch((err) => logger.warn('could not save render progress', { videoId: params.videoId, ...errorFields(err) }));
  };
}

/** Renders one chunk; see the file header. */
export async function handleRenderChunk(ctx: JobContext<ChunkPayload>): Promise<CommitFn | void> {
  const db = await getDb();
  const { videoId, parentJobId, index } = ctx.payload;
  const plan = await loadChunkPlan(db, parentJobId);
  if (!plan) throw new PermanentJobError('chunk_plan_missing', `Render job ${parentJobId} has no chunk plan`);
  const chunk = plan.chunks.find((c) => c.index === index);
  if (!chunk) throw new PermanentJobError('chunk_plan_missing', `Render job ${parentJobId} has no chunk ${index}`);
  // Cancelled, deleted, failed or rendered again since: nothing to draw.
  if (!(await loadVideoOfPlan(db, videoId, parentJobId))) return;

  const aspectRatio = plan.formats[chunk.format] as AspectRatio;
  const props = { ...(plan.props as unknown as CompositionProps), aspect_ratio: aspectRatio };
  let out: RenderOutput;
  try {
    out = await renderVideoFiles({
      props,
      signal: ctx.signal,
      // The plan's engine, never a fallback: every chunk through the same encoder pipeline.
      settings: { frameRange: chunk.frameRange, engine: plan.engine },
      skipThumbnail: true,
      onProgress: chunkProgressWriter(db, { videoId, plan, jobId: ctx.job.id, ctx }),
    });
  } catch (err) {
    throw permanentRenderFailure(err) ?? err;
  }
  const key = chunkKey(videoId, parentJobId, index);
  try {
    const frames = chunk.frameRange[1] - chunk.frameRange[0] + 1;
    if (out.durationInFrames !== frames) {
      throw new Error(`Chunk ${index} has ${out.durationInFrames} frames, expected ${frames}`);
    }
    if ((await streamTypes(out.videoPath)).includes('audio')) {
      throw new PermanentJobError('chunk_has_audio', 'This template renders audio, which split renders do not join yet; set RENDER_CHUNK_SECONDS=0');
    }
    const ts = path.join(out.dir, 'chunk.ts');
    // Annex B H.264 in MPEG-TS: what the concat demuxer joins frame-exactly, B-frames and all.
    await ffmpeg(['-y', '-i', out.videoPath, '-map', '0:v:0', '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'mpegts', ts], ctx.signal);
    await getStorage().putFile(key, ts, { contentType: 'video/mp2t' });
  } finally {
    await out.cleanup();
  }
  return commitChunk({ plan, job: ctx.job, videoId, parentJobId, index, result: { frames: out.durationInFrames, engine: out.engine } });
}

/**
 * A chunk's commit: run in the transaction that completes its job. Locks the
 * parent job's row first, so the commits of sibling chunks run one at a time
 * and exactly one of them (the last) sees every other chunk succeeded and
 * queues the join.
 */
export function commitChunk(params: {
  plan: ChunkPlan;
  job: Pick<Job, 'id' | 'priority' | 'orderAt'>;
  videoId: string;
  parentJobId: string;
  index: number;
  result?: Record<string, unknown>;
}): CommitFn {
  const { plan, videoId, parentJobId, index } = params;
  const ctx = { job: params.job };
  const kinds = chunkKindsFor(plan.renderKind);
  return async (tx) => {
    // Serializes the commits of the siblings: the last one sees every other chunk succeeded.
    await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, parentJobId)).for('update');
    const otherIds = plan.chunks.filter((c) => c.jobId !== ctx.job.id).map((c) => c.jobId);
    const [done] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(and(inArray(jobs.id, otherIds), eq(jobs.status, 'succeeded')));
    const last = (done?.n ?? 0) === otherIds.length;
    if (last) {
      const [video] = await tx.select({ accountId: videos.accountId, status: videos.status, renderJobId: videos.renderJobId }).from(videos).where(eq(videos.id, videoId));
      if (video?.status === 'processing' && video.renderJobId === parentJobId) {
        await enqueueJob(tx, {
          kind: kinds.join,
          payload: { videoId, parentJobId },
          accountId: video.accountId,
          priority: ctx.job.priority,
          orderAt: ctx.job.orderAt,
          dedupeKey: parentJobId,
        });
      }
    }
    return { chunk: index, ...params.result, joinQueued: last };
  };
}

/** Joins the stored chunks of one format into `<dir>/video.mp4`. */
async function joinFormat(params: { plan: ChunkPlan; videoId: string; parentJobId: string; format: number; dir: string; signal: AbortSignal }): Promise<string> {
  const storage = getStorage();
  const chunks = params.plan.chunks.filter((c) => c.format === params.format).sort((a, b) => a.frameRange[0] - b.frameRange[0]);
  const files: string[] = [];
  for (const chunk of chunks) {
    const file = path.join(params.dir, `chunk-${String(chunk.index).padStart(4, '0')}.ts`);
    await storage.downloadToFile(chunkKey(params.videoId, params.parentJobId, chunk.index), file);
    files.push(file);
  }
  const list = path.join(params.dir, 'chunks.txt');
  const output = path.join(params.dir, 'video.mp4');
  await writeFile(list, concatList(files));
  await ffmpeg(['-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', output], params.signal);
  return output;
}

/** Joins every format and publishes the video; see the file header. */
export async function handleRenderJoin(ctx: JobContext<JoinPayload>): Promise<CommitFn | void> {
  const db = await getDb();
  const { videoId, parentJobId } = ctx.payload;
  const plan = await loadChunkPlan(db, parentJobId);
  if (!plan) throw new PermanentJobError('chunk_plan_missing', `Render job ${parentJobId} has no chunk plan`);
  const row = await loadVideoOfPlan(db, videoId, parentJobId);
  if (!row) return;
  const props = plan.props as unknown as CompositionProps;
  const formats = plan.formats as AspectRatio[];
  const joinStarted = performance.now();
  const outs: RenderOutput[] = [];
  const setProgress = (p: number) => {
    ctx.setProgress(p);
    db.update(videos)
      .set({ progress: Math.round((CHUNKS_SHARE + (1 - CHUNKS_SHARE) * p) * 1000) / 1000 })
      .where(and(eq(videos.id, videoId), eq(videos.status, 'processing')))
      .catch((err) => logger.warn('could not save render progress', { videoId, ...errorFields(err) }));
  };
  try {
    for (const [format, aspectRatio] of formats.entries()) {
      const started = performance.now();
      const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX.render));
      const cleanup = () => rm(dir, { recursive: true, force: true });
      try {
        const videoPath = await joinFormat({ plan, videoId, parentJobId, format, dir, signal: ctx.signal });
        const joined = performance.now();
        const formatProps = { ...props, aspect_ratio: aspectRatio };
        const still = await renderStillFile({ props: formatProps, signal: ctx.signal, frame: thumbnailFrame(formatProps, plan.durationInFrames), jpegQuality: 85 });
        const thumbnailPath = path.join(dir, 'thumbnail.jpg');
        await copyFile(still.path, thumbnailPath).finally(() => still.cleanup());
        const probe = (await runFfprobeJson(['-select_streams', 'v:0', '-show_entries', 'stream=width,height,nb_frames', videoPath])) as {
          streams: Array<{ width: number; height: number; nb_frames?: string }>;
        };
        const stream = probe.streams[0]!;
        const frames = Number(stream.nb_frames);
        if (frames !== plan.durationInFrames) {
          throw new Error(`The joined video has ${frames} frames, expected ${plan.durationInFrames}`);
        }
        const done = performance.now();
        outs.push({
          dir,
          videoPath,
          thumbnailPath,
          engine: still.engine,
          width: stream.width,
          height: stream.height,
          fps: plan.fps,
          durationInFrames: frames,
          durationSeconds: frames / plan.fps,
          sizeBytes: (await stat(videoPath)).size,
          templateVersion: still.templateVersion,
          timings: { bundleMs: 0, selectMs: 0, renderMs: joined - started, stillMs: done - joined, totalMs: done - started },
          cleanup,
        });
      } catch (err) {
        await cleanup();
        throw err;
      }
      setProgress((format + 1) / formats.length);
    }
  } catch (err) {
    await Promise.all(outs.map((o) => o.cleanup()));
    throw permanentRenderFailure(err) ?? err;
  }
  // render_ms of a split render is the work, not the wall time: its chunks' times on their workers plus the join,
  // so the estimates' history (videos/estimate.ts) stays time on one worker and estimateFor divides what remains
  // by the chunks drawn at once.
  const [work] = await db
    .select({ ms: sql<number>`coalesce(sum(extract(epoch from (${jobs.finishedAt} - ${jobs.startedAt})) * 1000), 0)`.mapWith(Number) })
    .from(jobs)
    .where(and(inArray(jobs.id, plan.chunks.map((c) => c.jobId)), eq(jobs.status, 'succeeded')));
  const renderMs = Math.round((work?.ms ?? 0) + (performance.now() - joinStarted));
  const publish = await publishRenderOutputs({ row, script: props.script, formats, outs, renderMs });
  return async (tx) => {
    const result = await publish(tx);
    await enqueueChunkCleanup(tx, { renderKind: plan.renderKind, videoId, parentJobId, accountId: row.accountId });
    return { ...(result as object), chunks: plan.chunks.length };
  };
}

/**
 * A chunk or the join failed for good: the video fails (when it is still this
 * render's), the other chunks are cancelled and the chunk files removed.
 */
export async function onChunkedRenderFailed(tx: Db, job: Job, failure: JobFailure): Promise<void> {
  const payload = job.payload as Partial<ChunkPayload> | null;
  if (!payload?.videoId || !payload.parentJobId) return;
  const plan = await loadChunkPlan(tx, payload.parentJobId);
  if (!plan) return;
  const [video] = await tx.select({ renderJobId: videos.renderJobId, accountId: videos.accountId }).from(videos).where(eq(videos.id, payload.videoId));
  if (!video) return;
  if (video.renderJobId === payload.parentJobId) await onRenderFailed(tx, job, failure);
  for (const chunk of plan.chunks) {
    if (chunk.jobId !== job.id) await cancelJob(tx, { id: chunk.jobId, accountId: video.accountId });
  }
  await enqueueChunkCleanup(tx, {
    renderKind: plan.renderKind,
    videoId: payload.videoId,
    parentJobId: payload.parentJobId,
    accountId: video.accountId,
    // A sibling cancelled mid-upload stops at its next heartbeat.
    delayMs: 30_000,
  });
}

export async function handleChunkCleanup(ctx: JobContext<CleanupPayload>): Promise<void> {
  const removed = await getStorage().deletePrefix(ctx.payload.prefix);
  logger.debug('render chunks removed', { prefix: ctx.payload.prefix, removed });
}

/** Registers the chunk, join (heavy lane) and cleanup kinds of `renderKind` on the registry. */
export function registerChunkedRender(registry: JobRegistry, renderKind: JobKind): JobRegistry {
  const kinds = chunkKindsFor(renderKind.kind);
  return registry
    .register(kinds.chunk, { handle: handleRenderChunk, onFinalFailure: onChunkedRenderFailed, lane: 'heavy' })
    .register(kinds.join, { handle: handleRenderJoin, onFinalFailure: onChunkedRenderFailed, lane: 'heavy' })
    .register(kinds.cleanup, { handle: handleChunkCleanup });
}
