/**
 * The temp sweep (server/lib/temp-sweep.ts) removes what killed work left
 * behind, and nothing a live process may still use: each kind past its own
 * age, a Chromium profile only when no running process has it as its
 * --user-data-dir, never files or other apps' folders.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveUserDataDirs, sweepStaleTemp } from '@/server/lib/temp-sweep';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function folder(root: string, name: string, ageMinutes: number) {
  const dir = path.join(root, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'partial'), 'x');
  const at = new Date(Date.now() - ageMinutes * 60_000);
  utimesSync(dir, at, at);
  return dir;
}

describe('sweepStaleTemp', () => {
  it('removes each kind past its age, keeps younger ones, profiles in use, files and other folders', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cw-sweep-test-'));
    roots.push(root);
    folder(root, 'cw-render-killed', 120);
    folder(root, 'cw-render-live', 5);
    folder(root, 'remotion-v4.0.527-assetsabc123', 120);
    folder(root, 'clipwright-media-old', 200);
    folder(root, 'clipwright-media-transcoding', 100); // a media step may run up to 2 h
    const inUse = folder(root, 'puppeteer_dev_chrome_profile-inuse', 300);
    folder(root, 'puppeteer_dev_chrome_profile-orphan', 300);
    folder(root, 'other-app', 500);
    writeFileSync(path.join(root, 'cw-render-a-file'), 'not a folder');

    expect(await sweepStaleTemp({ root, liveProfiles: new Set([inUse]) })).toBe(4);
    expect(readdirSync(root).sort()).toEqual([
      'clipwright-media-transcoding',
      'cw-render-a-file',
      'cw-render-live',
      'other-app',
      'puppeteer_dev_chrome_profile-inuse',
    ]);
  });

  it('keeps every profile when the running processes cannot be read', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cw-sweep-test-'));
    roots.push(root);
    folder(root, 'puppeteer_dev_chrome_profile-unknown', 300);
    expect(await sweepStaleTemp({ root, liveProfiles: null })).toBe(0);
  });

  it('finds the --user-data-dir of a running process', async () => {
    const dir = path.join(os.tmpdir(), `puppeteer_dev_chrome_profile-probe${process.pid}`);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)', '--', `--user-data-dir=${dir}`], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect((await liveUserDataDirs())?.has(dir)).toBe(true);
    } finally {
      child.kill();
    }
  });
});
