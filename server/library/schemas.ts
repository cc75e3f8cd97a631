/**
 * Shapes of the account video library (`/api/ads/3/accounts/{account_id}/videos`,
 * seed 002): request parameters as the seed names and types them, and the
 * video object. Shared by the REST routes and the tRPC router.
 */
import { z } from 'zod';
import { mediaIdParam } from '../media/schemas';
import { parseVideoId } from '../media/media-id';

export const MAX_TITLE_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_VIDEO_IDS = 200;

/** X's booleans arrive as "true"/"false" in query strings and forms. */
export const booleanParam = z.unknown().transform((v, ctx) => {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  ctx.addIssue({ code: 'custom', message: 'must be true or false' });
  return z.NEVER;
});

const countParam = z.unknown().transform((v, ctx) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 50) {
    ctx.addIssue({ code: 'custom', message: 'must be an integer from 1 to 50' });
    return z.NEVER;
  }
  return n;
});

/** `13_<media_id>`, kept as given (the API echoes ids as in the request). */
export const videoIdParam = z.unknown().transform((v, ctx) => {
  if (typeof v !== 'string' || parseVideoId(v) === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a video id such as 13_875943225764098048' });
    return z.NEVER;
  }
  return v.trim();
});

const videoIdsParam = z.unknown().transform((v, ctx) => {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  const ids = list?.map((s) => (typeof s === 'string' ? s.trim() : '')).filter((s) => s !== '') ?? [];
  if (!list || ids.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of video ids' });
    return z.NEVER;
  }
  if (ids.length > MAX_VIDEO_IDS) {
    ctx.addIssue({ code: 'custom', message: `may list at most ${MAX_VIDEO_IDS} ids` });
    return z.NEVER;
  }
  const bad = ids.find((id) => parseVideoId(id) === null);
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(bad)} is not a video id such as 13_875943225764098048` });
    return z.NEVER;
  }
  return [...new Set(ids)];
});

const cursorParam = z.string().min(1).max(200);

const textParam = (max: number) =>
  z.unknown().transform((v, ctx) => {
    if (typeof v !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'must be a string' });
      return z.NEVER;
    }
    const s = v.trim();
    if (s.length > max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      return z.NEVER;
    }
    // An empty value clears the field.
    return s === '' ? null : s;
  });

const present = <T extends z.ZodType>(schema: T) =>
  z.unknown().refine((v) => v !== undefined && v !== null && v !== '', 'is required').pipe(schema);

export const listVideosParams = z.object({
  count: countParam.optional(),
  cursor: cursorParam.optional(),
  video_ids: videoIdsParam.optional(),
  with_deleted: booleanParam.optional(),
  /** X: adds `total_count`; exclusive with `cursor` (the count is the list's, not the page's). */
  with_total_count: booleanParam.optional(),
});
export type ListVideosParams = z.output<typeof listVideosParams>;

export const getVideoParams = z.object({ with_deleted: booleanParam.optional() });

export const createVideoParams = z.object({
  video_media_id: present(mediaIdParam),
  title: textParam(MAX_TITLE_LENGTH).optional(),
  description: textParam(MAX_DESCRIPTION_LENGTH).optional(),
  poster_image_media_id: mediaIdParam.optional(),
});
export type CreateVideoParams = z.output<typeof createVideoParams>;

export const updateVideoParams = z.object({
  title: textParam(MAX_TITLE_LENGTH).optional(),
  description: textParam(MAX_DESCRIPTION_LENGTH).optional(),
  poster_image_media_id: mediaIdParam.optional(),
});
export type UpdateVideoParams = z.output<typeof updateVideoParams>;

/** The seed's video object, field for field. */
export interface LibraryVideoObject {
  tweeted: boolean;
  ready_to_tweet: boolean;
  duration: number | null;
  reasons_not_servable: string[];
  description: string | null;
  preview_url: string | null;
  id: string;
  poster_url: string | null;
  media_key: string;
  created_at: string;
  title: string | null;
  aspect_ratio: string | null;
  updated_at: string;
  deleted: boolean;
}

/** The UI's extra view of a video: processing progress and error, and where it came from. */
export interface LibraryVideoDetails extends LibraryVideoObject {
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed' | 'expired';
  progress_percent: number;
  error: { code: number; name: string; message: string } | null;
  source: 'upload' | 'render';
  width: number | null;
  height: number | null;
}

export interface AccountObject {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  deleted: boolean;
}
