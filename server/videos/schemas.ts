/**
 * The Videos API of seed 000 (API.md §1): request and response shapes, shared
 * by the REST handlers, tRPC, the OpenAPI document and the webhook payloads.
 * Field names, nesting and nulls follow the seed exactly; extensions are
 * marked (ext).
 */
import { z } from 'zod';
import { required } from '../lib/errors';
import { aiMessagingSchema } from '../messaging/schemas';
import { ASPECT_RATIOS, RESOLUTIONS } from '../../remotion/formats';
import { scriptSchema } from '../../remotion/script';
import { getTemplate, validateCustomerData } from '../../remotion/templates/registry';
import { pageQuery, paginationSchema } from '../lib/pagination';
import { projectIdSchema } from '../projects/schemas';

export const VIDEO_STATUSES = ['draft', 'processing', 'published', 'failed', 'cancelled'] as const;
export const videoStatusSchema = z.enum(VIDEO_STATUSES, {
  error: `must be one of: ${VIDEO_STATUSES.join(', ')}`,
});

export const aspectRatioSchema = z.enum(ASPECT_RATIOS, { error: `must be one of: ${ASPECT_RATIOS.join(', ')}` });

/** How a video carries its captions (ext). */
export const CAPTION_MODES = ['burned', 'sidecar', 'off'] as const;
export const captionModeSchema = z.enum(CAPTION_MODES, { error: `must be one of: ${CAPTION_MODES.join(', ')}` });

/** (ext) Several formats of one video: 1-3 distinct aspect ratios, the video's own first. */
export const aspectRatiosSchema = z
  .array(aspectRatioSchema, { error: `must be an array of aspect ratios (${ASPECT_RATIOS.join(', ')})` })
  .min(1, 'must list 1 to 3 aspect ratios')
  .max(ASPECT_RATIOS.length, 'must list 1 to 3 aspect ratios')
  .superRefine((ratios, ctx) => {
    ratios.forEach((ratio, i) => {
      if (ratios.indexOf(ratio) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${ratio} is listed twice` });
    });
  })
  .meta({ uniqueItems: true });

export const videoIdSchema = z.string().regex(/^vid_[0-9a-z]{10}$/, 'must be a video id like vid_12345abcde');

/** Small string→string map echoed back and in webhooks (ext). */
export const metadataSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'keys are 1-40 letters, digits, "_", "." or "-"'),
    z.string().max(500, 'values are at most 500 characters'),
  )
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys');

/** The fields of a create request, before the checks across them (batches share most of them). */
export const createVideoFields = z.object({
  title: z.string({ error: required('a string') }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  template_id: z.string({ error: required('a string') }).min(1, 'is required').max(100),
  customer_data: z.record(z.string(), z.unknown(), { error: required('an object') }),
  // Kept as sent (echoed back as the caller wrote it), but checked here too, so its errors are listed with
  // the other fields' instead of only once those are fixed (checkCreateInput reads the defaults).
  ai_messaging: z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined || value === null) return;
      const parsed = aiMessagingSchema.safeParse(value);
      if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }),
  // No schema default: whether it was sent decides how it relates to aspect_ratios (videos/renditions.ts formatsOf).
  aspect_ratio: aspectRatioSchema
    .optional()
    .describe('Format of the video (its `url` and `thumbnail`). Default: aspect_ratios[0] when that is sent, else "9:16". Sent with aspect_ratios, it must equal aspect_ratios[0].'),
  // (ext) Several formats of the same video (one script, one set of analytics).
  aspect_ratios: aspectRatiosSchema
    .optional()
    .describe('(ext) Render the video in several formats: 1-3 distinct aspect ratios the template supports. The first is the video\'s own `aspect_ratio`; `renditions` lists every format. The video is published when all are rendered.'),
  // (ext) Captions timed to the script's scenes.
  captions: captionModeSchema
    .default('off')
    .describe('(ext) Captions of the script, timed to its scenes: `burned` draws them into the frames (every format), `sidecar` stores a WebVTT file the watch page player shows as a track, `off` neither. With `burned` or `sidecar` the WebVTT file is at `captions_url`.'),
  project_id: projectIdSchema.nullish(),
  // (ext) Create without rendering; POST /videos/{id}/submit starts it.
  draft: z.boolean().optional(),
  // (ext) Output size: standard (720-class) or hd (1080-class).
  resolution: z.enum(RESOLUTIONS).default('standard'),
  // (ext) A script written beforehand (e.g. the one previewed in the UI); else the writer runs.
  script: scriptSchema.optional(),
  metadata: metadataSchema.optional(),
});

/**
 * A create request. When another field failed, the template's own
 * customer_data fields are checked here too, so one answer lists every
 * field's error (a bad aspect_ratio and a missing first name together, not
 * one after the other); when nothing else failed, checkCreateInput checks
 * them (once) and keeps the parsed values.
 */
export const createVideoInput = createVideoFields.superRefine(
  (input, ctx) => {
    if (typeof input !== 'object' || input === null) return;
    const { template_id: templateId, customer_data: customerData } = input as { template_id?: unknown; customer_data?: unknown };
    if (typeof templateId !== 'string' || !getTemplate(templateId)) return;
    const checked = validateCustomerData(templateId, customerData);
    if (checked.ok) return;
    for (const issue of checked.issues) ctx.addIssue({ code: 'custom', path: issue.field.split('.'), message: issue.message });
  },
  // Only when other fields failed, and not when the body is no object or customer_data or template_id itself failed (their errors say it).
  {
    when: (payload) =>
      payload.issues.length > 0 &&
      payload.issues.every((issue) => {
        const field = issue.path?.[0];
        return field !== undefined && field !== 'customer_data' && field !== 'template_id';
      }),
  },
);
export type CreateVideoInput = z.infer<typeof createVideoInput>;

export const listVideosQuery = pageQuery(20).extend({
  status: videoStatusSchema.optional(),
  // (ext) Only videos of this project.
  project_id: projectIdSchema.optional(),
});
export type ListVideosQuery = z.infer<typeof listVideosQuery>;

export const videoListItem = z.object({
  id: z.string(),
  title: z.string(),
  status: videoStatusSchema,
  duration: z.number().nullable(),
  created_at: z.string(),
  url: z.string().nullable(),
  thumbnail: z.string().nullable(),
});

// Shared with the other page/limit lists (server/lib/pagination.ts); re-exported for this domain's importers.
export { paginationSchema };

export const videoListResponse = z.object({ data: z.array(videoListItem), pagination: paginationSchema });

export const createVideoResponse = z.object({
  id: z.string(),
  title: z.string(),
  status: videoStatusSchema,
  created_at: z.string(),
  template_id: z.string(),
  aspect_ratio: aspectRatioSchema,
  estimated_completion: z.string().nullable(),
});

export const analyticsSchema = z.object({
  views: z.number().int(),
  completion_rate: z.number(),
  engagement_score: z.number(),
  average_watch_time: z.number(),
});

export const renditionSchema = z.object({
  aspect_ratio: aspectRatioSchema,
  status: videoStatusSchema.describe('The status of this format: every format is published (or fails, or is cancelled) with its video.'),
  url: z.string().nullable().describe('The MP4 of this format, once published.'),
  thumbnail: z.string().nullable().describe('Its JPEG thumbnail, once published.'),
  width: z.number().int().nullable().describe('Pixels, once rendered.'),
  height: z.number().int().nullable(),
  size_bytes: z.number().int().nullable().describe('Size of the MP4, once rendered.'),
});
export type Rendition = z.infer<typeof renditionSchema>;

export const videoErrorSchema = z.object({ code: z.string(), message: z.string() });

export const videoDetail = z.object({
  id: z.string(),
  title: z.string(),
  status: videoStatusSchema,
  duration: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  template_id: z.string(),
  project_id: z.string().nullable(),
  aspect_ratio: aspectRatioSchema,
  url: z.string().nullable(),
  thumbnail: z.string().nullable(),
  customer_data: z.record(z.string(), z.unknown()),
  ai_messaging: z.record(z.string(), z.unknown()).nullable(),
  analytics: analyticsSchema,
  // (ext)
  script: scriptSchema.nullable(),
  share_url: z.string(),
  progress: z.number().nullable(),
  estimated_completion: z.string().nullable(),
  error: videoErrorSchema.nullable(),
  resolution: z.enum(RESOLUTIONS),
  metadata: z.record(z.string(), z.string()).nullable(),
  // (ext) The batch the video was made in (POST /api/v1/batches or a CSV import), else null.
  batch_id: z.string().nullable(),
  captions: captionModeSchema.describe('(ext) How the video carries its captions: burned into the frames, a sidecar WebVTT file, or none.'),
  captions_url: z
    .string()
    .nullable()
    .describe('(ext) The WebVTT file (text/vtt) of the captions, served beside the MP4; null when captions are off or the video is not published.'),
  renditions: z
    .array(renditionSchema)
    .describe('(ext) Every format of the video, its own `aspect_ratio` first (that element repeats `url`, `thumbnail` and the status); one element unless created with `aspect_ratios`.'),
});
export type VideoDetail = z.infer<typeof videoDetail>;
export type VideoListItem = z.infer<typeof videoListItem>;
