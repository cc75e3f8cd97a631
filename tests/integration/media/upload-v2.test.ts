/**
 * X API v2 media upload (initialize / append / finalize / STATUS, and the
 * command form of POST /2/media/upload) through its route handlers: the
 * same storage, processing and limits as v1.1, v2's envelopes (string ids,
 * `data`) and v2 problems for errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as appendRoute from '@/app/api/ads/2/media/upload/[id]/append/route';
import * as finalizeRoute from '@/app/api/ads/2/media/upload/[id]/finalize/route';
import * as initializeRoute from '@/app/api/ads/2/media/upload/initialize/route';
import * as uploadRoute from '@/app/api/ads/2/media/upload/route';
import type { Db } from '@/server/db/client';
import { createJobRegistry } from '@/server/jobs/kinds';
import { testDb } from '../../helpers/db';
import { createKey, createUser } from '../../helpers/factories';
import { useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { makePng, makeVideo } from './media-fixtures';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  opts: {
    method?: string;
    key?: string | null;
    params?: Record<string, string>;
    query?: Record<string, string>;
    json?: unknown;
    parts?: Array<[string, string | Buffer]>;
  },
) {
  const url = new URL('http://localhost/api/ads/2/media/upload');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers();
  if (opts.key !== null) headers.set('authorization', `Bearer ${opts.key ?? key}`);
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers.set('content-type', 'application/json');
  } else if (opts.parts) {
    const form = new FormData();
    for (const [name, value] of opts.parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, new Blob([new Uint8Array(value)]), 'blob');
    }
    body = form;
  }
  const res = await handler(new Request(url, { method: opts.method ?? 'POST', headers, body }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

let db: Db;
let key: string;
let otherKey: string;
const startWorker = useTestWorkers();

beforeAll(async () => {
  db = (await testDb()).db;
  key = (await createKey(db, (await createUser(db)).account.id)).secret;
  otherKey = (await createKey(db, (await createUser(db)).account.id)).secret;
});

const status = (id: string, k = key) => call(uploadRoute.GET as Handler, { method: 'GET', key: k, query: { command: 'STATUS', media_id: id } });

describe('v2 media upload', () => {
  it('initialize → append (parameters before or after the bytes) → finalize → STATUS, as twitter-api-v2 calls it', async () => {
    startWorker({ db, registry: createJobRegistry(), kinds: ['media.process'] });
    const video = await makeVideo({ width: 160, height: 90, frames: 30 });
    const half = Math.ceil(video.length / 2);

    const init = await call(initializeRoute.POST as Handler, { json: { media_type: 'video/mp4', total_bytes: video.length, media_category: 'tweet_video' } });
    expect(init.status).toBe(200);
    const id = init.body.data.id;
    expect(init.body.data).toEqual({ id: expect.stringMatching(/^\d{18,19}$/), media_key: `13_${id}`, size: video.length, expires_after_secs: expect.any(Number) });
    // v2 ids are strings: the text never holds the id as a number.
    expect(init.text).toContain(`"id":"${id}"`);

    const first = await call(appendRoute.POST as Handler, { params: { id }, parts: [['segment_index', '0'], ['media', video.subarray(0, half)]] });
    expect(first.status).toBe(200);
    expect(first.body.data.expires_at).toBeGreaterThan(Date.now() / 1000);
    // The media part first, segment_index after it: held, then appended.
    const second = await call(appendRoute.POST as Handler, { params: { id }, parts: [['media', video.subarray(half)], ['segment_index', '1']] });
    expect(second.status).toBe(200);

    const fin = await call(finalizeRoute.POST as Handler, { params: { id } });
    expect(fin.status).toBe(200);
    expect(fin.body.data).toMatchObject({ id, media_key: `13_${id}`, size: video.length, processing_info: { state: 'pending' } });

    const done = await waitFor('processed', async () => {
      const s = await status(id);
      return ['succeeded', 'failed'].includes(s.body.data?.processing_info?.state) ? s : null;
    });
    expect(done.body.data).toMatchObject({ id, processing_info: { state: 'succeeded', progress_percent: 100 } });
  });

  it('serves the command form of POST /2/media/upload (multipart INIT, APPEND, FINALIZE) over the same media', async () => {
    const png = makePng(64, 64);
    const init = await call(uploadRoute.POST as Handler, { parts: [['command', 'INIT'], ['media_type', 'image/png'], ['total_bytes', String(png.length)], ['media_category', 'TweetImage']] });
    expect(init.status).toBe(200);
    const id = init.body.data.id;
    expect(init.body.data.media_key).toBe(`3_${id}`);
    const append = await call(uploadRoute.POST as Handler, { parts: [['command', 'APPEND'], ['media_id', id], ['segment_index', '0'], ['media', png]] });
    expect(append.status).toBe(200);
    const fin = await call(uploadRoute.POST as Handler, { json: { command: 'FINALIZE', media_id: id } });
    expect(fin.status).toBe(200);
    expect(fin.body.data.id).toBe(id);
    // Another account cannot see it.
    const foreign = await status(id, otherKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found', status: 404 });
  });

  it('answers errors as v2 problems naming the parameter, with the same limits as v1.1', async () => {
    const missing = await call(initializeRoute.POST as Handler, { json: { total_bytes: 10 } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      title: 'Invalid Request',
      type: 'https://api.twitter.com/2/problems/invalid-request',
      status: 400,
      errors: [{ code: 'MISSING_PARAMETER', parameters: { media_type: [] } }],
    });
    const badType = await call(initializeRoute.POST as Handler, { json: { total_bytes: 10, media_type: 'application/pdf' } });
    expect(badType.body.errors[0].parameters).toEqual({ media_type: ['application/pdf'] });

    const tooBig = await call(initializeRoute.POST as Handler, { json: { total_bytes: 10 ** 12, media_type: 'video/mp4' } });
    expect(tooBig.status).toBe(413);

    const init = await call(initializeRoute.POST as Handler, { json: { total_bytes: 6 * 1024 * 1024, media_type: 'video/mp4' } });
    const id = init.body.data.id;
    const oversize = await call(appendRoute.POST as Handler, { params: { id }, parts: [['media', Buffer.alloc(5 * 1024 * 1024 + 1)], ['segment_index', '0']] });
    expect(oversize.status).toBe(413);
    const noBytes = await call(appendRoute.POST as Handler, { params: { id }, json: { segment_index: 0 } });
    expect(noBytes.status).toBe(400);
    expect(noBytes.body.errors[0].parameters).toHaveProperty('media');
    const badIndex = await call(appendRoute.POST as Handler, { params: { id }, json: { segment_index: 1000, media: 'AAAA' } });
    expect(badIndex.body.errors[0].parameters).toEqual({ segment_index: ['1000'] });
    const unknown = await call(finalizeRoute.POST as Handler, { params: { id: '1790000000000000001' } });
    expect(unknown.status).toBe(404);
    const notAnId = await call(finalizeRoute.POST as Handler, { params: { id: 'abc' } });
    expect(notAnId.status).toBe(400);

    const anonymous = await call(initializeRoute.POST as Handler, { key: null, json: { total_bytes: 10, media_type: 'image/png' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ title: 'Unauthorized', status: 401 });
    expect(anonymous.headers.get('www-authenticate')).toContain('OAuth');
  });
});
