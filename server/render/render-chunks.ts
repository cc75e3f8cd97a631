/**
 * Fan-out of one long render over the heavy lane of every worker: the light
 * half (no renderer import), so the videos service can cancel chunks and
 * estimate a chunked render, and render-video.ts can fan out.
 *
 * With RENDER_CHUNK_SECONDS set and a video at least RENDER_CHUNK_MIN_SECONDS
 * long, the `render` job does not draw: it writes the script and props as
 * usual, then completes with a plan (its `result`: props, formats, frame
 * ranges, the chunk job ids) and, in the same transaction, queues one
 * `<kind>.chunk` job per frame range of every format. Any heavy-lane worker
 * renders a chunk (render-chunk-jobs.ts) into storage under a temporary
 * prefix; the commit of the last chunk, serialized with its siblings by a
 * row lock on the parent job, queues the one `<kind>.join` job, which joins
 * the chunks without re-encoding and publishes through the same path as a
 * whole render. `<kind>.cleanup` (light) removes the chunk files once the
 * video is published, failed or cancelled.
 *
 * Each chunk is an ordinary job: a chunk whose worker dies is requeued alone
 * when its lease lapses; a chunk or join that fails for good fails the video
 * (and cancels its siblings); cancelling or deleting the video cancels them.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { metadataFor } from '../../remotion/metadata';
import type { CompositionProps } from '../../remotion/props';
import type { Db } from '../db/client';
import { jobs, type Job, type Video } from '../db/schema';
import { getEnv } from '../env';
import { cancelJob, enqueueJob } from '../jobs/queue';
import { defineJobKind, type CommitFn, type JobKind } from '../jobs/registry';
import { logger } from '../lib/logger';

export interface ChunkSettings {
  /** Frames per chunk, as seconds of video; 0 = never split. */
  chunkSeconds: number;
  /** Videos shorter than this render whole. */
  minSeconds: number;
}

let chunkOverride: Partial<ChunkSettings> | null = null;

/** Test and benchmark hook: settings laid over the environment's for this process; null removes them. */
export function overrideChunkSettings(overrides: Partial<ChunkSettings> | null): void {
  chunkOverride = overrides;
}

export function chunkSettings(): ChunkSettings {
  const env = getEnv();
  return { chunkSeconds: env.RENDER_CHUNK_SECONDS, minSeconds: env.RENDER_CHUNK_MIN_SECONDS, ...chunkOverride };
}

/**
 * The frame ranges (inclusive) of a video of `durationInFrames`, or null when
 * it renders whole: splitting off, the video shorter than the minimum, or
 * fewer than two chunks. The last chunk takes the remainder, never less than
 * half a chunk (a short tail joins the chunk before it).
 */
export function planFrameRanges(durationInFrames: number, fps: number, settings: ChunkSettings): Array<[number, number]> | null {
  if (!(settings.chunkSeconds > 0)) return null;
  if (durationInFrames < settings.minSeconds * fps) return null;
  const size = Math.max(1, Math.round(settings.chunkSeconds * fps));
  let count = Math.floor(durationInFrames / size);
  if (durationInFrames - count * size >= size / 2) count += 1;
  if (count < 2) return null;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    ranges.push([i * size, i === count - 1 ? durationInFrames - 1 : (i + 1) * size - 1]);
  }
  return ranges;
}

export const chunkPayload = z.object({
  videoId: z.string().min(1),
  /** The `render` job that planned the chunks (its result is the plan). */
  parentJobId: z.string().min(1),
  index: z.number().int().min(0),
});
export const joinPayload = z.object({ videoId: z.string().min(1), parentJobId: z.string().min(1) });
export const cleanupPayload = z.object({ prefix: z.string().min(1) });

export type ChunkKinds = {
  chunk: JobKind<typeof chunkPayload>;
  join: JobKind<typeof joinPayload>;
  cleanup: JobKind<typeof cleanupPayload>;
};

/** The chunk, join and cleanup kinds of a render kind (`render` → `render.chunk`, `render.join`, `render.cleanup`). */
export function chunkKindsFor(renderKind: string): ChunkKinds {
  return {
    chunk: defineJobKind({ kind: `${renderKind}.chunk`, payload: chunkPayload, maxAttempts: 3, backoff: { baseMs: 2_000, capMs: 60_000 } }),
    join: defineJobKind({ kind: `${renderKind}.join`, payload: joinPayload, maxAttempts: 3, backoff: { baseMs: 2_000, capMs: 60_000 } }),
    cleanup: defineJobKind({ kind: `${renderKind}.cleanup`, payload: cleanupPayload, maxAttempts: 5 }),
  };
}

/** Where the chunks of one planned render are kept until the join (storage, shared by every worker). */
export const chunkPrefix = (videoId: string, parentJobId: string) => `render-chunks/${videoId}/${parentJobId}/`;
export const chunkKey = (videoId: string, parentJobId: string, index: number) =>
  `${chunkPrefix(videoId, parentJobId)}${String(index).padStart(4, '0')}.ts`;

export const chunkPlanSchema = z.object({
  chunked: z.literal(true),
  renderKind: z.string(),
  props: z.record(z.string(), z.unknown()),
  formats: z.array(z.string()).min(1),
  /** The engine every chunk draws with: one encoder pipeline for the whole video, no per-chunk fallback. */
  engine: z.enum(['web', 'classic']),
  fps: z.number(),
  durationInFrames: z.number().int(),
  chunkSeconds: z.number(),
  /** When the render was split (ms since epoch). */
  startedAt: z.number(),
  chunks: z.array(
    z.object({ index: z.number().int(), jobId: z.string(), format: z.number().int(), frameRange: z.tuple([z.number().int(), z.number().int()]) }),
  ),
});
export type ChunkPlan = z.infer<typeof chunkPlanSchema>;

/**
 * The plan for a video with these props and formats, or null when it renders
 * whole (see planFrameRanges). Cheap: the composition's length is computed,
 * nothing is drawn.
 */
export function planChunkedRender(params: { props: CompositionProps; formats: string[] }) {
  const meta = metadataFor(params.props);
  const ranges = planFrameRanges(meta.durationInFrames, meta.fps, chunkSettings());
  if (!ranges) return null;
  return { ranges, fps: meta.fps, durationInFrames: meta.durationInFrames, chunkSeconds: chunkSettings().chunkSeconds };
}

/**
 * Queues the chunks of the parent render job (in the transaction that
 * completes it) and returns the plan, its result. Each format's chunks follow
 * the format before it, so the video's own format is published no later.
 */
export async function enqueueChunks(
  tx: Db,
  params: {
    parentJob: { id: string; kind: string; priority: number; orderAt: Date };
    videoId: string;
    accountId: string;
    props: CompositionProps;
    formats: string[];
    planned: NonNullable<ReturnType<typeof planChunkedRender>>;
    engine: ChunkPlan['engine'];
    startedAt: number;
  },
): Promise<ChunkPlan> {
  const kinds = chunkKindsFor(params.parentJob.kind);
  const chunks: ChunkPlan['chunks'] = [];
  let index = 0;
  for (const [format] of params.formats.entries()) {
    for (const frameRange of params.planned.ranges) {
      const { job } = await enqueueJob(tx, {
        kind: kinds.chunk,
        payload: { videoId: params.videoId, parentJobId: params.parentJob.id, index },
        accountId: params.accountId,
        priority: params.parentJob.priority,
        // The video's place in the queue, so chunks of a video queued earlier run first.
        orderAt: params.parentJob.orderAt,
        dedupeKey: `${params.parentJob.id}:${index}`,
      });
      chunks.push({ index, jobId: job.id, format, frameRange });
      index += 1;
    }
  }
  return {
    chunked: true,
    renderKind: params.parentJob.kind,
    props: params.props as unknown as Record<string, unknown>,
    formats: params.formats,
    engine: params.engine,
    fps: params.planned.fps,
    durationInFrames: params.planned.durationInFrames,
    chunkSeconds: params.planned.chunkSeconds,
    startedAt: params.startedAt,
    chunks,
  };
}

/**
 * The render job's commit when it split the video: the chunks queued, the plan
 * stored as the job's result, in the transaction that completes the job (a
 * job that lost its lease queues nothing). The video stays `processing`.
 */
export function fanOutRender(
  parentJob: Job,
  row: Video,
  props: CompositionProps,
  formats: string[],
  planned: NonNullable<ReturnType<typeof planChunkedRender>>,
  engine: ChunkPlan['engine'],
): CommitFn<ChunkPlan> {
  const startedAt = Date.now();
  return async (tx) => {
    const plan = await enqueueChunks(tx, {
      parentJob,
      videoId: row.id,
      accountId: row.accountId,
      props,
      formats,
      planned,
      engine,
      startedAt,
    });
    logger.info('render split into chunks', { videoId: row.id, jobId: parentJob.id, chunks: plan.chunks.length, formats: formats.length });
    return plan;
  };
}

/** The plan a render job stored, or null when it rendered whole (or has not finished). Scoped to the account when given. */
export async function loadChunkPlan(db: Db, parentJobId: string, scope: { accountId?: string; forUpdate?: boolean } = {}): Promise<ChunkPlan | null> {
  const query = db
    .select({ result: jobs.result, status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, parentJobId), scope.accountId === undefined ? undefined : eq(jobs.accountId, scope.accountId)));
  const [row] = scope.forUpdate ? await query.for('update') : await query;
  if (!row || row.status !== 'succeeded') return null;
  const parsed = chunkPlanSchema.safeParse(row.result);
  return parsed.success ? parsed.data : null;
}

/** Seconds the cleanup of a cancelled render waits, so a chunk still writing when it was cancelled has stopped. */
const cancelCleanupDelayMs = () => 2 * getEnv().JOB_LEASE_SECONDS * 1000 + 10_000;

/** Queues the removal of the chunk files of a planned render. */
export async function enqueueChunkCleanup(
  tx: Db,
  params: { renderKind: string; videoId: string; parentJobId: string; accountId: string; delayMs?: number },
): Promise<void> {
  await enqueueJob(tx, {
    kind: chunkKindsFor(params.renderKind).cleanup,
    payload: { prefix: chunkPrefix(params.videoId, params.parentJobId) },
    accountId: params.accountId,
    dedupeKey: params.parentJobId,
    ...(params.delayMs ? { delayMs: params.delayMs } : {}),
  });
}

/**
 * Cancels the chunks and the join of a video's render job when it was split
 * (no-op otherwise), in the caller's transaction, and queues the removal of
 * the chunk files once running chunks have noticed. For cancelVideo and
 * deleteVideo (videos/service.ts).
 */
export async function cancelRenderChunks(tx: Db, params: { renderJobId: string; accountId: string; videoId: string }): Promise<void> {
  const plan = await loadChunkPlan(tx, params.renderJobId, { accountId: params.accountId });
  if (!plan) return;
  for (const chunk of plan.chunks) await cancelJob(tx, { id: chunk.jobId, accountId: params.accountId });
  const joins = await tx
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, chunkKindsFor(plan.renderKind).join.kind),
        eq(jobs.dedupeKey, params.renderJobId),
        inArray(jobs.status, ['queued', 'running']),
        eq(jobs.accountId, params.accountId),
      ),
    );
  for (const join of joins) await cancelJob(tx, { id: join.id, accountId: params.accountId });
  await enqueueChunkCleanup(tx, {
    renderKind: plan.renderKind,
    videoId: params.videoId,
    parentJobId: params.renderJobId,
    accountId: params.accountId,
    delayMs: cancelCleanupDelayMs(),
  });
}

/**
 * How many of a split render's chunks are being drawn right now (at least 1
 * while any remain), or null when the render was not split: the completion
 * estimate divides the remaining work by it.
 */
export async function chunkParallelism(db: Db, params: { renderJobId: string; accountId: string }): Promise<number | null> {
  const plan = await loadChunkPlan(db, params.renderJobId, { accountId: params.accountId });
  if (!plan) return null;
  const [row] = await db
    .select({ running: sql<number>`count(*) filter (where ${jobs.status} = 'running')`.mapWith(Number) })
    .from(jobs)
    .where(and(inArray(jobs.id, plan.chunks.map((c) => c.jobId)), eq(jobs.accountId, params.accountId)));
  return Math.max(1, row?.running ?? 0);
}
