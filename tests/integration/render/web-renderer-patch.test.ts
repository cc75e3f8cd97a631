/**
 * The loader's findWords (Range boxes over the unchanged text node) finds the
 * same words at the same places as the library's own (a <span> per word), in
 * the render browser, for the kinds of text the templates draw: one line,
 * wrapped paragraphs, letter and word spacing, text-transform, emoji and
 * right-to-left text. Both run on the same element, one after the other.
 *
 * Tolerance: the span splits the text into separately shaped runs, so a
 * glyph after a word boundary can move by a fraction of a pixel (kerning
 * across the boundary); the Range reads the layout Chromium actually drew.
 * Boxes must agree to within half a pixel horizontally and exactly in height
 * and line; the stills of every template differ by at most an anti-aliasing
 * step (docs/benchmarks.md).
 *
 * Also in the same browser: canvases styled `image-rendering: pixelated` are
 * scaled up by nearest neighbour (the backdrop relies on it), and an SVG icon
 * drawn through a data: URL loads, draws and leaves the canvas readable (a
 * tainted canvas could not be encoded), without a Blob URL.
 *
 * No database is involved, so the Postgres project skips it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser';
import { testDbDriver } from '../../helpers/db';

const require = createRequire(import.meta.url);
const { PATCHES, patchWebRenderer } = require('../../../server/render/web-renderer-loader.cjs') as {
  PATCHES: Array<[string, string, string]>;
  patchWebRenderer: (source: string) => string;
};
const [, originalFindWords, patchedFindWords] = PATCHES[0]!;
const installed = readFileSync(path.join(process.cwd(), 'node_modules/@remotion/web-renderer/dist/esm/index.mjs'), 'utf8');
const patched = patchWebRenderer(installed);

/** The source of the library's top-level `var name = (…) => {…};`, to run it in a page as its module would. */
function libraryFunction(source: string, name: string): string {
  const start = source.indexOf(`\nvar ${name} = `);
  if (start === -1) throw new Error(`${name} is not in @remotion/web-renderer`);
  const end = source.indexOf('\n};\n', start);
  return source.slice(start + 1, end + 3);
}

const REPLACED_ELEMENT = ['calculateFill', 'calculateContain', 'calculateCover', 'calculateNone', 'calculateObjectFit', 'parseObjectFit', 'drawReplacedElement'];

type Token = { text: string; left: number; top: number; width: number; height: number };

const CASES: Array<{ name: string; style: string; text: string }> = [
  { name: 'one line', style: 'font: 700 48px sans-serif; white-space: nowrap', text: 'Welcome aboard, Sarah!' },
  {
    name: 'wrapped paragraph',
    style: 'font: 400 30px/1.4 serif; width: 360px',
    text: 'Your Enterprise plan is coming up for automatic renewal. No action is needed; everything is in order.',
  },
  { name: 'letter and word spacing', style: 'font: 600 22px sans-serif; letter-spacing: 0.18em; word-spacing: 6px; width: 300px', text: 'RENEWAL COMING UP SOON' },
  { name: 'text-transform', style: 'font: 500 26px sans-serif; text-transform: uppercase; width: 280px', text: 'three features used this month' },
  { name: 'emoji', style: 'font: 400 28px sans-serif; width: 320px', text: 'Great work 🎉 on 12 logins 🚀 this week' },
  { name: 'right to left', style: 'font: 400 28px sans-serif; direction: rtl; width: 300px', text: 'مرحبا بك في فريقنا الجديد' },
];

let browser: Browser;

beforeAll(async () => {
  if (testDbDriver() === 'postgres') return;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(testDbDriver() === 'postgres')('the patched findWords', () => {
  it.each(CASES)('finds the same words in the same boxes: $name', async ({ style, text }) => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    try {
      await page.setContent(`<div id="box" style="${style}"></div>`);
      const result = await page.evaluate(
        ({ original, patched, text }) => {
          const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });
          // The library's code is plain JS with `wordSegmenter` in scope, as in its module.
          const make = (source: string) => new Function('wordSegmenter', `${source}\nreturn findWords;`)(wordSegmenter);
          const box = document.getElementById('box')!;
          // As drawText calls it: a span holding the text node, set to the (transformed) text.
          const span = document.createElement('span');
          span.textContent = text;
          box.appendChild(span);
          const plain = (tokens: Array<{ text: string; rect: DOMRect }>) =>
            tokens.map((t) => ({ text: t.text, left: t.rect.left, top: t.rect.top, width: t.rect.width, height: t.rect.height }));
          const before = plain(make(original)(span));
          const domAfterOriginal = box.innerHTML;
          const after = plain(make(patched)(span));
          return { before, after, domAfterOriginal, domAfterPatched: box.innerHTML, childNodes: span.childNodes.length };
        },
        { original: originalFindWords, patched: patchedFindWords, text },
      );
      const before = result.before as Token[];
      const after = result.after as Token[];
      expect(after.map((t) => t.text)).toEqual(before.map((t) => t.text));
      expect(after.length).toBeGreaterThan(0);
      for (const [i, b] of before.entries()) {
        const a = after[i]!;
        const where = `token ${i} ${JSON.stringify(b.text)}`;
        if (b.width === 0 && /^\s+$/.test(b.text)) continue; // a space collapsed at a line end: drawn as nothing either way
        expect(Math.abs(a.left - b.left), where).toBeLessThanOrEqual(0.5);
        expect(Math.abs(a.width - b.width), where).toBeLessThanOrEqual(0.5);
        expect(a.top, where).toBeCloseTo(b.top, 1);
        expect(a.height, where).toBeCloseTo(b.height, 1);
      }
      // Neither leaves the DOM changed; the patched one never touches it.
      expect(result.domAfterPatched).toBe(result.domAfterOriginal);
      expect(result.childNodes).toBe(1);
    } finally {
      await page.close();
    }
  });
});

describe.skipIf(testDbDriver() === 'postgres')('the patched replaced elements and SVGs', () => {
  // A row of black and white pixels (`pixels`, 0 or 1 each) drawn at w×h: smoothed, there are greys between them; nearest, only black and white.
  async function drawPixels(source: string, imageRendering: string, size: { w: number; h: number }, pixels = [0, 1]) {
    const page = await browser.newPage();
    try {
      await page.setContent(
        `<canvas id="c" width="${pixels.length}" height="1" style="width: ${size.w}px; height: ${size.h}px; image-rendering: ${imageRendering}"></canvas>`,
      );
      return await page.evaluate(
        ({ source, size, pixels }) => {
          const drawReplacedElement = new Function(`${source}\nreturn drawReplacedElement;`)();
          const canvas = document.getElementById('c') as HTMLCanvasElement;
          const c = canvas.getContext('2d')!;
          for (const [x, white] of pixels.entries()) {
            c.fillStyle = white ? '#fff' : '#000';
            c.fillRect(x, 0, 1, 1);
          }
          const out = document.createElement('canvas');
          out.width = size.w;
          out.height = size.h;
          const ctx = out.getContext('2d')!;
          drawReplacedElement({ drawable: canvas, dimensions: new DOMRect(0, 0, size.w, size.h), computedStyle: getComputedStyle(canvas), contextToDraw: ctx });
          const row = ctx.getImageData(0, Math.floor(size.h / 2), size.w, 1).data;
          const reds = Array.from({ length: size.w }, (_, x) => row[x * 4]!);
          return { reds, smoothingAfter: ctx.imageSmoothingEnabled };
        },
        { source, size, pixels },
      );
    } finally {
      await page.close();
    }
  }
  const replacedSource = (src: string) => REPLACED_ELEMENT.map((name) => libraryFunction(src, name)).join('\n');

  it('scales a pixelated canvas up by nearest neighbour, as Chromium does', async () => {
    const { reds, smoothingAfter } = await drawPixels(replacedSource(patched), 'pixelated', { w: 40, h: 20 });
    expect(reds.slice(0, 20).every((r) => r === 0)).toBe(true);
    expect(reds.slice(20).every((r) => r === 255)).toBe(true);
    expect(smoothingAfter).toBe(true);
    // The library as published smooths it: greys between the two halves.
    const before = await drawPixels(replacedSource(installed), 'pixelated', { w: 40, h: 20 });
    expect(before.reds.some((r) => r > 0 && r < 255)).toBe(true);
    // Chromium's older spelling draws the same.
    const webkit = await drawPixels(replacedSource(patched), '-webkit-optimize-contrast', { w: 40, h: 20 });
    expect(webkit.reds).toEqual(reds);
  });

  it('still smooths a canvas without image-rendering, and a pixelated one drawn smaller (the CSS spec: nearest when scaling up)', async () => {
    const { reds } = await drawPixels(replacedSource(patched), 'auto', { w: 40, h: 20 });
    expect(reds.some((r) => r > 0 && r < 255)).toBe(true);
    const smaller = await drawPixels(replacedSource(patched), 'pixelated', { w: 2, h: 1 }, [0, 1, 0, 1]);
    expect(smaller.reds.some((r) => r > 0 && r < 255)).toBe(true);
  });

  it('draws an SVG icon from a data: URL, with no Blob URL, onto a canvas that stays readable', async () => {
    const run = async (source: string) => {
      const page = await browser.newPage();
      try {
        await page.setContent(
          `<svg id="icon" width="48" height="48" viewBox="0 0 24 24" fill="none" style="display: block; transform: translateY(3px)">` +
            `<path d="M4.5 12.5l5 5 10-11" stroke="#ff0000" stroke-width="3" stroke-linecap="round" pathLength="1" stroke-dasharray="1" stroke-dashoffset="0.2"/></svg>`,
        );
        return await page.evaluate(async (source) => {
          let blobUrls = 0;
          const create = URL.createObjectURL.bind(URL);
          URL.createObjectURL = (obj: Blob | MediaSource) => {
            blobUrls++;
            return create(obj);
          };
          const turnSvgIntoDrawable = new Function('getEmbeddedFontStyleForSvg', `${source}\nreturn turnSvgIntoDrawable;`)(() => null);
          const svg = document.getElementById('icon') as unknown as SVGSVGElement;
          const image = (await turnSvgIntoDrawable(svg)) as HTMLImageElement;
          const canvas = document.createElement('canvas');
          canvas.width = 48;
          canvas.height = 48;
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(image, 0, 0, 48, 48);
          const data = ctx.getImageData(0, 0, 48, 48).data; // throws on a tainted canvas
          let red = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 3]! > 200) red++;
          return { blobUrls, src: image.src.slice(0, 26), red, styleAfter: svg.getAttribute('style') };
        }, source);
      } finally {
        await page.close();
      }
    };
    // `var drawableBySvg = new WeakMap;` and the function after it.
    const svgSource = (src: string) => libraryFunction(src, 'drawableBySvg');
    const after = await run(svgSource(patched));
    expect(after.blobUrls).toBe(0);
    expect(after.src).toBe('data:image/svg+xml;charset');
    expect(after.red).toBeGreaterThan(40);
    expect(after.styleAfter).toBe('display: block; transform: translateY(3px);');
    const before = await run(svgSource(installed));
    expect(before.blobUrls).toBe(1);
    expect(before.red).toBe(after.red);
  });
});
