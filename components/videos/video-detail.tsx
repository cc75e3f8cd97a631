'use client';
/**
 * /videos/[id]: one video. Published: the MP4 with its thumbnail as poster,
 * share/watch/download, analytics and a chart over time. Processing: render
 * progress and estimated completion, polled until it settles. Failed: the
 * error and Retry. Draft: Submit. In every state but published, the live
 * composition plays the stored script, so the team sees what is coming.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ArrowLeft,
  Check,
  CircleAlert,
  CircleSlash,
  Clock,
  Download,
  ExternalLink,
  Eye,
  FilePen,
  Gauge,
  Link2,
  LoaderCircle,
  RotateCcw,
  Send,
  Timer,
  Trash2,
  TrendingUp,
} from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/lib/utils';
import { dimensionsFor } from '@/remotion/formats';
import { formatBytes } from '@/components/library/format';
import { AnalyticsChart } from './analytics-chart';
import { CustomerDataView } from './customer-data-view';
import { formatDateTime, formatDuration, formatPercent, formatRelative, formatWatchTime } from './format';
import { LinkButton } from './link-button';
import type { JsonSchema } from './schema-form';
import { ScriptView } from './script-view';
import { SegmentedControl } from './segmented-control';
import { ProgressBar, StatusBadge } from './status';
import type { VideoDetail } from './types';
import { useConfirm } from '@/components/ui/confirm';
import { toast } from 'sonner';

const CompositionPreview = dynamic(() => import('./composition-preview').then((m) => m.CompositionPreview), {
  ssr: false,
  // The wrapper in Media gives the box its aspect ratio, so the placeholder just fills it.
  loading: () => <div className="h-full w-full animate-pulse rounded-xl bg-slate-800" />,
});

const POLL_MS = 2_000;

/** Media column width per format: portrait stays phone-sized, landscape gets room. */
const MEDIA_WIDTH: Record<string, string> = {
  '9:16': 'xl:w-[320px]',
  '1:1': 'xl:w-[400px]',
  '16:9': 'xl:w-[520px]',
};

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function StatCard({ icon: Icon, label, value, hint }: { icon: typeof Eye; label: string; value: string; hint: string }) {
  return (
    <Card className="p-4">
      <div className="flex items-center gap-2 text-sm text-slate-500">
        <Icon className="h-4 w-4" /> {label}
      </div>
      <p className="mt-2 text-2xl font-semibold tabular-nums tracking-tight text-slate-900">{value}</p>
      <p className="mt-0.5 text-xs text-slate-500">{hint}</p>
    </Card>
  );
}

function StatusPanel({
  video,
  now,
  onRetry,
  onSubmit,
  onCancel,
  busy,
  actionError,
}: {
  video: VideoDetail;
  now: number;
  onRetry: () => void;
  onSubmit: () => void;
  onCancel: () => void;
  busy: boolean;
  actionError: string | null;
}) {
  if (video.status === 'processing') {
    const eta = video.estimated_completion;
    const late = eta !== null && new Date(eta).getTime() < now;
    return (
      <div className="rounded-xl bg-amber-50/70 p-4 ring-1 ring-amber-200" data-testid="processing-panel">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <p className="flex items-center gap-2 font-medium text-amber-900">
            <LoaderCircle className="h-4 w-4 animate-spin" />
            {video.progress ? `Rendering… ${Math.round(video.progress * 100)}%` : 'Waiting for a render slot…'}
          </p>
          {eta && (
            <p className="flex items-center gap-1.5 text-amber-800" title={formatDateTime(eta)}>
              <Clock className="h-3.5 w-3.5" />
              {late ? 'Finishing up…' : `Ready ${formatRelative(eta, now)}`}
            </p>
          )}
        </div>
        <ProgressBar value={video.progress} className="mt-3 bg-amber-100" />
        <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs text-amber-800">This page updates by itself; you can leave it, the render keeps going.</p>
          <Button variant="ghost" size="sm" className="text-amber-900 hover:bg-amber-100" onClick={onCancel} disabled={busy} data-testid="cancel-render">
            <CircleSlash className="h-4 w-4" /> Cancel render
          </Button>
        </div>
      </div>
    );
  }
  if (video.status === 'cancelled') {
    return (
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-100/80 p-4 ring-1 ring-slate-200" data-testid="cancelled-panel">
        <div className="flex gap-3">
          <CircleSlash className="mt-0.5 h-5 w-5 shrink-0 text-slate-500" />
          <div>
            <p className="font-medium text-slate-900">The render was cancelled</p>
            <p className="mt-0.5 text-sm text-slate-600">Nothing was published. Render it again when you are ready.</p>
            {actionError && <p className="mt-2 text-sm text-red-700">{actionError}</p>}
          </div>
        </div>
        <Button onClick={onRetry} disabled={busy}>
          {busy ? <LoaderCircle className="h-4 w-4 animate-spin" /> : <RotateCcw className="h-4 w-4" />} Render again
        </Button>
      </div>
    );
  }
  if (video.status === 'failed') {
    return (
      <div className="flex flex-wrap items-start justify-between gap-3 rounded-xl bg-red-50 p-4 ring-1 ring-red-200" role="alert" data-testid="failed-panel">
        <div className="flex gap-3">
          <CircleAlert className="mt-0.5 h-5 w-5 shrink-0 text-red-600" />
          <div>
            <p className="font-medium text-red-900">The render failed</p>
            <p className="mt-0.5 text-sm text-red-800">{video.error?.message || 'No reason was recorded.'}</p>
            {video.error?.code && <code className="mt-1 inline-block rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">{video.error.code}</code>}
            {actionError && <p className="mt-2 text-sm text-red-700">{actionError}</p>}
          </div>
        </div>
        <Button onClick={onRetry} disabled={busy}>
          {busy ? <LoaderCircle className="h-4 w-4 animate-spin" /> : <RotateCcw className="h-4 w-4" />} Retry
        </Button>
      </div>
    );
  }
  if (video.status === 'draft') {
    return (
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-100/80 p-4 ring-1 ring-slate-200" data-testid="draft-panel">
        <div className="flex gap-3">
          <FilePen className="mt-0.5 h-5 w-5 shrink-0 text-slate-500" />
          <div>
            <p className="font-medium text-slate-900">This is a draft</p>
            <p className="mt-0.5 text-sm text-slate-600">Nothing has been rendered yet. Submit it to render the video below.</p>
            {actionError && <p className="mt-2 text-sm text-red-700">{actionError}</p>}
          </div>
        </div>
        <Button onClick={onSubmit} disabled={busy}>
          {busy ? <LoaderCircle className="h-4 w-4 animate-spin" /> : <Send className="h-4 w-4" />} Submit for rendering
        </Button>
      </div>
    );
  }
  return null;
}

function Media({ video }: { video: VideoDetail }) {
  const { width, height } = dimensionsFor(video.aspect_ratio, video.resolution);
  if (video.status === 'published' && video.url) {
    return (
      <video
        data-testid="video-player"
        controls
        playsInline
        preload="metadata"
        poster={video.thumbnail ?? undefined}
        src={video.url}
        className="w-full rounded-xl bg-black shadow-lg ring-1 ring-slate-900/10"
        style={{ aspectRatio: `${width} / ${height}` }}
      >
        {/* The watch page's same-origin copy: a track from another origin (a bucket) would need CORS. */}
        {video.captions === 'sidecar' && video.captions_url && (
          <track kind="captions" src={`/v/${video.id}/captions.vtt`} srcLang="en" label="Captions" default />
        )}
      </video>
    );
  }
  if (video.script) {
    return (
      <div>
        <div style={{ aspectRatio: `${width} / ${height}` }}>
          <CompositionPreview
          templateId={video.template_id}
          customerData={video.customer_data}
          script={video.script}
          aspectRatio={video.aspect_ratio}
          resolution={video.resolution}
          burnedCaptions={video.captions === 'burned'}
          className="max-w-none"
          />
        </div>
        <p className="mt-2 text-center text-xs text-slate-500">Live preview of the script; the MP4 appears here once rendered.</p>
      </div>
    );
  }
  return (
    <div className="flex w-full items-center justify-center rounded-xl bg-slate-900 p-6 text-center text-sm text-slate-400" style={{ aspectRatio: `${width} / ${height}` }}>
      {video.status === 'processing' ? 'The script is being written…' : 'No preview available.'}
    </div>
  );
}

const CAPTION_LABELS: Record<VideoDetail['captions'], string> = {
  burned: 'Burned into the picture',
  sidecar: 'Track (WebVTT)',
  off: 'Off',
};

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-3 py-2 text-sm first:pt-0 last:pb-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </div>
  );
}

export function VideoDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const video = useQuery(
    trpc.videos.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.data?.status === 'processing' ? POLL_MS : false) }),
  );
  const status = video.data?.status;
  const [days, setDays] = useState<'7' | '30' | '90'>('30');
  const stats = useQuery(
    trpc.videos.stats.queryOptions({ id, days: Number(days) }, { enabled: status === 'published', placeholderData: keepPreviousData }),
  );
  const templates = useQuery(trpc.videos.templates.queryOptions(undefined, { staleTime: 60_000 }));
  const messagingOptions = useQuery(trpc.videos.messagingOptions.queryOptions(undefined, { staleTime: Infinity }));
  const projects = useQuery(trpc.projects.list.queryOptions(undefined, { enabled: !!video.data?.project_id }));
  const now = useNow(status === 'processing');
  const [copied, setCopied] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  // A status change (published, failed) also changes the list and its counts, and is worth a toast: the render ran in the background.
  const lastStatus = useRef(status);
  useEffect(() => {
    const before = lastStatus.current;
    lastStatus.current = status;
    if (!before || !status || before === status) return;
    void queryClient.invalidateQueries(trpc.videos.list.pathFilter());
    if (before !== 'processing') return;
    if (status === 'published') toast.success('Video published', { description: 'Its watch page and share link work now.' });
    if (status === 'failed') toast.error('The render failed', { description: 'See why below; you can retry it.' });
  }, [status, queryClient, trpc]);
  const confirmAction = useConfirm();

  const onChanged = (next: VideoDetail) => {
    setActionError(null);
    queryClient.setQueryData(trpc.videos.get.queryKey({ id }), next);
    void queryClient.invalidateQueries(trpc.videos.list.pathFilter());
  };
  const onActionError = (err: { message: string }) => setActionError(err.message);
  const submit = useMutation(trpc.videos.submit.mutationOptions({ onSuccess: onChanged, onError: onActionError }));
  const retry = useMutation(trpc.videos.retry.mutationOptions({ onSuccess: onChanged, onError: onActionError }));
  const cancel = useMutation(trpc.videos.cancel.mutationOptions({ onSuccess: onChanged, onError: onActionError }));
  const remove = useMutation(
    trpc.videos.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: trpc.videos.get.queryKey({ id }) });
        await queryClient.invalidateQueries(trpc.videos.list.pathFilter());
        toast.success('Video deleted');
        router.push('/videos');
      },
      onError: onActionError,
    }),
  );

  const back = (
    <Link href="/videos" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
      <ArrowLeft className="h-4 w-4" /> Videos
    </Link>
  );

  if (video.isLoading) {
    return (
      <div className="space-y-6" aria-busy>
        {back}
        <div className="h-8 w-1/3 animate-pulse rounded bg-slate-200" />
        <div className="flex gap-6">
          <div className="aspect-[9/16] w-80 animate-pulse rounded-xl bg-slate-200" />
          <div className="grid flex-1 grid-cols-2 gap-4 self-start">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="h-28 animate-pulse rounded-xl bg-slate-200/70" />
            ))}
          </div>
        </div>
      </div>
    );
  }
  if (video.error || !video.data) {
    const missing = video.error?.data?.code === 'NOT_FOUND';
    return (
      <div className="space-y-6">
        {back}
        <Card className="flex flex-col items-center px-6 py-16 text-center">
          <h1 className="text-lg font-semibold text-slate-900">{missing ? 'Video not found' : 'The video could not be loaded'}</h1>
          <p className="mt-1 max-w-md text-sm text-slate-600">
            {missing ? 'It may have been deleted, or it belongs to another account.' : video.error?.message}
          </p>
          <LinkButton href="/videos" variant="secondary" className="mt-6">
            Back to videos
          </LinkButton>
        </Card>
      </div>
    );
  }

  const v = video.data;
  const template = templates.data?.find((t) => t.id === v.template_id);
  const project = projects.data?.find((p) => p.id === v.project_id);
  const published = v.status === 'published';
  const ai = v.ai_messaging as { tone?: unknown; length?: unknown; focus_points?: unknown } | null;
  const focus = Array.isArray(ai?.focus_points) ? ai.focus_points.map(String) : [];
  // Known options by their label ("Next steps"); free-text points as written.
  const optionLabel = (list: ReadonlyArray<{ value: string; label: string }> | undefined, value: string) =>
    list?.find((o) => o.value === value)?.label ?? value;
  const noViews = stats.data?.every((d) => d.views === 0) ?? true;

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(v.share_url);
      toast.success('Share link copied', { description: v.share_url });
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access needs a secure context; fall back to a prompt the user can copy from.
      window.prompt('Copy the share link', v.share_url);
    }
  };

  return (
    <div className="space-y-6">
      {back}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900" data-testid="video-title">
              {v.title}
            </h1>
            <StatusBadge status={v.status} />
          </div>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-slate-500">
            <span className="font-mono text-xs">{v.id}</span>
            <span aria-hidden>·</span>
            <span>{template?.name ?? v.template_id}</span>
            <span aria-hidden>·</span>
            <span>Created {formatDateTime(v.created_at)}</span>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* Only a published video's link leads anywhere (before that its watch page is a 404). */}
          {published && (
            <Button variant="secondary" onClick={() => void copyLink()} title={v.share_url}>
              {copied ? <Check className="h-4 w-4 text-emerald-600" /> : <Link2 className="h-4 w-4" />}
              {copied ? 'Copied' : 'Copy share link'}
            </Button>
          )}
          {published && (
            <LinkButton href={v.share_url} external target="_blank" rel="noopener" variant="secondary">
              <ExternalLink className="h-4 w-4" /> Watch page
            </LinkButton>
          )}
          {published && v.url && (
            <LinkButton href={v.url} external download={`${v.id}.mp4`} variant="secondary">
              <Download className="h-4 w-4" /> MP4
            </LinkButton>
          )}
          <Button
            variant="ghost"
            className="text-red-600 hover:bg-red-50"
            disabled={remove.isPending}
            onClick={async () => {
              const ok = await confirmAction({
                title: 'Delete this video?',
                description: `“${v.title}” and its watch page stop working at once; its analytics are kept out of your totals.`,
                confirmLabel: 'Delete video',
                destructive: true,
              });
              if (ok) remove.mutate({ id });
            }}
          >
            <Trash2 className="h-4 w-4" /> Delete
          </Button>
        </div>
      </div>

      <StatusPanel
        video={v}
        now={now}
        onRetry={() => retry.mutate({ id })}
        onSubmit={() => submit.mutate({ id })}
        onCancel={async () => {
          const ok = await confirmAction({
            title: 'Cancel this render?',
            description: 'The render stops within seconds and nothing is published. You can render it again later.',
            confirmLabel: 'Cancel render',
            destructive: true,
          });
          if (ok) cancel.mutate({ id });
        }}
        busy={retry.isPending || submit.isPending || cancel.isPending}
        actionError={actionError}
      />
      {actionError && (v.status === 'published' || v.status === 'processing') && (
        <p role="alert" className="text-sm text-red-700">
          {actionError}
        </p>
      )}

      <div className="flex flex-col gap-6 xl:flex-row xl:items-start">
        <div
          className={cn(
            'w-full shrink-0 self-center xl:self-start',
            MEDIA_WIDTH[v.aspect_ratio] ?? 'xl:w-[400px]',
            v.aspect_ratio === '9:16' ? 'max-w-[340px]' : v.aspect_ratio === '1:1' ? 'max-w-[440px]' : 'max-w-[720px]',
          )}
        >
          <Media video={v} />
        </div>

        <div className="min-w-0 flex-1 space-y-6">
          <div className="grid grid-cols-2 gap-4" data-testid="analytics-cards">
            <StatCard icon={Eye} label="Views" value={v.analytics.views.toLocaleString()} hint="Playbacks that started" />
            <StatCard icon={TrendingUp} label="Completion" value={formatPercent(v.analytics.completion_rate)} hint="Views that reached the end" />
            <StatCard icon={Timer} label="Avg. watch time" value={formatWatchTime(v.analytics.average_watch_time)} hint={v.duration ? `of ${formatDuration(v.duration)}` : 'Per view'} />
            <StatCard icon={Gauge} label="Engagement" value={`${v.analytics.engagement_score.toFixed(1)}`} hint="Score out of 10" />
          </div>

          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y divide-slate-100">
                <Detail label="Template">{template?.name ?? v.template_id}</Detail>
                <Detail label="Format">
                  {v.aspect_ratio} · {v.resolution === 'hd' ? 'HD' : 'Standard'} ({dimensionsFor(v.aspect_ratio, v.resolution).width}×{dimensionsFor(v.aspect_ratio, v.resolution).height})
                </Detail>
                {v.renditions.length > 1 && (
                  <Detail label="Renditions">
                    <ul className="space-y-1" data-testid="video-renditions">
                      {v.renditions.map((r) => (
                        <li key={r.aspect_ratio} className="flex flex-wrap items-center gap-x-2">
                          {r.url ? (
                            <a href={r.url} className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
                              {r.aspect_ratio} MP4
                            </a>
                          ) : (
                            <span className="font-medium">{r.aspect_ratio}</span>
                          )}
                          {r.width && r.height ? (
                            <span className="text-slate-500">
                              {r.width}×{r.height}
                              {r.size_bytes ? ` · ${formatBytes(r.size_bytes)}` : ''}
                            </span>
                          ) : (
                            <span className="text-slate-500">{r.status === 'processing' ? 'rendering…' : r.status}</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </Detail>
                )}
                <Detail label="Duration">{formatDuration(v.duration)}</Detail>
                <Detail label="Captions">
                  <span className="flex flex-wrap items-center gap-x-2">
                    <span>{CAPTION_LABELS[v.captions]}</span>
                    {v.captions_url && (
                      <a href={v.captions_url} className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900" data-testid="captions-link">
                        WebVTT file
                      </a>
                    )}
                  </span>
                </Detail>
                {v.project_id && <Detail label="Project">{project?.name ?? v.project_id}</Detail>}
                {v.batch_id && (
                  <Detail label="Batch">
                    <Link href={`/batches/${v.batch_id}`} className="font-mono text-xs text-indigo-700 hover:underline">
                      {v.batch_id}
                    </Link>
                  </Detail>
                )}
                <Detail label="Messaging">
                  {ai ? (
                    <span className="flex flex-wrap items-center gap-1">
                      <span>{optionLabel(messagingOptions.data?.tones, String(ai.tone ?? 'friendly'))}</span>
                      <span className="text-slate-400">·</span>
                      <span>{optionLabel(messagingOptions.data?.lengths, String(ai.length ?? 'medium'))}</span>
                      {focus.map((f) => (
                        <span key={f} className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                          {optionLabel(messagingOptions.data?.focusPoints, f)}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="text-slate-500">Defaults</span>
                  )}
                </Detail>
                <Detail label="Share link">
                  <span className="block break-all font-mono text-xs" title={v.share_url}>
                    {v.share_url}
                  </span>
                </Detail>
                <Detail label="Updated">{formatDateTime(v.updated_at)}</Detail>
                {v.metadata &&
                  Object.entries(v.metadata).map(([k, val]) => (
                    <Detail key={k} label={k}>
                      <span className="break-words">{val}</span>
                    </Detail>
                  ))}
              </dl>
            </CardContent>
          </Card>
        </div>
      </div>

      <Card>
        <CardHeader className="flex flex-wrap items-center justify-between gap-3">
          <CardTitle>Views over time</CardTitle>
          {published && (
          <SegmentedControl
            ariaLabel="Range"
            size="sm"
            className="w-auto"
            value={days}
            onChange={setDays}
            options={[
              { value: '7', label: '7 days' },
              { value: '30', label: '30 days' },
              { value: '90', label: '90 days' },
            ]}
          />
          )}
        </CardHeader>
        <CardContent className="relative">
          {published && stats.data ? (
            <>
              <AnalyticsChart stats={stats.data} className={cn(noViews && 'opacity-40')} />
              {noViews && (
                <div className="absolute inset-0 flex items-center justify-center">
                  <p className="rounded-lg bg-white px-4 py-2 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">
                    No views yet. Share the link and views appear here.
                  </p>
                </div>
              )}
            </>
          ) : published && stats.error ? (
            <p className="py-10 text-center text-sm text-red-700">Stats could not be loaded: {stats.error.message}</p>
          ) : published ? (
            <div className="h-52 animate-pulse rounded-lg bg-slate-100" />
          ) : (
            <p className="py-10 text-center text-sm text-slate-500">Analytics start once the video is published and watched.</p>
          )}
        </CardContent>
      </Card>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Customer data</CardTitle>
          </CardHeader>
          <CardContent>
            <CustomerDataView data={v.customer_data} schema={template?.customer_data_schema as JsonSchema | undefined} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Script</CardTitle>
          </CardHeader>
          <CardContent>
            {v.script ? <ScriptView script={v.script} /> : <p className="text-sm text-slate-500">The script is written when the render starts.</p>}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
