/**
 * Personalized videos (seed 000): one row per video, its inputs (template,
 * customer_data, ai_messaging, the written script), its render outputs
 * (storage keys, duration, size) and running analytics totals.
 *
 * `video_counts` keeps per-account, per-status totals in the same
 * transaction as every insert, status change and delete, so list pages never
 * run count(*) (pagination.total stays O(1) at a million videos). Each total
 * is spread over VIDEO_COUNT_SLOTS rows (a change goes to a random one, a
 * read sums them): concurrent creates in one account would otherwise all wait
 * on one row lock until each other's commits.
 * `idempotency_keys` remembers the first response to an `Idempotency-Key`.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { batches } from './batches';
import { projects } from './projects';

export const videoStatus = pgEnum('video_status', ['draft', 'processing', 'published', 'failed', 'cancelled']);

export const videos = pgTable(
  'videos',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    projectId: text('project_id').references(() => projects.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    templateId: text('template_id').notNull(),
    // Content hash of the compositions bundle the video was rendered with.
    templateVersion: text('template_version'),
    status: videoStatus('status').notNull(),
    aspectRatio: text('aspect_ratio').notNull(),
    resolution: text('resolution').notNull().default('standard'),
    customerData: jsonb('customer_data').$type<Record<string, unknown>>().notNull(),
    aiMessaging: jsonb('ai_messaging').$type<Record<string, unknown> | null>(),
    script: jsonb('script').$type<Record<string, unknown> | null>(),
    brand: jsonb('brand').$type<{ color: string; logo: string | null } | null>(),
    // The account's brand kit when the video was created (server/brand): its defaults and sender.
    brandKit: jsonb('brand_kit').$type<Record<string, string | null> | null>(),
    metadata: jsonb('metadata').$type<Record<string, string> | null>(),
    // The batch the video was made in (server/batches) and its row there (0-based).
    batchId: text('batch_id').references(() => batches.id, { onDelete: 'set null' }),
    batchRow: integer('batch_row'),
    // Captions: burned into the frames, a WebVTT file beside the MP4 (sidecar), or none.
    captions: text('captions').$type<'burned' | 'sidecar' | 'off'>().notNull().default('off'),
    captionsKey: text('captions_key'),
    // Extra formats of the same video (aspect_ratios beyond the first); null for one format.
    renditions: jsonb('renditions').$type<Record<string, unknown>[] | null>(),
    durationSeconds: real('duration_seconds'),
    width: integer('width'),
    height: integer('height'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    videoKey: text('video_key'),
    thumbnailKey: text('thumbnail_key'),
    progress: real('progress').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    renderJobId: text('render_job_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    renderStartedAt: timestamp('render_started_at', { withTimezone: true, mode: 'date' }),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    renderMs: integer('render_ms'),
    // Analytics totals, updated with each playback event (details in video_sessions).
    views: integer('views').notNull().default(0),
    completedViews: integer('completed_views').notNull().default(0),
    watchSeconds: real('watch_seconds').notNull().default(0),
    ctaClicks: integer('cta_clicks').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // The list, newest first (ORDER BY created_at DESC, id DESC): ascending, walked backwards. Not
    // `.desc()`, which emits DESC NULLS LAST and cannot serve that order (see schema/index.ts).
    index('videos_account_created_idx').on(t.accountId, t.createdAt, t.id).where(sql`deleted_at is null`),
    // The list filtered by status.
    index('videos_account_status_created_idx')
      .on(t.accountId, t.status, t.createdAt, t.id)
      .where(sql`deleted_at is null`),
    // The list filtered by project; also the lookup behind the project foreign key (ON DELETE SET NULL).
    index('videos_project_created_idx').on(t.projectId, t.createdAt, t.id),
    // The last render times of a template at a resolution, newest first (videos/estimate.ts expectedRenderMs),
    // read backwards; only rendered videos.
    index('videos_render_history_idx').on(t.templateId, t.resolution, t.publishedAt).where(sql`render_ms is not null`),
    // A batch's items in row order; also the lookup behind the batch foreign key.
    index('videos_batch_row_idx').on(t.batchId, t.batchRow),
  ],
);

export const videoCounts = pgTable(
  'video_counts',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    status: videoStatus('status').notNull(),
    /** 0 … VIDEO_COUNT_SLOTS − 1. A slot's count may go below zero (a +1 in one slot, its −1 in another); the sum may not. */
    slot: smallint('slot').notNull().default(0),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'video_counts_pkey', columns: [t.accountId, t.status, t.slot] })],
);

/** Rows each per-account, per-status total is spread over. */
export const VIDEO_COUNT_SLOTS = 8;

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_keys_pkey', columns: [t.accountId, t.key] }),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
);

export type Video = typeof videos.$inferSelect;
export type VideoStatus = (typeof videoStatus.enumValues)[number];
