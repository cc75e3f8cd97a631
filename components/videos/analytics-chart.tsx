/**
 * Views per day as CSS bars (no chart library): the full bar is views, the
 * darker part the views that reached the end. Hovering a day shows its
 * numbers. Days come from `videos.stats`, oldest first, gaps already zero.
 */
import { cn } from '@/lib/utils';
import { formatWatchTime } from './format';
import type { DailyStat } from './types';

/** 0 → 4, 7 → 8, 23 → 25, 130 → 150: a round top for the axis. */
function niceMax(n: number): number {
  if (n <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  const steps = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
  const step = steps.find((s) => s * magnitude >= n) ?? 10;
  return step * magnitude;
}

function dayLabel(day: string, long = false): string {
  // Stats days are UTC calendar days; format them as such, not shifted into the viewer's zone.
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(long ? { weekday: 'short' } : {}),
    timeZone: 'UTC',
  });
}

export function AnalyticsChart({ stats, className }: { stats: readonly DailyStat[]; className?: string }) {
  const max = niceMax(Math.max(0, ...stats.map((d) => d.views)));
  const totals = stats.reduce(
    (t, d) => ({ views: t.views + d.views, completed: t.completed + d.completed_views, cta: t.cta + d.cta_clicks }),
    { views: 0, completed: 0, cta: 0 },
  );
  const labels = stats.length ? [stats[0], stats[Math.floor(stats.length / 2)], stats[stats.length - 1]] : [];
  return (
    <div className={className} data-testid="analytics-chart">
      <div className="mb-4 flex flex-wrap items-center gap-x-5 gap-y-1 text-xs text-slate-600">
        <span className="flex items-center gap-1.5">
          <span className="h-2.5 w-2.5 rounded-sm bg-indigo-200" /> Views <b className="font-semibold text-slate-900">{totals.views}</b>
        </span>
        <span className="flex items-center gap-1.5">
          <span className="h-2.5 w-2.5 rounded-sm bg-indigo-600" /> Watched to the end <b className="font-semibold text-slate-900">{totals.completed}</b>
        </span>
        <span className="flex items-center gap-1.5">
          <span className="h-2.5 w-2.5 rounded-sm bg-amber-400" /> CTA clicks <b className="font-semibold text-slate-900">{totals.cta}</b>
        </span>
      </div>
      <div className="relative">
        <div className="pointer-events-none absolute inset-0 flex flex-col justify-between" aria-hidden>
          {[max, max / 2, 0].map((v) => (
            <div key={v} className="flex items-center gap-2">
              <span className="w-6 text-right text-[10px] tabular-nums text-slate-400">{Math.round(v)}</span>
              <div className={cn('h-px flex-1', v === 0 ? 'bg-slate-300' : 'border-t border-dashed border-slate-200')} />
            </div>
          ))}
        </div>
        <div className="ml-8 flex h-44 items-end gap-[3px]" role="img" aria-label={`Views per day: ${totals.views} in ${stats.length} days`}>
          {stats.map((d) => {
            const pct = (d.views / max) * 100;
            return (
              <div key={d.day} className="group relative flex h-full flex-1 items-end">
                {d.views > 0 ? (
                  <div className="relative w-full rounded-t-sm bg-indigo-200 transition group-hover:bg-indigo-300" style={{ height: `${pct}%` }}>
                    <div className="absolute inset-x-0 bottom-0 rounded-t-sm bg-indigo-600" style={{ height: `${(d.completed_views / d.views) * 100}%` }} />
                    {d.cta_clicks > 0 && <div className="absolute inset-x-0 -top-1.5 mx-auto h-1 w-1 rounded-full bg-amber-400" />}
                  </div>
                ) : (
                  <div className="h-0.5 w-full rounded-full bg-slate-100 group-hover:bg-slate-300" />
                )}
                <div className="pointer-events-none absolute bottom-full left-1/2 z-10 mb-2 hidden w-max -translate-x-1/2 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs text-white shadow-lg group-hover:block">
                  <p className="font-medium">{dayLabel(d.day, true)}</p>
                  <p className="text-slate-300">
                    {d.views} views · {d.completed_views} to the end
                  </p>
                  <p className="text-slate-300">
                    {formatWatchTime(d.watch_seconds)} watched · {d.cta_clicks} CTA clicks
                  </p>
                </div>
              </div>
            );
          })}
        </div>
      </div>
      <div className="ml-8 mt-2 flex justify-between text-[11px] text-slate-500">
        {labels.map((d, i) => (
          <span key={`${d?.day}-${i}`}>{d ? dayLabel(d.day) : ''}</span>
        ))}
      </div>
    </div>
  );
}
