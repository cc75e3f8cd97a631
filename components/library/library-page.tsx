'use client';
/**
 * The Library page: drag-and-drop (or browse) chunked uploads with a real
 * progress bar, then processing state polled until ready; a grid or list of
 * the account's videos (uploads and published personalized videos) with
 * edit, delete, restore and a "show deleted" toggle.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, LayoutGrid, List, Loader2, UploadCloud, XCircle } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { EditDialog } from './edit-dialog';
import { PreviewDialog } from './preview-dialog';
import { formatBytes } from './format';
import { uploadFile } from './upload';
import { VideoCard, VideoRow, type LibraryItem } from './video-card';
import { useConfirm } from '@/components/ui/confirm';
import { toast } from 'sonner';

const ACCEPT = 'video/mp4,video/quicktime,video/webm,video/x-matroska,.mkv';

interface UploadTask {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'added' | 'failed';
  error?: string;
}

function UploadList({ tasks, onDismiss }: { tasks: UploadTask[]; onDismiss: (key: string) => void }) {
  if (tasks.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      {tasks.map((t) => (
        <li key={t.key} className="flex items-center gap-4 px-4 py-3" data-testid="upload-task">
          <div className="min-w-0 flex-1">
            <div className="flex items-baseline justify-between gap-3">
              <p className="truncate text-sm font-medium">{t.name}</p>
              <p className="shrink-0 text-xs text-slate-500">
                {t.state === 'uploading' ? `${Math.floor(t.progress * 100)}% of ${formatBytes(t.size)}` : formatBytes(t.size)}
              </p>
            </div>
            <div
              className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-slate-100"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.floor(t.progress * 100)}
              aria-label={`Uploading ${t.name}`}
            >
              <div
                className={cn('h-full rounded-full transition-all', t.state === 'failed' ? 'bg-red-500' : t.state === 'added' ? 'bg-emerald-500' : 'bg-indigo-500')}
                style={{ width: `${Math.max(2, t.progress * 100)}%` }}
              />
            </div>
            {t.error && <p className="mt-1 text-xs text-red-600">{t.error}</p>}
          </div>
          {t.state === 'uploading' && <Loader2 className="h-5 w-5 animate-spin text-indigo-500" />}
          {t.state === 'added' && <CheckCircle2 className="h-5 w-5 text-emerald-500" />}
          {t.state === 'failed' && (
            <button type="button" onClick={() => onDismiss(t.key)} aria-label="Dismiss">
              <XCircle className="h-5 w-5 text-red-500" />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function LibraryPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.account.current.queryOptions());
  const [showDeleted, setShowDeleted] = useState(false);
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [dragging, setDragging] = useState(false);
  const [tasks, setTasks] = useState<UploadTask[]>([]);
  const [editing, setEditing] = useState<LibraryItem | null>(null);
  const [playing, setPlaying] = useState<LibraryItem | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const list = useInfiniteQuery(
    trpc.library.list.infiniteQueryOptions(
      { count: 24, withDeleted: showDeleted },
      {
        getNextPageParam: (last) => last.nextCursor,
        // Poll while something is still processing.
        refetchInterval: (q) =>
          q.state.data?.pages.some((p) => p.data.some((v) => !v.deleted && (v.state === 'pending' || v.state === 'in_progress'))) ? 1500 : false,
      },
    ),
  );
  const videos = list.data?.pages.flatMap((p) => p.data) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.library.list.pathKey() });

  const associate = useMutation(trpc.library.associate.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(
    trpc.library.delete.mutationOptions({
      onSuccess: () => {
        toast.success('Video deleted', { description: 'It can be restored from the deleted videos.' });
        void refresh();
      },
      onError: (err) => toast.error('Could not delete the video', { description: err.message }),
    }),
  );
  const confirmAction = useConfirm();

  const patch = (key: string, p: Partial<UploadTask>) => setTasks((ts) => ts.map((t) => (t.key === key ? { ...t, ...p } : t)));

  const startUploads = (files: FileList | File[]) => {
    const accountId = account.data?.id;
    if (!accountId) return;
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Date.now()}-${Math.random()}`;
      setTasks((ts) => [{ key, name: file.name, size: file.size, progress: 0, state: 'uploading' }, ...ts]);
      void (async () => {
        try {
          const mediaId = await uploadFile(file, { accountId, category: 'amplify_video', onProgress: (progress) => patch(key, { progress }) });
          await associate.mutateAsync({ mediaId, title: file.name.replace(/\.[^.]+$/, '').slice(0, 100) });
          patch(key, { state: 'added', progress: 1 });
          setTimeout(() => setTasks((ts) => ts.filter((t) => t.key !== key)), 4000);
        } catch (err) {
          patch(key, { state: 'failed', error: (err as Error).message });
        }
      })();
    }
  };

  const actions = {
    onPlay: (v: LibraryItem) => setPlaying(v),
    onEdit: (v: LibraryItem) => setEditing(v),
    onDelete: async (v: LibraryItem) => {
      const ok = await confirmAction({
        title: 'Delete this video?',
        description: `“${v.title ?? v.id}” leaves the library; it stays visible under “Show deleted” and can be restored.`,
        confirmLabel: 'Delete',
        destructive: true,
      });
      if (ok) remove.mutate({ id: v.id });
    },
    onRestore: (v: LibraryItem) => associate.mutate({ mediaId: v.id.replace(/^13_/, '') }),
  };

  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Library</h1>
          <p className="mt-1 text-slate-600">Your uploaded videos and published personalized videos, ready to use in campaigns.</p>
        </div>
        <div className="flex items-center gap-3">
          <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700 select-none">
            <input
              type="checkbox"
              role="switch"
              data-testid="show-deleted"
              checked={showDeleted}
              onChange={(e) => setShowDeleted(e.target.checked)}
              className="peer sr-only"
            />
            <span className="relative h-5 w-9 rounded-full bg-slate-300 transition peer-checked:bg-indigo-600 after:absolute after:top-0.5 after:left-0.5 after:h-4 after:w-4 after:rounded-full after:bg-white after:shadow after:transition peer-checked:after:translate-x-4" />
            Show deleted
          </label>
          <div className="flex rounded-md bg-white p-0.5 shadow-sm ring-1 ring-slate-200">
            {(['grid', 'list'] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                aria-label={v === 'grid' ? 'Grid view' : 'List view'}
                onClick={() => setView(v)}
                className={cn('rounded p-1.5', view === v ? 'bg-indigo-50 text-indigo-700' : 'text-slate-500 hover:text-slate-800')}
              >
                {v === 'grid' ? <LayoutGrid className="h-4 w-4" /> : <List className="h-4 w-4" />}
              </button>
            ))}
          </div>
        </div>
      </div>

      <div
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer.files.length) startUploads(e.dataTransfer.files);
        }}
        className={cn(
          'flex flex-col items-center justify-center rounded-xl border-2 border-dashed px-6 py-10 text-center transition',
          dragging ? 'border-indigo-500 bg-indigo-50/60' : 'border-slate-300 bg-white hover:border-slate-400',
        )}
      >
        <div className={cn('rounded-full p-3', dragging ? 'bg-indigo-100 text-indigo-600' : 'bg-slate-100 text-slate-500')}>
          <UploadCloud className="h-7 w-7" />
        </div>
        <p className="mt-3 text-sm font-medium text-slate-900">Drag and drop videos here</p>
        <p className="mt-1 text-xs text-slate-500">MP4, MOV, WebM or MKV · up to 1 GB and 140 s · transcoded to H.264 when needed</p>
        <Button type="button" variant="secondary" size="sm" className="mt-4" disabled={!account.data} onClick={() => fileInput.current?.click()}>
          Browse files
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept={ACCEPT}
          multiple
          className="sr-only"
          aria-label="Upload videos"
          data-testid="upload-input"
          onChange={(e) => {
            if (e.target.files?.length) startUploads(e.target.files);
            e.target.value = '';
          }}
        />
      </div>

      <UploadList tasks={tasks} onDismiss={(key) => setTasks((ts) => ts.filter((t) => t.key !== key))} />

      {list.isLoading ? (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="h-56 animate-pulse rounded-xl bg-slate-200/60" />
          ))}
        </div>
      ) : list.error ? (
        <p className="text-sm text-red-600">{list.error.message}</p>
      ) : videos.length === 0 ? (
        <div className="rounded-xl bg-white px-6 py-12 text-center shadow-sm ring-1 ring-slate-200">
          <p className="text-sm font-medium text-slate-900">{showDeleted ? 'No videos, deleted or not.' : 'No videos yet.'}</p>
          <p className="mt-1 text-sm text-slate-500">Upload one above, or publish a personalized video: it appears here too.</p>
        </div>
      ) : view === 'grid' ? (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" data-testid="library-grid">
          {videos.map((v) => (
            <VideoCard key={v.id} video={v} {...actions} />
          ))}
        </div>
      ) : (
        <div className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left" data-testid="library-table">
            <thead className="bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th className="py-2 pr-3 pl-4">Poster</th>
                <th className="px-3 py-2">Title</th>
                <th className="px-3 py-2">Duration</th>
                <th className="px-3 py-2">Aspect</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Source</th>
                <th className="px-3 py-2">Added</th>
                <th className="py-2 pr-4 pl-3" />
              </tr>
            </thead>
            <tbody>
              {videos.map((v) => (
                <VideoRow key={v.id} video={v} {...actions} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {list.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      )}

      {playing && <PreviewDialog key={playing.id} video={playing} onClose={() => setPlaying(null)} />}
      {editing && account.data && <EditDialog video={editing} accountId={account.data.id} onClose={() => setEditing(null)} />}
    </div>
  );
}
