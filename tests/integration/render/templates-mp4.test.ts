/**
 * Every template at every aspect ratio through the production renderer
 * (renderVideoFiles with the default engine, `web`: shared browser, H.264 +
 * JPEG thumbnail), checked from
 * the files' bytes: codec, pixel format, size, frame count and duration of
 * the MP4 (ffprobe), size of the JPEG thumbnail. Low-res (scale 0.25) and
 * short (45 frames across the first scene's entrance), so the twelve
 * renders take about a minute on 2 cores. No database is involved, so the
 * Postgres project skips it rather than render the same files twice.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, type CompositionProps, dimensionsFor, FPS } from '@/remotion/props';
import { exampleScript } from '@/remotion/script';
import { templates } from '@/remotion/templates/registry';
import { planTimeline } from '@/remotion/timeline';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { closeSharedBrowser, renderVideoFiles } from '@/server/render/renderer';
import { testDbDriver } from '../../helpers/db';
import { BROWSER_H264_COLOR, jpegSize, probeVideo } from '../../helpers/media-files';
import { SARAH } from '../../helpers/render-jobs';

const SCALE = 0.25;
const FRAMES = 45;
const LOGO = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="32" height="32" rx="8" fill="#111827"/><rect x="40" y="10" width="80" height="12" rx="6" fill="#111827"/></svg>',
).toString('base64')}`;

beforeAll(async () => {
  if (testDbDriver() === 'postgres') return;
  // Bundling (only when build/ is missing or stale) must not count against the first render.
  await ensureRemotionBundle();
}, 240_000);

afterAll(async () => {
  await closeSharedBrowser();
});

describe.skipIf(testDbDriver() === 'postgres')('templates render to MP4 at every aspect ratio', () => {
  const cases = templates.flatMap((t) => ASPECT_RATIOS.map((aspect) => [t.id, aspect] as const));

  it.each(cases)('%s at %s', async (templateId, aspect) => {
    const script = exampleScript(templateId, SARAH, 'short');
    const props: CompositionProps = {
      template_id: templateId,
      customer_data: SARAH,
      script,
      aspect_ratio: aspect,
      resolution: 'standard',
      // 16:9 goes without a logo so both branches of the chrome are rendered.
      brand: { color: '#E4572E', logo: aspect === '16:9' ? null : LOGO },
    };
    // Across the cut from the intro to the first scene: both layouts and a transition in 45 frames.
    const timeline = planTimeline(script, templates.find((t) => t.id === templateId)!.timing);
    const first = Math.max(0, timeline.segments[1]!.from - Math.floor(FRAMES / 2));
    const out = await renderVideoFiles({ props, settings: { scale: SCALE, frameRange: [first, first + FRAMES - 1] } });
    try {
      const { width, height } = dimensionsFor(aspect, 'standard');
      const expected = { width: width * SCALE, height: height * SCALE };
      // The default engine, without falling back: every built-in template supports it.
      expect(out).toMatchObject({ engine: 'web', ...expected, fps: FPS, durationInFrames: FRAMES, durationSeconds: FRAMES / FPS });

      const video = await probeVideo(out.videoPath);
      expect(video).toMatchObject({
        codec: 'h264',
        pixelFormat: 'yuv420p',
        ...expected,
        frames: FRAMES,
        decodedFrames: FRAMES,
        frameRate: FPS,
        faststart: true,
        color: BROWSER_H264_COLOR,
      });
      expect(video.durationSeconds).toBeCloseTo(FRAMES / FPS, 1);

      expect(jpegSize(readFileSync(out.thumbnailPath))).toEqual(expected);
    } finally {
      await out.cleanup();
    }
  });
});
