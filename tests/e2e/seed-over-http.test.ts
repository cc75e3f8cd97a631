/**
 * Seed 000 over real HTTP against the production build: the "Create Video"
 * example request, byte for byte, becomes a published video (rendered by the
 * embedded worker) whose "Get Video" response has the seed's fields, types
 * and nesting, with a real MP4 and JPEG behind `url` and `thumbnail`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { seedCreateVideoRequest as seedRequest } from '../helpers/seed-000';

const key = `cwk_${'Seed0Http1Key2'.repeat(3)}`;
let app: AppServer;

beforeAll(async () => {
  app = await startApp({ BOOTSTRAP_EMAIL: 'seed@example.com', BOOTSTRAP_PASSWORD: 'bootstrap-password', BOOTSTRAP_API_KEY: key });
});
afterAll(async () => {
  await app?.cleanup();
});


const auth = { authorization: `Bearer ${key}` };

describe('seed 000 over HTTP', () => {
  it(
    'creates, renders and returns the Sarah video in the seed’s shapes',
    async () => {
      const res = await fetch(`${app.url}/api/v1/videos`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: seedRequest,
      });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(Object.keys(created).sort()).toEqual(
        ['aspect_ratio', 'created_at', 'estimated_completion', 'id', 'status', 'template_id', 'title'],
      );
      expect(created).toMatchObject({ title: 'Welcome Message for Sarah', status: 'processing', template_id: 'tmpl_welcome_message', aspect_ratio: '9:16' });

      const list = await (await fetch(`${app.url}/api/v1/videos`, { headers: auth })).json();
      expect(list.pagination).toEqual({ total: 1, page: 1, limit: 20, next_page: null, prev_page: null });
      expect(list.data[0]).toEqual({
        id: created.id,
        title: 'Welcome Message for Sarah',
        status: 'processing',
        duration: null,
        created_at: created.created_at,
        url: null,
        thumbnail: null,
      });

      let video: any;
      for (let i = 0; i < 300; i++) {
        video = await (await fetch(`${app.url}/api/v1/videos/${created.id}`, { headers: auth })).json();
        if (video.status !== 'processing') break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(video.status).toBe('published');
      const seed = JSON.parse(seedRequest);
      // "Get Video" of the seed, field by field.
      expect(video.id).toBe(created.id);
      expect(video.title).toBe(seed.title);
      expect(typeof video.duration).toBe('number');
      expect(video.created_at).toBe(created.created_at);
      expect(video.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(video.template_id).toBe(seed.template_id);
      expect(video.project_id).toBeNull();
      expect(video.aspect_ratio).toBe('9:16');
      expect(video.url).toBe(`${app.url}/files/videos/${created.id}.mp4`);
      expect(video.thumbnail).toBe(`${app.url}/files/thumbnails/${created.id}.jpg`);
      expect(video.customer_data).toEqual(seed.customer_data);
      expect(video.ai_messaging).toEqual(seed.ai_messaging);
      expect(video.analytics).toEqual({ views: 0, completion_rate: 0, engagement_score: 0, average_watch_time: 0 });

      const mp4 = await fetch(video.url);
      expect(mp4.status).toBe(200);
      expect(mp4.headers.get('content-type')).toBe('video/mp4');
      const bytes = Buffer.from(await mp4.arrayBuffer());
      expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
      const range = await fetch(video.url, { headers: { range: 'bytes=0-99' } });
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);

      const jpg = await fetch(video.thumbnail);
      expect(jpg.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await jpg.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

      const published = await (await fetch(`${app.url}/api/v1/videos?status=published`, { headers: auth })).json();
      expect(published.data[0]).toMatchObject({ id: created.id, status: 'published', duration: video.duration, url: video.url });

      // Caches may keep the files but must ask again, so a delete takes effect everywhere at once.
      expect(mp4.headers.get('cache-control')).toBe('public, no-cache, no-transform');
      const revalidated = await fetch(video.url, { headers: { 'if-none-match': mp4.headers.get('etag')! } });
      expect(revalidated.status).toBe(304);
      // Deleted: the MP4, the thumbnail and the watch page are gone before the 204 returns.
      expect((await fetch(`${app.url}/api/v1/videos/${created.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
      for (const url of [video.url, video.thumbnail, `${app.url}/v/${created.id}`]) {
        const gone = await fetch(url);
        expect(gone.status, url).toBe(404);
        await gone.body?.cancel();
      }
    },
    360_000,
  );
});
