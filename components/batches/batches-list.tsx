'use client';
/** /batches: the account's batches, newest first, with their progress; polls while one renders. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Layers } from 'lucide-react';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc-provider';
import { Card } from '@/components/ui/card';
import { LinkButton } from '@/components/videos/link-button';
import { formatDateTime } from '@/components/videos/format';
import { ProgressBar } from '@/components/videos/status';

const LIMIT = 20;

export function BatchesList({ page }: { page: number }) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.batches.list.queryOptions(
      { page, limit: LIMIT },
      { placeholderData: keepPreviousData, refetchInterval: (q) => (q.state.data?.data.some((b) => b.status === 'processing') ? 3_000 : false) },
    ),
  );
  if (list.isLoading) return <div className="h-40 animate-pulse rounded-xl bg-slate-200/70" />;
  if (list.error || !list.data) return <Card className="p-6 text-sm text-red-700">Batches could not be loaded: {list.error?.message}</Card>;
  if (list.data.data.length === 0) {
    return (
      <Card className="flex flex-col items-center gap-3 px-6 py-12 text-center">
        <Layers className="h-8 w-8 text-slate-400" aria-hidden />
        <p className="font-medium text-slate-900">No batches yet</p>
        <p className="max-w-md text-sm text-slate-600">Upload a CSV of your customers and get one personalized video per row, or send a batch with POST /api/v1/batches.</p>
        <LinkButton href="/batches/new">Import a CSV</LinkButton>
      </Card>
    );
  }
  const { pagination } = list.data;
  return (
    <div className="space-y-4">
      <Card className="divide-y divide-slate-100">
        {list.data.data.map((b) => (
          <Link key={b.id} href={`/batches/${b.id}`} className="block px-4 py-4 hover:bg-slate-50 sm:px-6" data-testid="batch-row">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span className="min-w-0 break-words font-medium text-slate-900">{b.name}</span>
              <span className="text-xs text-slate-500">{formatDateTime(b.created_at)}</span>
            </div>
            <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-slate-600">
              <ProgressBar value={b.status === 'processing' ? b.progress : 1} className="w-40" label={`Progress of ${b.name}`} />
              <span>
                {b.counts.published} published · {b.counts.processing} processing · {b.counts.failed} failed
                {b.counts.cancelled ? ` · ${b.counts.cancelled} cancelled` : ''}
                {b.counts.rejected ? ` · ${b.counts.rejected} rejected` : ''}
              </span>
            </div>
          </Link>
        ))}
      </Card>
      {(pagination.prev_page || pagination.next_page) && (
        <nav className="flex justify-between text-sm" aria-label="Pages">
          {pagination.prev_page ? <Link href={`/batches?page=${pagination.prev_page}`}>← Newer</Link> : <span />}
          {pagination.next_page ? <Link href={`/batches?page=${pagination.next_page}`}>Older →</Link> : <span />}
        </nav>
      )}
    </div>
  );
}
