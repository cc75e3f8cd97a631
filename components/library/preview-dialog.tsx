'use client';
/** Plays a library video in a modal <dialog> (Escape or the backdrop closes it, focus returns to the card). */
import { X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { LibraryItem } from './video-card';

export function PreviewDialog({ video, onClose }: { video: LibraryItem; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const title = video.title ?? video.id;
  return (
    <dialog
      ref={ref}
      aria-label={`Preview of ${title}`}
      data-testid="library-preview"
      onClose={onClose}
      onClick={(e) => e.target === e.currentTarget && ref.current?.close()}
      className="w-[calc(100%-2rem)] max-w-3xl rounded-xl bg-slate-950 p-0 text-white shadow-2xl backdrop:bg-slate-900/60 backdrop:backdrop-blur-sm"
    >
      <div className="flex items-center justify-between gap-3 px-4 py-3">
        <p className="min-w-0 truncate text-sm font-medium">{title}</p>
        <button type="button" onClick={() => ref.current?.close()} aria-label="Close preview" className="rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white">
          <X className="h-5 w-5" aria-hidden />
        </button>
      </div>
      {/* biome-ignore lint/a11y/useMediaCaption: uploaded videos have no caption track to offer */}
      <video
        src={video.preview_url ?? undefined}
        poster={video.poster_url ?? undefined}
        controls
        autoPlay
        playsInline
        className="max-h-[75vh] w-full bg-black object-contain"
        data-testid="library-preview-video"
      />
    </dialog>
  );
}
