/**
 * @sparticuz/chromium extracts into os.tmpdir(); the app points it at a
 * staging folder by giving a child process that TMPDIR, never this process:
 * a render that makes its temp folder while Chromium is being extracted (the
 * first render of a fresh install) must get the real temp folder, not the
 * staging one that is renamed away afterwards.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractInChild } from '@/server/render/browser';

const staging = mkdtempSync(path.join(os.tmpdir(), 'cw-test-chromium-'));
afterAll(() => rmSync(staging, { recursive: true, force: true }));

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('extracting Chromium', () => {
  it("extracts into the staging folder while this process's temp folder stays what it was", async () => {
    const tmp = os.tmpdir();
    const seen = new Set<string>();
    const watching = setInterval(() => seen.add(os.tmpdir()), 2);
    try {
      const exe = await extractInChild(staging);
      expect(exe).toBe(path.join(staging, 'chromium'));
      accessSync(exe, constants.X_OK);
    } finally {
      clearInterval(watching);
    }
    expect([...seen]).toEqual([tmp]);
    expect(process.env.TMPDIR).not.toBe(staging);
  }, 120_000);
});
