/**
 * server/render/web-renderer-loader.cjs patches @remotion/web-renderer's
 * ESM build when the templates are bundled. The installed version must
 * still hold every original the loader replaces (an upgrade that changes one
 * fails here, not silently in a render), the patched source must carry no
 * per-element transition or mask writes or per-word span rewriting, and a source
 * that no longer matches must fail with the patch named.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const loader = require('../../../server/render/web-renderer-loader.cjs') as {
  patchWebRenderer: (source: string) => string;
  PATCHES: Array<[string, string, string]>;
};
const installed = readFileSync(path.join(process.cwd(), 'node_modules/@remotion/web-renderer/dist/esm/index.mjs'), 'utf8');

describe('web-renderer loader', () => {
  it('matches every original in the installed @remotion/web-renderer exactly once', () => {
    for (const [what, original] of loader.PATCHES) {
      const first = installed.indexOf(original);
      expect(first, what).toBeGreaterThan(-1);
      expect(installed.indexOf(original, first + 1), what).toBe(-1);
    }
  });

  it('removes the per-word span rewriting and the per-element transition writes', () => {
    const patched = loader.patchWebRenderer(installed);
    expect(installed).toContain('interstitialNode');
    expect(installed).toMatch(/style\.transition = "none"/);
    expect(patched).not.toContain('interstitialNode');
    expect(patched).not.toMatch(/style\.transition\s*=/);
    expect(patched).toContain('range.getBoundingClientRect()');
    expect(patched).toContain('if (textTransformed) span.textContent = transformedText;');
    // mask-image is cleared inline only on an element that has one; an SVG without fonts needs no Blob URL.
    expect(installed).toMatch(/\n {6}parent\.style\.maskImage = "none";/);
    expect(patched).not.toMatch(/\n {6}parent\.style\.maskImage = "none";/);
    expect(patched).toContain('if (hasMaskImage) {');
    expect(patched).toContain('"data:image/svg+xml;charset=utf-8," + encodeURIComponent(serializedSvg)');
    // Everything else is untouched.
    expect(patched.length).toBeGreaterThan(installed.length * 0.99);
  });

  it('fails with the patch named when the library no longer matches', () => {
    const changed = installed.replace('const interstitialNode = document.createElement("span");', 'const interstitialNode = document.createElement("b");');
    expect(() => loader.patchWebRenderer(changed)).toThrow(/findWords: Range boxes/);
    expect(() => loader.patchWebRenderer(`${installed}\n${loader.PATCHES[1]![1]}`)).toThrow(/drawText: replace the text only/);
  });
});
