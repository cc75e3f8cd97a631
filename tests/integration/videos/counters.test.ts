/**
 * The per-account video totals behind `pagination.total`: spread over slots so
 * concurrent creates do not queue on one row, and still exact when read.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { VIDEO_COUNT_SLOTS, videoCounts } from '@/server/db/schema';
import { adjustVideoCount, countVideos } from '@/server/videos/counters';
import { testDb } from '../../helpers/db';
import { createTestAccount } from '../../helpers/jobs-fixtures';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe('video counters', () => {
  it('stay exact through concurrent creates, moves and deletes, spread over several slots', async () => {
    const accountId = await createTestAccount(db);
    await Promise.all(Array.from({ length: 40 }, () => db.transaction((tx) => adjustVideoCount(tx, accountId, null, 'draft'))));
    await Promise.all(Array.from({ length: 15 }, () => db.transaction((tx) => adjustVideoCount(tx, accountId, 'draft', 'published'))));
    await Promise.all(Array.from({ length: 5 }, () => db.transaction((tx) => adjustVideoCount(tx, accountId, 'published', null))));
    await adjustVideoCount(db, accountId, 'draft', 'draft'); // no change

    expect(await countVideos(db, accountId)).toBe(35);
    expect(await countVideos(db, accountId, 'draft')).toBe(25);
    expect(await countVideos(db, accountId, 'published')).toBe(10);
    expect(await countVideos(db, accountId, 'failed')).toBe(0);

    const rows = await db.select().from(videoCounts).where(eq(videoCounts.accountId, accountId));
    const draftSlots = new Set(rows.filter((r) => r.status === 'draft').map((r) => r.slot));
    // 40 random picks among 8 slots land in one slot with probability 8 · 8⁻⁴⁰.
    expect(draftSlots.size).toBeGreaterThan(1);
    for (const r of rows) {
      expect(r.slot).toBeGreaterThanOrEqual(0);
      expect(r.slot).toBeLessThan(VIDEO_COUNT_SLOTS);
    }
  });

  it('never reports a negative total', async () => {
    const accountId = await createTestAccount(db);
    await adjustVideoCount(db, accountId, 'failed', null); // a delete the counter never saw created
    expect(await countVideos(db, accountId, 'failed')).toBe(0);
    expect(await countVideos(db, accountId)).toBe(0);
  });
});
