/**
 * The chunked media upload (`/api/ads/1.1/media/upload`) through its route
 * handler with real Requests: happy paths (shuffled 1 MB multipart segments
 * round-trip byte-identical; base64 and raw bodies; a re-sent segment
 * replaces the old one), 64-bit media ids written exactly, every bad input
 * with its exact status and X error, cross-account isolation and expiry.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, media, mediaSegments, outboxEvents } from '@/server/db/schema';
import { createJobRegistry } from '@/server/jobs/kinds';
import { expireUpload, sweepExpiredUploads } from '@/server/media/upload-service';
import { getStorage } from '@/server/storage';
import { testDb } from '../../helpers/db';
import { createKey, createUser } from '../../helpers/factories';
import { useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { makePng, makeVideo, mediaStatus, uploadBytes, uploadCall } from './media-fixtures';

let db: Db;
let key: string;
let otherKey: string;
let accountId: string;
const startWorker = useTestWorkers();

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db);
  const b = await createUser(db);
  accountId = a.account.id;
  key = (await createKey(db, a.account.id)).secret;
  otherKey = (await createKey(db, b.account.id)).secret;
});

async function readAll(storageKey: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await getStorage().read(storageKey)) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

function processWith() {
  startWorker({ db, registry: createJobRegistry(), kinds: ['media.process'] });
}

const waitProcessed = (mediaId: string) =>
  waitFor(
    `media ${mediaId} processed`,
    async () => {
      const res = await mediaStatus(key, mediaId);
      const state = res.body?.processing_info?.state;
      return state === 'succeeded' || state === 'failed' ? res : null;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );

describe('media upload: happy paths', () => {
  it('INIT returns an exact 64-bit media id, its string, the media key and the expiry', async () => {
    const res = await uploadCall(key, { form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4' } });
    expect(res.status).toBe(200);
    const id = res.body.media_id_string as string;
    expect(id).toMatch(/^\d{18,19}$/);
    // Above 2^53 and written as an exact integer literal, as X does.
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    expect(res.text).toContain(`"media_id":${id},`);
    expect(res.body).toEqual({
      media_id: id,
      media_id_string: id,
      media_key: `13_${id}`,
      size: 1000,
      expires_after_secs: expect.any(Number),
    });
    expect(res.body.expires_after_secs).toBeGreaterThan(86_390);
    expect(res.body.expires_after_secs).toBeLessThanOrEqual(86_400);
    // The upload budget (MEDIA_UPLOAD_RATE_LIMIT_PER_MINUTE) in the X API's headers.
    expect(Number(res.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('x-rate-limit-remaining'))).toBeLessThan(Number(res.headers.get('x-rate-limit-limit')));
    expect(Number(res.headers.get('x-rate-limit-reset')) * 1000).toBeGreaterThan(Date.now());

    const image = await uploadCall(key, { json: { command: 'INIT', total_bytes: 10, media_type: 'image/png' } });
    expect(image.status).toBe(200);
    expect(image.body.media_key).toBe(`3_${image.body.media_id_string}`);
  });

  it('assembles shuffled 1 MB multipart segments byte-identical and processes the video', async () => {
    processWith();
    const video = await makeVideo({ width: 320, height: 240, frames: 120, bitrate: '20M' });
    expect(video.length).toBeGreaterThan(3 * 1024 * 1024);
    const { mediaId, finalize } = await uploadBytes(key, video, {
      mediaType: 'video/mp4',
      mediaCategory: 'amplify_video',
      order: 'shuffled',
    });
    expect(finalize!.status, finalize!.text).toBe(200);
    expect(finalize!.body).toMatchObject({
      media_id_string: mediaId,
      media_key: `13_${mediaId}`,
      size: video.length,
    });
    expect(['pending', 'in_progress', 'succeeded']).toContain(finalize!.body.processing_info.state);
    // As X's FINALIZE: how long the id stays usable, and the video's type.
    expect(finalize!.body.expires_after_secs).toBeGreaterThan(86_390);
    expect(finalize!.body.video.video_type).toBe('video/mp4');

    const done = await waitProcessed(mediaId);
    expect(done.body.processing_info).toEqual({ state: 'succeeded', progress_percent: 100 });
    expect(done.body.video).toEqual({ video_type: 'video/mp4', w: 320, h: 240, duration_ms: 4000 });
    const [row] = await db.select().from(media).where(eq(media.id, BigInt(mediaId)));
    // Already H.264/yuv420p MP4 with moov first: served as uploaded, byte for byte.
    expect(row!.transcodeReasons).toEqual([]);
    expect((await readAll(row!.fileKey!)).equals(video)).toBe(true);
    expect(row!.posterKey).toMatch(/\/img\/poster\.jpg$/);
    expect((await readAll(row!.posterKey!)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // The segments are gone once assembled.
    expect(await db.$count(mediaSegments, eq(mediaSegments.mediaId, BigInt(mediaId)))).toBe(0);
    const segments = [];
    for await (const o of getStorage().list(`uploads/${mediaId}/`)) segments.push(o);
    expect(segments).toEqual([]);
    const events = await db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.type, 'media.processed')));
    expect(events.map((e) => (e.payload as { media_id: string }).media_id)).toContain(mediaId);
  });

  it('accepts base64 media_data and raw octet-stream segments; a re-sent segment replaces the old one', async () => {
    const png = makePng(200, 100);
    const size = Math.ceil(png.length / 3);
    const init = await uploadCall(key, { form: { command: 'INIT', total_bytes: String(png.length), media_type: 'image/png' } });
    const mediaId = init.body.media_id_string as string;
    const part = (i: number) => png.subarray(i * size, (i + 1) * size);
    const append = (i: number, bytes: Buffer, via: 'base64' | 'raw') =>
      via === 'base64'
        ? uploadCall(key, { form: { command: 'APPEND', media_id: mediaId, segment_index: String(i), media_data: bytes.toString('base64') } })
        : uploadCall(key, { query: { command: 'APPEND', media_id: mediaId, segment_index: String(i) }, raw: bytes });
    expect((await append(2, part(2), 'raw')).status).toBe(204);
    // Wrong bytes first, then the right ones: the second APPEND of index 0 wins.
    expect((await append(0, Buffer.alloc(size, 7), 'base64')).status).toBe(204);
    expect((await append(1, part(1), 'base64')).status).toBe(204);
    expect((await append(0, part(0), 'raw')).status).toBe(204);
    const fin = await uploadCall(key, { json: `{"command":"FINALIZE","media_id":${mediaId}}` });
    expect(fin.status, fin.text).toBe(200);
    processWith();
    const done = await waitProcessed(mediaId);
    expect(done.body.image).toEqual({ image_type: 'image/png', w: 200, h: 100 });
    const [row] = await db.select().from(media).where(eq(media.id, BigInt(mediaId)));
    expect((await readAll(row!.fileKey!)).equals(png)).toBe(true);
    // Only the latest copy of each segment was ever kept.
    const stored = [];
    for await (const o of getStorage().list(`uploads/${mediaId}/`)) stored.push(o);
    expect(stored).toEqual([]);
  });

  it('FINALIZE again returns the current state; STATUS works by GET on both paths', async () => {
    const png = makePng(40, 40);
    const { mediaId } = await uploadBytes(key, png, { mediaType: 'image/png', via: 'raw' });
    const again = await uploadCall(key, { form: { command: 'FINALIZE', media_id: mediaId } });
    expect(again.status).toBe(200);
    expect(again.body.media_id_string).toBe(mediaId);
    const status = await uploadCall(key, { method: 'GET', path: '/api/ads/1.1/media/upload', query: { command: 'status', media_id: mediaId } });
    expect(status.status).toBe(200);
    expect(status.body.media_key).toBe(`3_${mediaId}`);
  });
});

describe('media upload: errors', () => {
  let openId: string;
  let finalizedId: string;
  beforeAll(async () => {
    openId = (await uploadCall(key, { form: { command: 'INIT', total_bytes: String(3 * 1024), media_type: 'video/mp4' } })).body.media_id_string;
    finalizedId = (await uploadBytes(key, makePng(40, 40), { mediaType: 'image/png', via: 'raw' })).mediaId;
  });

  const cases: Array<{
    name: string;
    call: () => Promise<{ status: number; body: any }>;
    status: number;
    code: string;
    parameter?: string;
    message?: RegExp;
  }> = [
    { name: 'missing command', call: () => uploadCall(key, { form: { total_bytes: '10' } }), status: 400, code: 'MISSING_PARAMETER', parameter: 'command' },
    { name: 'unknown command', call: () => uploadCall(key, { form: { command: 'UPLOAD' } }), status: 400, code: 'INVALID_PARAMETER', parameter: 'command' },
    {
      name: 'INIT without total_bytes',
      call: () => uploadCall(key, { form: { command: 'INIT', media_type: 'video/mp4' } }),
      status: 400,
      code: 'MISSING_PARAMETER',
      parameter: 'total_bytes',
    },
    {
      name: 'INIT with a non-numeric total_bytes',
      call: () => uploadCall(key, { form: { command: 'INIT', total_bytes: 'ten', media_type: 'video/mp4' } }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'total_bytes',
    },
    {
      name: 'INIT with an unsupported media_type',
      call: () => uploadCall(key, { form: { command: 'INIT', total_bytes: '10', media_type: 'video/x-msvideo' } }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'media_type',
      message: /must be one of video\/mp4/,
    },
    {
      name: 'INIT with a category for another kind',
      call: () => uploadCall(key, { form: { command: 'INIT', total_bytes: '10', media_type: 'image/png', media_category: 'amplify_video' } }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'media_category',
    },
    {
      name: 'INIT of a video over the size cap',
      call: () => uploadCall(key, { form: { command: 'INIT', total_bytes: String(2 * 1024 ** 3), media_type: 'video/mp4' } }),
      status: 413,
      code: 'MEDIA_TOO_LARGE',
      parameter: 'total_bytes',
      message: /over the video size limit of 1073741824 bytes/,
    },
    {
      name: 'INIT of an image over the size cap',
      call: () => uploadCall(key, { form: { command: 'INIT', total_bytes: String(6 * 1024 ** 2), media_type: 'image/jpeg' } }),
      status: 413,
      code: 'MEDIA_TOO_LARGE',
      parameter: 'total_bytes',
    },
    {
      name: 'APPEND with segment_index 1000',
      call: () => uploadCall(key, { query: { command: 'APPEND', media_id: openId, segment_index: '1000' }, raw: Buffer.alloc(10) }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'segment_index',
    },
    {
      name: 'APPEND without bytes',
      call: () => uploadCall(key, { form: { command: 'APPEND', media_id: openId, segment_index: '0' } }),
      status: 400,
      code: 'MISSING_PARAMETER',
      parameter: 'media',
    },
    {
      name: 'APPEND of more bytes than total_bytes',
      call: () => uploadCall(key, { query: { command: 'APPEND', media_id: openId, segment_index: '0' }, raw: Buffer.alloc(4 * 1024) }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'media',
      message: /larger than total_bytes/,
    },
    {
      name: 'APPEND with a malformed base64 media_data',
      call: () => uploadCall(key, { form: { command: 'APPEND', media_id: openId, segment_index: '0', media_data: '***' } }),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'media_data',
    },
    {
      name: 'APPEND to an unknown media_id',
      call: () => uploadCall(key, { query: { command: 'APPEND', media_id: '123456789012345678', segment_index: '0' }, raw: Buffer.alloc(10) }),
      status: 404,
      code: 'NOT_FOUND',
      parameter: 'media_id',
    },
    {
      name: "APPEND to another account's media_id",
      call: () => uploadCall(otherKey, { query: { command: 'APPEND', media_id: openId, segment_index: '0' }, raw: Buffer.alloc(10) }),
      status: 404,
      code: 'NOT_FOUND',
      parameter: 'media_id',
    },
    {
      name: "STATUS of another account's media_id",
      call: () => mediaStatus(otherKey, finalizedId),
      status: 404,
      code: 'NOT_FOUND',
      parameter: 'media_id',
    },
    {
      name: 'APPEND after FINALIZE',
      call: () => uploadCall(key, { query: { command: 'APPEND', media_id: finalizedId, segment_index: '0' }, raw: Buffer.alloc(10) }),
      status: 409,
      code: 'INVALID_STATE',
      parameter: 'media_id',
    },
    {
      name: 'a media_id that is not a number',
      call: () => mediaStatus(key, '13_abc'),
      status: 400,
      code: 'INVALID_PARAMETER',
      parameter: 'media_id',
    },
    { name: 'GET with INIT', call: () => uploadCall(key, { method: 'GET', query: { command: 'INIT' } }), status: 400, code: 'INVALID_PARAMETER', parameter: 'command' },
    { name: 'no API key', call: () => uploadCall(null, { form: { command: 'INIT' } }), status: 401, code: 'UNAUTHORIZED_ACCESS' },
    { name: 'a revoked or unknown API key', call: () => uploadCall('cwk_' + 'x'.repeat(40), { form: { command: 'INIT' } }), status: 401, code: 'UNAUTHORIZED_ACCESS' },
    {
      name: 'malformed JSON',
      call: () => uploadCall(key, { json: '{"command": "INIT",' }),
      status: 400,
      code: 'INVALID_PARAMETER',
    },
  ];

  const v1Codes: Record<string, number> = { MISSING_PARAMETER: 38, NOT_FOUND: 325, UNAUTHORIZED_ACCESS: 32, MEDIA_TOO_LARGE: 324, INVALID_STATE: 324 };
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const res = await c.call();
      expect(res.status).toBe(c.status);
      expect(res.body.errors).toHaveLength(1);
      const [error] = res.body.errors;
      // X's v1.1 upload endpoint answers numeric codes (what clients test for), the Ads name beside it.
      expect(error.name).toBe(c.code);
      expect(error.code).toBe(v1Codes[c.code] ?? (c.parameter === 'command' || c.parameter === 'segment_index' ? 44 : 324));
      expect(error.message).toEqual(expect.any(String));
      if (c.parameter) expect(error.parameter).toBe(c.parameter);
      if (c.message) expect(error.message).toMatch(c.message);
      expect(res.body.request).toEqual({ params: expect.any(Object) });
    });
  }

  it('echoes the parsed parameters in request.params and never the bytes', async () => {
    const res = await uploadCall(key, { form: { command: 'APPEND', media_id: '123456789012345678', segment_index: '3', media_data: 'AAAA' } });
    expect(res.status).toBe(404);
    expect(res.body.request.params).toEqual({ command: 'APPEND', media_id: '123456789012345678', segment_index: 3 });
  });

  it('refuses a segment over 5 MB with 413', async () => {
    const init = await uploadCall(key, { form: { command: 'INIT', total_bytes: String(8 * 1024 * 1024), media_type: 'video/mp4' } });
    const res = await uploadCall(key, {
      query: { command: 'APPEND', media_id: init.body.media_id_string, segment_index: '0' },
      raw: Buffer.alloc(5 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({ code: 324, name: 'MEDIA_TOO_LARGE', parameter: 'media' });
  });

  it('refuses FINALIZE with missing segments or missing bytes, naming them', async () => {
    const init = await uploadCall(key, { form: { command: 'INIT', total_bytes: '5000', media_type: 'video/mp4' } });
    const id = init.body.media_id_string as string;
    for (const i of [0, 2, 5]) {
      const r = await uploadCall(key, { query: { command: 'APPEND', media_id: id, segment_index: String(i) }, raw: Buffer.alloc(500) });
      expect(r.status).toBe(204);
    }
    const gap = await uploadCall(key, { form: { command: 'FINALIZE', media_id: id } });
    expect(gap.status).toBe(400);
    expect(gap.body.errors[0].message).toMatch(/Segments missing before FINALIZE: 1, 3-4/);
    for (const i of [1, 3, 4]) await uploadCall(key, { query: { command: 'APPEND', media_id: id, segment_index: String(i) }, raw: Buffer.alloc(500) });
    const short = await uploadCall(key, { form: { command: 'FINALIZE', media_id: id } });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].message).toMatch(/hold 3000 bytes but total_bytes is 5000/);
    const none = await uploadCall(key, { form: { command: 'INIT', total_bytes: '10', media_type: 'video/mp4' } });
    const empty = await uploadCall(key, { form: { command: 'FINALIZE', media_id: none.body.media_id_string } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].message).toMatch(/has no segments/);
  });

  it('keeps 64-bit ids exact in JSON bodies and refuses ids a JSON number has already rounded', async () => {
    // A client that round-trips media_id through a double sends the double's shortest decimal form
    // (JSON.stringify(Number(id))), 17 significant digits padded with zeros. Take an id for which that
    // literal is another number than the id and than every id this loop made (the first id of a
    // millisecond is itself a double, and its literal can be exact: then the client would address it).
    const made = new Set<string>();
    let id = '';
    const literalOf = (v: string) => JSON.stringify(Number(v));
    for (let tries = 0; tries < 20 && (!id || made.has(literalOf(id))); tries++) {
      const init = await uploadCall(key, { json: { command: 'INIT', total_bytes: 10, media_type: 'video/mp4' } });
      id = init.body.media_id_string as string;
      made.add(id);
    }
    expect(made.has(literalOf(id))).toBe(false);
    const exact = await uploadCall(key, { json: `{"command":"STATUS","media_id":${id}}` });
    expect(exact.status).toBe(200);
    expect(exact.body.media_id_string).toBe(id);
    // What a client gets if it round-trips media_id through a double: another id, refused rather than mistaken.
    const rounded = await uploadCall(key, { json: { command: 'STATUS', media_id: Number(id) } });
    expect(rounded.status).toBe(404);
  });

  it('expires unfinished uploads: bytes removed, later calls say expired', async () => {
    const init = await uploadCall(key, { form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4' } });
    const id = init.body.media_id_string as string;
    await uploadCall(key, { query: { command: 'APPEND', media_id: id, segment_index: '0' }, raw: Buffer.alloc(600) });
    // The expiry job is scheduled at INIT for the deadline.
    const [expiryJob] = await db.select().from(jobs).where(and(eq(jobs.kind, 'media.expire'), eq(jobs.dedupeKey, id)));
    expect(expiryJob!.runAt.getTime()).toBeGreaterThan(Date.now() + 86_000_000);

    await db.update(media).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(media.id, BigInt(id)));
    const late = await uploadCall(key, { query: { command: 'APPEND', media_id: id, segment_index: '1' }, raw: Buffer.alloc(400) });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].message).toMatch(/has expired/);

    expect(await expireUpload(db, getStorage(), BigInt(id))).toBe(true);
    const left = [];
    for await (const o of getStorage().list(`uploads/${id}/`)) left.push(o);
    expect(left).toEqual([]);
    const status = await mediaStatus(key, id);
    expect(status.status).toBe(400);
    expect(status.body.errors[0].message).toMatch(/has expired/);
    expect(await expireUpload(db, getStorage(), BigInt(id))).toBe(false);
    expect(await sweepExpiredUploads(db, getStorage())).toBeGreaterThanOrEqual(0);
  });
});
