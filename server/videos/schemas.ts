/**
 * The Videos API of seed 000 (API.md §1): request and response shapes, shared
 * by the REST handlers, tRPC, the OpenAPI document and the webhook payloads.
 * Field names, nesting and nulls follow the seed exactly; extensions are
 * marked (ext).
 */
import { z } from 'zod';
import { ASPECT_RATIOS, RESOLUTIONS } from '../../remotion/formats';
import { scriptSchema } from '../../remotion/script';
import { projectIdSchema } from '../projects/schemas';

export const VIDEO_STATUSES = ['draft', 'processing', 'published', 'failed', 'cancelled'] as const;
export const videoStatusSchema = z.enum(VIDEO_STATUSES, {
  error: `must be one of: ${VIDEO_STATUSES.join(', ')}`,
});

export const aspectRatioSchema = z.enum(ASPECT_RATIOS, { error: `must be one of: ${ASPECT_RATIOS.join(', ')}` });

export const videoIdSchema = z.string().regex(/^vid_[0-9a-z]{10}$/, 'must be a video id like vid_12345abcde');

/** Small string→string map echoed back and in webhooks (ext). */
export const metadataSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'keys are 1-40 letters, digits, "_", "." or "-"'),
    z.string().max(500, 'values are at most 500 characters'),
  )
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys');

export const createVideoInput = z.object({
  title: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  template_id: z.string({ error: 'is required' }).min(1, 'is required').max(100),
  customer_data: z.record(z.string(), z.unknown(), { error: 'is required and must be an object' }),
  ai_messaging: z.unknown().optional(),
  aspect_ratio: aspectRatioSchema.default('9:16'),
  project_id: projectIdSchema.nullish(),
  // (ext) Create without rendering; POST /videos/{id}/submit starts it.
  draft: z.boolean().optional(),
  // (ext) Output size: standard (720-class) or hd (1080-class).
  resolution: z.enum(RESOLUTIONS).default('standard'),
  // (ext) A script written beforehand (e.g. the one previewed in the UI); else the writer runs.
  script: scriptSchema.optional(),
  metadata: metadataSchema.optional(),
});
export type CreateVideoInput = z.infer<typeof createVideoInput>;

export const listVideosQuery = z.object({
  page: z.coerce
    .number({ error: 'must be an integer ≥ 1' })
    .int('must be an integer ≥ 1')
    .min(1, 'must be an integer ≥ 1')
    .max(1_000_000, 'must be at most 1000000')
    .default(1),
  limit: z.coerce
    .number({ error: 'must be an integer between 1 and 100' })
    .int('must be an integer between 1 and 100')
    .min(1, 'must be an integer between 1 and 100')
    .max(100, 'must be an integer between 1 and 100')
    .default(20),
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

export const paginationSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  next_page: z.number().int().nullable(),
  prev_page: z.number().int().nullable(),
});

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
});
export type VideoDetail = z.infer<typeof videoDetail>;
export type VideoListItem = z.infer<typeof videoListItem>;
