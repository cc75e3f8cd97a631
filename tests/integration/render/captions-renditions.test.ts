/**
 * Captions and renditions rendered for real (issue 14), at a quarter of the
 * size and two seconds long: one video in two formats with sidecar
 * captions (both MP4s, the VTT over the files route and the watch page's
 * route, all gone after delete), a cancel while the second format renders
 * (no file of either), and burned captions, whose band of the frame carries
 * text that the same video without captions lacks.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as filesRoute } from '@/app/files/[...key]/route';
import { GET as watchCaptionsRoute } from '@/app/v/[id]/captions.vtt/route';
import { captionBandRect } from '@/remotion/components/stage';
import { scriptSchema } from '@/remotion/script';
import type { Db } from '@/server/db/client';
import { videos } from '@/server/db/schema';
import { ffmpegPaths } from '@/server/media/ffmpeg';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { getStorage } from '@/server/storage';
import { extraRenditions } from '@/server/videos/renditions';
import { cancelVideo, deleteVideo, getVideo } from '@/server/videos/service';
import { webVttForScript } from '@/server/videos/webvtt';
import { testDb } from '../../helpers/db';
import { createTestAccount, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { createTestVideo, testRenderKind, testRenderRegistry } from '../../helpers/render-jobs';

const run = promisify(execFile);
const SCALE = 0.25;
const ctx = { origin: 'http://localhost' };
const startTestWorker = useTestWorkers();
let db: Db;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-captions-'));

beforeAll(async () => {
  db = (await testDb()).db;
  await ensureRemotionBundle();
  // Two seconds of each video: the intro, whose caption is the headline.
  overrideRenderSettings({ scale: SCALE, frameRange: [0, 59] });
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  await closeSharedBrowser();
  rmSync(tmp, { recursive: true, force: true });
});

async function fetchFile(url: string): Promise<Response> {
  const segments = new URL(url).pathname.replace(/^\/files\//, '').split('/');
  return filesRoute(new Request(url), { params: Promise.resolve({ key: segments }) });
}

async function renderPublished(accountId: string, input: Parameters<typeof createTestVideo>[1]['input']) {
  const kind = testRenderKind();
  const { video } = await createTestVideo(db, { accountId, kind, input });
  startTestWorker({ db, registry: testRenderRegistry(kind), listen: false });
  await waitFor(
    `video ${video.id} to be published`,
    async () => {
      const [row] = await db.select({ status: videos.status, error: videos.errorMessage }).from(videos).where(eq(videos.id, video.id));
      if (row?.status === 'failed') throw new Error(`render failed: ${row.error}`);
      return row?.status === 'published';
    },
    { timeoutMs: 180_000, intervalMs: 200 },
  );
  return getVideo(db, { accountId, id: video.id, ctx });
}

/** One decoded frame of an MP4 as 8-bit grey pixels (Remotion's ffmpeg has no PGM or select filter: a raw pipe). */
async function greyFrame(mp4: Buffer, atSeconds: number, width: number, height: number): Promise<Uint8Array> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.mp4`);
  await writeFile(file, mp4);
  const { ffmpeg, env } = ffmpegPaths();
  const { stdout } = await run(
    ffmpeg,
    ['-v', 'error', '-ss', String(atSeconds), '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'rawvideo', '-pix_fmt', 'gray', '-'],
    { env, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  expect(stdout.length).toBe(width * height);
  return new Uint8Array(stdout);
}

/** Pixels brighter than text on the dark stage, in rows [top, bottom). */
function brightPixels(frame: Uint8Array, width: number, top: number, bottom: number): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(top)); y < Math.min(frame.length / width, Math.ceil(bottom)); y++) {
    for (let x = 0; x < width; x++) if (frame[y * width + x]! > 170) n++;
  }
  return n;
}

describe('sidecar captions and renditions', () => {
  it('renders every format, stores the WebVTT of the script beside the MP4, and delete takes every file away', async () => {
    const accountId = await createTestAccount(db);
    const video = await renderPublished(accountId, { aspect_ratio: '16:9', aspect_ratios: ['16:9', '9:16'], captions: 'sidecar' });
    expect(video.status).toBe('published');
    expect(video.aspect_ratio).toBe('16:9');
    expect(video.url).toBe(`http://localhost/files/videos/${video.id}.mp4`);
    expect(video.renditions).toHaveLength(2);
    expect(video.renditions[0]).toMatchObject({ aspect_ratio: '16:9', status: 'published', url: video.url, thumbnail: video.thumbnail, width: 320, height: 180 });
    expect(video.renditions[1]).toMatchObject({
      aspect_ratio: '9:16',
      status: 'published',
      url: `http://localhost/files/videos/${video.id}-9x16.mp4`,
      thumbnail: `http://localhost/files/thumbnails/${video.id}-9x16.jpg`,
      width: 180,
      height: 320,
    });
    for (const r of video.renditions) {
      const mp4 = await fetchFile(r.url!);
      expect(mp4.status).toBe(200);
      expect(mp4.headers.get('content-type')).toBe('video/mp4');
      const bytes = Buffer.from(await mp4.arrayBuffer());
      expect(bytes.length).toBe(r.size_bytes);
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      const jpeg = await fetchFile(r.thumbnail!);
      expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await jpeg.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }

    // The captions: exactly the cues of the stored script, served as text/vtt.
    expect(video.captions).toBe('sidecar');
    expect(video.captions_url).toBe(`http://localhost/files/videos/${video.id}.vtt`);
    const vtt = await fetchFile(video.captions_url!);
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    const text = await vtt.text();
    const script = scriptSchema.parse(video.script);
    expect(text).toBe(webVttForScript(video.template_id, script));
    expect(text).toMatch(/^WEBVTT\n\n1\n00:00:00\.000 --> /);
    expect(text).toContain(script.headline);
    const watch = await watchCaptionsRoute(new Request(`http://localhost/v/${video.id}/captions.vtt`), { params: Promise.resolve({ id: video.id }) });
    expect(await watch.text()).toBe(text);

    await deleteVideo(db, { accountId, id: video.id });
    for (const url of [video.captions_url!, ...video.renditions.flatMap((r) => [r.url!, r.thumbnail!])]) {
      const res = await fetchFile(url);
      expect(res.status).toBe(404);
      await res.body?.cancel();
    }
  }, 240_000);
});

describe('cancelling a render of several formats', () => {
  it('after the first format is rendered leaves no file of any format, nor the captions', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    // The whole short script (no frame range): the second format is still rendering when it is cancelled.
    overrideRenderSettings({ scale: SCALE });
    try {
      const { video } = await createTestVideo(db, {
        accountId,
        kind,
        input: { aspect_ratio: '9:16', aspect_ratios: ['9:16', '1:1'], captions: 'burned' },
      });
      startTestWorker({ db, registry: testRenderRegistry(kind), leaseMs: 3_000, listen: false });
      // Progress covers both formats: past one half, the first is done and the second under way.
      await waitFor(
        'the second format to be rendering',
        async () => {
          const [row] = await db.select({ progress: videos.progress }).from(videos).where(eq(videos.id, video.id));
          return row && row.progress > 0.5;
        },
        { timeoutMs: 180_000, intervalMs: 50 },
      );
      await cancelVideo(db, { accountId, id: video.id, ctx });
      // The worker's render stops within seconds; whatever it had made stays in its temp folders, which it removes.
      await new Promise((r) => setTimeout(r, 4_000));
      const storage = getStorage();
      const stored: string[] = [];
      for (const prefix of [`videos/${video.id}`, `thumbnails/${video.id}`]) {
        for await (const o of storage.list(prefix)) stored.push(o.key);
      }
      expect(stored).toEqual([]);
      const [row] = await db.select().from(videos).where(eq(videos.id, video.id));
      expect(row).toMatchObject({ status: 'cancelled', videoKey: null, thumbnailKey: null, captionsKey: null });
      expect(extraRenditions(row!).map((r) => r.video_key)).toEqual([null]);
    } finally {
      overrideRenderSettings({ scale: SCALE, frameRange: [0, 59] });
    }
  }, 240_000);
});

describe('burned captions', () => {
  it('draws the caption band with text where the same video without captions has none', async () => {
    const accountId = await createTestAccount(db);
    const [burned, plain] = [
      await renderPublished(accountId, { captions: 'burned' }),
      await renderPublished(accountId, { captions: 'off' }),
    ];
    expect(burned.captions).toBe('burned');
    expect(plain.captions_url).toBeNull();
    // Burned captions come with the WebVTT file too.
    expect(burned.captions_url).toBe(`http://localhost/files/videos/${burned.id}.vtt`);
    const burnedVtt = await fetchFile(burned.captions_url!);
    expect(burnedVtt.status).toBe(200);
    expect(await burnedVtt.text()).toBe(webVttForScript(burned.template_id, scriptSchema.parse(burned.script)));

    const width = 180;
    const height = 320;
    const band = captionBandRect(720, 1280);
    const [top, bottom] = [band.y * SCALE, (band.y + band.h) * SCALE];
    const frames = await Promise.all(
      [burned, plain].map(async (v) => greyFrame(Buffer.from(await (await fetchFile(v.url!)).arrayBuffer()), 1.5, width, height)),
    );
    const [withCaptions, without] = frames.map((f) => brightPixels(f!, width, top, bottom));
    // The headline's caption: about a hundred light pixels of text in the band at 180×320; nothing bright there without captions.
    expect(withCaptions).toBeGreaterThan(40);
    expect(without).toBeLessThan(withCaptions! / 10);
  }, 300_000);
});
