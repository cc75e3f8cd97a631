/**
 * Shapes of the chunked media upload (`/api/ads/1.1/media/upload`): the
 * accepted media types and categories, the parameters of each command, the
 * processing error table and the media object the API returns.
 */
import { z } from 'zod';
import type { Media, MediaKind } from '../db/schema';
import { getEnv } from '../env';
import { mediaKey, parseMediaId } from './media-id';

/** What INIT accepts, the kind it makes and the extension the assembled file gets. */
export const MEDIA_TYPES = {
  'video/mp4': { kind: 'video', ext: 'mp4' },
  'video/quicktime': { kind: 'video', ext: 'mov' },
  'video/webm': { kind: 'video', ext: 'webm' },
  'video/x-matroska': { kind: 'video', ext: 'mkv' },
  'image/jpeg': { kind: 'image', ext: 'jpg' },
  'image/png': { kind: 'image', ext: 'png' },
  'image/gif': { kind: 'image', ext: 'gif' },
  'image/webp': { kind: 'image', ext: 'webp' },
} as const satisfies Record<string, { kind: MediaKind; ext: string }>;
export type SupportedMediaType = keyof typeof MEDIA_TYPES;

export const MEDIA_CATEGORIES = {
  amplify_video: 'video',
  tweet_video: 'video',
  tweet_image: 'image',
  dm_video: 'video',
  dm_image: 'image',
  // An animated GIF is kept as an image here (a poster shows it as it is), not made a video as X does.
  tweet_gif: 'image',
  dm_gif: 'image',
} as const satisfies Record<string, MediaKind>;

/**
 * X accepts a category in any case and in the spelling its SDKs send
 * (`TweetVideo`, `tweetvideo`, `TWEET_VIDEO`, `amplify_video`): each becomes
 * the snake_case name it stands for.
 */
export function normalizeMediaCategory(raw: string): string {
  const snake = raw.trim().replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (snake in MEDIA_CATEGORIES) return snake;
  const squashed = snake.replace(/_/g, '');
  return Object.keys(MEDIA_CATEGORIES).find((name) => name.replace(/_/g, '') === squashed) ?? snake;
}
export type MediaCategory = keyof typeof MEDIA_CATEGORIES;

/** X's limits: 5 MB per APPEND segment, segment_index 0–999. */
export const MAX_SEGMENT_BYTES = 5 * 1024 * 1024;
export const MAX_SEGMENT_INDEX = 999;
/** How long a client should wait between STATUS polls while processing. */
export const CHECK_AFTER_SECS = { pending: 1, in_progress: 2 } as const;

export const mediaIdParam = z.unknown().transform((v, ctx) => {
  const id = parseMediaId(v);
  if (id === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a media id (a positive 64-bit integer)' });
    return z.NEVER;
  }
  return id;
});

const intParam = (min: number, max: number) =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

const present = <T extends z.ZodType>(schema: T) =>
  z.unknown().refine((v) => v !== undefined && v !== null && v !== '', 'is required').pipe(schema);

export const commandParam = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(['INIT', 'APPEND', 'FINALIZE', 'STATUS'], 'must be INIT, APPEND, FINALIZE or STATUS'));

export const initParams = z.object({
  command: z.literal('INIT'),
  total_bytes: present(intParam(1, Number.MAX_SAFE_INTEGER)),
  media_type: present(
    z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(
        z.enum(Object.keys(MEDIA_TYPES) as [SupportedMediaType, ...SupportedMediaType[]], {
          message: `must be one of ${Object.keys(MEDIA_TYPES).join(', ')}`,
        }),
      ),
  ),
  media_category: z
    .string()
    .transform(normalizeMediaCategory)
    .pipe(
      z.enum(Object.keys(MEDIA_CATEGORIES) as [MediaCategory, ...MediaCategory[]], {
        message: `must be one of ${Object.keys(MEDIA_CATEGORIES).join(', ')}`,
      }),
    )
    .optional(),
});

export const appendParams = z.object({
  command: z.literal('APPEND'),
  media_id: present(mediaIdParam),
  segment_index: present(intParam(0, MAX_SEGMENT_INDEX)),
});

export const finalizeParams = z.object({ command: z.literal('FINALIZE'), media_id: present(mediaIdParam) });
export const statusParams = z.object({ command: z.literal('STATUS'), media_id: present(mediaIdParam) });

/**
 * processing_info.error: a stable numeric code, a name and a message that
 * says what is wrong with the file. Numbers never change meaning.
 */
export const PROCESSING_ERRORS = {
  InvalidMedia: 1,
  UnsupportedMedia: 2,
  DurationTooLong: 3,
  DurationTooShort: 4,
  DimensionsTooSmall: 5,
  DimensionsTooLarge: 6,
  AspectRatioOutOfRange: 7,
  FrameRateTooHigh: 8,
  ProcessingTimeout: 9,
  InternalError: 10,
} as const;
export type ProcessingErrorName = keyof typeof PROCESSING_ERRORS;

export function isProcessingErrorName(name: string): name is ProcessingErrorName {
  return Object.hasOwn(PROCESSING_ERRORS, name);
}

/** The UPPER_SNAKE reason a failure puts in `reasons_not_servable` (e.g. DURATION_TOO_LONG). */
export function reasonForError(name: string | null): string {
  if (!name || !isProcessingErrorName(name)) return 'PROCESSING_FAILED';
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

export interface ProcessingInfo {
  state: 'pending' | 'in_progress' | 'succeeded' | 'failed';
  check_after_secs?: number;
  progress_percent?: number;
  error?: { code: number; name: string; message: string };
}

export interface MediaObject {
  media_id: bigint;
  media_id_string: string;
  media_key: string;
  size: number;
  expires_after_secs?: number;
  processing_info?: ProcessingInfo;
  video?: { video_type: string; w: number | null; h: number | null; duration_ms: number | null };
  image?: { image_type: string; w: number | null; h: number | null };
}

/** The media object of INIT / FINALIZE / STATUS; `jobProgress` (0..1) is the processing job's. */
export function toMediaObject(row: Media, opts: { jobProgress?: number | null; now?: Date } = {}): MediaObject {
  const out: MediaObject = {
    media_id: row.id,
    media_id_string: row.id.toString(),
    media_key: mediaKey(row.kind, row.id),
    size: row.totalBytes,
  };
  const now = opts.now ?? new Date();
  if (row.state === 'uploading' && row.expiresAt) {
    out.expires_after_secs = Math.max(0, Math.floor((row.expiresAt.getTime() - now.getTime()) / 1000));
  } else if (row.finalizedAt && row.source === 'upload') {
    // X's FINALIZE and STATUS say how long the media id stays usable: a day from the upload's end there.
    // Here a finalized media never expires, so this is a lower bound clients may plan with.
    const usableFor = getEnv().MEDIA_UPLOAD_EXPIRY_SECONDS * 1000 - (now.getTime() - row.finalizedAt.getTime());
    out.expires_after_secs = Math.max(0, Math.floor(usableFor / 1000));
  }
  if (row.state === 'pending') {
    out.processing_info = { state: 'pending', check_after_secs: CHECK_AFTER_SECS.pending, progress_percent: 0 };
  } else if (row.state === 'in_progress') {
    const progress = Math.min(99, Math.floor((opts.jobProgress ?? row.progress) * 100));
    out.processing_info = { state: 'in_progress', check_after_secs: CHECK_AFTER_SECS.in_progress, progress_percent: progress };
  } else if (row.state === 'succeeded') {
    out.processing_info = { state: 'succeeded', progress_percent: 100 };
  } else if (row.state === 'failed') {
    const name = row.errorName ?? 'InternalError';
    out.processing_info = {
      state: 'failed',
      progress_percent: 100,
      error: {
        code: row.errorCode ?? PROCESSING_ERRORS.InternalError,
        name,
        message: row.errorMessage ?? 'Processing failed.',
      },
    };
  }
  if (row.state === 'succeeded') {
    if (row.kind === 'video') {
      out.video = { video_type: 'video/mp4', w: row.width, h: row.height, duration_ms: row.durationMs };
    } else {
      out.image = { image_type: row.mediaType, w: row.width, h: row.height };
    }
  } else if (row.kind === 'video' && row.state !== 'uploading') {
    // As X's FINALIZE answer: the type is known before processing ends (what it serves: MP4).
    out.video = { video_type: 'video/mp4', w: null, h: null, duration_ms: null };
  }
  return out;
}

/** The configured processing limits (env, with X-like defaults). */
export function mediaLimits() {
  const env = getEnv();
  return {
    maxVideoBytes: env.MEDIA_MAX_VIDEO_BYTES,
    maxImageBytes: env.MEDIA_MAX_IMAGE_BYTES,
    uploadExpirySeconds: env.MEDIA_UPLOAD_EXPIRY_SECONDS,
    minDurationMs: Math.round(env.MEDIA_MIN_DURATION_SECONDS * 1000),
    maxDurationMs: Math.round(env.MEDIA_MAX_DURATION_SECONDS * 1000),
    /** Served videos fit in long side × short side (X: 1920×1200 landscape, 1200×1920 portrait). */
    maxLongSide: env.MEDIA_MAX_LONG_SIDE,
    maxShortSide: env.MEDIA_MAX_SHORT_SIDE,
    maxFrameRate: env.MEDIA_MAX_FRAME_RATE,
    /** Smallest side, in pixels (X: 32). */
    minDimension: 32,
    /** Largest input side we decode at all; bigger inputs are refused, smaller ones scaled to fit. */
    maxInputDimension: 8192,
    /** Width / height between 1:3 and 3:1 (X's range). */
    minAspect: 1 / 3,
    maxAspect: 3,
    x264Preset: env.MEDIA_X264_PRESET,
    timeoutMs: env.MEDIA_PROCESS_TIMEOUT_SECONDS * 1000,
  };
}
export type MediaLimits = ReturnType<typeof mediaLimits>;
