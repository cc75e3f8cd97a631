import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepStaleRenderDirs } from '@/server/render/renderer';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('sweepStaleRenderDirs', () => {
  it('removes render folders older than the limit, and nothing else', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cw-sweep-test-'));
    roots.push(root);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of ['cw-render-killed', 'cw-render-live', 'puppeteer_dev_chrome_profile-x', 'other-app']) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'video.mp4'), 'partial');
      if (name !== 'cw-render-live') utimesSync(path.join(root, name), twoHoursAgo, twoHoursAgo);
    }
    writeFileSync(path.join(root, 'cw-render-a-file'), 'not a folder');

    expect(await sweepStaleRenderDirs(3600_000, root)).toBe(1);
    expect(readdirSync(root).sort()).toEqual(['cw-render-a-file', 'cw-render-live', 'other-app', 'puppeteer_dev_chrome_profile-x']);
  });
});
