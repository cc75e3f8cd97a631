/**
 * Both render engines draw every template alike: for every template ×
 * aspect ratio, the stills at the moments fidelityFrames() picks (headline
 * settled, first scene entering and settled, the crossfade into the second
 * scene, the end card) are drawn by `web` and by `classic` and compared with
 * SSIM on luma (server/render/fidelity.ts), at half size (360×640 for 9:16),
 * averaged 2×2 before comparing.
 *
 * Three measures per pair (server/render/fidelity.ts): the mean SSIM, the
 * SSIM of the worst block (an eighth of the short side), and the largest
 * difference of mean brightness between the two stills over blocks of a
 * quarter of the short side ("shift", grey levels), which catches a soft
 * glow that is missing, something SSIM barely sees. Thresholds, from
 * measurements (docs/templates/README.md shows every pair):
 * - pairs that look the same: mean 0.975–1.000, worst block 0.78–1.00 (the
 *   lowest where a large title's glyphs land a pixel apart between
 *   Chromium's text layout and the canvas's word-by-word fillText), shift
 *   0.0–5.3;
 * - the same templates before they were reworked for the web engine (radial
 *   glows and the orb's highlight missing, a spread-shadow spotlight cut to
 *   its box, perspective cards drawn flat at another size, a counter moved
 *   by tabular figures the canvas ignores, a button gradient whose
 *   unpositioned stops the web engine placed inwards): worst blocks down to
 *   0.26, shifts of 7.5–15.4 on every end card, intro and calendar.
 * So a pair passes with mean ≥ 0.97, worst block ≥ 0.70 and shift ≤ 6. A
 * template declares `web` support (TemplateSpec.engines) only while it
 * passes.
 *
 * No database is involved, so the Postgres project skips it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, type CompositionProps } from '@/remotion/props';
import { templates } from '@/remotion/templates/registry';
import { writeBuiltinScript } from '@/server/messaging/service';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { compareEngines } from '@/server/render/fidelity';
import { closeSharedBrowser } from '@/server/render/renderer';
import { testDbDriver } from '../../helpers/db';
import { SARAH } from '../../helpers/render-jobs';

const MIN_MEAN = 0.97;
const MIN_WORST_BLOCK = 0.7;
const MAX_SHIFT = 6;

beforeAll(async () => {
  if (testDbDriver() === 'postgres') return;
  await ensureRemotionBundle();
}, 240_000);

afterAll(async () => {
  await closeSharedBrowser();
});

describe.skipIf(testDbDriver() === 'postgres')('web and classic draw every template alike', () => {
  const cases = templates
    .filter((t) => t.engines.includes('web'))
    .flatMap((t) => ASPECT_RATIOS.filter((a) => t.aspectRatios.includes(a)).map((aspect) => [t.id, aspect] as const));

  it.each(cases)('%s at %s', async (templateId, aspect) => {
    const customerData = { ...SARAH, brand_color: '#E4572E' };
    const props: CompositionProps = {
      template_id: templateId,
      customer_data: customerData,
      // Medium length and two focus points: more scenes and longer copy than the short default.
      script: writeBuiltinScript({
        templateId,
        customerData,
        aiMessaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] },
      }),
      aspect_ratio: aspect,
      resolution: 'standard',
      brand: { color: '#E4572E', logo: null },
    };
    const result = await compareEngines({ props, scale: 0.5 });
    try {
      expect(result.web.engine).toBe('web');
      expect(result.classic.engine).toBe('classic');
      expect(result.pairs.length).toBeGreaterThanOrEqual(4);
      for (const pair of result.pairs) {
        const where = `${templateId} ${aspect} frame ${pair.frame}: mean ${pair.ssim.mean.toFixed(3)}, worst block ${pair.ssim.worstBlock.toFixed(2)}, shift ${pair.ssim.worstShift.toFixed(1)}`;
        expect(pair.ssim.mean, where).toBeGreaterThanOrEqual(MIN_MEAN);
        expect(pair.ssim.worstBlock, where).toBeGreaterThanOrEqual(MIN_WORST_BLOCK);
        expect(pair.ssim.worstShift, where).toBeLessThanOrEqual(MAX_SHIFT);
      }
    } finally {
      await result.cleanup();
    }
  });
});
