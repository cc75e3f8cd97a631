/**
 * A video's poster in a fixed box: the rendered thumbnail once published,
 * else a placeholder that says where the video is (rendering, failed, draft).
 */
import { CircleAlert, FilePen, Film, LoaderCircle } from 'lucide-react';
import { cn } from '@/lib/utils';
import type { VideoStatus } from './status';

export function VideoThumb({
  thumbnail,
  status,
  duration,
  className,
}: {
  thumbnail: string | null;
  status: VideoStatus;
  duration?: string | null;
  className?: string;
}) {
  const Icon = status === 'processing' ? LoaderCircle : status === 'failed' ? CircleAlert : status === 'draft' ? FilePen : Film;
  return (
    <div className={cn('relative aspect-video overflow-hidden rounded-md bg-gradient-to-br from-slate-700 to-slate-900 ring-1 ring-slate-900/10', className)}>
      {thumbnail ? (
        <img src={thumbnail} alt="" loading="lazy" className="h-full w-full object-contain" />
      ) : (
        <div className="flex h-full w-full items-center justify-center">
          <Icon className={cn('h-5 w-5', status === 'failed' ? 'text-red-300' : 'text-slate-400', status === 'processing' && 'animate-spin')} aria-hidden />
        </div>
      )}
      {duration && (
        <span className="absolute bottom-1 right-1 rounded bg-black/70 px-1 py-px font-mono text-[10px] font-medium text-white">{duration}</span>
      )}
    </div>
  );
}
