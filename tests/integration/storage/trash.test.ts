/**
 * Deleting makes files unreachable at once, then removes their bytes after
 * the grace period (server/storage/trash.ts), through the real routes, the
 * local driver and its /files handler:
 * - a published personalized video: DELETE → its MP4 and thumbnail answer
 *   404 before the 204 returns, its library entry goes with it, and the purge
 *   removes the bytes;
 * - a library entry of a video that is still live keeps the file public;
 * - a move a crash interrupted is finished by the storage.trash job's sweep.
 */
import { and, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as libraryVideoRoute from '@/app/api/ads/3/accounts/[account_id]/videos/[video_id]/route';
import { POST as createRoute } from '@/app/api/v1/videos/route';
import { DELETE as deleteRoute } from '@/app/api/v1/videos/[video_id]/route';
import type { Db } from '@/server/db/client';
import { jobs, libraryVideos, media, storageTrash, videos } from '@/server/db/schema';
import { addRenderedVideoToLibrary } from '@/server/library/service';
import { thumbnailFileKey, videoFileKey } from '@/server/render/render-video';
import { getStorage } from '@/server/storage';
import { handleFileRequest } from '@/server/storage/serve';
import { handleStorageTrash, hideObjects, storageTrashJob, sweepTrash } from '@/server/storage/trash';
import { testDb } from '../../helpers/db';
import { callRoute, createKey, createUser } from '../../helpers/factories';

let db: Db;
let key: string;
let accountId: string;

const fileStatus = async (key: string) =>
  (await handleFileRequest(new Request(`http://localhost/files/${key}`, { method: 'HEAD' }), key.split('/'))).status;

/** A video as a finished render leaves it: files stored, row published, entry in the library. */
async function publishedVideo(): Promise<{ id: string; mediaId: string }> {
  const res = await callRoute(createRoute, {
    method: 'POST',
    key,
    body: {
      title: 'Welcome, Dana',
      template_id: 'tmpl_welcome_message',
      customer_data: { first_name: 'Dana', company: 'Initech' },
      ai_messaging: { tone: 'friendly', length: 'short' },
      draft: true,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  const storage = getStorage();
  await storage.put(videoFileKey(id), Buffer.from(`mp4 of ${id}`), { contentType: 'video/mp4' });
  await storage.put(thumbnailFileKey(id), Buffer.from(`jpeg of ${id}`), { contentType: 'image/jpeg' });
  const { mediaId } = await db.transaction(async (tx) => {
    await tx
      .update(videos)
      .set({ status: 'published', videoKey: videoFileKey(id), thumbnailKey: thumbnailFileKey(id), publishedAt: new Date() })
      .where(eq(videos.id, id));
    return addRenderedVideoToLibrary(tx as unknown as Db, {
      accountId,
      videoId: id,
      title: 'Dana',
      videoKey: videoFileKey(id),
      posterKey: thumbnailFileKey(id),
      durationMs: 1000,
      width: 180,
      height: 320,
      aspectRatio: '9:16',
      sizeBytes: 10,
    });
  });
  return { id, mediaId };
}

beforeAll(async () => {
  db = (await testDb()).db;
  const user = await createUser(db);
  accountId = user.account.id;
  key = (await createKey(db, accountId)).secret;
});

describe('deleting a personalized video', () => {
  it('makes its MP4 and thumbnail 404 before the 204, deletes its library entry, and purges the bytes later', async () => {
    const { id, mediaId } = await publishedVideo();
    expect(await fileStatus(videoFileKey(id))).toBe(200);

    const del = await callRoute(deleteRoute, { method: 'DELETE', key, params: { video_id: id } });
    expect(del.status).toBe(204);
    expect(await fileStatus(videoFileKey(id))).toBe(404);
    expect(await fileStatus(thumbnailFileKey(id))).toBe(404);

    const [entry] = await db.select().from(libraryVideos).where(eq(libraryVideos.mediaId, BigInt(mediaId)));
    expect(entry?.deletedAt).toBeInstanceOf(Date);

    const rows = await db.select().from(storageTrash).where(eq(storageTrash.accountId, accountId));
    const mine = rows.filter((r) => r.originalKey.includes(id));
    expect(mine.map((r) => r.originalKey).sort()).toEqual([thumbnailFileKey(id), videoFileKey(id)].sort());
    for (const row of mine) {
      expect(row.moved).toBe(true);
      // Kept, under a key nobody can guess, for the grace period (7 days by default).
      expect(row.trashKey).toMatch(new RegExp(`^trash/[0-9a-f]{32}/${row.originalKey.replace('.', '\\.')}$`));
      expect(row.purgeAfter.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      expect(await getStorage().exists(row.trashKey)).toBe(true);
    }

    // The grace period ends: the sweep removes the bytes and the rows.
    for (const row of mine) await db.update(storageTrash).set({ purgeAfter: new Date(Date.now() - 1000) }).where(eq(storageTrash.trashKey, row.trashKey));
    const swept = await sweepTrash(db);
    expect(swept.purged).toBeGreaterThanOrEqual(2);
    for (const row of mine) expect(await getStorage().exists(row.trashKey)).toBe(false);
    expect((await db.select().from(storageTrash).where(eq(storageTrash.trashKey, mine[0]!.trashKey))).length).toBe(0);
  });
});

describe('deleting a library entry', () => {
  it("keeps a live personalized video's file public: only the entry goes", async () => {
    const { id, mediaId } = await publishedVideo();
    const videoId = `13_${mediaId}`;
    const res = await libraryVideoRoute.DELETE(
      new Request(`http://localhost/api/ads/3/accounts/${accountId}/videos/${videoId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({ account_id: accountId, video_id: videoId }) },
    );
    expect(res.status).toBe(200);
    expect(await fileStatus(videoFileKey(id))).toBe(200);
    expect((await db.select().from(storageTrash).where(eq(storageTrash.originalKey, videoFileKey(id)))).length).toBe(0);
    const [m] = await db.select({ fileKey: media.fileKey }).from(media).where(eq(media.id, BigInt(mediaId)));
    expect(m?.fileKey).toBe(videoFileKey(id));
  });
});

describe('the storage.trash sweep', () => {
  it('finishes a move that a crash interrupted after the delete committed', async () => {
    const key = `videos/vid_stranded${Date.now().toString(36)}.mp4`;
    await getStorage().put(key, Buffer.from('stranded'));
    // The deleting transaction committed its row, then the process died before moving the file.
    const [trashKey] = await db.transaction((tx) => hideObjects(tx as unknown as Db, { accountId, keys: [key] }));
    expect(await fileStatus(key)).toBe(200);
    await db.update(storageTrash).set({ createdAt: new Date(Date.now() - 60_000) }).where(eq(storageTrash.trashKey, trashKey!));

    const swept = await sweepTrash(db);
    expect(swept.moved).toBeGreaterThanOrEqual(1);
    expect(await fileStatus(key)).toBe(404);
    expect(await getStorage().exists(trashKey!)).toBe(true);
    const [row] = await db.select().from(storageTrash).where(eq(storageTrash.trashKey, trashKey!));
    expect(row?.moved).toBe(true);
  });
});

describe('the storage.trash job', () => {
  it('is queued by a delete as a safety net, and queues itself for the hour the next purge falls due', async () => {
    const key = `videos/vid_sched${Date.now().toString(36)}.mp4`;
    await getStorage().put(key, Buffer.from('x'));
    await db.transaction((tx) => hideObjects(tx as unknown as Db, { accountId, keys: [key] }));
    const [net] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, storageTrashJob.kind), eq(jobs.dedupeKey, 'move'), eq(jobs.status, 'queued')));
    // Due within a minute (an earlier delete's job, if one is still queued, serves for this one too).
    expect(net?.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);

    const commit = await handleStorageTrash();
    await db.transaction((tx) => commit(tx as unknown as Db));
    const due = Math.min(...(await db.select({ at: storageTrash.purgeAfter }).from(storageTrash)).map((r) => r.at.getTime()));
    expect(due).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const queued = await db.select().from(jobs).where(and(eq(jobs.kind, storageTrashJob.kind), like(jobs.dedupeKey, 'purge:%')));
    // Queued for the hour the earliest purge falls due: not before it, at most an hour after.
    expect(queued.some((j) => j.runAt.getTime() >= due && j.runAt.getTime() - due <= 3_600_000)).toBe(true);
  });
});
