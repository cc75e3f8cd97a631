/**
 * The analytics numbers of the Videos API, from running totals:
 * - views: playback sessions that started;
 * - completion_rate: share of views that reached the end (0–1);
 * - average_watch_time: mean seconds actually played per view;
 * - engagement_score (0–10) = 10 × (0.5 × watch ratio + 0.3 × completion rate
 *   + 0.2 × CTA click rate), where watch ratio = average_watch_time / duration
 *   (capped at 1) and CTA click rate = views that clicked the call to action /
 *   views. Rounded to one decimal. Documented in the README.
 */
export interface AnalyticsTotals {
  views: number;
  completedViews: number;
  watchSeconds: number;
  ctaClicks: number;
  durationSeconds: number | null;
}

export interface VideoAnalytics {
  views: number;
  completion_rate: number;
  engagement_score: number;
  average_watch_time: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

export function computeAnalytics(t: AnalyticsTotals): VideoAnalytics {
  if (t.views <= 0) return { views: 0, completion_rate: 0, engagement_score: 0, average_watch_time: 0 };
  const completion = clamp01(t.completedViews / t.views);
  const averageWatch = Math.max(0, t.watchSeconds / t.views);
  const watchRatio = t.durationSeconds && t.durationSeconds > 0 ? clamp01(averageWatch / t.durationSeconds) : completion;
  const ctaRate = clamp01(t.ctaClicks / t.views);
  const score = 10 * (0.5 * watchRatio + 0.3 * completion + 0.2 * ctaRate);
  return {
    views: t.views,
    completion_rate: round(completion, 2),
    engagement_score: round(score, 1),
    average_watch_time: round(averageWatch, 1),
  };
}
