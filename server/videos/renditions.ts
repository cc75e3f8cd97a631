/**
 * Renditions: one video in several formats (`aspect_ratios`), and the files
 * of a video in storage.
 *
 * The first format is the video's own (`aspect_ratio`, `url`, `thumbnail`,
 * the main columns); the others are kept in `videos.renditions`, one element
 * each, their keys and sizes filled when the video is published. One render
 * job renders every format, the first first, and the video is published once
 * all of them are stored: one script, one share page, one set of analytics.
 */
import { z } from 'zod';
import { ASPECT_RATIOS, type AspectRatio } from '../../remotion/formats';
import type { Video } from '../db/schema';
import type { ErrorDetail } from '../lib/errors';

/** The formats a create asks for, the video's own first: `aspect_ratios`, else `aspect_ratio`, else 9:16. */
export function formatsOf(input: { aspect_ratio?: AspectRatio | null; aspect_ratios?: readonly AspectRatio[] | null }): AspectRatio[] {
  if (input.aspect_ratios?.length) return [...input.aspect_ratios];
  return [input.aspect_ratio ?? '9:16'];
}

/** One extra format as `videos.renditions` stores it. */
export const storedRenditionSchema = z.object({
  aspect_ratio: z.enum(ASPECT_RATIOS),
  video_key: z.string().nullable(),
  thumbnail_key: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  size_bytes: z.number().int().nullable(),
});
export type StoredRendition = z.infer<typeof storedRenditionSchema>;

/** The `videos.renditions` value of a new video: null for one format, else one empty element per extra format. */
export function initialRenditions(formats: readonly AspectRatio[]): StoredRendition[] | null {
  if (formats.length <= 1) return null;
  return formats.slice(1).map((aspect_ratio) => ({
    aspect_ratio,
    video_key: null,
    thumbnail_key: null,
    width: null,
    height: null,
    size_bytes: null,
  }));
}

/** The extra formats of a row (elements that do not parse are skipped: the column is ours, but never trust a jsonb blindly). */
export function extraRenditions(row: Pick<Video, 'renditions'>): StoredRendition[] {
  if (!Array.isArray(row.renditions)) return [];
  return row.renditions.flatMap((r) => {
    const parsed = storedRenditionSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Every format of a video, its own first. */
export function formatsOfRow(row: Pick<Video, 'aspectRatio' | 'renditions'>): AspectRatio[] {
  return [row.aspectRatio as AspectRatio, ...extraRenditions(row).map((r) => r.aspect_ratio)];
}

const tag = (aspectRatio: string) => aspectRatio.replace(':', 'x');

/** Storage keys of the video's own format's files. */
export function mainFileKeys(videoId: string): { video: string; thumbnail: string } {
  return { video: `videos/${videoId}.mp4`, thumbnail: `thumbnails/${videoId}.jpg` };
}

/** Storage keys of a format's files: the first format's are mainFileKeys, the others add the ratio (`videos/vid_…-16x9.mp4`). */
export function renditionFileKeys(videoId: string, aspectRatio: string, main: boolean): { video: string; thumbnail: string } {
  if (main) return mainFileKeys(videoId);
  return { video: `videos/${videoId}-${tag(aspectRatio)}.mp4`, thumbnail: `thumbnails/${videoId}-${tag(aspectRatio)}.jpg` };
}

/** The WebVTT captions of a video, beside its MP4. */
export const captionsFileKey = (videoId: string) => `videos/${videoId}.vtt`;

/** Every storage key a video's files may have: for delete, and for a render whose video went away meanwhile. */
export function videoFileKeys(row: Pick<Video, 'id' | 'videoKey' | 'thumbnailKey' | 'captionsKey' | 'renditions'>): string[] {
  const keys = [row.videoKey, row.thumbnailKey, row.captionsKey];
  for (const r of extraRenditions(row)) keys.push(r.video_key, r.thumbnail_key);
  return keys.filter((k): k is string => !!k);
}

/**
 * The format checks of a create: `aspect_ratio` sent with `aspect_ratios`
 * must be its first element, and the template must support every format
 * (each error names the field: `aspect_ratio` or `aspect_ratios[N]`, as zod paths are named).
 */
export function checkFormats(
  input: { aspect_ratio?: AspectRatio | null; aspect_ratios?: readonly AspectRatio[] | null },
  template: { id: string; aspectRatios: readonly AspectRatio[] },
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const supports = `${template.id} supports ${template.aspectRatios.join(', ')}`;
  if (input.aspect_ratios?.length) {
    if (input.aspect_ratio && input.aspect_ratio !== input.aspect_ratios[0]) {
      details.push({ field: 'aspect_ratio', message: `must equal aspect_ratios[0] (${input.aspect_ratios[0]}) when both are sent` });
    }
    input.aspect_ratios.forEach((ratio, i) => {
      if (!template.aspectRatios.includes(ratio)) details.push({ field: `aspect_ratios[${i}]`, message: `${ratio} is not supported: ${supports}` });
    });
  } else {
    const ratio = input.aspect_ratio ?? '9:16';
    if (!template.aspectRatios.includes(ratio)) details.push({ field: 'aspect_ratio', message: supports });
  }
  return details;
}
