/**
 * Per-account, per-status video totals, changed in the same transaction as
 * the rows they count, so `pagination.total` is one primary-key read.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { videoCounts, type VideoStatus } from '../db/schema';

/** Moves one video between statuses (null = created / deleted). */
export async function adjustVideoCount(
  tx: Db,
  accountId: string,
  from: VideoStatus | null,
  to: VideoStatus | null,
): Promise<void> {
  if (from === to) return;
  if (to) {
    await tx
      .insert(videoCounts)
      .values({ accountId, status: to, count: 1 })
      .onConflictDoUpdate({
        target: [videoCounts.accountId, videoCounts.status],
        set: { count: sql`${videoCounts.count} + 1` },
      });
  }
  if (from) {
    await tx
      .update(videoCounts)
      .set({ count: sql`greatest(${videoCounts.count} - 1, 0)` })
      .where(and(eq(videoCounts.accountId, accountId), eq(videoCounts.status, from)));
  }
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
  return rows.reduce((sum, r) => sum + r.count, 0);
}
