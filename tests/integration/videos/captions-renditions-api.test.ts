/**
 * Captions and renditions through the Videos API (issue 14), without
 * rendering (tests/integration/render/captions-renditions.test.ts renders):
 * what a create accepts and refuses, what GET shows before and after the
 * render's commit, and that deleting hides every file of every format.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createRoute } from '@/app/api/v1/videos/route';
import { DELETE as deleteRoute, GET as getRoute } from '@/app/api/v1/videos/[video_id]/route';
import { GET as filesRoute } from '@/app/files/[...key]/route';
import { GET as watchCaptionsRoute } from '@/app/v/[id]/captions.vtt/route';
import type { Db } from '@/server/db/client';
import { jobs, videos } from '@/server/db/schema';
import { getStorage } from '@/server/storage';
import { captionsFileKey, checkFormats, renditionFileKeys } from '@/server/videos/renditions';
import { callRoute, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
let key: string;
const created: string[] = [];

const sarah = {
  title: 'Captions and formats for Sarah',
  template_id: 'tmpl_welcome_message',
  customer_data: { first_name: 'Sarah', company: 'Acme Inc.' },
  ai_messaging: { tone: 'friendly', length: 'short', focus_points: [] },
};

async function create(body: unknown) {
  const res = await callRoute(createRoute, { method: 'POST', key, body });
  if (res.status === 201) created.push(res.body.id);
  return res;
}

const get = async (id: string) => (await callRoute(getRoute, { key, params: { video_id: id } })).body;

async function fetchFile(url: string) {
  const segments = new URL(url).pathname.replace(/^\/files\//, '').split('/');
  return filesRoute(new Request(url), { params: Promise.resolve({ key: segments }) });
}

beforeAll(async () => {
  db = (await testDb()).db;
  const u = await createUser(db);
  key = (await createKey(db, u.account.id)).secret;
});

afterAll(async () => {
  // Leave no render job for another suite's worker.
  if (created.length) {
    await db.update(jobs).set({ status: 'cancelled' }).where(and(inArray(jobs.dedupeKey, created), eq(jobs.status, 'queued')));
  }
});

describe('POST /api/v1/videos with captions and aspect_ratios (happy)', () => {
  it('defaults to captions off and one format, listed as the only rendition', async () => {
    const res = await create({ ...sarah, draft: true });
    expect(res.status).toBe(201);
    expect(res.body.aspect_ratio).toBe('9:16');
    const video = await get(res.body.id);
    expect(video).toMatchObject({ captions: 'off', captions_url: null, aspect_ratio: '9:16' });
    expect(video.renditions).toEqual([
      { aspect_ratio: '9:16', status: 'draft', url: null, thumbnail: null, width: null, height: null, size_bytes: null },
    ]);
  });

  it('takes aspect_ratios: the first is the video\'s aspect_ratio, each format a rendition, captions echoed', async () => {
    const res = await create({ ...sarah, aspect_ratios: ['16:9', '9:16', '1:1'], captions: 'sidecar' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'processing', aspect_ratio: '16:9' });
    const video = await get(res.body.id);
    expect(video).toMatchObject({ aspect_ratio: '16:9', captions: 'sidecar', captions_url: null, url: null });
    expect(video.renditions.map((r: { aspect_ratio: string; status: string }) => [r.aspect_ratio, r.status])).toEqual([
      ['16:9', 'processing'],
      ['9:16', 'processing'],
      ['1:1', 'processing'],
    ]);
    // One video, one render job.
    expect(await db.$count(jobs, eq(jobs.dedupeKey, res.body.id))).toBe(1);
  });

  it('accepts aspect_ratio equal to aspect_ratios[0]', async () => {
    const res = await create({ ...sarah, aspect_ratio: '1:1', aspect_ratios: ['1:1', '9:16'], captions: 'burned', draft: true });
    expect(res.status).toBe(201);
    const video = await get(res.body.id);
    expect(video.captions).toBe('burned');
    expect(video.renditions.map((r: { aspect_ratio: string }) => r.aspect_ratio)).toEqual(['1:1', '9:16']);
  });
});

describe('POST /api/v1/videos with captions and aspect_ratios (errors)', () => {
  const cases: Array<{ name: string; body: Record<string, unknown>; field: string }> = [
    { name: 'empty aspect_ratios', body: { aspect_ratios: [] }, field: 'aspect_ratios' },
    { name: 'four aspect_ratios', body: { aspect_ratios: ['9:16', '16:9', '1:1', '9:16'] }, field: 'aspect_ratios' },
    { name: 'aspect_ratios not an array', body: { aspect_ratios: '16:9' }, field: 'aspect_ratios' },
    { name: 'unknown ratio in aspect_ratios', body: { aspect_ratios: ['9:16', '4:3'] }, field: 'aspect_ratios[1]' },
    { name: 'the same ratio twice', body: { aspect_ratios: ['16:9', '1:1', '16:9'] }, field: 'aspect_ratios[2]' },
    { name: 'aspect_ratio other than aspect_ratios[0]', body: { aspect_ratio: '9:16', aspect_ratios: ['16:9', '9:16'] }, field: 'aspect_ratio' },
    { name: 'unknown captions mode', body: { captions: 'yes' }, field: 'captions' },
    { name: 'captions not a string', body: { captions: true }, field: 'captions' },
  ];

  it.each(cases)('$name → 422 on $field', async ({ body, field }) => {
    const res = await create({ ...sarah, ...body });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_error');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('names each format a template does not support', () => {
    const template = { id: 'tmpl_vertical_only', aspectRatios: ['9:16'] as const };
    expect(checkFormats({ aspect_ratios: ['9:16', '16:9', '1:1'] }, template)).toEqual([
      { field: 'aspect_ratios[1]', message: '16:9 is not supported: tmpl_vertical_only supports 9:16' },
      { field: 'aspect_ratios[2]', message: '1:1 is not supported: tmpl_vertical_only supports 9:16' },
    ]);
    expect(checkFormats({ aspect_ratio: '1:1' }, template)).toEqual([{ field: 'aspect_ratio', message: 'tmpl_vertical_only supports 9:16' }]);
    expect(checkFormats({}, template)).toEqual([]);
  });
});

describe('a published video with captions and renditions', () => {
  it('lists every format\'s files and the captions, serves the VTT as text/vtt, and hides all of them on delete', async () => {
    const res = await create({ ...sarah, aspect_ratios: ['9:16', '16:9'], captions: 'sidecar' });
    const id = res.body.id as string;
    const storage = getStorage();
    const main = renditionFileKeys(id, '9:16', true);
    const wide = renditionFileKeys(id, '16:9', false);
    const vtt = 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nHello &amp; welcome\n\n';
    for (const k of [main.video, wide.video]) await storage.put(k, Buffer.from('mp4 bytes'), { contentType: 'video/mp4' });
    for (const k of [main.thumbnail, wide.thumbnail]) await storage.put(k, Buffer.from('jpeg bytes'), { contentType: 'image/jpeg' });
    await storage.put(captionsFileKey(id), Buffer.from(vtt), { contentType: 'text/vtt; charset=utf-8' });
    // What the render job's commit writes (render-video.ts).
    await db
      .update(videos)
      .set({
        status: 'published',
        videoKey: main.video,
        thumbnailKey: main.thumbnail,
        width: 720,
        height: 1280,
        sizeBytes: 9,
        durationSeconds: 15,
        captionsKey: captionsFileKey(id),
        renditions: [{ aspect_ratio: '16:9', video_key: wide.video, thumbnail_key: wide.thumbnail, width: 1280, height: 720, size_bytes: 9 }],
      })
      .where(eq(videos.id, id));
    await db.update(jobs).set({ status: 'cancelled' }).where(eq(jobs.dedupeKey, id));

    const video = await get(id);
    expect(video.captions_url).toBe(`http://localhost/files/videos/${id}.vtt`);
    expect(video.renditions).toEqual([
      { aspect_ratio: '9:16', status: 'published', url: video.url, thumbnail: video.thumbnail, width: 720, height: 1280, size_bytes: 9 },
      {
        aspect_ratio: '16:9',
        status: 'published',
        url: `http://localhost/files/videos/${id}-16x9.mp4`,
        thumbnail: `http://localhost/files/thumbnails/${id}-16x9.jpg`,
        width: 1280,
        height: 720,
        size_bytes: 9,
      },
    ]);

    const file = await fetchFile(video.captions_url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await file.text()).toBe(vtt);
    // The watch page's same-origin copy.
    const watch = await watchCaptionsRoute(new Request(`http://localhost/v/${id}/captions.vtt`), { params: Promise.resolve({ id }) });
    expect(watch.status).toBe(200);
    expect(watch.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await watch.text()).toBe(vtt);

    const deleted = await callRoute(deleteRoute, { method: 'DELETE', key, params: { video_id: id } });
    expect(deleted.status).toBe(204);
    for (const url of [video.url, video.thumbnail, video.captions_url, video.renditions[1].url, video.renditions[1].thumbnail]) {
      expect((await fetchFile(url)).status).toBe(404);
    }
    const gone = await watchCaptionsRoute(new Request(`http://localhost/v/${id}/captions.vtt`), { params: Promise.resolve({ id }) });
    expect(gone.status).toBe(404);
  });

  it('answers 404 for the captions of a video without them, or of an id that is not one', async () => {
    const res = await create({ ...sarah, draft: true });
    for (const id of [res.body.id, 'vid_0000000000', '../etc']) {
      const r = await watchCaptionsRoute(new Request(`http://localhost/v/${id}/captions.vtt`), { params: Promise.resolve({ id }) });
      expect(r.status).toBe(404);
    }
  });
});
