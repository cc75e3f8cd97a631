'use client';
/** The dashboard's latest videos, with a way to make the first one when there are none. */
import { useQuery } from '@tanstack/react-query';
import { ArrowRight, Clapperboard, Plus } from 'lucide-react';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc-provider';
import { Card, CardHeader, CardTitle } from '@/components/ui/card';
import { formatDate, formatDuration } from './format';
import { LinkButton } from './link-button';
import { StatusBadge } from './status';
import { VideoThumb } from './video-thumb';

export function RecentVideos() {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.videos.list.queryOptions(
      { page: 1, limit: 5 },
      { refetchInterval: (q) => (q.state.data?.data.some((v) => v.status === 'processing') ? 5_000 : false) },
    ),
  );
  const total = list.data?.pagination.total ?? 0;
  return (
    <Card>
      <CardHeader className="flex flex-wrap items-center justify-between gap-3">
        <CardTitle>Recent videos</CardTitle>
        <div className="flex items-center gap-3 whitespace-nowrap">
          {total > 0 && (
            <Link href="/videos" className="inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:underline">
              All {total} <ArrowRight className="h-3.5 w-3.5" />
            </Link>
          )}
          <LinkButton href="/videos/new" size="sm">
            <Plus className="h-4 w-4" /> Create video
          </LinkButton>
        </div>
      </CardHeader>
      {list.isLoading ? (
        <div className="space-y-3 px-6 py-5">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-12 animate-pulse rounded-md bg-slate-100" />
          ))}
        </div>
      ) : list.error ? (
        <p className="px-6 py-5 text-sm text-red-700">Videos could not be loaded: {list.error.message}</p>
      ) : total === 0 ? (
        <div className="flex flex-col items-center px-6 py-10 text-center">
          <div className="flex h-12 w-12 items-center justify-center rounded-2xl bg-indigo-50 text-indigo-600 ring-1 ring-inset ring-indigo-100">
            <Clapperboard className="h-6 w-6" />
          </div>
          <p className="mt-4 font-medium text-slate-900">Make your first personalized video</p>
          <p className="mt-1 max-w-sm text-sm text-slate-600">Pick a template, add your customer’s details, preview it live, and render.</p>
          <LinkButton href="/videos/new" className="mt-5">
            <Plus className="h-4 w-4" /> Create your first video
          </LinkButton>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.data?.data.map((v) => (
            <li key={v.id}>
              <Link href={`/videos/${v.id}`} className="flex items-center gap-4 px-6 py-3 hover:bg-slate-50">
                <VideoThumb thumbnail={v.thumbnail} status={v.status} className="w-20 shrink-0" />
                <div className="min-w-0 flex-1">
                  <p className="line-clamp-1 font-medium text-slate-900 [overflow-wrap:anywhere]">{v.title}</p>
                  <p className="text-xs text-slate-500">
                    {formatDate(v.created_at)}
                    {v.duration != null && ` · ${formatDuration(v.duration)}`}
                  </p>
                </div>
                <StatusBadge status={v.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
