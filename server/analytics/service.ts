/**
 * Playback beacons from the watch page (and any embedded player) become the
 * Videos API's analytics. Each beacon carries the session's cumulative played
 * ranges, so repeated or reordered beacons never double-count: watched time is
 * the length of the union of ranges, a view is counted once per session, a
 * completion once, a CTA click once. Video totals, per-day totals and the
 * session row change in one transaction.
 */
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { videoDailyStats, videoSessions, videos } from '../db/schema';
import { AppError } from '../lib/errors';
import { markLibraryVideoShared } from '../library/service';

export const PLAYBACK_EVENT_TYPES = ['start', 'progress', 'end', 'cta_click'] as const;

const MAX_RANGES = 50;

export const playbackEventInput = z.object({
  session_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, "_" or "-"'),
  type: z.enum(PLAYBACK_EVENT_TYPES, { error: `must be one of: ${PLAYBACK_EVENT_TYPES.join(', ')}` }),
  /** Current playback position in seconds. */
  position: z.number().min(0).max(86_400).optional(),
  /** Every [start, end] range (seconds) this session has played so far. */
  played: z
    .array(z.tuple([z.number().min(0).max(86_400), z.number().min(0).max(86_400)]))
    .max(MAX_RANGES, `at most ${MAX_RANGES} ranges`)
    .optional(),
});
export type PlaybackEventInput = z.infer<typeof playbackEventInput>;

type Range = [number, number];

/** Sorted, merged, clipped to [0, duration]; touching ranges (gap < 0.5 s) merge. */
export function mergeRanges(ranges: readonly Range[], duration: number): Range[] {
  const clipped = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, b)), Math.min(duration, Math.max(a, b))] as Range)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const r of clipped) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 0.5) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export const rangesLength = (ranges: readonly Range[]) => ranges.reduce((sum, [a, b]) => sum + (b - a), 0);

/** A session counts as complete once it played to within 5% (at most 1 s) of the end. */
export function reachedEnd(ranges: readonly Range[], position: number | undefined, duration: number): boolean {
  const threshold = duration - Math.min(1, duration * 0.05);
  return (position ?? 0) >= threshold || ranges.some(([, b]) => b >= threshold);
}

export interface RecordResult {
  counted: { view: boolean; completion: boolean; cta: boolean; watchSeconds: number };
}

/** Applies one beacon. Unknown, unpublished or deleted videos are 404. */
export async function recordPlaybackEvent(
  db: Db,
  params: { videoId: string; event: PlaybackEventInput; now?: Date },
): Promise<RecordResult> {
  const now = params.now ?? new Date();
  const day = now.toISOString().slice(0, 10);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [video] = await tx
      .select({ id: videos.id, accountId: videos.accountId, duration: videos.durationSeconds })
      .from(videos)
      .where(and(eq(videos.id, params.videoId), eq(videos.status, 'published'), isNull(videos.deletedAt)))
      .limit(1);
    if (!video) throw AppError.notFound('Video');
    const duration = video.duration ?? 0;

    const [existing] = await tx
      .select()
      .from(videoSessions)
      .where(and(eq(videoSessions.videoId, video.id), eq(videoSessions.sessionId, params.event.session_id)))
      .for('update')
      .limit(1);

    const previousRanges = existing ? (JSON.parse(existing.playedRanges) as Range[]) : [];
    const ranges = mergeRanges([...previousRanges, ...(params.event.played ?? [])], duration).slice(0, MAX_RANGES);
    const watched = rangesLength(ranges);
    const watchDelta = Math.max(0, watched - (existing?.watchedSeconds ?? 0));
    const position = params.event.position;
    const completedNow =
      !existing?.completed && duration > 0 && (params.event.type === 'end' || reachedEnd(ranges, position, duration));
    const ctaNow = params.event.type === 'cta_click' && !existing?.ctaClicked;
    const isNewView = !existing;

    if (existing) {
      await tx
        .update(videoSessions)
        .set({
          lastEventAt: now,
          watchedSeconds: Math.max(existing.watchedSeconds, watched),
          maxPositionSeconds: Math.max(existing.maxPositionSeconds, Math.min(position ?? 0, duration)),
          completed: existing.completed || completedNow,
          ctaClicked: existing.ctaClicked || ctaNow,
          playedRanges: JSON.stringify(ranges),
        })
        .where(and(eq(videoSessions.videoId, video.id), eq(videoSessions.sessionId, params.event.session_id)));
    } else {
      await tx.insert(videoSessions).values({
        videoId: video.id,
        sessionId: params.event.session_id,
        accountId: video.accountId,
        startedAt: now,
        lastEventAt: now,
        watchedSeconds: watched,
        maxPositionSeconds: Math.min(position ?? 0, duration),
        completed: completedNow,
        ctaClicked: ctaNow,
        playedRanges: JSON.stringify(ranges),
      });
    }

    const add = {
      views: isNewView ? 1 : 0,
      completedViews: completedNow ? 1 : 0,
      watchSeconds: watchDelta,
      ctaClicks: ctaNow ? 1 : 0,
    };
    // The first view of its watch page is what makes a video "shared" (`tweeted` in the library).
    if (isNewView) await markLibraryVideoShared(tx, { accountId: video.accountId, videoId: video.id });
    if (add.views || add.completedViews || add.watchSeconds || add.ctaClicks) {
      await tx
        .update(videos)
        .set({
          views: sql`${videos.views} + ${add.views}`,
          completedViews: sql`${videos.completedViews} + ${add.completedViews}`,
          watchSeconds: sql`${videos.watchSeconds} + ${add.watchSeconds}`,
          ctaClicks: sql`${videos.ctaClicks} + ${add.ctaClicks}`,
        })
        .where(eq(videos.id, video.id));
      await tx
        .insert(videoDailyStats)
        .values({ videoId: video.id, day, ...add })
        .onConflictDoUpdate({
          target: [videoDailyStats.videoId, videoDailyStats.day],
          set: {
            views: sql`${videoDailyStats.views} + ${add.views}`,
            completedViews: sql`${videoDailyStats.completedViews} + ${add.completedViews}`,
            watchSeconds: sql`${videoDailyStats.watchSeconds} + ${add.watchSeconds}`,
            ctaClicks: sql`${videoDailyStats.ctaClicks} + ${add.ctaClicks}`,
          },
        });
    }
    return {
      counted: { view: isNewView, completion: completedNow, cta: ctaNow, watchSeconds: watchDelta },
    };
  });
}

/** Per-day totals for a video's chart (account-scoped), oldest first, gaps filled with zeros. */
export async function dailyStats(
  db: Db,
  params: { accountId: string; videoId: string; days?: number; now?: Date },
): Promise<Array<{ day: string; views: number; completed_views: number; watch_seconds: number; cta_clicks: number }>> {
  const days = params.days ?? 30;
  const end = params.now ?? new Date();
  const start = new Date(end.getTime() - (days - 1) * 86_400_000);
  const startDay = start.toISOString().slice(0, 10);
  const [owned] = await db
    .select({ id: videos.id })
    .from(videos)
    .where(and(eq(videos.id, params.videoId), eq(videos.accountId, params.accountId), isNull(videos.deletedAt)))
    .limit(1);
  if (!owned) throw AppError.notFound('Video');
  const rows = await db
    .select()
    .from(videoDailyStats)
    .where(and(eq(videoDailyStats.videoId, params.videoId), gte(videoDailyStats.day, startDay)))
    .orderBy(asc(videoDailyStats.day));
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      views: r?.views ?? 0,
      completed_views: r?.completedViews ?? 0,
      watch_seconds: Math.round((r?.watchSeconds ?? 0) * 10) / 10,
      cta_clicks: r?.ctaClicks ?? 0,
    };
  });
}
