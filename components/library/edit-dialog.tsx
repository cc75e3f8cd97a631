'use client';
/** Edits a library video's title, description and poster image (uploaded through the chunked upload as tweet_image). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ImageUp, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { FieldError, Input, Label } from '@/components/ui/input';
import { uploadFile } from './upload';
import type { LibraryItem } from './video-card';

export function EditDialog({ video, accountId, onClose }: { video: LibraryItem; accountId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(video.title ?? '');
  const [description, setDescription] = useState(video.description ?? '');
  const [poster, setPoster] = useState<File | null>(null);
  const [posterPreview, setPosterPreview] = useState<string | null>(null);
  const [posterProgress, setPosterProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = useMutation(trpc.library.update.mutationOptions());

  useEffect(() => {
    if (!poster) return setPosterPreview(null);
    const url = URL.createObjectURL(poster);
    setPosterPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [poster]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const busy = update.isPending || posterProgress !== null;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      let posterImageMediaId: string | undefined;
      if (poster) {
        setPosterProgress(0);
        posterImageMediaId = await uploadFile(poster, { accountId, category: 'tweet_image', onProgress: setPosterProgress });
      }
      await update.mutateAsync({ id: video.id, title, description, posterImageMediaId });
      await queryClient.invalidateQueries({ queryKey: trpc.library.list.pathKey() });
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPosterProgress(null);
    }
  }

  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40 p-4 backdrop-blur-sm" onMouseDown={onClose}>
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="edit-video-title"
        onSubmit={save}
        onMouseDown={(e) => e.stopPropagation()}
        className="w-full max-w-lg overflow-hidden rounded-xl bg-white shadow-xl ring-1 ring-slate-200"
      >
        <div className="flex items-center justify-between border-b border-slate-100 px-6 py-4">
          <h2 id="edit-video-title" className="text-base font-semibold">
            Edit video
          </h2>
          <button type="button" onClick={onClose} className="rounded-md p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label="Close">
            <X className="h-4 w-4" />
          </button>
        </div>
        <div className="space-y-4 px-6 py-5">
          <div>
            <Label htmlFor="video-title">Title</Label>
            <Input id="video-title" className="mt-1" value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Spring campaign teaser" />
          </div>
          <div>
            <Label htmlFor="video-description">Description</Label>
            <textarea
              id="video-description"
              value={description}
              maxLength={500}
              rows={3}
              onChange={(e) => setDescription(e.target.value)}
              className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 outline-none ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
              placeholder="Only you see this: use it to find the video later."
            />
          </div>
          <div>
            <Label>Poster image</Label>
            <div className="mt-1 flex items-center gap-4">
              <div className="flex aspect-video w-40 items-center justify-center overflow-hidden rounded-md bg-slate-900">
                {posterPreview || video.poster_url ? (
                  <img src={posterPreview ?? video.poster_url ?? ''} alt="" className="h-full w-full object-contain" />
                ) : (
                  <span className="text-xs text-slate-500">First frame</span>
                )}
              </div>
              <label className="inline-flex cursor-pointer items-center gap-2 rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
                <ImageUp className="h-4 w-4" />
                {poster ? 'Change image' : 'Upload image'}
                <input type="file" accept="image/jpeg,image/png" className="sr-only" aria-label="Upload a poster image" data-testid="poster-input" onChange={(e) => setPoster(e.target.files?.[0] ?? null)} />
              </label>
            </div>
            {posterProgress !== null && (
              <div className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-slate-100">
                <div className="h-full bg-indigo-500 transition-all" style={{ width: `${Math.round(posterProgress * 100)}%` }} />
              </div>
            )}
            <p className="mt-1 text-xs text-slate-500">JPEG or PNG, up to 5 MB. Without one, the first frame is used.</p>
          </div>
          <FieldError message={error} />
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-6 py-3">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </div>
  );
}
