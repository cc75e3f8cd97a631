'use client';
/**
 * /batches/[id]: a batch's progress and ETA, counts by status, every row
 * (its video's status and link, or why the row was refused), and what can
 * be done with it: cancel what is still rendering, render the failed and
 * cancelled ones again, download the results as CSV (share link, status
 * and error per row). Polls while anything is processing.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, CircleAlert, Download, RotateCcw, Square } from 'lucide-react';
import Link from 'next/link';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { useConfirm } from '@/components/ui/confirm';
import { formatDateTime, formatRelative } from '@/components/videos/format';
import { ProgressBar, StatusBadge, type VideoStatus } from '@/components/videos/status';
import { cn } from '@/lib/utils';
import { resultsCsv } from './csv-import';
import { downloadText, RowErrors } from './row-errors';

const POLL_MS = 3_000;

function ItemStatus({ status }: { status: string }) {
  if (status === 'rejected') {
    return (
      <span data-testid="status-badge" data-status="rejected" className="inline-flex items-center gap-1 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-inset ring-red-200">
        <CircleAlert className="h-3.5 w-3.5" aria-hidden /> Rejected
      </span>
    );
  }
  if (status === 'deleted') return <span className="text-xs text-slate-500">Deleted</span>;
  return <StatusBadge status={status as VideoStatus} />;
}

export function BatchDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const batch = useQuery(trpc.batches.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.data?.status === 'processing' ? POLL_MS : false) }));
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.batches.pathFilter()), queryClient.invalidateQueries(trpc.videos.list.pathFilter())]);
  const cancel = useMutation(trpc.batches.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.batches.retry.mutationOptions({ onSuccess: refresh }));

  if (batch.isLoading) return <div className="h-64 animate-pulse rounded-xl bg-slate-200/70" />;
  if (batch.error || !batch.data) {
    return <Card className="p-6 text-sm text-red-700">This batch could not be loaded: {batch.error?.message ?? 'not found'}.</Card>;
  }
  const b = batch.data;
  const again = b.counts.failed + b.counts.cancelled;

  const download = () => downloadText(`${b.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || b.id}-results.csv`, resultsCsv(b.items));

  const onCancel = async () => {
    const ok = await confirm({
      title: 'Cancel this batch?',
      description: `${b.counts.processing} videos still rendering or queued stop now. Published videos stay; you can render the cancelled ones later.`,
      confirmLabel: 'Cancel batch',
      destructive: true,
    });
    if (!ok) return;
    try {
      await cancel.mutateAsync({ id });
      toast.success('Batch cancelled');
    } catch (err) {
      toast.error(err instanceof Error ? err.message : 'Could not cancel');
    }
  };

  const onRetry = async () => {
    try {
      await retry.mutateAsync({ id });
      toast.success(`${again} ${again === 1 ? 'video' : 'videos'} rendering again`);
    } catch (err) {
      toast.error(err instanceof Error ? err.message : 'Could not retry');
    }
  };

  const stats: Array<[string, number, string]> = [
    ['Published', b.counts.published, 'text-emerald-700'],
    ['Processing', b.counts.processing, 'text-amber-700'],
    ['Failed', b.counts.failed, 'text-red-700'],
    ['Cancelled', b.counts.cancelled, 'text-slate-700'],
    ['Rejected rows', b.counts.rejected, 'text-red-700'],
  ];

  return (
    <div className="space-y-6">
      <div>
        <Link href="/batches" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
          <ArrowLeft className="h-4 w-4" /> Batches
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold tracking-tight">{b.name}</h1>
            <p className="mt-1 text-sm text-slate-500">
              <span className="font-mono">{b.id}</span> · {b.counts.total} rows · started {formatDateTime(b.created_at)}
              {b.source.startsWith('csv:') && ` · from ${b.source.slice(4)}`}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={download} data-testid="download-results">
              <Download className="h-4 w-4" /> Results CSV
            </Button>
            {again > 0 && b.status !== 'processing' && (
              <Button variant="secondary" size="sm" onClick={() => void onRetry()} disabled={retry.isPending} data-testid="retry-batch">
                <RotateCcw className="h-4 w-4" /> Retry {again} {retryWhat(b.counts)}
              </Button>
            )}
            {b.status === 'processing' && (
              <Button variant="secondary" size="sm" onClick={() => void onCancel()} disabled={cancel.isPending} data-testid="cancel-batch">
                <Square className="h-4 w-4" /> Cancel batch
              </Button>
            )}
          </div>
        </div>
      </div>

      <Card className="px-5 py-4">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <span className="font-medium text-slate-800" data-testid="batch-status" data-status={b.status}>
            {b.status === 'processing' ? 'Rendering' : b.status === 'cancelled' ? 'Cancelled' : 'Completed'} · {Math.round(b.progress * 100)}%
          </span>
          <span className="text-slate-500">
            {b.status === 'processing' && b.estimated_completion ? `All done ${formatRelative(b.estimated_completion)}` : b.completed_at ? `Finished ${formatDateTime(b.completed_at)}` : null}
          </span>
        </div>
        <ProgressBar className="mt-3" value={b.status === 'processing' ? b.progress : 1} label="Batch progress" />
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
          {stats.map(([label, n, tone]) => (
            <div key={label}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className={cn('text-xl font-semibold tabular-nums', n ? tone : 'text-slate-400')}>{n}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <Card className="overflow-hidden">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="w-12 px-4 py-2">Row</th>
                <th scope="col" className="px-4 py-2">Video</th>
                <th scope="col" className="hidden px-4 py-2 sm:table-cell">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {b.items.map((item) => (
                <tr key={item.row} data-testid="batch-item" data-row={item.row} data-status={item.status} className="align-top">
                  <td className="px-4 py-3 tabular-nums text-slate-500">{item.row + 1}</td>
                  <td className="min-w-0 px-4 py-3">
                    {/* On a phone the status column folds in here. */}
                    <div className="mb-1 sm:hidden">
                      <ItemStatus status={item.status} />
                    </div>
                    {item.video_id && item.status !== 'deleted' ? (
                      <Link href={`/videos/${item.video_id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                        {item.title}
                      </Link>
                    ) : (
                      <span className="font-medium text-slate-700">{item.title ?? '—'}</span>
                    )}
                    {item.errors && (
                      <div className="mt-1">
                        <RowErrors errors={item.errors} />
                      </div>
                    )}
                    {item.error && <p className="mt-1 text-xs text-red-700">{item.error.message}</p>}
                    {item.status === 'published' && item.share_url && (
                      <a href={item.share_url} target="_blank" rel="noreferrer" className="mt-0.5 block truncate text-xs text-indigo-700 underline-offset-2 hover:underline">
                        {item.share_url}
                      </a>
                    )}
                  </td>
                  <td className="hidden px-4 py-3 sm:table-cell">
                    <ItemStatus status={item.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

/** What the retry button renders again: the failed videos, the cancelled ones, or both. */
function retryWhat(counts: { failed: number; cancelled: number }): string {
  if (counts.cancelled === 0) return 'failed';
  return counts.failed === 0 ? 'cancelled' : 'failed or cancelled';
}
