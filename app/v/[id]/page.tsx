import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Logo } from '@/components/logo';
import { WatchPlayer } from '@/components/watch/watch-player';
import { getDb } from '@/server/db/client';
import { originFromHeaders } from '@/server/lib/urls';
import { getPublicVideo } from '@/server/videos/service';

export const dynamic = 'force-dynamic';

async function origin(): Promise<string> {
  return originFromHeaders(await headers());
}

const loadVideo = cache(async (id: string) => getPublicVideo(await getDb(), { id, ctx: { origin: await origin() } }));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const video = await loadVideo(id);
  if (!video) return { title: 'Video not available', robots: { index: false, follow: false } };
  const base = await origin();
  const images = video.thumbnail
    ? [{ url: video.thumbnail, width: video.width ?? undefined, height: video.height ?? undefined, alt: video.title }]
    : undefined;
  return {
    title: video.title,
    description: video.sender ? `${video.title}: a personal video from ${video.sender.name}.` : `${video.title}: a personal video for you.`,
    alternates: { canonical: `${base}/v/${video.id}` },
    openGraph: {
      type: 'video.other',
      title: video.title,
      url: `${base}/v/${video.id}`,
      images,
      videos: [{ url: video.url, type: 'video/mp4', width: video.width ?? undefined, height: video.height ?? undefined }],
    },
    twitter: { card: 'summary_large_image', title: video.title, images: video.thumbnail ? [video.thumbnail] : undefined },
    robots: { index: false, follow: false },
  };
}

export default async function WatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const video = await loadVideo(id);
  if (!video) notFound();
  const portrait = video.aspectRatio === '9:16';
  return (
    <main className="min-h-full bg-slate-950 text-white">
      <div className={`mx-auto flex min-h-full flex-col px-4 py-6 sm:py-10 ${portrait ? 'max-w-md' : 'max-w-4xl'}`}>
        {video.logo && (
          <div className="mb-4 flex justify-center">
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URI or the sender's own link */}
            <img src={video.logo} alt="" className="h-9 w-auto max-w-[180px] object-contain" data-testid="watch-logo" />
          </div>
        )}
        <WatchPlayer video={video} />
        <h1 className="mt-5 text-xl font-semibold leading-snug sm:text-2xl">{video.title}</h1>
        {video.sender && (
          <div className="mt-4 flex items-center gap-3" data-testid="watch-sender">
            {video.sender.photo_url ? (
              // eslint-disable-next-line @next/next/no-img-element -- a data: URI or the sender's own link
              <img src={video.sender.photo_url} alt="" className="h-11 w-11 shrink-0 rounded-full object-cover ring-2 ring-white/20" />
            ) : (
              <span
                aria-hidden="true"
                className="flex h-11 w-11 shrink-0 items-center justify-center rounded-full text-lg font-semibold text-white"
                style={{ backgroundColor: video.brandColor ?? '#4f46e5' }}
              >
                {Array.from(video.sender.name.trim())[0]?.toLocaleUpperCase()}
              </span>
            )}
            <p className="min-w-0 text-sm leading-tight">
              <span className="block text-slate-400">Sent by</span>
              <span className="block truncate font-medium text-white">{video.sender.name}</span>
              {video.sender.title && <span className="block truncate text-slate-400">{video.sender.title}</span>}
            </p>
          </div>
        )}
        <footer className="mt-auto flex items-center justify-center pt-10 text-sm text-slate-400">
          <span className="mr-2">Made with</span>
          <Logo className="text-slate-200" />
        </footer>
      </div>
    </main>
  );
}
