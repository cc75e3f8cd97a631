/**
 * End to end through the real machinery: the seed's Sarah request, verbatim,
 * goes through POST /api/v1/videos, the jobs table, the render worker
 * (Remotion + Chromium + ffmpeg), storage, and comes back from GET as a
 * published video matching the seed's shape field by field, with a real MP4
 * behind `url`, a JPEG behind `thumbnail`, events in the outbox, an entry in
 * the account library and analytics from playback beacons.
 *
 * Rendered at a quarter of the size (180×320) so the suite stays lean while
 * other files share the two cores; the full-size render of the same request
 * is checked over HTTP by tests/e2e/seed-over-http.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createRoute } from '@/app/api/v1/videos/route';
import { GET as getRoute } from '@/app/api/v1/videos/[video_id]/route';
import { POST as eventsRoute } from '@/app/api/v1/videos/[video_id]/events/route';
import { GET as filesRoute } from '@/app/files/[...key]/route';
import type { Db } from '@/server/db/client';
import { media, outboxEvents } from '@/server/db/schema';
import { createJobRegistry } from '@/server/jobs/kinds';
import { Worker } from '@/server/jobs/worker';
import { ffmpegPaths } from '@/server/media/ffmpeg';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { callRoute, createKey, createUser } from '../../helpers/factories';
import { testDb, testDbDriver } from '../../helpers/db';
import { seedCreateVideoRequest as seedRequest } from '../../helpers/seed-000';

const run = promisify(execFile);
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0 Safari/537.36';

let db: Db;
let key: string;
let accountId: string;
let worker: Worker;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-render-flow-'));

beforeAll(async () => {
  if (testDbDriver() !== 'pglite') return;
  db = (await testDb()).db;
  const u = await createUser(db);
  accountId = u.account.id;
  key = (await createKey(db, u.account.id)).secret;
  overrideRenderSettings({ scale: 0.25 });
  worker = new Worker({ db, registry: createJobRegistry(), kinds: ['render'], pollMs: 200, listen: false });
  worker.start();
});

afterAll(async () => {
  await worker?.stop();
  overrideRenderSettings(null);
  await closeSharedBrowser();
  rmSync(tmp, { recursive: true, force: true });
});


async function waitForStatus(id: string, statuses: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await callRoute(getRoute, { key, params: { video_id: id } })).body;
    if (statuses.includes(last.status)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`video ${id} still ${last?.status} after ${timeoutMs} ms`);
}

async function download(url: string): Promise<Buffer> {
  const u = new URL(url);
  const segments = u.pathname.replace(/^\/files\//, '').split('/');
  const res = await filesRoute(new Request(url), { params: Promise.resolve({ key: segments }) });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

// One full-length (quarter-size) render per run: on PGlite (the Postgres project covers rendering in render-crash.test.ts).
describe.runIf(testDbDriver() === 'pglite')('seed request → published video', () => {
  it(
    'renders the Sarah request into a real MP4 and thumbnail and GET matches the seed shape',
    async () => {
      const created = await callRoute(createRoute, {
        method: 'POST',
        key,
        rawBody: seedRequest,
        headers: { 'content-type': 'application/json' },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;

      const processing = await waitForStatus(id, ['processing', 'published', 'failed'], 10_000);
      expect(['processing', 'published']).toContain(processing.status);

      const video = await waitForStatus(id, ['published', 'failed'], 240_000);
      expect(video.error).toBeNull();
      expect(video.status).toBe('published');

      // The seed's "Get Video" response, field by field.
      expect(Object.keys(video)).toEqual(
        expect.arrayContaining([
          'id', 'title', 'status', 'duration', 'created_at', 'updated_at', 'template_id', 'project_id', 'aspect_ratio',
          'url', 'thumbnail', 'customer_data', 'ai_messaging', 'analytics',
        ]),
      );
      expect(video.id).toBe(id);
      expect(video.title).toBe('Welcome Message for Sarah');
      expect(typeof video.duration).toBe('number');
      expect(video.duration).toBeGreaterThan(20);
      expect(video.duration).toBeLessThan(40);
      expect(video.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(video.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(video.template_id).toBe('tmpl_welcome_message');
      expect(video.project_id).toBeNull();
      expect(video.aspect_ratio).toBe('9:16');
      expect(video.url).toBe(`http://localhost/files/videos/${id}.mp4`);
      expect(video.thumbnail).toBe(`http://localhost/files/thumbnails/${id}.jpg`);
      expect(video.customer_data).toEqual(JSON.parse(seedRequest).customer_data);
      expect(video.ai_messaging).toEqual(JSON.parse(seedRequest).ai_messaging);
      expect(video.analytics).toEqual({ views: 0, completion_rate: 0, engagement_score: 0, average_watch_time: 0 });
      expect(video.script.headline).toContain('Sarah');
      expect(video.progress).toBe(1);

      // A real H.264 MP4, faststart, of the announced size and length.
      const mp4 = await download(video.url);
      const file = path.join(tmp, 'out.mp4');
      writeFileSync(file, mp4);
      const { ffprobe, env } = ffmpegPaths();
      const probe = JSON.parse(
        (await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], { env })).stdout,
      );
      const stream = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'video');
      expect(stream).toMatchObject({ codec_name: 'h264', width: 180, height: 320, pix_fmt: 'yuv420p' });
      expect(Math.abs(Number(probe.format.duration) - video.duration)).toBeLessThan(0.2);
      const moov = mp4.indexOf('moov');
      const mdat = mp4.indexOf('mdat');
      expect(moov).toBeGreaterThan(0);
      expect(moov).toBeLessThan(mdat);

      const jpeg = await download(video.thumbnail);
      expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

      const events = await db
        .select({ type: outboxEvents.type })
        .from(outboxEvents)
        .where(eq(outboxEvents.accountId, accountId))
        .orderBy(outboxEvents.seq);
      expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.published']);

      const [libraryEntry] = await db
        .select()
        .from(media)
        .where(and(eq(media.accountId, accountId), eq(media.renderedVideoId, id)));
      expect(libraryEntry).toMatchObject({ state: 'succeeded', width: 180, height: 320 });

      // Two viewers: one watches to the end and clicks the CTA, one leaves after 5 s.
      const beacon = (body: unknown) =>
        callRoute(eventsRoute, { method: 'POST', body, params: { video_id: id }, headers: { 'user-agent': UA } });
      const d = video.duration as number;
      expect((await beacon({ session_id: 'viewer-one-0001', type: 'start', position: 0 })).status).toBe(202);
      await beacon({ session_id: 'viewer-one-0001', type: 'progress', position: 10, played: [[0, 10]] });
      await beacon({ session_id: 'viewer-one-0001', type: 'end', position: d, played: [[0, d]] });
      await beacon({ session_id: 'viewer-one-0001', type: 'end', position: d, played: [[0, d]] });
      await beacon({ session_id: 'viewer-one-0001', type: 'cta_click', position: d, played: [[0, d]] });
      await beacon({ session_id: 'viewer-two-0002', type: 'start', position: 0 });
      await beacon({ session_id: 'viewer-two-0002', type: 'progress', position: 5, played: [[0, 5]] });
      const bot = await callRoute(eventsRoute, {
        method: 'POST',
        body: { session_id: 'crawler-000001', type: 'start' },
        params: { video_id: id },
        headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
      });
      expect(bot.body).toEqual({ accepted: false, reason: 'bot' });

      const watched = (await callRoute(getRoute, { key, params: { video_id: id } })).body;
      expect(watched.analytics.views).toBe(2);
      expect(watched.analytics.completion_rate).toBe(0.5);
      expect(watched.analytics.average_watch_time).toBeCloseTo((d + 5) / 2, 0);
      expect(watched.analytics.engagement_score).toBeGreaterThan(0);
      expect(watched.analytics.engagement_score).toBeLessThanOrEqual(10);
    },
    300_000,
  );
});
