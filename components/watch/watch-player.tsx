'use client';
/**
 * The watch page's player: a native <video> (fast, works everywhere, no
 * framework player to download) that reports playback to the events API:
 * start, progress every few seconds with the ranges played so far, end and
 * CTA clicks. Beacons survive the tab closing (sendBeacon / keepalive).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

interface Props {
  video: {
    id: string;
    url: string;
    thumbnail: string | null;
    aspectRatio: string;
    cta: { label: string; url: string | null } | null;
    brandColor: string | null;
    /** The WebVTT captions shown as a track (sidecar captions; burned ones are in the picture). */
    captionsTrack: string | null;
  };
}

type Range = [number, number];

function newSessionId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function WatchPlayer({ video }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  const session = useRef<string>('');
  const ranges = useRef<Range[]>([]);
  const current = useRef<Range | null>(null);
  const started = useRef(false);
  const lastSent = useRef(0);
  const [ended, setEnded] = useState(false);

  const send = useCallback(
    (type: 'start' | 'progress' | 'end' | 'cta_click') => {
      if (!session.current) session.current = newSessionId();
      const played = [...ranges.current, ...(current.current ? [current.current] : [])].map(
        ([a, b]) => [Math.round(a * 100) / 100, Math.round(b * 100) / 100] as Range,
      );
      const body = JSON.stringify({
        session_id: session.current,
        type,
        position: ref.current?.currentTime ?? 0,
        played: played.slice(-50),
      });
      const url = `/api/v1/videos/${video.id}/events`;
      lastSent.current = Date.now();
      if (navigator.sendBeacon?.(url, new Blob([body], { type: 'text/plain' }))) return;
      void fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(
        () => {},
      );
    },
    [video.id],
  );

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onPlay = () => {
      current.current = [el.currentTime, el.currentTime];
      if (!started.current) {
        started.current = true;
        send('start');
      }
    };
    const onTime = () => {
      const c = current.current;
      if (!c) return;
      if (el.currentTime >= c[1]) c[1] = el.currentTime;
      if (Date.now() - lastSent.current > 5000) send('progress');
    };
    const close = () => {
      const c = current.current;
      if (c && c[1] > c[0]) ranges.current.push(c);
      current.current = null;
    };
    // A seek ends the range being played; playback resumes a new one where it lands.
    const onSeeking = () => close();
    const onSeeked = () => {
      if (!el.paused) current.current = [el.currentTime, el.currentTime];
    };
    const onPause = () => {
      close();
      if (!el.ended) send('progress');
    };
    const onEnded = () => {
      close();
      setEnded(true);
      send('end');
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden' && started.current) send('progress');
    };
    el.addEventListener('play', onPlay);
    el.addEventListener('timeupdate', onTime);
    el.addEventListener('pause', onPause);
    el.addEventListener('seeking', onSeeking);
    el.addEventListener('seeked', onSeeked);
    el.addEventListener('ended', onEnded);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      el.removeEventListener('play', onPlay);
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('pause', onPause);
      el.removeEventListener('seeking', onSeeking);
      el.removeEventListener('seeked', onSeeked);
      el.removeEventListener('ended', onEnded);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [send]);

  const aspect = video.aspectRatio === '9:16' ? 'aspect-[9/16]' : video.aspectRatio === '1:1' ? 'aspect-square' : 'aspect-video';
  const color = video.brandColor ?? '#6366f1';
  return (
    <div>
      <div className={`relative w-full overflow-hidden rounded-2xl bg-black shadow-2xl ring-1 ring-white/10 ${aspect}`}>
        <video
          ref={ref}
          src={video.url}
          poster={video.thumbnail ?? undefined}
          controls
          playsInline
          preload="metadata"
          className="h-full w-full object-contain"
          data-testid="watch-video"
        >
          {video.captionsTrack && (
            <track kind="captions" src={video.captionsTrack} srcLang="en" label="Captions" default data-testid="watch-captions" />
          )}
        </video>
      </div>
      {/* A button only with somewhere to go: a CTA without a link would count clicks that lead nowhere. */}
      {video.cta?.url && (
        <a
          href={video.cta.url}
          target="_blank"
          rel="noopener noreferrer"
          onClick={() => send('cta_click')}
          data-testid="watch-cta"
          className={`mt-5 flex w-full items-center justify-center rounded-xl px-6 py-4 text-base font-semibold text-white shadow-lg transition hover:brightness-110 ${ended ? 'animate-pulse' : ''}`}
          style={{ backgroundColor: color }}
        >
          {video.cta.label}
        </a>
      )}
    </div>
  );
}
