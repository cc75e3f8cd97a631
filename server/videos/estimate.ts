/**
 * `estimated_completion`: when a render will probably be done, from measured
 * render times and the queue ahead, not a constant.
 *
 * Render time: the mean `render_ms` of the last 50 published videos of the same
 * template and script length (across accounts: it is a property of the
 * machine, not of a tenant); without history, a model of our benchmark
 * (about 0.4 s of wall time per second of video at 720p, twice that at
 * 1080p, plus 2 s of start-up and publishing: a short 720×1280 video is
 * published ~8 s after its POST on 2 cores, docs/benchmarks.md).
 * Queue: render jobs queued or running ahead of this one, spread over the
 * heavy lane's slots: WORKER_CONCURRENCY renders (or transcodes) at once;
 * webhooks and housekeeping run in the light lane and take none of them
 * (server/jobs/lanes.ts). With RENDER_BACKEND=lambda nothing waits for a slot.
 */
import { and, avg, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, videos } from '../db/schema';
import { getEnv } from '../env';
import { renderVideoJob } from '../render/render-job';

const NOMINAL_SECONDS = { short: 15, medium: 30, long: 60 } as const;

export function modelRenderMs(length: keyof typeof NOMINAL_SECONDS, resolution: string): number {
  const perSecond = resolution === 'hd' ? 800 : 400;
  return 2_000 + NOMINAL_SECONDS[length] * perSecond;
}

/**
 * The last 50 render times of a template, length and resolution, newest
 * first, from videos_render_history_idx (EXPLAIN-tested). Per format: a video
 * rendered in several formats (renditions) took that many renders.
 */
export function renderHistoryQuery(db: Db, params: { templateId: string; length: keyof typeof NOMINAL_SECONDS; resolution: string }) {
  return db
    .select({ renderMs: sql<number>`${videos.renderMs}::float8 / (1 + coalesce(jsonb_array_length(${videos.renditions}), 0))`.as('render_ms') })
    .from(videos)
    .where(
      and(
        eq(videos.templateId, params.templateId),
        eq(videos.resolution, params.resolution),
        isNotNull(videos.renderMs),
        sql`${videos.script}->>'length' = ${params.length}`,
      ),
    )
    .orderBy(desc(videos.publishedAt))
    .limit(50);
}

export async function expectedRenderMs(
  db: Db,
  params: { templateId: string; length: keyof typeof NOMINAL_SECONDS; resolution: string },
): Promise<number> {
  const recent = renderHistoryQuery(db, params).as('recent');
  const [row] = await db.select({ mean: avg(recent.renderMs) }).from(recent);
  const mean = row?.mean ? Number(row.mean) : NaN;
  return Number.isFinite(mean) && mean > 0 ? mean : modelRenderMs(params.length, params.resolution);
}

/** Render jobs queued or running that come before a job's place in the queue, its order_at (or all of them), from jobs_active_kind_order_idx (EXPLAIN-tested). */
export function rendersAheadQuery(db: Db, jobOrderAt?: Date) {
  return db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, renderVideoJob.kind),
        // Literal, not bound: the partial index's predicate must be provable from the query text.
        sql`${jobs.status} in ('queued', 'running')`,
        jobOrderAt ? sql`${jobs.orderAt} < ${jobOrderAt.toISOString()}` : undefined,
      ),
    );
}

export async function rendersAhead(db: Db, jobOrderAt?: Date): Promise<number> {
  const [row] = await rendersAheadQuery(db, jobOrderAt);
  return row?.n ?? 0;
}

export async function estimateCompletion(
  db: Db,
  params: {
    templateId: string;
    length: keyof typeof NOMINAL_SECONDS;
    resolution: string;
    /** The render job's order_at (jobs/queue.ts): its place in the queue. */
    jobOrderAt?: Date;
    progress?: number;
    /** Formats the render makes (aspect_ratios): each is one render of the expected time. */
    formats?: number;
    /** Parts of the render drawn at once (a render split into chunks over several workers). */
    parallel?: number;
    now?: Date;
  },
): Promise<Date> {
  const [perRender, ahead] = await Promise.all([
    expectedRenderMs(db, params),
    rendersAhead(db, params.jobOrderAt),
  ]);
  const renderSlots = getEnv().WORKER_CONCURRENCY;
  const remainingOwn = (perRender * (params.formats ?? 1) * (1 - Math.min(0.99, params.progress ?? 0))) / Math.max(1, params.parallel ?? 1);
  // On Lambda every render runs at once (up to the account's concurrency): nobody waits for a slot.
  const waitMs = getEnv().RENDER_BACKEND === 'lambda' ? 0 : (ahead / renderSlots) * perRender;
  return new Date((params.now ?? new Date()).getTime() + waitMs + remainingOwn);
}
