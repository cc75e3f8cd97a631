'use client';
/**
 * /videos: the account's videos, newest first, filtered by status tab and
 * paged with the API's pagination object. Tabs and pages are links
 * (?status=&page=&limit=), so a filtered page can be shared and the back
 * button works. While any row is processing the page polls, and each
 * processing row shows its render progress.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, Clapperboard, Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { Card } from '@/components/ui/card';
import { cn } from '@/lib/utils';
import { formatDate, formatDateTime, formatDuration, formatRelative } from './format';
import { ProgressBar, StatusBadge, type VideoStatus } from './status';
import type { VideoListRow } from './types';
import { LinkButton } from './link-button';
import { listHref, PAGE_SIZES } from './list-params';
import { VideoThumb } from './video-thumb';

export const STATUS_TABS = [
  { key: 'all', label: 'All', status: undefined },
  { key: 'processing', label: 'Processing', status: 'processing' },
  { key: 'published', label: 'Published', status: 'published' },
  { key: 'failed', label: 'Failed', status: 'failed' },
  { key: 'draft', label: 'Drafts', status: 'draft' },
] as const satisfies ReadonlyArray<{ key: string; label: string; status: VideoStatus | undefined }>;

const POLL_MS = 3_000;

/** Render progress of one processing row (its `get` is batched with the others into one request). */
function RowProgress({ id }: { id: string }) {
  const trpc = useTRPC();
  const video = useQuery(
    trpc.videos.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.data?.status === 'processing' ? POLL_MS : false) }),
  );
  const progress = video.data?.progress ?? null;
  const eta = video.data?.estimated_completion;
  return (
    <div className="mt-1.5 w-40">
      <ProgressBar value={progress} />
      <p className="mt-1 whitespace-nowrap text-[11px] text-slate-500">
        {progress ? `${Math.round(progress * 100)}%` : 'Queued'}
        {eta && ` · ready ${formatRelative(eta)}`}
      </p>
    </div>
  );
}

function Row({ video }: { video: VideoListRow }) {
  const router = useRouter();
  const href = `/videos/${video.id}`;
  return (
    <tr
      className="group cursor-pointer hover:bg-slate-50/80"
      data-testid="video-row"
      data-video-id={video.id}
      // The title is the real link (keyboard, middle-click); this makes the whole row a target.
      onClick={(e) => {
        if (!(e.target as HTMLElement).closest('a')) router.push(href);
      }}
    >
      <td className="py-3 pl-4 pr-4 sm:pl-6 sm:pr-3">
        <div className="flex items-center gap-3 sm:gap-4">
          <VideoThumb
            thumbnail={video.thumbnail}
            status={video.status}
            duration={video.duration != null ? formatDuration(video.duration) : null}
            className="w-20 shrink-0 sm:w-28"
          />
          <div className="min-w-0 max-w-md">
            {/* Two wrapped lines on a phone, one truncated line beside the other columns. */}
            <Link href={href} className="line-clamp-2 break-words font-medium text-slate-900 group-hover:text-indigo-700 sm:line-clamp-none sm:block sm:truncate">
              {video.title}
            </Link>
            <p className="truncate font-mono text-xs text-slate-500">{video.id}</p>
            {/* On a phone the status column folds in here. */}
            <div className="mt-1.5 sm:hidden">
              <StatusBadge status={video.status} />
              {video.status === 'processing' && <RowProgress id={video.id} />}
            </div>
          </div>
        </div>
      </td>
      <td className="hidden px-3 py-3 align-middle sm:table-cell">
        <StatusBadge status={video.status} />
        {video.status === 'processing' && <RowProgress id={video.id} />}
      </td>
      <td className="hidden px-3 py-3 text-sm tabular-nums text-slate-700 md:table-cell">{formatDuration(video.duration)}</td>
      <td className="hidden px-3 py-3 pr-6 text-sm text-slate-700 sm:table-cell" title={formatDateTime(video.created_at)}>
        {formatDate(video.created_at)}
      </td>
    </tr>
  );
}

function EmptyState() {
  return (
    <Card className="flex flex-col items-center px-6 py-16 text-center" data-testid="videos-empty">
      <div className="flex h-14 w-14 items-center justify-center rounded-2xl bg-indigo-50 text-indigo-600 ring-1 ring-inset ring-indigo-100">
        <Clapperboard className="h-7 w-7" />
      </div>
      <h2 className="mt-5 text-lg font-semibold text-slate-900">No videos yet</h2>
      <p className="mt-1 max-w-md text-sm text-slate-600">
        Pick a template, add a few details about your customer, and Clipwright writes, renders and hosts a video made just for them.
      </p>
      <LinkButton href="/videos/new" size="lg" className="mt-6">
        <Plus className="h-4 w-4" /> Create your first video
      </LinkButton>
    </Card>
  );
}

export function VideosList({ status, page, limit }: { status?: VideoStatus; page: number; limit: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(
    trpc.videos.list.queryOptions(
      { page, limit, status },
      {
        placeholderData: keepPreviousData,
        // Poll only while something is rendering: an idle list costs nothing.
        refetchInterval: (q) => (q.state.data?.data.some((v) => v.status === 'processing') ? POLL_MS : false),
      },
    ),
  );
  // Whether the account has any video at all decides between the first-run empty state and "nothing in this tab".
  const anyVideo = useQuery(trpc.videos.list.queryOptions({ page: 1, limit: 1 }, { enabled: status !== undefined }));
  const activeTab = STATUS_TABS.find((t) => t.status === status) ?? STATUS_TABS[0];

  if (list.isLoading) {
    return (
      <Card className="divide-y divide-slate-100" aria-busy>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="flex items-center gap-4 px-6 py-3">
            <div className="aspect-video w-28 animate-pulse rounded-md bg-slate-200" />
            <div className="flex-1 space-y-2">
              <div className="h-4 w-1/3 animate-pulse rounded bg-slate-200" />
              <div className="h-3 w-1/5 animate-pulse rounded bg-slate-100" />
            </div>
          </div>
        ))}
      </Card>
    );
  }
  if (list.error || !list.data) {
    return (
      <Card className="p-6 text-sm text-red-700" role="alert">
        Videos could not be loaded: {list.error?.message ?? 'unknown error'}.{' '}
        <button type="button" className="font-medium underline" onClick={() => void list.refetch()}>
          Try again
        </button>
      </Card>
    );
  }

  const { data, pagination } = list.data;
  const firstRun = pagination.total === 0 && data.length === 0 && (status === undefined ? page === 1 : anyVideo.data?.pagination.total === 0);
  if (firstRun) return <EmptyState />;

  const from = data.length ? (pagination.page - 1) * pagination.limit + 1 : 0;
  const to = (pagination.page - 1) * pagination.limit + data.length;

  return (
    <div className="space-y-4">
      <nav className="flex gap-1 overflow-x-auto border-b border-slate-200" aria-label="Filter by status">
        {STATUS_TABS.map((t) => {
          const active = t.key === activeTab.key;
          return (
            <Link
              key={t.key}
              href={listHref({ status: t.status, limit })}
              aria-current={active ? 'page' : undefined}
              className={cn(
                '-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium transition-colors',
                active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800',
              )}
            >
              {t.label}
              {active && <span className="ml-1.5 rounded-full bg-indigo-50 px-1.5 py-px text-xs text-indigo-700">{pagination.total}</span>}
            </Link>
          );
        })}
      </nav>

      <Card className="overflow-hidden">
        <table className="w-full table-fixed divide-y divide-slate-100 sm:table-auto">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-3 pl-4 pr-3 sm:pl-6">
                Video
              </th>
              <th scope="col" className="hidden px-3 py-3 sm:table-cell">
                Status
              </th>
              <th scope="col" className="hidden px-3 py-3 md:table-cell">
                Duration
              </th>
              <th scope="col" className="hidden px-3 py-3 pr-6 sm:table-cell">
                Created
              </th>
            </tr>
          </thead>
          <tbody className={cn('divide-y divide-slate-100', list.isPlaceholderData && 'opacity-60')}>
            {data.map((v) => (
              <Row key={v.id} video={v} />
            ))}
            {data.length === 0 && (
              <tr>
                <td colSpan={4} className="px-6 py-14 text-center">
                  <p className="font-medium text-slate-900">
                    {page > 1 ? 'This page is empty.' : `No ${activeTab.key === 'all' ? '' : `${activeTab.label.toLowerCase()} `}videos.`}
                  </p>
                  <p className="mt-1 text-sm text-slate-500">
                    {page > 1 ? (
                      <Link href={listHref({ status, limit })} className="text-indigo-600 hover:underline">
                        Back to the first page
                      </Link>
                    ) : status === 'failed' ? (
                      'Nothing has failed. Good news.'
                    ) : (
                      <Link href="/videos" className="text-indigo-600 hover:underline">
                        Show all videos
                      </Link>
                    )}
                  </p>
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 bg-slate-50/60 px-4 py-3 text-sm text-slate-600 sm:px-6">
          <p data-testid="pagination-summary">
            {pagination.total === 0 ? 'No videos' : `${from}–${to} of ${pagination.total}`}
          </p>
          <div className="flex items-center gap-3">
            <label className="flex items-center gap-2">
              <span className="hidden sm:inline">Per page</span>
              <select
                aria-label="Videos per page"
                value={limit}
                onChange={(e) => router.push(listHref({ status, limit: Number(e.target.value) }))}
                className="h-8 rounded-md border-0 bg-white px-2 text-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600"
              >
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <div className="flex gap-1">
              <PageLink page={pagination.prev_page} status={status} limit={limit} label="Previous page">
                <ChevronLeft className="h-4 w-4" />
              </PageLink>
              <span className="flex items-center px-2 tabular-nums">
                Page {pagination.page} of {Math.max(1, Math.ceil(pagination.total / pagination.limit))}
              </span>
              <PageLink page={pagination.next_page} status={status} limit={limit} label="Next page">
                <ChevronRight className="h-4 w-4" />
              </PageLink>
            </div>
          </div>
        </div>
      </Card>
    </div>
  );
}

function PageLink({ page, status, limit, label, children }: { page: number | null; status?: VideoStatus; limit: number; label: string; children: React.ReactNode }) {
  const cls = 'flex h-8 w-8 items-center justify-center rounded-md ring-1 ring-inset ring-slate-300';
  if (page === null) {
    return (
      <span role="link" aria-disabled="true" className={cn(cls, 'cursor-not-allowed bg-slate-50 text-slate-300')} aria-label={label}>
        {children}
      </span>
    );
  }
  return (
    <Link href={listHref({ status, page, limit })} aria-label={label} className={cn(cls, 'bg-white text-slate-700 hover:bg-slate-50')}>
      {children}
    </Link>
  );
}
