/**
 * The Batches API (ext; API.md): many personalized videos from one request.
 * The shared settings are the video create's own fields (so a batch accepts
 * whatever a video does: ai_messaging, aspect_ratio(s), captions, resolution,
 * project), each item is one customer's data; every accepted item is an
 * ordinary video linked to its batch.
 */
import { z } from 'zod';
import { pageQuery, paginationSchema } from '../lib/pagination';
import { createVideoFields, videoErrorSchema } from '../videos/schemas';

export const MAX_BATCH_ITEMS = 1000;

export const batchIdSchema = z.string().regex(/^bat_[0-9a-z]{10}$/, 'must be a batch id like bat_12345abcde');

/** What every item shares: the create body without the per-customer fields. */
export const batchSharedInput = createVideoFields.omit({ title: true, customer_data: true, metadata: true, draft: true, script: true });

export const batchItemInput = z.object(
  {
    customer_data: z.record(z.string(), z.unknown(), { error: 'is required and must be an object' }),
    // Default: "<template name> for <first_name or name>".
    title: z.string().optional(),
    metadata: z.unknown().optional(),
  },
  { error: 'must be an object with customer_data' },
);

export const createBatchInput = batchSharedInput.extend({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  items: z
    .array(z.unknown(), { error: 'is required and must be an array of items' })
    .min(1, 'must hold at least one item')
    .max(MAX_BATCH_ITEMS, `must hold at most ${MAX_BATCH_ITEMS} items`),
  // Start nothing when any item is invalid (422 listing every item's errors).
  all_or_nothing: z.boolean().default(false),
});
export type CreateBatchInput = z.infer<typeof createBatchInput>;

export const BATCH_STATUSES = ['processing', 'completed', 'cancelled'] as const;
export const BATCH_ITEM_STATUSES = ['rejected', 'draft', 'processing', 'published', 'failed', 'cancelled', 'deleted'] as const;

export const batchCounts = z.object({
  /** Items in the request. */
  total: z.number().int(),
  /** Items that became videos. */
  accepted: z.number().int(),
  /** Items refused with field errors (no video). */
  rejected: z.number().int(),
  processing: z.number().int(),
  published: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});

export const batchSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(BATCH_STATUSES),
  template_id: z.string(),
  project_id: z.string().nullable(),
  /** The shared settings as sent. */
  settings: z.record(z.string(), z.unknown()),
  source: z.string(),
  counts: batchCounts,
  /** 0–1 over the accepted items. */
  progress: z.number(),
  estimated_completion: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
});
export type BatchSummary = z.infer<typeof batchSummary>;

export const batchItem = z.object({
  /** 0-based position in the request (row 0 is a CSV's first data row). */
  row: z.number().int(),
  title: z.string().nullable(),
  status: z.enum(BATCH_ITEM_STATUSES),
  video_id: z.string().nullable(),
  url: z.string().nullable(),
  share_url: z.string().nullable(),
  /** Why a published-to-be video failed. */
  error: videoErrorSchema.nullable(),
  /** Why the item was refused (rejected only). */
  errors: z.array(z.object({ field: z.string(), message: z.string() })).nullable(),
  customer_data: z.record(z.string(), z.unknown()).nullable(),
});
export type BatchItem = z.infer<typeof batchItem>;

export const batchDetail = batchSummary.extend({ items: z.array(batchItem) });
export type BatchDetail = z.infer<typeof batchDetail>;

export const listBatchesQuery = pageQuery(20);
export type ListBatchesQuery = z.infer<typeof listBatchesQuery>;

export const batchListResponse = z.object({ data: z.array(batchSummary), pagination: paginationSchema });
