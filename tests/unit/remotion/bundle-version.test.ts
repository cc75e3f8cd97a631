import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBundleVersion, TEMPLATE_VERSION_FILE, templateVersion } from '@/server/render/bundle';

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'clipwright-tv-'));
  mkdirSync(path.join(root, 'remotion', 'templates'), { recursive: true });
  writeFileSync(path.join(root, 'remotion', 'index.ts'), 'registerRoot(Root);\n');
  writeFileSync(path.join(root, 'remotion', 'templates', 'a.tsx'), 'export const A = 1;\n');
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { remotion: '4.0.527', zod: '4.6.7', next: '16' } }));
  mkdirSync(path.join(root, 'node_modules', 'remotion'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'remotion', 'package.json'), JSON.stringify({ version: '4.0.527' }));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('template version', () => {
  it('is a stable 16-hex-char hash of the sources', () => {
    const v = templateVersion(root);
    expect(v).toMatch(/^[0-9a-f]{16}$/);
    expect(templateVersion(root)).toBe(v);
  });

  it('changes when a template file changes or is added', () => {
    const v = templateVersion(root);
    writeFileSync(path.join(root, 'remotion', 'templates', 'a.tsx'), 'export const A = 2;\n');
    const v2 = templateVersion(root);
    expect(v2).not.toBe(v);
    writeFileSync(path.join(root, 'remotion', 'templates', 'b.tsx'), '');
    expect(templateVersion(root)).not.toBe(v2);
  });

  it('changes when a bundled package version changes, not for unrelated packages', () => {
    const v = templateVersion(root);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { remotion: '4.0.527', zod: '4.6.7', next: '17' } }));
    expect(templateVersion(root)).toBe(v);
    writeFileSync(path.join(root, 'node_modules', 'remotion', 'package.json'), JSON.stringify({ version: '4.0.999' }));
    expect(templateVersion(root)).not.toBe(v);
  });

  it('is null without sources', () => {
    rmSync(path.join(root, 'remotion'), { recursive: true });
    expect(templateVersion(root)).toBeNull();
  });

  it('reads a bundle stamp only from a complete bundle', () => {
    const dir = path.join(root, 'bundle');
    mkdirSync(dir);
    writeFileSync(path.join(dir, TEMPLATE_VERSION_FILE), 'abc\n');
    expect(readBundleVersion(dir)).toBeNull();
    writeFileSync(path.join(dir, 'index.html'), '<html></html>');
    expect(readBundleVersion(dir)).toBe('abc');
  });
});
