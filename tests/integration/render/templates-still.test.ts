/**
 * Every template renders at every aspect ratio in a real browser from the
 * real bundle: one still per combination (scaled down to keep it fast), plus
 * one JPEG thumbnail-style still and one refused render.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type HeadlessBrowser, openBrowser, renderStill, selectComposition } from '@remotion/renderer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, type CompositionProps, dimensionsFor } from '@/remotion/props';
import { exampleScript } from '@/remotion/script';
import { templates } from '@/remotion/templates/registry';
import { planTimeline } from '@/remotion/timeline';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { browserExecutable } from '@/server/render/browser';

const SCALE = 0.25;
const LOGO = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="32" height="32" rx="8" fill="#111827"/><rect x="40" y="10" width="80" height="12" rx="6" fill="#111827"/></svg>',
).toString('base64')}`;
const SARAH = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};

let serveUrl: string;
let exe: string | undefined;
let browser: HeadlessBrowser;
let outDir: string;

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function jpegSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf[0]).toBe(0xff);
  expect(buf[1]).toBe(0xd8);
  let i = 2;
  while (i < buf.length) {
    const marker = buf[i + 1]!;
    const length = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  throw new Error('no SOF marker');
}

function props(templateId: string, aspect: CompositionProps['aspect_ratio']): CompositionProps {
  return {
    template_id: templateId,
    customer_data: SARAH,
    script: exampleScript(templateId, SARAH, 'short'),
    aspect_ratio: aspect,
    resolution: 'standard',
    // 16:9 goes without a logo so both branches of the chrome are rendered.
    brand: { color: '#E4572E', logo: aspect === '16:9' ? null : LOGO },
  };
}

beforeAll(async () => {
  ({ serveUrl } = await ensureRemotionBundle());
  exe = await browserExecutable();
  browser = await openBrowser('chrome', { browserExecutable: exe ?? null, chromeMode: 'headless-shell', logLevel: 'error' });
  outDir = mkdtempSync(path.join(os.tmpdir(), 'clipwright-stills-'));
}, 240_000);

afterAll(async () => {
  // Remotion closes each still's tab without waiting; closing the browser under a pending
  // Target.closeTarget rejects that call with nobody to catch it. Let those finish first.
  await new Promise((r) => setTimeout(r, 1000));
  await browser?.close({ silent: true });
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('template stills', () => {
  const cases = templates.flatMap((t) => ASPECT_RATIOS.map((aspect) => [t.compositionId, aspect, t.id] as const));

  it.each(cases)('%s renders at %s', async (compositionId, aspect, templateId) => {
    const inputProps = props(templateId, aspect);
    const composition = await selectComposition({
      serveUrl,
      id: compositionId,
      inputProps,
      puppeteerInstance: browser,
      browserExecutable: exe ?? null,
      chromeMode: 'headless-shell',
      logLevel: 'error',
    });
    const { width, height } = dimensionsFor(aspect, 'standard');
    expect(composition).toMatchObject({ width, height, fps: 30 });
    const timeline = planTimeline(inputProps.script, templates.find((t) => t.id === templateId)!.timing);
    expect(composition.durationInFrames).toBe(timeline.durationInFrames);

    // The first scene after the intro, once its entrance has settled: text, visual and logo are all on screen.
    const scene = timeline.segments[1]!;
    const output = path.join(outDir, `${compositionId}-${aspect.replace(':', 'x')}.png`);
    await renderStill({
      serveUrl,
      composition,
      inputProps,
      frame: scene.from + Math.min(45, scene.durationInFrames - 1),
      output,
      imageFormat: 'png',
      scale: SCALE,
      puppeteerInstance: browser,
      logLevel: 'error',
    });
    expect(pngSize(output)).toEqual({ width: width * SCALE, height: height * SCALE });
  });

  it('renders a JPEG thumbnail of the end card at HD', async () => {
    const inputProps: CompositionProps = { ...props('tmpl_welcome_message', '16:9'), resolution: 'hd' };
    const composition = await selectComposition({ serveUrl, id: 'welcome-message', inputProps, puppeteerInstance: browser, logLevel: 'error' });
    expect(composition).toMatchObject({ width: 1920, height: 1080 });
    const output = path.join(outDir, 'thumb.jpg');
    await renderStill({
      serveUrl,
      composition,
      inputProps,
      frame: composition.durationInFrames - 1,
      output,
      imageFormat: 'jpeg',
      jpegQuality: 80,
      scale: SCALE,
      puppeteerInstance: browser,
      logLevel: 'error',
    });
    expect(jpegSize(output)).toEqual({ width: 1920 * SCALE, height: 1080 * SCALE });
  });

  it('refuses props the template cannot use before rendering anything', async () => {
    const inputProps = { ...props('tmpl_usage_recap', '1:1'), customer_data: { company: 'Acme Inc.' } };
    await expect(
      selectComposition({ serveUrl, id: 'usage-recap', inputProps, puppeteerInstance: browser, logLevel: 'error' }),
    ).rejects.toThrow(/customer_data\.first_name/);
  });
});
