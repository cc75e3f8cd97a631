/**
 * Uploaded media and the account video library (seed 002).
 *
 * `media` is one uploaded file (video or image) or one published render,
 * addressed by a 64-bit snowflake-like `media_id` (the X media id). It goes
 * uploading → pending → in_progress → succeeded | failed (or expired when the
 * upload is never finalized). `media_segments` records the APPEND segments
 * already stored, so FINALIZE can tell which are missing and the sum of
 * their sizes can be held to `total_bytes`.
 *
 * `library_videos` is the account's video library (`accounts/:id/videos`):
 * one row per associated video media, addressed as `13_<media_id>`, with the
 * user's title/description/poster and a soft-delete stamp. Lists are served
 * by keyset pagination on (created_at, media_id) from an index.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgEnum, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

export const mediaKind = pgEnum('media_kind', ['video', 'image']);
export const mediaState = pgEnum('media_state', ['uploading', 'pending', 'in_progress', 'succeeded', 'failed', 'expired']);
export const mediaSource = pgEnum('media_source', ['upload', 'render']);

export const media = pgTable(
  'media',
  {
    // Snowflake ids exceed 2^53: kept as bigint end to end, never as a JS number.
    id: bigint('id', { mode: 'bigint' }).primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: mediaKind('kind').notNull(),
    source: mediaSource('source').notNull().default('upload'),
    mediaType: text('media_type').notNull(),
    mediaCategory: text('media_category').notNull(),
    totalBytes: bigint('total_bytes', { mode: 'number' }).notNull(),
    state: mediaState('state').notNull(),
    progress: real('progress').notNull().default(0),
    // X's processing_info.error: a numeric code, a name and a message saying what is wrong.
    errorCode: integer('error_code'),
    errorName: text('error_name'),
    errorMessage: text('error_message'),
    jobId: text('job_id'),
    // The assembled upload; removed once a transcoded output replaces it.
    sourceKey: text('source_key'),
    // What is served: the (possibly transcoded) MP4 or the image, and the poster JPEG.
    fileKey: text('file_key'),
    posterKey: text('poster_key'),
    fileBytes: bigint('file_bytes', { mode: 'number' }),
    durationMs: integer('duration_ms'),
    width: integer('width'),
    height: integer('height'),
    aspectRatio: text('aspect_ratio'),
    frameRate: real('frame_rate'),
    // Why a transcode was (or was not) needed, for support and the UI.
    transcodeReasons: text('transcode_reasons').array(),
    // The personalized video a render-sourced media comes from (videos.id); no FK across domains.
    renderedVideoId: text('rendered_video_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    finalizedAt: timestamp('finalized_at', { withTimezone: true, mode: 'date' }),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('media_account_id_created_at_idx').on(t.accountId, t.createdAt),
    // The expiry sweep: unfinished uploads by deadline.
    index('media_uploading_expires_at_idx').on(t.expiresAt).where(sql`state = 'uploading'`),
    index('media_rendered_video_id_idx').on(t.renderedVideoId).where(sql`rendered_video_id is not null`),
  ],
);

export const mediaSegments = pgTable(
  'media_segments',
  {
    mediaId: bigint('media_id', { mode: 'bigint' })
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    segmentIndex: integer('segment_index').notNull(),
    // Each APPEND writes a fresh key, so a re-sent segment never races the one it replaces.
    storageKey: text('storage_key').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'media_segments_pkey', columns: [t.mediaId, t.segmentIndex] })],
);

export const libraryVideos = pgTable(
  'library_videos',
  {
    // The video's media id: the library id is `13_<media_id>`, as on X.
    mediaId: bigint('media_id', { mode: 'bigint' })
      .primaryKey()
      .references(() => media.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text('title'),
    description: text('description'),
    posterImageMediaId: bigint('poster_image_media_id', { mode: 'bigint' }).references(() => media.id, {
      onDelete: 'set null',
    }),
    // `tweeted`: first time the video was shared and watched (its watch page recorded a view).
    sharedAt: timestamp('shared_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // The cursor lists, newest first (ORDER BY created_at DESC, media_id DESC, keyset on both): ascending,
    // walked backwards. Not `.desc()`, which emits DESC NULLS LAST (see schema/index.ts).
    index('library_videos_account_created_idx').on(t.accountId, t.createdAt, t.mediaId),
    index('library_videos_account_live_created_idx')
      .on(t.accountId, t.createdAt, t.mediaId)
      .where(sql`deleted_at is null`),
  ],
);

/**
 * How many library videos each account has, live and deleted: the Ads API's
 * `total_count` (`with_total_count=true`) without counting rows. Kept by a
 * trigger on library_videos (migration 0012), so every write path counts,
 * including ones added later.
 */
export const libraryVideoCounts = pgTable(
  'library_video_counts',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    deleted: boolean('deleted').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'library_video_counts_pkey', columns: [t.accountId, t.deleted] })],
);

export type Media = typeof media.$inferSelect;
export type MediaKind = (typeof mediaKind.enumValues)[number];
export type MediaState = (typeof mediaState.enumValues)[number];
export type MediaSegment = typeof mediaSegments.$inferSelect;
export type LibraryVideo = typeof libraryVideos.$inferSelect;
