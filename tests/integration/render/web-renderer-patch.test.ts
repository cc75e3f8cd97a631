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
 * No database is involved, so the Postgres project skips it.
 */
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser';
import { testDbDriver } from '../../helpers/db';

const require = createRequire(import.meta.url);
const { PATCHES } = require('../../../server/render/web-renderer-loader.cjs') as { PATCHES: Array<[string, string, string]> };
const [, originalFindWords, patchedFindWords] = PATCHES[0]!;

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
