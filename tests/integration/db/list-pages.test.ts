/**
 * Walking every page of a list gives every row once, in order: the video
 * list page by page (its late pages read from the oldest end of the index),
 * the library and the delivery log cursor by cursor, including runs of rows
 * that share one timestamp to the microsecond (rows written by one statement
 * or transaction), which a millisecond cursor would skip across a page
 * boundary. PGlite and Postgres.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { libraryVideos, videos, webhookDeliveries } from '@/server/db/schema';
import { listLibraryVideos } from '@/server/library/service';
import { listVideos } from '@/server/videos/service';
import { listDeliveries } from '@/server/webhooks/service';
import { bulkSeed } from '../../helpers/bulk-seed';
import { testDb } from '../../helpers/db';
import { createUser } from '../../helpers/factories';

let db: Db;
let accountId: string;
let endpointId: string;

beforeAll(async () => {
  db = (await testDb()).db;
  accountId = (await createUser(db)).account.id;
  const seeded = await bulkSeed(db, accountId, { videos: 137, library: 61, deliveries: 73, endpoints: 1 });
  endpointId = seeded.endpointId!;
  // Half the library in one statement: one timestamp, to the microsecond.
  await db.execute(sql`update library_videos set created_at = now() where account_id = ${accountId} and media_id % 2 = 0`);
}, 120_000);

describe('every page of a list, in order, each row once', () => {
  it.each([1, 7, 20, 100])('the video list, %i per page, from the first page to the last', async (limit) => {
    const expected = (
      await db
        .select({ id: videos.id })
        .from(videos)
        .where(eq(videos.accountId, accountId))
        .orderBy(sql`${videos.createdAt} desc, ${videos.id} desc`)
    ).map((r) => r.id);
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const result = await listVideos(db, { accountId, query: { page, limit }, ctx: { origin: 'http://localhost' } });
      expect(result.pagination.total).toBe(137);
      seen.push(...result.data.map((v) => v.id));
      if (result.pagination.next_page === null) break;
    }
    expect(seen).toEqual(expected);
    // Past the end: an empty page, the total still right.
    const past = await listVideos(db, { accountId, query: { page: 1000, limit }, ctx: { origin: 'http://localhost' } });
    expect(past.data).toEqual([]);
  });

  it.each([1, 4, 10, 50])('the library, %i per page, cursor after cursor', async (count) => {
    const expected = (
      await db
        .select({ id: libraryVideos.mediaId })
        .from(libraryVideos)
        .where(sql`${libraryVideos.accountId} = ${accountId} and ${libraryVideos.deletedAt} is null`)
        .orderBy(sql`${libraryVideos.createdAt} desc, ${libraryVideos.mediaId} desc`)
    ).map((r) => `13_${r.id}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLibraryVideos(db, { accountId, origin: 'http://localhost', count, cursor });
      seen.push(...page.data.map((v) => v.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it.each([1, 3, 20])('the delivery log, %i per page, across deliveries that share a timestamp', async (limit) => {
    const expected = (
      await db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId))
        .orderBy(sql`${webhookDeliveries.createdAt} desc, ${webhookDeliveries.id} desc`)
    ).map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDeliveries(db, { accountId, endpointId, query: { limit, cursor } });
      seen.push(...page.data.map((d) => d.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});
