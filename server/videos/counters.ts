/**
 * Per-account, per-status video totals, changed in the same transaction as
 * the rows they count, so `pagination.total` is a read of a few rows by
 * primary key. Each total is spread over VIDEO_COUNT_SLOTS rows: a change
 * adds +1 or −1 to a random slot, a read sums the slots. With one row,
 * concurrent creates in one account queued on its lock until each commit
 * (bench:api, two processes: 227–330 → 388–410 drafts/s).
 */
import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { VIDEO_COUNT_SLOTS, videoCounts, type VideoStatus } from '../db/schema';

async function addToCount(tx: Db, accountId: string, status: VideoStatus, delta: 1 | -1): Promise<void> {
  await tx
    .insert(videoCounts)
    .values({ accountId, status, slot: randomInt(VIDEO_COUNT_SLOTS), count: delta })
    .onConflictDoUpdate({
      target: [videoCounts.accountId, videoCounts.status, videoCounts.slot],
      set: { count: sql`${videoCounts.count} + excluded.count` },
    });
}

/** Moves one video between statuses (null = created / deleted). */
export async function adjustVideoCount(
  tx: Db,
  accountId: string,
  from: VideoStatus | null,
  to: VideoStatus | null,
): Promise<void> {
  if (from === to) return;
  if (to) await addToCount(tx, accountId, to, 1);
  if (from) await addToCount(tx, accountId, from, -1);
}

/** Total videos of an account, optionally of one status. */
export async function countVideos(db: Db, accountId: string, status?: VideoStatus): Promise<number> {
  const name = status ? 'video_count_status' : 'video_count_all';
  const query = prepared(db, name, (d) =>
    d
      .select({ count: videoCounts.count })
      .from(videoCounts)
      .where(
        status
          ? and(eq(videoCounts.accountId, sql.placeholder('accountId')), eq(videoCounts.status, sql.placeholder('status')))
          : eq(videoCounts.accountId, sql.placeholder('accountId')),
      )
      .prepare(name),
  );
  const rows = await query.execute({ accountId, status });
  return Math.max(0, rows.reduce((sum, r) => sum + r.count, 0));
}
