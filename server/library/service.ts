/**
 * The account video library (seed 002): associate processed uploads with an
 * account, list them with an opaque keyset cursor, read, update and
 * soft-delete them; published personalized videos join the same library
 * through addRenderedVideoToLibrary. Every statement filters by account.
 *
 * Definitions the seed leaves open:
 * - `tweeted`: the video has been shared and watched, i.e. its watch page
 *   recorded a first view (markLibraryVideoShared). Uploads have no watch
 *   page, so they stay false.
 * - `ready_to_tweet`: processing succeeded and the video is not deleted.
 * - `reasons_not_servable`: PROCESSING while pending; PROCESSING_FAILED plus
 *   the broken limit (e.g. DURATION_TOO_LONG) after a failure; DELETED.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { accounts, jobs, libraryVideoCounts, libraryVideos, media, videos, type LibraryVideo, type Media } from '../db/schema';
import { mediaKey, newMediaId, parseVideoId } from '../media/media-id';
import { PROCESSING_ERRORS, reasonForError } from '../media/schemas';
import { getStorage } from '../storage';
import { hideObjects, moveHidden, restoreObjects } from '../storage/trash';
import { AppError } from '../lib/errors';
import { isoSeconds } from '../lib/time';
import { absoluteUrl } from '../lib/urls';
import type {
  AccountObject,
  CreateVideoParams,
  LibraryVideoDetails,
  LibraryVideoObject,
  ListVideosParams,
  UpdateVideoParams,
} from './schemas';

const posterMedia = alias(media, 'poster_media');

/** The columns the outputs use, no more: a list page maps every selected field of every row. */
const rowColumns = {
  lv: {
    mediaId: libraryVideos.mediaId,
    title: libraryVideos.title,
    description: libraryVideos.description,
    sharedAt: libraryVideos.sharedAt,
    createdAt: libraryVideos.createdAt,
    updatedAt: libraryVideos.updatedAt,
    deletedAt: libraryVideos.deletedAt,
  },
  m: {
    id: media.id,
    state: media.state,
    source: media.source,
    renderedVideoId: media.renderedVideoId,
    fileKey: media.fileKey,
    posterKey: media.posterKey,
    durationMs: media.durationMs,
    aspectRatio: media.aspectRatio,
    width: media.width,
    height: media.height,
    errorName: media.errorName,
    errorCode: media.errorCode,
    errorMessage: media.errorMessage,
  },
};

interface Row {
  lv: Pick<LibraryVideo, keyof typeof rowColumns.lv>;
  m: Pick<Media, keyof typeof rowColumns.m>;
  posterKey: string | null;
  posterState: Media['state'] | null;
  jobProgress: number | null;
  /** created_at in microseconds since the epoch, exact (a JS Date keeps milliseconds), for cursors. */
  createdMicros: string;
}

function selectRows(db: Db) {
  return db
    .select({
      ...rowColumns,
      posterKey: posterMedia.fileKey,
      posterState: posterMedia.state,
      jobProgress: jobs.progress,
      createdMicros: sql<string>`(extract(epoch from ${libraryVideos.createdAt}) * 1000000)::bigint`.mapWith(String),
    })
    .from(libraryVideos)
    .innerJoin(media, eq(media.id, libraryVideos.mediaId))
    .leftJoin(posterMedia, eq(posterMedia.id, libraryVideos.posterImageMediaId))
    .leftJoin(jobs, eq(jobs.id, media.jobId));
}

/** The seed's video object for one row; URLs are made absolute with `origin`. */
function toVideoObject(row: Row, origin: string): LibraryVideoObject {
  const { lv, m } = row;
  const storage = getStorage();
  const ready = m.state === 'succeeded';
  const url = (key: string | null) => (key ? absoluteUrl(storage.publicUrl(key), origin) : null);
  const reasons: string[] = [];
  if (m.state === 'failed') reasons.push('PROCESSING_FAILED', reasonForError(m.errorName));
  else if (!ready) reasons.push('PROCESSING');
  if (lv.deletedAt) reasons.push('DELETED');
  const id = mediaKey('video', m.id);
  // A chosen poster image wins once it is processed; else the first frame.
  const posterKey = row.posterKey && row.posterState === 'succeeded' ? row.posterKey : ready ? m.posterKey : null;
  return {
    tweeted: lv.sharedAt !== null,
    ready_to_tweet: ready && !lv.deletedAt,
    duration: ready ? m.durationMs : null,
    reasons_not_servable: [...new Set(reasons)],
    description: lv.description,
    preview_url: ready ? url(m.fileKey) : null,
    id,
    poster_url: url(posterKey),
    media_key: id,
    created_at: isoSeconds(lv.createdAt),
    title: lv.title,
    aspect_ratio: ready ? m.aspectRatio : null,
    updated_at: isoSeconds(lv.updatedAt),
    deleted: lv.deletedAt !== null,
  };
}

function toDetails(row: Row, origin: string): LibraryVideoDetails {
  const { m } = row;
  const progress =
    m.state === 'succeeded' || m.state === 'failed' ? 100 : m.state === 'in_progress' ? Math.min(99, Math.floor((row.jobProgress ?? 0) * 100)) : 0;
  return {
    ...toVideoObject(row, origin),
    state: m.state,
    progress_percent: progress,
    error:
      m.state === 'failed'
        ? {
            code: m.errorCode ?? PROCESSING_ERRORS.InternalError,
            name: m.errorName ?? 'InternalError',
            message: m.errorMessage ?? 'Processing failed.',
          }
        : null,
    source: m.source,
    width: m.state === 'succeeded' ? m.width : null,
    height: m.state === 'succeeded' ? m.height : null,
  };
}

// ---------------------------------------------------------------------------
// Cursor: opaque base64url of the last row's (created_at in µs, media id). Microseconds, not a JS Date's
// milliseconds: rows created in one transaction share a timestamp to the µs, and a cursor cut to the ms
// would skip the rows of that millisecond that sort after it. v1 cursors (ms) are still read.

function encodeCursor(row: Row): string {
  return Buffer.from(`v2:${row.createdMicros}:${row.lv.mediaId}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdMicros: bigint; mediaId: bigint } {
  const match = /^v([12]):(\d{1,19}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw AppError.param('bad_request', 'cursor', 'cursor is not a cursor this API returned.');
  const at = BigInt(match[2]!);
  return { createdMicros: match[1] === '1' ? at * 1000n : at, mediaId: BigInt(match[3]!) };
}

export interface ListResult<T> {
  data: T[];
  nextCursor: string | null;
}

type ListRowsParams = { accountId: string } & Pick<ListVideosParams, 'count' | 'cursor' | 'video_ids' | 'with_deleted'>;

/**
 * The query behind one page of a library list: newest first, keyset on
 * (created_at, media_id), read from library_videos_account_(live_)created_idx
 * in that order, one row more than the page to know whether another follows.
 * Exported for the EXPLAIN test (tests/integration/db/list-indexes.test.ts).
 */
export function libraryPageQuery(db: Db, params: ListRowsParams) {
  const ids = params.video_ids?.map((v) => parseVideoId(v)).filter((v): v is bigint => v !== null);
  const cursor = params.cursor ? decodeCursor(params.cursor) : null;
  return libraryPage(
    db,
    { withDeleted: !!params.with_deleted, cursor: !!cursor, ids },
    { accountId: params.accountId, limit: (params.count ?? 10) + 1, cursorMicros: cursor?.createdMicros.toString(), cursorId: cursor?.mediaId.toString() },
  );
}

type PageValue<T> = T | ReturnType<typeof sql.placeholder>;

/** One shape of the library page query; the values may be placeholders (prepared once per shape). */
function libraryPage(
  db: Db,
  shape: { withDeleted: boolean; cursor: boolean; ids?: bigint[] },
  v: { accountId: PageValue<string>; limit: PageValue<number>; cursorMicros?: PageValue<string>; cursorId?: PageValue<string> },
) {
  const conditions: Array<SQL | undefined> = [eq(libraryVideos.accountId, v.accountId as string)];
  if (!shape.withDeleted) conditions.push(isNull(libraryVideos.deletedAt));
  if (shape.ids) conditions.push(inArray(libraryVideos.mediaId, shape.ids));
  if (shape.cursor) {
    // Keyset on (created_at, media_id): rows added or deleted between pages never shift the next one.
    conditions.push(
      sql`(${libraryVideos.createdAt}, ${libraryVideos.mediaId}) < (timestamptz 'epoch' + ${v.cursorMicros}::bigint * interval '1 microsecond', ${v.cursorId}::bigint)`,
    );
  }
  return selectRows(db)
    .where(and(...conditions))
    .orderBy(desc(libraryVideos.createdAt), desc(libraryVideos.mediaId))
    .limit(v.limit as number);
}

/** libraryPageQuery without `video_ids` (every client's paging), prepared once per shape. */
function preparedLibraryPage(db: Db, shape: { withDeleted: boolean; cursor: boolean }) {
  const name = `library_page_${shape.withDeleted ? 'all' : 'live'}_${shape.cursor ? 'after' : 'first'}`;
  return prepared(db, name, (d) =>
    libraryPage(d, shape, {
      accountId: sql.placeholder('accountId'),
      limit: sql.placeholder('limit'),
      cursorMicros: sql.placeholder('cursorMicros'),
      cursorId: sql.placeholder('cursorId'),
    }).prepare(name),
  );
}

async function listRows(db: Db, params: ListRowsParams): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const count = params.count ?? 10;
  let rows: Row[];
  if (params.video_ids) rows = await libraryPageQuery(db, params);
  else {
    const cursor = params.cursor ? decodeCursor(params.cursor) : null;
    rows = await preparedLibraryPage(db, { withDeleted: !!params.with_deleted, cursor: !!cursor }).execute({
      accountId: params.accountId,
      limit: count + 1,
      cursorMicros: cursor?.createdMicros.toString(),
      cursorId: cursor?.mediaId.toString(),
    });
  }
  const page = rows.slice(0, count);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > count && last ? encodeCursor(last) : null };
}

/** GET accounts/:account_id/videos. */
export async function listLibraryVideos(
  db: Db,
  params: { accountId: string; origin: string } & ListVideosParams,
): Promise<ListResult<LibraryVideoObject>> {
  const { rows, nextCursor } = await listRows(db, params);
  return { data: rows.map((r) => toVideoObject(r, params.origin)), nextCursor };
}

/**
 * The list's `total_count` (with_total_count): from the trigger-kept counters
 * (library_video_counts), live videos or, with_deleted, live and deleted; for
 * a `video_ids` list, the ids that match (at most 200, one indexed query).
 */
export async function countLibraryVideos(
  db: Db,
  params: { accountId: string; withDeleted?: boolean; videoIds?: string[] },
): Promise<number> {
  if (params.videoIds) {
    const ids = [...new Set(params.videoIds.map((v) => parseVideoId(v)).filter((v): v is bigint => v !== null))];
    if (ids.length === 0) return 0;
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(libraryVideos)
      .where(
        and(
          eq(libraryVideos.accountId, params.accountId),
          inArray(libraryVideos.mediaId, ids),
          params.withDeleted ? undefined : isNull(libraryVideos.deletedAt),
        ),
      );
    return row?.n ?? 0;
  }
  const rows = await db
    .select({ deleted: libraryVideoCounts.deleted, count: libraryVideoCounts.count })
    .from(libraryVideoCounts)
    .where(eq(libraryVideoCounts.accountId, params.accountId));
  return rows.reduce((sum, r) => sum + (r.deleted && !params.withDeleted ? 0 : Number(r.count)), 0);
}

/** The UI's list: the same page with processing details. */
export async function listLibraryVideoDetails(
  db: Db,
  params: { accountId: string; origin: string } & ListVideosParams,
): Promise<ListResult<LibraryVideoDetails>> {
  const { rows, nextCursor } = await listRows(db, params);
  return { data: rows.map((r) => toDetails(r, params.origin)), nextCursor };
}

const videoNotFound = (videoId: string) =>
  AppError.param('not_found', 'video_id', `Video ${videoId} was not found in this account.`);

async function loadRow(db: Db, accountId: string, videoId: string, opts: { withDeleted?: boolean } = {}): Promise<Row> {
  const id = parseVideoId(videoId);
  if (id === null) throw AppError.param('bad_request', 'video_id', `${JSON.stringify(videoId)} is not a video id such as 13_875943225764098048.`);
  const [row] = await selectRows(db)
    .where(
      and(
        eq(libraryVideos.accountId, accountId),
        eq(libraryVideos.mediaId, id),
        opts.withDeleted ? undefined : isNull(libraryVideos.deletedAt),
      ),
    )
    .limit(1);
  if (!row) throw videoNotFound(videoId);
  return row;
}

/** GET accounts/:account_id/videos/:video_id. */
export async function getLibraryVideo(
  db: Db,
  params: { accountId: string; videoId: string; withDeleted?: boolean; origin: string },
): Promise<LibraryVideoObject> {
  return toVideoObject(await loadRow(db, params.accountId, params.videoId, params), params.origin);
}

export async function getLibraryVideoDetails(
  db: Db,
  params: { accountId: string; videoId: string; withDeleted?: boolean; origin: string },
): Promise<LibraryVideoDetails> {
  return toDetails(await loadRow(db, params.accountId, params.videoId, params), params.origin);
}

/** A poster must be one of the account's images that has not failed or expired. */
async function checkPoster(db: Db, accountId: string, posterId: bigint): Promise<void> {
  const [poster] = await db
    .select({ kind: media.kind, state: media.state, errorMessage: media.errorMessage })
    .from(media)
    .where(and(eq(media.id, posterId), eq(media.accountId, accountId)))
    .limit(1);
  if (!poster) {
    throw AppError.param('bad_request', 'poster_image_media_id', `poster_image_media_id ${posterId} is not an image uploaded to this account.`);
  }
  if (poster.kind !== 'image') {
    throw AppError.param('bad_request', 'poster_image_media_id', `poster_image_media_id ${posterId} is a video; upload an image (JPEG, PNG, GIF or WebP) with media_category=tweet_image.`);
  }
  if (poster.state === 'uploading' || poster.state === 'expired') {
    throw AppError.param('bad_request', 'poster_image_media_id', `poster_image_media_id ${posterId} was never finalized; FINALIZE its upload first.`);
  }
  if (poster.state === 'failed') {
    throw AppError.param('bad_request', 'poster_image_media_id', `poster_image_media_id ${posterId} failed processing: ${poster.errorMessage ?? 'invalid image'}`);
  }
}

/**
 * POST accounts/:account_id/videos: adds a finalized video upload to the
 * library as `13_<media_id>`. Associating the same media again updates the
 * given fields and restores it if it was deleted (`created: false`).
 */
export async function associateVideo(
  db: Db,
  params: { accountId: string } & CreateVideoParams,
): Promise<{ id: string; created: boolean }> {
  const mediaId = params.video_media_id;
  const [video] = await db
    .select({ kind: media.kind, state: media.state, errorMessage: media.errorMessage, fileKey: media.fileKey, posterKey: media.posterKey })
    .from(media)
    .where(and(eq(media.id, mediaId), eq(media.accountId, params.accountId)))
    .limit(1);
  if (!video) {
    throw AppError.param('bad_request', 'video_media_id', `video_media_id ${mediaId} is not a video uploaded to this account.`);
  }
  if (video.kind !== 'video') {
    throw AppError.param('bad_request', 'video_media_id', `video_media_id ${mediaId} is an image; upload a video with media_category=amplify_video.`);
  }
  if (video.state === 'uploading' || video.state === 'expired') {
    throw AppError.param('bad_request', 'video_media_id', `video_media_id ${mediaId} was never finalized; FINALIZE its upload first.`);
  }
  if (params.poster_image_media_id !== undefined) await checkPoster(db, params.accountId, params.poster_image_media_id);
  const [previous] = await db
    .select({ deletedAt: libraryVideos.deletedAt })
    .from(libraryVideos)
    .where(and(eq(libraryVideos.mediaId, mediaId), eq(libraryVideos.accountId, params.accountId)))
    .limit(1);
  if (previous?.deletedAt) {
    // Restoring a deleted entry brings its files back from the trash, while its grace period lasts.
    const missing = await restoreObjects(db, { accountId: params.accountId, keys: [video.fileKey, video.posterKey] });
    if (missing.length > 0) {
      throw AppError.param('bad_request', 'video_media_id', `video_media_id ${mediaId} was deleted and its file is gone; upload it again.`);
    }
  }
  const now = new Date();
  const fields = {
    ...(params.title !== undefined ? { title: params.title } : {}),
    ...(params.description !== undefined ? { description: params.description } : {}),
    ...(params.poster_image_media_id !== undefined ? { posterImageMediaId: params.poster_image_media_id } : {}),
  };
  const [inserted] = await db
    .insert(libraryVideos)
    .values({ mediaId, accountId: params.accountId, ...fields, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: libraryVideos.mediaId })
    .returning({ mediaId: libraryVideos.mediaId });
  if (!inserted) {
    await db
      .update(libraryVideos)
      .set({ ...fields, deletedAt: null, updatedAt: now })
      .where(and(eq(libraryVideos.mediaId, mediaId), eq(libraryVideos.accountId, params.accountId)));
  }
  return { id: mediaKey('video', mediaId), created: !!inserted };
}

/** PUT accounts/:account_id/videos/:video_id: title, description, poster image. */
export async function updateLibraryVideo(
  db: Db,
  params: { accountId: string; videoId: string; origin: string } & UpdateVideoParams,
): Promise<LibraryVideoObject> {
  const row = await loadRow(db, params.accountId, params.videoId);
  if (params.poster_image_media_id !== undefined) await checkPoster(db, params.accountId, params.poster_image_media_id);
  const fields = {
    ...(params.title !== undefined ? { title: params.title } : {}),
    ...(params.description !== undefined ? { description: params.description } : {}),
    ...(params.poster_image_media_id !== undefined ? { posterImageMediaId: params.poster_image_media_id } : {}),
  };
  if (Object.keys(fields).length > 0) {
    await db
      .update(libraryVideos)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(libraryVideos.mediaId, row.lv.mediaId), eq(libraryVideos.accountId, params.accountId), isNull(libraryVideos.deletedAt)));
  }
  return getLibraryVideo(db, params);
}

/**
 * DELETE accounts/:account_id/videos/:video_id: soft delete; the object comes
 * back with deleted: true. Its files leave public reach before this returns
 * (storage/trash.ts) unless they are a published personalized video's, which
 * stays on its watch page; associating the media again restores them.
 */
export async function deleteLibraryVideo(
  db: Db,
  params: { accountId: string; videoId: string; origin: string },
): Promise<LibraryVideoObject> {
  const row = await loadRow(db, params.accountId, params.videoId);
  const trashKeys = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const now = new Date();
    const [done] = await tx
      .update(libraryVideos)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(eq(libraryVideos.mediaId, row.lv.mediaId), eq(libraryVideos.accountId, params.accountId), isNull(libraryVideos.deletedAt)))
      .returning({ mediaId: libraryVideos.mediaId });
    if (!done) throw videoNotFound(params.videoId);
    if (row.m.renderedVideoId) {
      const [live] = await tx
        .select({ id: videos.id })
        .from(videos)
        .where(and(eq(videos.id, row.m.renderedVideoId), isNull(videos.deletedAt)))
        .limit(1);
      if (live) return [];
    }
    return hideObjects(tx, { accountId: params.accountId, keys: [row.m.fileKey, row.m.posterKey] });
  });
  await moveHidden(db, trashKeys);
  return getLibraryVideo(db, { ...params, withDeleted: true });
}

/**
 * Adds a published personalized video to its account's library, in the
 * publishing transaction (`tx`), as a processed video media addressable as
 * `13_<mediaId>`. Idempotent per video: publishing the same video again
 * (a re-render) points its library entry at the new files and keeps its id.
 */
export async function addRenderedVideoToLibrary(
  tx: Db,
  params: {
    accountId: string;
    videoId: string;
    title: string;
    videoKey: string;
    posterKey: string;
    durationMs: number;
    width: number;
    height: number;
    aspectRatio: string;
    sizeBytes: number;
  },
): Promise<{ mediaId: string }> {
  const now = new Date();
  const files = {
    fileKey: params.videoKey,
    posterKey: params.posterKey,
    fileBytes: params.sizeBytes,
    totalBytes: params.sizeBytes,
    durationMs: Math.round(params.durationMs),
    width: params.width,
    height: params.height,
    aspectRatio: params.aspectRatio,
    state: 'succeeded' as const,
    processedAt: now,
    updatedAt: now,
  };
  const [existing] = await tx
    .select({ id: media.id })
    .from(media)
    .where(and(eq(media.accountId, params.accountId), eq(media.renderedVideoId, params.videoId)))
    .limit(1);
  if (existing) {
    await tx.update(media).set(files).where(eq(media.id, existing.id));
    await tx
      .insert(libraryVideos)
      .values({ mediaId: existing.id, accountId: params.accountId, title: params.title, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: libraryVideos.mediaId });
    return { mediaId: existing.id.toString() };
  }
  const id = newMediaId(now.getTime());
  await tx.insert(media).values({
    id,
    accountId: params.accountId,
    kind: 'video',
    source: 'render',
    mediaType: 'video/mp4',
    mediaCategory: 'amplify_video',
    renderedVideoId: params.videoId,
    finalizedAt: now,
    createdAt: now,
    ...files,
  });
  await tx.insert(libraryVideos).values({ mediaId: id, accountId: params.accountId, title: params.title, createdAt: now, updatedAt: now });
  return { mediaId: id.toString() };
}

/** The media id of a personalized video's render (a subquery: one row, or none before it is published). */
function renderedMediaIds(tx: Db, params: { accountId: string; videoId: string }) {
  return tx
    .select({ id: media.id })
    .from(media)
    .where(and(eq(media.accountId, params.accountId), eq(media.renderedVideoId, params.videoId)));
}

/** Deleting a personalized video takes its library entry with it (in the deleting transaction). */
export async function softDeleteRenderedLibraryVideo(tx: Db, params: { accountId: string; videoId: string }): Promise<void> {
  const now = new Date();
  await tx
    .update(libraryVideos)
    .set({ deletedAt: now, updatedAt: now })
    .where(
      and(
        eq(libraryVideos.accountId, params.accountId),
        isNull(libraryVideos.deletedAt),
        inArray(libraryVideos.mediaId, renderedMediaIds(tx, params)),
      ),
    );
}

/**
 * Marks a published personalized video as shared (`tweeted: true`) the first
 * time its watch page records a view. Call it in the transaction that
 * records that view; later calls change nothing.
 */
export async function markLibraryVideoShared(tx: Db, params: { accountId: string; videoId: string }): Promise<void> {
  await tx
    .update(libraryVideos)
    .set({ sharedAt: sql`now()` })
    .where(
      and(
        eq(libraryVideos.accountId, params.accountId),
        isNull(libraryVideos.sharedAt),
        inArray(libraryVideos.mediaId, renderedMediaIds(tx, params)),
      ),
    );
}

/** GET accounts: the API key's own account (a key belongs to one account), or a signed-in user's accounts. */
export async function listAdsAccounts(
  db: Db,
  params: { accountIds: string[] },
): Promise<AccountObject[]> {
  if (params.accountIds.length === 0) return [];
  const rows = await db.select().from(accounts).where(inArray(accounts.id, params.accountIds)).orderBy(accounts.createdAt, accounts.id);
  return rows.map((a) => ({
    id: a.id,
    name: a.name,
    created_at: isoSeconds(a.createdAt),
    updated_at: isoSeconds(a.updatedAt),
    deleted: false,
  }));
}
