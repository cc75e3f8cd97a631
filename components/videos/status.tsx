/**
 * Status badge and progress bar shared by the list, the video page and the
 * dashboard, so the five states look the same everywhere.
 */
import { CircleAlert, CircleCheck, CircleSlash, FilePen, LoaderCircle } from 'lucide-react';
import { cn } from '@/lib/utils';

export type VideoStatus = 'draft' | 'processing' | 'published' | 'failed' | 'cancelled';

const STYLES: Record<VideoStatus, { label: string; className: string; icon: typeof CircleCheck }> = {
  draft: { label: 'Draft', className: 'bg-slate-100 text-slate-700 ring-slate-200', icon: FilePen },
  processing: { label: 'Processing', className: 'bg-amber-50 text-amber-800 ring-amber-200', icon: LoaderCircle },
  published: { label: 'Published', className: 'bg-emerald-50 text-emerald-700 ring-emerald-200', icon: CircleCheck },
  failed: { label: 'Failed', className: 'bg-red-50 text-red-700 ring-red-200', icon: CircleAlert },
  cancelled: { label: 'Cancelled', className: 'bg-slate-100 text-slate-700 ring-slate-300', icon: CircleSlash },
};

export function StatusBadge({ status, className }: { status: VideoStatus; className?: string }) {
  const { label, className: tone, icon: Icon } = STYLES[status];
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      className={cn('inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', tone, className)}
    >
      <Icon className={cn('h-3.5 w-3.5', status === 'processing' && 'animate-spin')} aria-hidden />
      {label}
    </span>
  );
}

/**
 * A render's progress (0–1). Before the worker reports anything the bar
 * pulses instead of sitting at 0%, which reads as "stuck".
 */
export function ProgressBar({ value, className, label }: { value: number | null | undefined; className?: string; label?: string }) {
  const known = typeof value === 'number' && value > 0;
  const pct = known ? Math.min(100, Math.max(2, Math.round(value * 100))) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label ?? 'Render progress'}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={known ? pct : undefined}
      className={cn('h-1.5 w-full overflow-hidden rounded-full bg-slate-200', className)}
    >
      {known ? (
        <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-700 ease-out" style={{ width: `${pct}%` }} />
      ) : (
        <div className="h-full w-1/3 animate-pulse rounded-full bg-indigo-400" />
      )}
    </div>
  );
}
