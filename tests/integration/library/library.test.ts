/**
 * The account video library (`/api/ads/3/...`, seed 002) through its route
 * handlers: the seed's whole flow (upload → associate with a poster → list →
 * get → PUT → DELETE → list with and without with_deleted) checked field by
 * field against the seed's examples; cursor pagination while videos are
 * added and deleted; rendered videos joining the library; every bad input;
 * cross-account isolation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as accountsRoute from '@/app/api/ads/3/accounts/route';
import * as videoRoute from '@/app/api/ads/3/accounts/[account_id]/videos/[video_id]/route';
import * as videosRoute from '@/app/api/ads/3/accounts/[account_id]/videos/route';
import type { Db } from '@/server/db/client';
import { resetEnvCache } from '@/server/env';
import { createJobRegistry } from '@/server/jobs/kinds';
import { addRenderedVideoToLibrary, markLibraryVideoShared } from '@/server/library/service';
import { parseJsonKeepingBigInts } from '@/server/http/x/wire';
import { handleFileRequest } from '@/server/storage/serve';
import { testDb } from '../../helpers/db';
import { createKey, createUser } from '../../helpers/factories';
import { useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { makeJpeg, makeVideo, mediaStatus, uploadBytes } from '../media/media-fixtures';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  opts: { method?: string; key?: string | null; path: string; params: Record<string, string>; query?: Record<string, string>; form?: Record<string, string>; json?: unknown },
) {
  const url = new URL(`http://localhost${opts.path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers();
  if (opts.key) headers.set('authorization', `Bearer ${opts.key}`);
  let body: string | undefined;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  } else if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers.set('content-type', 'application/json');
  }
  const res = await handler(new Request(url, { method: opts.method ?? 'GET', headers, body }), { params: Promise.resolve(opts.params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? (parseJsonKeepingBigInts(text) as any) : null };
}

let db: Db;
let key: string;
let accountId: string;
let otherKey: string;
let otherAccountId: string;
const startWorker = useTestWorkers();

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db, { accountName: 'Library A' });
  const b = await createUser(db, { accountName: 'Library B' });
  accountId = a.account.id;
  otherAccountId = b.account.id;
  key = (await createKey(db, accountId)).secret;
  otherKey = (await createKey(db, otherAccountId)).secret;
});

const listVideos = (k: string | null, account: string, query: Record<string, string> = {}) =>
  call(videosRoute.GET as Handler, { key: k, path: `/api/ads/3/accounts/${account}/videos`, params: { account_id: account }, query });
const getVideo = (k: string, account: string, videoId: string, query: Record<string, string> = {}) =>
  call(videoRoute.GET as Handler, {
    key: k,
    path: `/api/ads/3/accounts/${account}/videos/${videoId}`,
    params: { account_id: account, video_id: videoId },
    query,
  });

async function processed(k: string, mediaId: string) {
  return waitFor(
    `media ${mediaId}`,
    async () => {
      const s = await mediaStatus(k, mediaId);
      return ['succeeded', 'failed'].includes(s.body?.processing_info?.state) ? s.body : null;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}

/** The seed's video object keys, in the seed's order. */
const SEED_VIDEO_KEYS = [
  'tweeted',
  'ready_to_tweet',
  'duration',
  'reasons_not_servable',
  'description',
  'preview_url',
  'id',
  'poster_url',
  'media_key',
  'created_at',
  'title',
  'aspect_ratio',
  'updated_at',
  'deleted',
];
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** GET of a public file URL the API returned (the local driver's /files route). */
async function fetchFile(url: string) {
  const { pathname } = new URL(url);
  return handleFileRequest(new Request(url), pathname.replace(/^\/files\//, '').split('/'));
}

describe('the seed flow', () => {
  it('upload → associate with poster → list → get → PUT → DELETE → list with and without with_deleted', async () => {
    startWorker({ db, registry: createJobRegistry(), kinds: ['media.process'] });
    const video = await makeVideo({ width: 128, height: 72, frames: 45, audio: 'aac' });
    const poster = await makeJpeg(128, 72);
    const v = await uploadBytes(key, video, { mediaType: 'video/mp4', mediaCategory: 'amplify_video', segmentSize: 64 * 1024 });
    const p = await uploadBytes(key, poster, { mediaType: 'image/jpeg', mediaCategory: 'tweet_image', via: 'raw' });
    expect((await processed(key, v.mediaId)).processing_info.state).toBe('succeeded');
    expect((await processed(key, p.mediaId)).processing_info.state).toBe('succeeded');
    const videoId = `13_${v.mediaId}`;

    // POST, parameters in the query string exactly as in the seed's example request.
    const created = await call(videosRoute.POST as Handler, {
      method: 'POST',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos`,
      params: { account_id: accountId },
      query: { video_media_id: v.mediaId, poster_image_media_id: p.mediaId },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      data: { id: videoId },
      request: { params: { video_media_id: v.mediaId, poster_image_media_id: p.mediaId, account_id: accountId } },
    });
    // Ids echoed as exact JSON integers (type long), as in the seed.
    expect(created.text).toContain(`"video_media_id":${v.mediaId}`);
    expect(created.text).toContain(`"poster_image_media_id":${p.mediaId}`);

    const list = await listVideos(key, accountId, { video_ids: videoId });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body)).toEqual(['data', 'request', 'next_cursor']);
    expect(list.body.request).toEqual({ params: { video_ids: [videoId], account_id: accountId } });
    expect(list.body.next_cursor).toBeNull();
    expect(list.body.data).toHaveLength(1);
    const item = list.body.data[0];
    expect(Object.keys(item)).toEqual(SEED_VIDEO_KEYS);
    expect(item).toEqual({
      tweeted: false,
      ready_to_tweet: true,
      duration: 1500,
      reasons_not_servable: [],
      description: null,
      preview_url: expect.stringMatching(new RegExp(`^http://localhost/files/amplify_video/${v.mediaId}/[A-Za-z0-9]+/original\\.mp4$`)),
      id: videoId,
      poster_url: expect.stringMatching(new RegExp(`^http://localhost/files/media/${p.mediaId}/[A-Za-z0-9]+/original\\.jpg$`)),
      media_key: videoId,
      created_at: expect.stringMatching(ISO_SECONDS),
      title: null,
      aspect_ratio: '16:9',
      updated_at: expect.stringMatching(ISO_SECONDS),
      deleted: false,
    });

    const one = await getVideo(key, accountId, videoId);
    expect(one.status).toBe(200);
    expect(Object.keys(one.body)).toEqual(['data', 'request']);
    expect(one.body.data).toEqual(item);
    expect(one.body.request).toEqual({ params: { video_id: videoId, account_id: accountId } });

    // PUT with a form body; a title and description, as in the seed's example response.
    const put = await call(videoRoute.PUT as Handler, {
      method: 'PUT',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos/${videoId}`,
      params: { account_id: accountId, video_id: videoId },
      form: { title: 'dolphins', description: 'in the ocean' },
    });
    expect(put.status, put.text).toBe(200);
    expect(Object.keys(put.body.data)).toEqual(SEED_VIDEO_KEYS);
    expect(put.body.data).toMatchObject({ title: 'dolphins', description: 'in the ocean', id: videoId, deleted: false });
    expect(put.body.request).toEqual({ params: { video_id: videoId, account_id: accountId, title: 'dolphins', description: 'in the ocean' } });

    const bytes = Buffer.from(await (await fetchFile(item.preview_url)).arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    const del = await call(videoRoute.DELETE as Handler, {
      method: 'DELETE',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos/${videoId}`,
      params: { account_id: accountId, video_id: videoId },
    });
    expect(del.status).toBe(200);
    expect(Object.keys(del.body.data)).toEqual(SEED_VIDEO_KEYS);
    expect(del.body.data).toMatchObject({ deleted: true, ready_to_tweet: false, duration: 1500, title: 'dolphins', reasons_not_servable: ['DELETED'] });
    expect(del.body.request).toEqual({ params: { video_id: videoId, account_id: accountId } });
    // Its files are unreachable as soon as the DELETE answers; caches must ask again before reuse.
    expect((await fetchFile(item.preview_url)).status).toBe(404);
    expect(del.body.data.preview_url).toBe(item.preview_url);

    const without = await listVideos(key, accountId, { video_ids: videoId });
    expect(without.body.data).toEqual([]);
    const withDeleted = await listVideos(key, accountId, { video_ids: videoId, with_deleted: 'true' });
    expect(withDeleted.body.data.map((d: { id: string; deleted: boolean }) => [d.id, d.deleted])).toEqual([[videoId, true]]);
    expect(withDeleted.body.request.params).toEqual({ video_ids: [videoId], with_deleted: true, account_id: accountId });
    expect((await getVideo(key, accountId, videoId)).status).toBe(404);
    expect((await getVideo(key, accountId, videoId, { with_deleted: 'true' })).body.data.deleted).toBe(true);

    // Associating the same media again restores it and keeps its id.
    const again = await call(videosRoute.POST as Handler, {
      method: 'POST',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos`,
      params: { account_id: accountId },
      json: { video_media_id: v.mediaId, title: 'beach' },
    });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ id: videoId });
    expect((await getVideo(key, accountId, videoId)).body.data).toMatchObject({ deleted: false, title: 'beach' });
    // ...with its bytes, back from the trash.
    const restored = await fetchFile(item.preview_url);
    expect(restored.status).toBe(200);
    expect(restored.headers.get('cache-control')).toBe('public, no-cache, no-transform');
    expect(Buffer.from(await restored.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('shows a video as processing until its media is processed', async () => {
    const { mediaId } = await uploadBytes(key, await makeVideo({ width: 64, height: 64, frames: 10 }), { mediaType: 'video/mp4', via: 'raw' });
    const created = await call(videosRoute.POST as Handler, {
      method: 'POST',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos`,
      params: { account_id: accountId },
      form: { video_media_id: mediaId, title: 'pending one' },
    });
    expect(created.status).toBe(201);
    const one = await getVideo(key, accountId, `13_${mediaId}`);
    expect(one.body.data).toMatchObject({
      ready_to_tweet: false,
      duration: null,
      preview_url: null,
      poster_url: null,
      aspect_ratio: null,
      reasons_not_servable: ['PROCESSING'],
    });
  });
});

describe('rendered videos in the library', () => {
  it('adds a published render (idempotently) and marks it tweeted once watched', async () => {
    const params = {
      accountId,
      videoId: `vid_${Date.now().toString(36).slice(-10)}`,
      title: 'Welcome, Sarah',
      videoKey: 'videos/x/video.mp4',
      posterKey: 'videos/x/thumb.jpg',
      durationMs: 15_000,
      width: 720,
      height: 1280,
      aspectRatio: '9:16',
      sizeBytes: 1_234_567,
    };
    const { mediaId } = await db.transaction((tx) => addRenderedVideoToLibrary(tx as unknown as Db, params));
    const again = await db.transaction((tx) => addRenderedVideoToLibrary(tx as unknown as Db, { ...params, videoKey: 'videos/x/v2.mp4' }));
    expect(again.mediaId).toBe(mediaId);
    const one = await getVideo(key, accountId, `13_${mediaId}`);
    expect(one.body.data).toMatchObject({
      tweeted: false,
      ready_to_tweet: true,
      duration: 15_000,
      reasons_not_servable: [],
      title: 'Welcome, Sarah',
      aspect_ratio: '9:16',
      preview_url: 'http://localhost/files/videos/x/v2.mp4',
      poster_url: 'http://localhost/files/videos/x/thumb.jpg',
    });
    await db.transaction((tx) => markLibraryVideoShared(tx as unknown as Db, { accountId, videoId: params.videoId }));
    expect((await getVideo(key, accountId, `13_${mediaId}`)).body.data.tweeted).toBe(true);
    // Another account cannot mark it.
    await markLibraryVideoShared(db, { accountId: otherAccountId, videoId: params.videoId });
  });
});

describe('cursor pagination', () => {
  it('pages without duplicates or skips while videos are added and deleted between pages', async () => {
    const { account } = await createUser(db);
    const k = (await createKey(db, account.id)).secret;
    const add = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await addRenderedVideoToLibrary(db, {
          accountId: account.id,
          videoId: `vid_${Math.random().toString(36).slice(2, 12)}`,
          title: `v${i}`,
          videoKey: 'k/v.mp4',
          posterKey: 'k/p.jpg',
          durationMs: 1000,
          width: 100,
          height: 100,
          aspectRatio: '1:1',
          sizeBytes: 10,
        });
        ids.push(`13_${r.mediaId}`);
      }
      return ids;
    };
    const original = await add(25);
    const seen: string[] = [];
    const page1 = await listVideos(k, account.id, { count: '10' });
    expect(page1.body.data).toHaveLength(10);
    expect(page1.body.request.params).toEqual({ count: 10, account_id: account.id });
    seen.push(...page1.body.data.map((d: { id: string }) => d.id));
    // Newest first: page 1 is the last ten added.
    expect(seen).toEqual(original.slice(-10).reverse());

    // Between pages: five new videos, one deleted from page 1 and one from the unseen rest.
    await add(5);
    const unseenVictim = original[5]!;
    for (const victim of [seen[0]!, unseenVictim]) {
      const del = await call(videoRoute.DELETE as Handler, {
        method: 'DELETE',
        key: k,
        path: `/api/ads/3/accounts/${account.id}/videos/${victim}`,
        params: { account_id: account.id, video_id: victim },
      });
      expect(del.status).toBe(200);
    }
    let cursor: string | null = page1.body.next_cursor;
    expect(cursor).toEqual(expect.any(String));
    while (cursor) {
      const page = await listVideos(k, account.id, { count: '10', cursor });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((d: { id: string }) => d.id));
      cursor = page.body.next_cursor;
    }
    const expected = [...original].reverse().filter((id) => id !== unseenVictim);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('errors and isolation', () => {
  let videoId: string;
  let imageMediaId: string;
  beforeAll(async () => {
    const r = await addRenderedVideoToLibrary(db, {
      accountId,
      videoId: `vid_${Math.random().toString(36).slice(2, 12)}`,
      title: 'mine',
      videoKey: 'k/v.mp4',
      posterKey: 'k/p.jpg',
      durationMs: 1000,
      width: 100,
      height: 100,
      aspectRatio: '1:1',
      sizeBytes: 10,
    });
    videoId = `13_${r.mediaId}`;
    imageMediaId = (await uploadBytes(key, await makeJpeg(40, 40), { mediaType: 'image/jpeg', via: 'raw' })).mediaId;
  });

  const post = (k: string, account: string, form: Record<string, string>) =>
    call(videosRoute.POST as Handler, { method: 'POST', key: k, path: `/api/ads/3/accounts/${account}/videos`, params: { account_id: account }, form });

  const cases: Array<{ name: string; run: () => Promise<{ status: number; body: any }>; status: number; code: string; parameter?: string }> = [
    { name: 'count 0', run: () => listVideos(key, accountId, { count: '0' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'count' },
    { name: 'count 51', run: () => listVideos(key, accountId, { count: '51' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'count' },
    { name: 'count abc', run: () => listVideos(key, accountId, { count: 'abc' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'count' },
    { name: 'a forged cursor', run: () => listVideos(key, accountId, { cursor: 'bm90LWEtY3Vyc29y' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'cursor' },
    {
      name: '201 video_ids',
      run: () => listVideos(key, accountId, { video_ids: Array.from({ length: 201 }, (_, i) => `13_${i + 1}`).join(',') }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'video_ids',
    },
    { name: 'a malformed video id in video_ids', run: () => listVideos(key, accountId, { video_ids: '13_1,abc' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'video_ids' },
    { name: 'with_deleted=maybe', run: () => listVideos(key, accountId, { with_deleted: 'maybe' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'with_deleted' },
    { name: 'POST without video_media_id', run: () => post(key, accountId, { title: 'x' }), status: 400, code: 'MISSING_PARAMETER', parameter: 'video_media_id' },
    { name: 'POST with an unknown video_media_id', run: () => post(key, accountId, { video_media_id: '123456789012345678' }), status: 400, code: 'INVALID_PARAMETER', parameter: 'video_media_id' },
    { name: 'POST with an image as the video', run: () => post(key, accountId, { video_media_id: imageMediaId }), status: 400, code: 'INVALID_PARAMETER', parameter: 'video_media_id' },
    {
      name: 'POST with a video as the poster',
      run: () => post(key, accountId, { video_media_id: videoId.slice(3), poster_image_media_id: videoId.slice(3) }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'poster_image_media_id',
    },
    { name: 'POST with a 101-character title', run: () => post(key, accountId, { video_media_id: videoId.slice(3), title: 'x'.repeat(101) }), status: 400, code: 'INVALID_PARAMETER', parameter: 'title' },
    { name: 'GET of an unknown video', run: () => getVideo(key, accountId, '13_123456789012345678'), status: 404, code: 'NOT_FOUND', parameter: 'video_id' },
    { name: 'GET of a malformed video id', run: () => getVideo(key, accountId, 'vid_123'), status: 400, code: 'INVALID_PARAMETER', parameter: 'video_id' },
    { name: "another account's video under one's own account", run: () => getVideo(otherKey, otherAccountId, videoId), status: 404, code: 'NOT_FOUND', parameter: 'video_id' },
    { name: "another account's account_id", run: () => listVideos(otherKey, accountId), status: 403, code: 'UNAUTHORIZED_ACCESS', parameter: 'account_id' },
    { name: 'an account_id that does not exist', run: () => listVideos(key, '18ce54d4x5t'), status: 403, code: 'UNAUTHORIZED_ACCESS', parameter: 'account_id' },
    { name: "POST into another account", run: () => post(otherKey, accountId, { video_media_id: videoId.slice(3) }), status: 403, code: 'UNAUTHORIZED_ACCESS', parameter: 'account_id' },
    { name: 'no API key', run: () => listVideos(null, accountId), status: 401, code: 'UNAUTHORIZED_ACCESS' },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const res = await c.run();
      expect(res.status).toBe(c.status);
      expect(Object.keys(res.body)).toEqual(['errors', 'request']);
      expect(res.body.errors).toEqual([
        { code: c.code, message: expect.any(String), ...(c.parameter ? { parameter: c.parameter } : {}) },
      ]);
      expect(res.body.request.params).toEqual(expect.any(Object));
    });
  }

  it('answers an existing and a non-existent foreign account identically', async () => {
    const foreign = await listVideos(key, otherAccountId);
    const missing = await listVideos(key, 'zzzzzzzzzzz');
    expect(foreign.status).toBe(missing.status);
    expect(foreign.body.errors[0].message.replace(otherAccountId, 'X')).toBe(missing.body.errors[0].message.replace('zzzzzzzzzzz', 'X'));
  });

  it("never lists another account's videos, even by id", async () => {
    const res = await listVideos(otherKey, otherAccountId, { video_ids: videoId });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('GET accounts lists the API key’s own account', async () => {
    const res = await call(accountsRoute.GET as Handler, { key, path: '/api/ads/3/accounts', params: {} });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [{ id: accountId, name: 'Library A', created_at: expect.stringMatching(ISO_SECONDS), updated_at: expect.stringMatching(ISO_SECONDS), deleted: false }],
      request: { params: {} },
      next_cursor: null,
    });
  });
});

describe('rate limit', () => {
  it('answers 429 TOO_MANY_REQUESTS with Retry-After past the per-account budget', async () => {
    const { account } = await createUser(db);
    const k = (await createKey(db, account.id)).secret;
    // A small budget. The window slides: a run that straddles a minute boundary still counts the
    // requests before it (weighted by their overlap), so no wait for a fresh minute is needed.
    const saved = process.env.ADS_RATE_LIMIT_PER_MINUTE;
    process.env.ADS_RATE_LIMIT_PER_MINUTE = '5';
    resetEnvCache();
    try {
      const statuses: number[] = [];
      const remaining: (string | null)[] = [];
      let last: Awaited<ReturnType<typeof listVideos>> | null = null;
      for (let i = 0; i < 6; i++) {
        last = await listVideos(k, account.id);
        statuses.push(last.status);
        remaining.push(last.headers.get('x-rate-limit-remaining'));
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(last!.body.errors[0]).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      // The X API's rate-limit headers, on every answer including the 429.
      expect(remaining).toEqual(['4', '3', '2', '1', '0', '0']);
      expect(last!.headers.get('x-rate-limit-limit')).toBe('5');
      const reset = Number(last!.headers.get('x-rate-limit-reset'));
      expect(reset * 1000).toBeGreaterThan(Date.now());
      expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 60_000);
      const res = await videosRoute.GET(
        new Request(`http://localhost/api/ads/3/accounts/${account.id}/videos`, { headers: { authorization: `Bearer ${k}` } }),
        { params: Promise.resolve({ account_id: account.id }) },
      );
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // At most the rest of this window plus the time the next needs for this one's weight to fall.
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(120);
      // Another account has its own budget.
      const other = await createUser(db);
      expect((await listVideos((await createKey(db, other.account.id)).secret, other.account.id)).status).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.ADS_RATE_LIMIT_PER_MINUTE;
      else process.env.ADS_RATE_LIMIT_PER_MINUTE = saved;
      resetEnvCache();
    }
  });
});

describe('with_total_count', () => {
  it('adds total_count from the trigger-kept counters, follows deletes and with_deleted, counts video_ids, and refuses it with a cursor', async () => {
    const owner = await createUser(db, { accountName: 'Counted' });
    const k = (await createKey(db, owner.account.id)).secret;
    const account = owner.account.id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { mediaId } = await db.transaction((tx) =>
        addRenderedVideoToLibrary(tx as unknown as Db, {
          accountId: account,
          videoId: `vid_count${i}${Date.now().toString(36).slice(-4)}`,
          title: `Video ${i}`,
          videoKey: `videos/c${i}/video.mp4`,
          posterKey: `videos/c${i}/thumb.jpg`,
          durationMs: 1000,
          width: 720,
          height: 1280,
          aspectRatio: '9:16',
          sizeBytes: 10,
        }),
      );
      ids.push(`13_${mediaId}`);
    }
    const first = await listVideos(k, account, { count: '1', with_total_count: 'true' });
    expect(first.status).toBe(200);
    expect(first.body.total_count).toBe(3);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.request.params).toMatchObject({ count: 1, with_total_count: true });
    expect((await listVideos(k, account)).body).not.toHaveProperty('total_count');

    const del = await call(videoRoute.DELETE as Handler, {
      method: 'DELETE',
      key: k,
      path: `/api/ads/3/accounts/${account}/videos/${ids[0]}`,
      params: { account_id: account, video_id: ids[0]! },
    });
    expect(del.status).toBe(200);
    expect((await listVideos(k, account, { with_total_count: 'true' })).body.total_count).toBe(2);
    expect((await listVideos(k, account, { with_total_count: 'true', with_deleted: 'true' })).body.total_count).toBe(3);
    const some = await listVideos(k, account, { with_total_count: 'true', video_ids: `${ids[0]},${ids[1]},13_1` });
    expect(some.body.total_count).toBe(1);

    const withCursor = await listVideos(k, account, { with_total_count: 'true', cursor: first.body.next_cursor });
    expect(withCursor.status).toBe(400);
    expect(withCursor.body.errors[0]).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'with_total_count' });
    // Another account's counters are its own.
    expect((await listVideos(otherKey, otherAccountId, { with_total_count: 'true' })).body.total_count).not.toBe(3);
  });
});

describe('parameters and methods X does not serve', () => {
  it('refuses an unknown parameter by name (400 UNKNOWN_PARAMETER), in the query or the body, on every Ads endpoint', async () => {
    const misspelt = await listVideos(key, accountId, { with_deleeted: 'true' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.errors[0]).toMatchObject({ code: 'UNKNOWN_PARAMETER', parameter: 'with_deleeted' });
    expect(misspelt.body.errors[0].message).toMatch(/it takes count, cursor, video_ids, with_deleted, with_total_count/);
    const body = await call(videosRoute.POST as Handler, {
      method: 'POST',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos`,
      params: { account_id: accountId },
      form: { video_media_id: '1790000000000000001', name: 'x' },
    });
    expect(body.body.errors[0]).toMatchObject({ code: 'UNKNOWN_PARAMETER', parameter: 'name' });
    const accounts = await call(accountsRoute.GET as Handler, { key, path: '/api/ads/3/accounts', params: {}, query: { count: '5' } });
    expect(accounts.status).toBe(400);
    expect(accounts.body.errors[0].message).toMatch(/it takes none/);
  });

  it('answers a method a route does not serve with 405 in X’s error shape and Allow', async () => {
    const res = await call((videosRoute as unknown as Record<string, Handler>).PATCH!, {
      method: 'PATCH',
      key,
      path: `/api/ads/3/accounts/${accountId}/videos`,
      params: { account_id: accountId },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(res.body.errors[0]).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    expect(res.body.errors[0].message).toMatch(/PATCH is not served/);
  });
});
