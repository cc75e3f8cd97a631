/**
 * The chunked media upload: INIT creates the media and schedules its expiry,
 * APPEND streams one segment to storage and records it, FINALIZE checks the
 * segments add up and queues processing, STATUS reports. Every statement is
 * scoped to the caller's account: another account's media id is not found.
 *
 * Segment bytes are written to a fresh storage key per APPEND before the
 * database learns of them; the row update that makes a segment count holds
 * the media row lock, so concurrent APPENDs cannot together exceed
 * `total_bytes`, and a re-sent segment atomically replaces the old one.
 */
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, media, mediaSegments, type Media } from '../db/schema';
import { randomString } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { enqueueJob } from '../jobs/queue';
import { AppError, isAppError } from '../lib/errors';
import type { PutBody, StorageDriver } from '../storage';
import { newMediaId } from './media-id';
import { mediaExpireJob, mediaProcessJob } from './media-jobs';
import {
  MAX_SEGMENT_BYTES,
  MEDIA_CATEGORIES,
  MEDIA_TYPES,
  mediaLimits,
  toMediaObject,
  type MediaCategory,
  type MediaObject,
  type SupportedMediaType,
} from './schemas';

/** Where an upload's segments live until FINALIZE has assembled them. */
export const segmentPrefix = (id: bigint) => `uploads/${id}/`;

function isExpired(row: Media, now = new Date()): boolean {
  return row.state === 'expired' || (row.state === 'uploading' && !!row.expiresAt && row.expiresAt <= now);
}

const notFound = (id: bigint) =>
  AppError.param('not_found', 'media_id', `media_id ${id} was not found (it does not exist or belongs to another account).`);
const expired = (id: bigint) =>
  AppError.param('bad_request', 'media_id', `media_id ${id} has expired: it was not finalized in time and its bytes were removed. Start again with INIT.`);

async function loadMedia(db: Db, accountId: string, id: bigint, opts: { lock?: boolean } = {}): Promise<Media> {
  const query = db
    .select()
    .from(media)
    .where(and(eq(media.id, id), eq(media.accountId, accountId)))
    .limit(1);
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound(id);
  return row;
}

/** INIT: validates type, category and size; creates the media and schedules its expiry. */
export async function initUpload(
  db: Db,
  params: { accountId: string; totalBytes: number; mediaType: SupportedMediaType; mediaCategory?: MediaCategory },
): Promise<MediaObject> {
  const limits = mediaLimits();
  const { kind } = MEDIA_TYPES[params.mediaType];
  const category = params.mediaCategory ?? (kind === 'video' ? 'amplify_video' : 'tweet_image');
  if (MEDIA_CATEGORIES[category] !== kind) {
    throw AppError.param('bad_request', 'media_category', `media_category ${category} is for ${MEDIA_CATEGORIES[category]}s, but media_type ${params.mediaType} is a ${kind}.`,
    );
  }
  const cap = kind === 'video' ? limits.maxVideoBytes : limits.maxImageBytes;
  if (params.totalBytes > cap) {
    throw AppError.param('payload_too_large', 'total_bytes', `total_bytes ${params.totalBytes} is over the ${kind} size limit of ${cap} bytes.`);
  }
  const now = new Date();
  const expiresAt = new Date(now.getTime() + limits.uploadExpirySeconds * 1000);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const id = newMediaId(now.getTime());
    const [row] = await tx
      .insert(media)
      .values({
        id,
        accountId: params.accountId,
        kind,
        mediaType: params.mediaType,
        mediaCategory: category,
        totalBytes: params.totalBytes,
        state: 'uploading',
        expiresAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no media');
    await enqueueJob(tx, {
      kind: mediaExpireJob,
      payload: { mediaId: id.toString() },
      accountId: params.accountId,
      runAt: new Date(expiresAt.getTime() + 1000),
      dedupeKey: id.toString(),
    });
    return toMediaObject(row, { now });
  });
}

/**
 * APPEND: streams one segment (≤ 5 MB, and never past total_bytes) to
 * storage, then records it. A segment sent again replaces the earlier one.
 */
export async function appendSegment(
  db: Db,
  storage: StorageDriver,
  params: { accountId: string; mediaId: bigint; segmentIndex: number; body: PutBody },
): Promise<{ expiresAt: Date | null }> {
  const { accountId, mediaId, segmentIndex } = params;
  const row = await loadMedia(db, accountId, mediaId);
  if (isExpired(row)) throw expired(mediaId);
  if (row.state !== 'uploading') {
    throw AppError.param('invalid_state', 'media_id', `media_id ${mediaId} is already finalized; APPEND is no longer accepted.`);
  }
  const maxBytes = Math.min(MAX_SEGMENT_BYTES, row.totalBytes);
  const key = `${segmentPrefix(mediaId)}${segmentIndex}-${randomString(10)}.part`;
  let size: number;
  try {
    size = (await storage.put(key, params.body, { maxBytes, contentType: 'application/octet-stream' })).size;
  } catch (err) {
    if (isAppError(err) && err.code === 'payload_too_large') {
      throw maxBytes < MAX_SEGMENT_BYTES
        ? AppError.param('bad_request', 'media', `Segment ${segmentIndex} is larger than total_bytes (${row.totalBytes}).`)
        : AppError.param('payload_too_large', 'media', `Segment ${segmentIndex} is larger than the 5 MB (${MAX_SEGMENT_BYTES} bytes) segment limit.`);
    }
    throw err;
  }
  if (size === 0) {
    await storage.delete(key);
    throw AppError.param('bad_request', 'media', `Segment ${segmentIndex} is empty.`);
  }

  let replacedKey: string | null = null;
  try {
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const locked = await loadMedia(tx, accountId, mediaId, { lock: true });
      if (isExpired(locked)) throw expired(mediaId);
      if (locked.state !== 'uploading') {
        throw AppError.param('invalid_state', 'media_id', `media_id ${mediaId} is already finalized; APPEND is no longer accepted.`);
      }
      const segments = await tx
        .select({ index: mediaSegments.segmentIndex, size: mediaSegments.sizeBytes, key: mediaSegments.storageKey })
        .from(mediaSegments)
        .where(eq(mediaSegments.mediaId, mediaId));
      const others = segments.filter((s) => s.index !== segmentIndex).reduce((sum, s) => sum + s.size, 0);
      if (others + size > locked.totalBytes) {
        throw AppError.param('bad_request', 'media', `Segment ${segmentIndex} (${size} bytes) would bring the upload to ${others + size} bytes, more than total_bytes ${locked.totalBytes}.`,
        );
      }
      replacedKey = segments.find((s) => s.index === segmentIndex)?.key ?? null;
      await tx
        .insert(mediaSegments)
        .values({ mediaId, segmentIndex, storageKey: key, sizeBytes: size })
        .onConflictDoUpdate({
          target: [mediaSegments.mediaId, mediaSegments.segmentIndex],
          set: { storageKey: key, sizeBytes: size, createdAt: sql`now()` },
        });
      await tx.update(media).set({ updatedAt: sql`now()` }).where(eq(media.id, mediaId));
    });
  } catch (err) {
    await storage.delete(key).catch(() => {});
    throw err;
  }
  if (replacedKey) await storage.delete(replacedKey).catch(() => {});
  // When the upload must be finalized by (X's v2 APPEND answers it).
  return { expiresAt: row.expiresAt };
}

/** Segment numbers absent from 0..max, compactly (`2, 5-7`). */
function describeMissing(indexes: number[]): string {
  const present = new Set(indexes);
  const max = Math.max(...indexes);
  const missing: string[] = [];
  for (let i = 0; i <= max; i++) {
    if (present.has(i)) continue;
    let j = i;
    while (j + 1 <= max && !present.has(j + 1)) j++;
    missing.push(i === j ? `${i}` : `${i}-${j}`);
    i = j;
  }
  return missing.join(', ');
}

/**
 * FINALIZE: the segments must be 0..n-1 with no gap and add up to
 * total_bytes; then the media is pending and a media.process job queued.
 * Finalizing again returns the current state (a retried request is safe).
 */
export async function finalizeUpload(db: Db, params: { accountId: string; mediaId: bigint }): Promise<MediaObject> {
  const { accountId, mediaId } = params;
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await loadMedia(tx, accountId, mediaId, { lock: true });
    if (isExpired(row)) throw expired(mediaId);
    if (row.state !== 'uploading') return toMediaObject(row, { jobProgress: await jobProgress(tx, row) });
    const segments = await tx
      .select({ index: mediaSegments.segmentIndex, size: mediaSegments.sizeBytes })
      .from(mediaSegments)
      .where(eq(mediaSegments.mediaId, mediaId))
      .orderBy(asc(mediaSegments.segmentIndex));
    if (segments.length === 0) throw AppError.param('bad_request', 'media_id', `media_id ${mediaId} has no segments: APPEND the bytes before FINALIZE.`);
    const indexes = segments.map((s) => s.index);
    const last = indexes[indexes.length - 1]!;
    if (last !== segments.length - 1) {
      throw AppError.param('bad_request', 'media_id', `Segments missing before FINALIZE: ${describeMissing(indexes)} (segments received: ${segments.length}, highest index: ${last}).`);
    }
    const received = segments.reduce((sum, s) => sum + s.size, 0);
    if (received !== row.totalBytes) {
      throw AppError.param('bad_request', 'media_id', `The segments hold ${received} bytes but total_bytes is ${row.totalBytes}: APPEND the missing ${row.totalBytes - received} bytes as segment ${last + 1} or later.`,
      );
    }
    const { job } = await enqueueJob(tx, {
      kind: mediaProcessJob,
      payload: { mediaId: mediaId.toString() },
      accountId,
      dedupeKey: mediaId.toString(),
    });
    const [updated] = await tx
      .update(media)
      .set({ state: 'pending', finalizedAt: sql`now()`, expiresAt: null, jobId: job.id, updatedAt: sql`now()` })
      .where(eq(media.id, mediaId))
      .returning();
    if (!updated) throw notFound(mediaId);
    return toMediaObject(updated);
  });
}

async function jobProgress(db: Db, row: Media): Promise<number | null> {
  if (row.state !== 'in_progress' || !row.jobId) return null;
  const [job] = await db.select({ progress: jobs.progress }).from(jobs).where(eq(jobs.id, row.jobId)).limit(1);
  return job?.progress ?? null;
}

/** STATUS: the media object with processing_info (progress from the processing job). */
export async function getUploadStatus(db: Db, params: { accountId: string; mediaId: bigint }): Promise<MediaObject> {
  const row = await loadMedia(db, params.accountId, params.mediaId);
  if (isExpired(row)) throw expired(params.mediaId);
  return toMediaObject(row, { jobProgress: await jobProgress(db, row) });
}

/**
 * Expires one upload if it is still unfinished past its deadline: the row
 * becomes `expired` (so later calls say "expired", not "not found") and its
 * segment rows and bytes are removed. Returns whether it expired it.
 */
export async function expireUpload(db: Db, storage: StorageDriver, mediaId: bigint): Promise<boolean> {
  const changed = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .update(media)
      .set({ state: 'expired', updatedAt: sql`now()` })
      .where(and(eq(media.id, mediaId), eq(media.state, 'uploading'), lt(media.expiresAt, sql`now()`)))
      .returning({ id: media.id });
    if (!row) return false;
    await tx.delete(mediaSegments).where(eq(mediaSegments.mediaId, mediaId));
    return true;
  });
  if (changed) {
    // Also catches bytes of an APPEND that was streaming when the upload expired.
    await storage.deletePrefix(segmentPrefix(mediaId));
    logger.info('media upload expired', { mediaId: mediaId.toString() });
  }
  return changed;
}

/**
 * Expires every unfinished upload past its deadline (a safety net beside
 * the per-upload media.expire jobs, e.g. for the CLI or after a restore).
 */
export async function sweepExpiredUploads(db: Db, storage: StorageDriver, params: { limit?: number } = {}): Promise<number> {
  const due = await db
    .select({ id: media.id })
    .from(media)
    .where(and(eq(media.state, 'uploading'), lt(media.expiresAt, sql`now()`)))
    .limit(params.limit ?? 500);
  let count = 0;
  for (const { id } of due) {
    try {
      if (await expireUpload(db, storage, id)) count++;
    } catch (err) {
      logger.warn('could not expire media upload', { mediaId: id.toString(), ...errorFields(err) });
    }
  }
  return count;
}

/** Media rows of one account by id (library poster lookups). */
export async function getMediaByIds(db: Db, accountId: string, ids: bigint[]): Promise<Media[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(media)
    .where(and(eq(media.accountId, accountId), inArray(media.id, ids)));
}
