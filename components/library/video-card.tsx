'use client';
/** One library video as a grid card or a list row: poster, title, duration, aspect ratio, servability, actions. */
import { AlertTriangle, Clapperboard, Film, Loader2, Pencil, Play, RotateCcw, Sparkles, Trash2 } from 'lucide-react';
import type { LibraryVideoDetails } from '@/server/library/schemas';
import { cn } from '@/lib/utils';
import { formatDate, formatDuration, humanReason } from './format';

export type LibraryItem = LibraryVideoDetails;

export function StatusBadge({ video }: { video: LibraryItem }) {
  if (video.deleted) {
    return <span className="inline-flex items-center gap-1 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">Deleted</span>;
  }
  if (video.state === 'failed') {
    return (
      <span className="inline-flex items-center gap-1 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200">
        <AlertTriangle className="h-3 w-3" /> Failed
      </span>
    );
  }
  if (!video.ready_to_tweet) {
    return (
      <span className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
        <Loader2 className="h-3 w-3 animate-spin" /> Processing {video.progress_percent > 0 ? `${video.progress_percent}%` : ''}
      </span>
    );
  }
  return (
    <span data-testid="ready-badge" className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">
      Ready
    </span>
  );
}

/** Whether the video can be played here: processed, not deleted, with a file to play. */
export function isPlayable(video: LibraryItem): boolean {
  return Boolean(video.preview_url) && video.ready_to_tweet && !video.deleted;
}

function Poster({ video, className, onPlay }: { video: LibraryItem; className?: string; onPlay?: (v: LibraryItem) => void }) {
  const playable = onPlay && isPlayable(video);
  return (
    <div className={cn('relative overflow-hidden bg-slate-900', className)}>
      {playable && (
        <button
          type="button"
          onClick={() => onPlay(video)}
          aria-label={`Play ${video.title ?? video.id}`}
          className="absolute inset-0 z-10 flex items-center justify-center bg-black/0 text-white opacity-80 transition hover:bg-black/30 hover:opacity-100 focus-visible:bg-black/30 focus-visible:opacity-100"
        >
          <span className="flex h-11 w-11 items-center justify-center rounded-full bg-black/60 ring-1 ring-white/30">
            <Play className="h-5 w-5 translate-x-px fill-current" aria-hidden />
          </span>
        </button>
      )}
      {video.poster_url ? (
        <img src={video.poster_url} alt="" className={cn('h-full w-full object-contain', video.deleted && 'opacity-40 grayscale')} />
      ) : (
        <div className="flex h-full w-full items-center justify-center text-slate-500">
          {video.state === 'failed' ? <AlertTriangle className="h-8 w-8 text-red-400" /> : <Film className="h-8 w-8" />}
        </div>
      )}
      {!video.ready_to_tweet && !video.deleted && video.state !== 'failed' && (
        <div className="absolute inset-x-0 bottom-0 h-1 bg-white/10">
          <div className="h-full bg-indigo-400 transition-all" style={{ width: `${Math.max(4, video.progress_percent)}%` }} />
        </div>
      )}
      {video.duration !== null && (
        <span className="absolute right-2 bottom-2 rounded bg-black/70 px-1.5 py-0.5 font-mono text-xs text-white">{formatDuration(video.duration)}</span>
      )}
    </div>
  );
}

interface Actions {
  onPlay: (v: LibraryItem) => void;
  onEdit: (v: LibraryItem) => void;
  onDelete: (v: LibraryItem) => void;
  onRestore: (v: LibraryItem) => void;
}

function ActionButtons({ video, onEdit, onDelete, onRestore }: { video: LibraryItem } & Omit<Actions, 'onPlay'>) {
  const btn = 'rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900';
  if (video.deleted) {
    return (
      <button type="button" className={btn} title="Restore" aria-label={`Restore ${video.title ?? video.id}`} onClick={() => onRestore(video)}>
        <RotateCcw className="h-4 w-4" />
      </button>
    );
  }
  return (
    <div className="flex items-center gap-0.5">
      <button type="button" className={btn} title="Edit" aria-label={`Edit ${video.title ?? video.id}`} onClick={() => onEdit(video)}>
        <Pencil className="h-4 w-4" />
      </button>
      <button
        type="button"
        className={cn(btn, 'hover:bg-red-50 hover:text-red-600')}
        title="Delete"
        aria-label={`Delete ${video.title ?? video.id}`}
        onClick={() => onDelete(video)}
      >
        <Trash2 className="h-4 w-4" />
      </button>
    </div>
  );
}

function SourceTag({ video }: { video: LibraryItem }) {
  return video.source === 'render' ? (
    <span className="inline-flex items-center gap-1 text-xs text-violet-700">
      <Sparkles className="h-3 w-3" /> Personalized
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-xs text-slate-500">
      <Clapperboard className="h-3 w-3" /> Upload
    </span>
  );
}

export function VideoCard({ video, ...actions }: { video: LibraryItem } & Actions) {
  return (
    <div data-testid="library-card" data-video-id={video.id} className="group overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200 transition hover:shadow-md">
      <Poster video={video} className="aspect-video" onPlay={actions.onPlay} />
      <div className="space-y-2 p-3">
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <p className="truncate text-sm font-medium text-slate-900" title={video.title ?? undefined}>
              {video.title ?? <span className="text-slate-400 italic">Untitled</span>}
            </p>
            <p className="truncate font-mono text-[11px] text-slate-400">{video.id}</p>
          </div>
          <ActionButtons video={video} {...actions} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge video={video} />
          {video.aspect_ratio && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{video.aspect_ratio}</span>}
          <SourceTag video={video} />
        </div>
        {video.error && (
          <p className="rounded-md bg-red-50 px-2 py-1.5 text-xs text-red-700" title={video.error.name}>
            {video.error.message}
          </p>
        )}
      </div>
    </div>
  );
}

export function VideoRow({ video, ...actions }: { video: LibraryItem } & Actions) {
  return (
    <tr data-testid="library-row" data-video-id={video.id} className="border-t border-slate-100">
      <td className="py-2 pr-3 pl-4">
        <Poster video={video} className="h-12 w-20 rounded-md" onPlay={actions.onPlay} />
      </td>
      <td className="max-w-xs px-3 py-2">
        <p className="truncate text-sm font-medium text-slate-900">{video.title ?? <span className="text-slate-400 italic">Untitled</span>}</p>
        {video.description && <p className="truncate text-xs text-slate-500">{video.description}</p>}
      </td>
      <td className="px-3 py-2 font-mono text-sm text-slate-700">{formatDuration(video.duration)}</td>
      <td className="px-3 py-2 text-sm text-slate-700">{video.aspect_ratio ?? '–'}</td>
      <td className="px-3 py-2">
        <div className="flex flex-col gap-1">
          <StatusBadge video={video} />
          {video.reasons_not_servable.length > 0 && (
            <span className="text-xs text-slate-500">{video.reasons_not_servable.map(humanReason).join(' · ')}</span>
          )}
        </div>
      </td>
      <td className="px-3 py-2">
        <SourceTag video={video} />
      </td>
      <td className="px-3 py-2 text-sm text-slate-500">{formatDate(video.created_at)}</td>
      <td className="py-2 pr-4 pl-3 text-right">
        <ActionButtons video={video} {...actions} />
      </td>
    </tr>
  );
}
