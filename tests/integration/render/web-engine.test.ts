/**
 * The `web` render engine through the production renderer, in the shared
 * headless Chromium from @sparticuz/chromium, with Remotion's ffmpeg:
 *
 * - the default engine for the seed's request, and what it writes: the
 *   browser's H.264 as it is, yuv420p, limited range, tagged with the matrix
 *   it was converted with and sRGB's primaries, faststart, every frame once
 *   with continuous timestamps across the joined frame ranges, a JPEG
 *   thumbnail;
 * - colours: the browser's stream, decoded as tagged, shows what its x264
 *   BT.709 re-encode (RENDER_WEB_ENCODER=x264) shows, and decoded as BT.709
 *   it would not;
 * - the first frame is drawn (not black) by both engines;
 * - cancellation mid-render stops it with its code and leaves no temp
 *   folder, and the next render still works;
 * - a template that throws fails as `template_error` on `web` alone;
 * - render pages reach nothing outside the machine but remotion.pro.
 *
 * Low resolution and short ranges keep it to seconds per render. No database
 * is involved, so the Postgres project skips it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompositionProps } from '@/remotion/props';
import { writeBuiltinScript } from '@/server/messaging/service';
import { acquireBrowser } from '@/server/render/browser';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { bundleServer } from '@/server/render/bundle-server';
import { decodeImage } from '@/server/render/fidelity';
import { acquirePage, releasePage } from '@/server/render/page-pool';
import { closeSharedBrowser, renderStillFiles, renderVideoFiles } from '@/server/render/renderer';
import { testDbDriver } from '../../helpers/db';
import { BROWSER_H264_COLOR, jpegSize, probeVideo, X264_COLOR } from '../../helpers/media-files';
import { SARAH } from '../../helpers/render-jobs';
import { ffmpegPaths, runFfprobeJson } from '@/server/media/ffmpeg';
import { execFileSync } from 'node:child_process';

const SCALE = 0.5;

function sarahProps(overrides: Partial<CompositionProps> = {}): CompositionProps {
  return {
    template_id: 'tmpl_welcome_message',
    customer_data: SARAH,
    script: writeBuiltinScript({ templateId: 'tmpl_welcome_message', customerData: SARAH, aiMessaging: { tone: 'friendly', length: 'short' } }),
    aspect_ratio: '9:16',
    resolution: 'standard',
    brand: { color: '#6D5EF7', logo: null },
    ...overrides,
  };
}

let tmp: string;
let savedTmpdir: string | undefined;

beforeAll(async () => {
  if (testDbDriver() === 'postgres') return;
  await ensureRemotionBundle();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-web-engine-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
}, 240_000);

afterAll(async () => {
  if (testDbDriver() === 'postgres') return;
  await closeSharedBrowser();
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(tmp, { recursive: true, force: true });
});

const renderDirs = () => readdirSync(tmp).filter((name) => name.startsWith('cw-render-'));

describe.skipIf(testDbDriver() === 'postgres')('the web render engine', () => {
  it('draws the first frame in both engines (the emoji check no longer lets an empty frame through)', async () => {
    // Fresh tabs: the check runs once per page, and only its first run could race.
    await closeSharedBrowser();
    for (const engine of ['web', 'classic'] as const) {
      const out = await renderStillFiles({ props: sarahProps(), frames: [0], scale: 0.25, format: 'png', settings: { engine } });
      try {
        expect(out.engine).toBe(engine);
        const { data } = await decodeImage(out.stills[0]!.path);
        const mean = data.reduce((s, v) => s + v, 0) / data.length;
        const distinct = new Set(data).size;
        // The stage's dark gradient and its glows: never a flat black frame.
        expect(mean, `${engine} frame 0 mean luma`).toBeGreaterThan(8);
        expect(distinct, `${engine} frame 0 distinct grey levels`).toBeGreaterThan(10);
      } finally {
        await out.cleanup();
      }
    }
  });

  it('renders the seed request by default into a clean H.264 MP4, its frame ranges joined without a gap', async () => {
    const progress: number[] = [];
    // 180 frames: two tabs, two ranges each, joined.
    const out = await renderVideoFiles({
      props: sarahProps(),
      settings: { scale: SCALE, frameRange: [0, 179] },
      onProgress: (p) => progress.push(p),
    });
    try {
      expect(out.engine).toBe('web');
      expect(out).toMatchObject({ width: 360, height: 640, fps: 30, durationInFrames: 180, durationSeconds: 6 });
      const video = await probeVideo(out.videoPath);
      expect(video).toMatchObject({
        codec: 'h264',
        pixelFormat: 'yuv420p',
        width: 360,
        height: 640,
        frames: 180,
        decodedFrames: 180,
        frameRate: 30,
        faststart: true,
        color: BROWSER_H264_COLOR,
      });
      expect(video.durationSeconds).toBeCloseTo(6, 2);
      // Presentation times step by one frame from 0 to the end: no frame lost or doubled where two ranges meet.
      const packets = (await runFfprobeJson(['-select_streams', 'v:0', '-show_entries', 'packet=pts_time', out.videoPath])) as {
        packets: Array<{ pts_time: string }>;
      };
      const pts = packets.packets.map((p) => Number(p.pts_time)).sort((a, b) => a - b);
      expect(pts).toHaveLength(180);
      pts.forEach((t, i) => expect(t).toBeCloseTo(i / 30, 3));

      expect(jpegSize(readFileSync(out.thumbnailPath))).toEqual({ width: 360, height: 640 });
      expect(progress.length).toBeGreaterThan(2);
      for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
      expect(progress.at(-1)).toBeGreaterThan(0.99);
    } finally {
      await out.cleanup();
    }
    expect(renderDirs()).toEqual([]);
  });

  it('publishes the browser\'s H.264 with the colours of an x264 BT.709 encode, tagged so players show them', async () => {
    // The end of the headline's entrance: brand-coloured title and glows, where the BT.601 and BT.709 matrices
    // give visibly different greens.
    const frame = 40;
    const frames: Record<string, Uint8Array> = {};
    for (const [webEncoder, color] of [
      ['browser', BROWSER_H264_COLOR],
      ['x264', X264_COLOR],
    ] as const) {
      const out = await renderVideoFiles({ props: sarahProps(), settings: { engine: 'web', scale: 0.25, frameRange: [0, 89], webEncoder }, skipThumbnail: true });
      try {
        expect((await probeVideo(out.videoPath)).color, webEncoder).toEqual(color);
        frames[webEncoder] = await videoFrameRgb(out.videoPath, frame, 'auto', tmp);
        if (webEncoder === 'browser') frames.misread = await videoFrameRgb(out.videoPath, frame, 'bt709', tmp);
      } finally {
        await out.cleanup();
      }
    }
    // Decoded as tagged, the published stream shows what x264's BT.709 file shows (x264 re-encodes that same
    // stream, so only the colour conversion can differ) ...
    expect(colourCast(frames.browser!, frames.x264!)).toBeLessThan(0.8);
    // ... and a player that took it for BT.709 would not.
    expect(colourCast(frames.misread!, frames.x264!)).toBeGreaterThan(1.5);
  });

  it('stops a render when its signal aborts, leaves no temp folder, and renders again afterwards', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const render = renderVideoFiles({
      props: sarahProps(),
      signal: controller.signal,
      settings: { scale: 0.25, engine: 'web' },
      onProgress: (p) => {
        if (p > 0.1) controller.abort();
      },
    });
    await expect(render).rejects.toMatchObject({ code: 'render_cancelled' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(renderDirs()).toEqual([]);

    const again = await renderVideoFiles({ props: sarahProps(), settings: { scale: 0.25, engine: 'web', frameRange: [0, 29] } });
    try {
      expect(again.engine).toBe('web');
      expect((await probeVideo(again.videoPath)).decodedFrames).toBe(30);
    } finally {
      await again.cleanup();
    }
  });

  it('reports a template that throws in the page as template_error, with no fallback when web is forced', async () => {
    // Passes the server's signature check, then fails to decode in the browser.
    const corrupt = `data:image/png;base64,${Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('0000000d49484452deadbeef', 'hex'),
    ]).toString('base64')}`;
    await expect(
      renderVideoFiles({
        props: sarahProps({ brand: { color: '#E4572E', logo: corrupt } }),
        settings: { scale: 0.25, engine: 'web', frameRange: [0, 29] },
      }),
    ).rejects.toMatchObject({ code: 'template_error', message: expect.stringMatching(/^The template failed to render/) });
    expect(renderDirs()).toEqual([]);
  });

  it('keeps render pages from reaching other origins, and answers the per-call usage report in the page', async () => {
    const slot = await acquireBrowser();
    const bundle = await ensureRemotionBundle();
    const url = (await bundleServer()).urlFor(bundle.serveUrl, bundle.version);
    const entry = await acquirePage(slot, url, 2);
    try {
      const result = (await entry.page.evaluate(`(async () => {
        const fetched = await fetch('https://example.com/').then(() => 'reached', (e) => 'refused: ' + e.name);
        const image = await new Promise((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('refused');
          img.src = 'https://example.com/pixel.png';
        });
        const usage = await fetch('https://www.remotion.pro/api/track/register-usage-point', { method: 'POST', body: '{}' }).then((r) => r.json());
        return { fetched, image, usage };
      })()`)) as { fetched: string; image: string; usage: { reportedBy?: string } };
      expect(result.fetched).toBe('refused: TypeError');
      expect(result.image).toBe('refused');
      // The renderer's per-call usage report is answered in the page: the server reports once per video (license.ts).
      expect(result.usage.reportedBy).toBe('server');
      const res = await fetch(url);
      expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self' https:\/\/www\.remotion\.pro data: blob:/);
    } finally {
      releasePage(entry);
    }
  });
});

/** One frame of a video as 8-bit RGB, converted from YUV with `matrix` (`auto`: the one the stream is tagged with). */
async function videoFrameRgb(file: string, frame: number, matrix: 'auto' | 'bt601' | 'bt709', dir: string): Promise<Uint8Array> {
  const { ffmpeg, env } = ffmpegPaths();
  const png = path.join(dir, `frame-${frame}-${matrix}-${Date.now()}.png`);
  execFileSync(ffmpeg, ['-v', 'error', '-y', '-i', file, '-vf', `trim=start_frame=${frame},scale=in_color_matrix=${matrix}:in_range=tv,format=rgb24`, '-frames:v', '1', png], { env });
  try {
    return (await decodeImage(png, 'rgb')).data;
  } finally {
    rmSync(png, { force: true });
  }
}

/** The largest difference between the two images' mean red, green or blue, in grey levels: a colour cast. */
function colourCast(a: Uint8Array, b: Uint8Array): number {
  const sums = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    sums[i % 3]! += a[i]!;
    sums[3 + (i % 3)]! += b[i]!;
  }
  const n = a.length / 3;
  return Math.max(...[0, 1, 2].map((c) => Math.abs(sums[c]! - sums[3 + c]!) / n));
}
