/**
 * Deleting takes files out of public reach at once and removes their bytes
 * after a grace period (STORAGE_TRASH_DAYS).
 *
 * - `hideObjects(tx, …)`, in the deleting transaction: one storage_trash row
 *   per key, naming an unguessable key under `trash/` (128 random bits), and
 *   a `storage.trash` job a minute later as a safety net.
 * - `moveHidden(db, …)`, right after that transaction commits: moves each
 *   object to its trash key, so its public URL answers 404 before the delete
 *   request returns (local disk and S3 alike: the bucket no longer has the key).
 * - `restoreObjects`: moves objects back (a library video associated again in
 *   its grace period keeps its bytes).
 * - The `storage.trash` job finishes moves a crash interrupted and deletes
 *   the bytes whose grace period is over, then schedules itself for the next
 *   purge that is due.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Db } from '../db/client';
import { storageTrash } from '../db/schema';
import { getEnv } from '../env';
import { enqueueForHour, enqueueJob } from '../jobs/queue';
import { defineJobKind, type CommitFn } from '../jobs/registry';
import { errorFields, logger } from '../lib/logger';
import { getStorage } from './index';
import { joinKey } from './keys';
import type { StorageDriver } from './types';

export const storageTrashJob = defineJobKind({
  kind: 'storage.trash',
  payload: z.object({}),
  maxAttempts: 5,
  backoff: { baseMs: 30_000, capMs: 15 * 60_000 },
  priority: 5,
});

/** How long a row may wait for the request that wrote it to move its object before the job does. */
const MOVE_GRACE_MS = 30_000;
const BATCH = 200;

function trashKeyFor(key: string): string {
  return joinKey('trash', randomBytes(16).toString('hex'), key);
}

/**
 * Marks objects for hiding, in the transaction that deletes what they belong
 * to. Returns the trash keys to pass to moveHidden once it commits. A key
 * already in the trash is left as it is.
 */
export async function hideObjects(tx: Db, params: { accountId: string; keys: Array<string | null | undefined> }): Promise<string[]> {
  const keys = [...new Set(params.keys.filter((k): k is string => !!k))];
  if (keys.length === 0) return [];
  const purgeAfter = new Date(Date.now() + getEnv().STORAGE_TRASH_DAYS * 86_400_000);
  const rows = await tx
    .insert(storageTrash)
    .values(keys.map((key) => ({ trashKey: trashKeyFor(key), originalKey: key, accountId: params.accountId, purgeAfter })))
    .onConflictDoNothing({ target: storageTrash.originalKey })
    .returning({ trashKey: storageTrash.trashKey });
  await enqueueJob(tx, { kind: storageTrashJob, payload: {}, dedupeKey: 'move', delayMs: 60_000 });
  return rows.map((r) => r.trashKey);
}

async function moveOne(db: Db, storage: StorageDriver, row: { trashKey: string; originalKey: string }): Promise<void> {
  await storage.move(row.originalKey, row.trashKey);
  await db.update(storageTrash).set({ moved: true }).where(eq(storageTrash.trashKey, row.trashKey));
}

/**
 * Moves the objects of committed hideObjects rows out of public reach. Never
 * throws: what fails here is retried by the `storage.trash` job.
 */
export async function moveHidden(db: Db, trashKeys: string[], storage: StorageDriver = getStorage()): Promise<void> {
  if (trashKeys.length === 0) return;
  const rows = await db
    .select({ trashKey: storageTrash.trashKey, originalKey: storageTrash.originalKey })
    .from(storageTrash)
    .where(and(inArray(storageTrash.trashKey, trashKeys), eq(storageTrash.moved, false)));
  for (const row of rows) {
    try {
      await moveOne(db, storage, row);
    } catch (err) {
      logger.warn('could not move a deleted file out of reach yet; the storage.trash job retries', {
        key: row.originalKey,
        ...errorFields(err),
      });
    }
  }
}

/**
 * Brings trashed objects back to their keys. Returns the keys whose bytes are
 * gone (purged, or never stored).
 */
export async function restoreObjects(
  db: Db,
  params: { accountId: string; keys: Array<string | null | undefined> },
  storage: StorageDriver = getStorage(),
): Promise<string[]> {
  const keys = [...new Set(params.keys.filter((k): k is string => !!k))];
  if (keys.length === 0) return [];
  const rows = await db
    .select()
    .from(storageTrash)
    .where(and(eq(storageTrash.accountId, params.accountId), inArray(storageTrash.originalKey, keys)));
  for (const row of rows) {
    // Not moved yet: the object never left. Moved: bring it back (false if something else already did).
    if (row.moved) await storage.move(row.trashKey, row.originalKey);
    await db.delete(storageTrash).where(eq(storageTrash.trashKey, row.trashKey));
  }
  const missing: string[] = [];
  for (const key of keys) if (!(await storage.exists(key))) missing.push(key);
  return missing;
}

export interface TrashSweepResult {
  moved: number;
  purged: number;
}

/** Finishes interrupted moves and purges what is past its grace period, in bounded batches. */
export async function sweepTrash(db: Db, storage: StorageDriver = getStorage()): Promise<TrashSweepResult> {
  let moved = 0;
  const stranded = await db
    .select({ trashKey: storageTrash.trashKey, originalKey: storageTrash.originalKey })
    .from(storageTrash)
    .where(and(eq(storageTrash.moved, false), lte(storageTrash.createdAt, new Date(Date.now() - MOVE_GRACE_MS))))
    .limit(BATCH * 10);
  for (const row of stranded) {
    await moveOne(db, storage, row);
    moved++;
  }
  let purged = 0;
  for (;;) {
    const due = await db
      .select({ trashKey: storageTrash.trashKey, originalKey: storageTrash.originalKey })
      .from(storageTrash)
      .where(lte(storageTrash.purgeAfter, new Date()))
      .orderBy(asc(storageTrash.purgeAfter))
      .limit(BATCH);
    for (const row of due) {
      // Whatever is at the public key too: a row never moved still has its object there, and a
      // render that finished as its video was deleted may have stored one after the move.
      await storage.delete(row.trashKey);
      await storage.delete(row.originalKey);
      await db.delete(storageTrash).where(eq(storageTrash.trashKey, row.trashKey));
      purged++;
    }
    if (due.length < BATCH) break;
  }
  return { moved, purged };
}

/** The `storage.trash` handler: sweeps, then queues itself for the next purge that falls due. */
export async function handleStorageTrash(): Promise<CommitFn<TrashSweepResult>> {
  const db = await getDb();
  const result = await sweepTrash(db);
  if (result.moved || result.purged) logger.info('storage trash swept', { ...result });
  return async (tx) => {
    const [next] = await tx
      .select({ at: sql<Date>`min(${storageTrash.purgeAfter})`.mapWith((v) => (v ? new Date(v) : null)) })
      .from(storageTrash);
    // One job per hour of purges, however many deletes fall in it.
    if (next?.at) await enqueueForHour(tx, { kind: storageTrashJob, payload: {}, notBefore: next.at.getTime(), prefix: 'purge' });
    return result;
  };
}
