/**
 * The CSV import end to end in a real browser against the production build,
 * with the embedded worker rendering at a quarter of the size: a CSV of 100
 * leads, three of them missing the required first name, becomes a batch of
 * 97 videos with burned-in captions and three rows listed with their error.
 * In CI the first videos are published and the rest cancelled from the
 * batch page; with E2E_FULL_BATCH=1 all 97 are published. The results CSV
 * holds every row's share link, status or error; a video's page links its
 * captions; a file that is not UTF-8 is refused before anything is sent.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

let app: AppServer;
let browser: Browser;
let page: Page;
const shot = (name: string) => page.screenshot({ path: path.resolve('tests/e2e/screenshots', `${name}.png`), fullPage: true });

const ROWS = 100;
/**
 * CI renders the first videos of the batch and cancels the rest from the UI (the whole batch took 12 of CI's
 * 34 minutes on a 2-core Xeon VM); E2E_FULL_BATCH=1 waits for all 97 instead, as bench:batch does through the API.
 */
const FULL = process.env.E2E_FULL_BATCH === '1';
const PUBLISHED_BEFORE_CANCEL = 5;
/** Rows (0-based, after the header) without a first name. */
const BAD_ROWS = [9, 49, 89];
const CSV = [
  'First Name,Last Name,Company,Plan,Email',
  ...Array.from({ length: ROWS }, (_, i) => {
    if (BAD_ROWS.includes(i)) return `,NoName${i},Initech,Free,x${i}@example.com`;
    if (i === 0) return 'Ana,Lopez,Acme Inc.,Pro,ana@example.com';
    // Accents and a quoted comma, as CRM exports have them.
    if (i === 2) return 'Chloé,Martin,"Umbrella, Ltd.",Pro,chloe@example.com';
    return `Lead${i},Last${i},Company ${i},${i % 3 ? 'Pro' : 'Free'},lead${i}@example.com`;
  }),
].join('\n');

const rowStatuses = () => page.getByTestId('batch-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));

/** The results CSV from the batch page: a line per row (share link, or why not), checked for the rows every run has. */
async function resultsCsv(): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-results').click()]);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(ROWS + 1);
  expect(lines[0]).toBe('row,title,status,video_id,share_url,mp4_url,error');
  expect(lines[1]).toMatch(/^1,Welcome message for Ana,published,vid_[0-9a-z]{10},http:\/\/127\.0\.0\.1:\d+\/v\/vid_/);
  for (const row of BAD_ROWS) {
    expect(lines[row + 1]).toContain('rejected');
    expect(lines[row + 1]).toContain('customer_data.first_name: is required');
  }
  return lines;
}

/** A batch video is an ordinary video, with its captions drawn in and listed as a WebVTT file (row 2 is among the first rendered). */
async function checkCaptions(): Promise<void> {
  const videoHref = await page.locator('[data-testid=batch-item][data-row="2"] a').first().getAttribute('href');
  await page.goto(`${app.url}${videoHref}`);
  await page.getByText('Welcome message for Chloé').first().waitFor();
  const vtt = await page.request.get((await page.getByTestId('captions-link').first().getAttribute('href'))!);
  expect(vtt.status()).toBe(200);
  const text = await vtt.text();
  expect(text.startsWith('WEBVTT')).toBe(true);
  expect(text).toContain('Chloé');
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ RENDER_SCALE: '0.25' }), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

describe('batches from a CSV', () => {
  it('signs up and opens the import from the empty Batches page', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('#name', 'Sam Batch');
    await page.fill('#email', `batch-${Date.now()}@example.com`);
    await page.fill('#password', 'batch-test-password-1');
    await page.fill('#account_name', 'Batch Co');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard$/);
    await page.getByRole('link', { name: 'Batches', exact: true }).first().click();
    await page.waitForURL(/\/batches$/);
    await page.getByRole('link', { name: 'Import a CSV' }).first().click();
    await page.waitForURL(/\/batches\/new$/);
  });

  it('refuses a file that is not UTF-8, with what to do', async () => {
    await page.setInputFiles('#batch-file', { name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]) });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/latin1.csv is not UTF-8/);
  });

  it('maps the columns by name, checks every row, previews one, and starts the valid ones', async () => {
    await page.selectOption('#batch-captions', 'burned');
    await page.setInputFiles('#batch-file', { name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => page.inputValue('#map-first_name')).toBe('First Name');
    expect(await page.inputValue('#map-product_tier')).toBe('Plan');
    await expect.poll(() => page.getByTestId('check-summary').textContent(), { timeout: 60_000 }).toMatch(/97 ready · 3 with errors/);
    for (const row of BAD_ROWS) {
      expect(await page.locator(`[data-testid=import-row][data-row="${row}"] [data-testid=row-errors]`).textContent()).toContain('customer_data.first_name: is required');
    }
    await page.getByTestId('preview-player').waitFor();
    await shot('batch-import');
    await page.getByTestId('start-batch').click();
    await page.waitForURL(/\/batches\/bat_[0-9a-z]{10}$/);
    for (const row of BAD_ROWS) expect(await page.locator(`[data-testid=batch-item][data-row="${row}"]`).getAttribute('data-status')).toBe('rejected');
  });

  if (FULL) {
    it('shows the batch complete with 97 published videos and 3 row errors, and downloads the results', async () => {
      // 97 quarter-size renders take 9–12 min on 2 full cores (696 s in CI on an AMD EPYC VM, 714 s on a Xeon one, 2026-12-06); the
      // limit leaves room for a VM whose cores are partly stolen by its host (seen: half of them on 2026-12-06).
      await expect
        .poll(() => page.getByTestId('batch-status').getAttribute('data-status'), { timeout: 1_500_000, interval: 5_000 })
        .toBe('completed');
      const statuses = await rowStatuses();
      expect(statuses).toEqual(Array.from({ length: ROWS }, (_, i) => (BAD_ROWS.includes(i) ? 'rejected' : 'published')));
      await shot('batch-detail');
      const lines = await resultsCsv();
      expect(lines.filter((l) => /,published,vid_/.test(l))).toHaveLength(ROWS - BAD_ROWS.length);
      await checkCaptions();
    }, 1_600_000);
  } else {
    it('renders the first videos, then cancels the rest from the batch page; the results list every row as it ended', async () => {
      // The batch renders in row order, one video at a time (~7 s each at quarter size on 2 cores).
      await expect
        .poll(async () => (await rowStatuses()).filter((s) => s === 'published').length, { timeout: 600_000, interval: 2_000 })
        .toBeGreaterThanOrEqual(PUBLISHED_BEFORE_CANCEL);
      await page.getByTestId('cancel-batch').click();
      const dialog = page.getByTestId('confirm-dialog');
      await expect.poll(() => dialog.textContent()).toMatch(/still rendering or queued stop now/);
      await dialog.getByRole('button', { name: 'Cancel batch' }).click();
      await expect.poll(() => page.getByTestId('batch-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');
      // Every row ended: published before the cancel (the one rendering then may still have finished), cancelled, or rejected.
      await expect.poll(async () => (await rowStatuses()).filter((s) => s === 'processing').length, { timeout: 60_000 }).toBe(0);
      const statuses = await rowStatuses();
      statuses.forEach((status, i) => expect(status, `row ${i}`).toBe(BAD_ROWS.includes(i) ? 'rejected' : status === 'published' ? 'published' : 'cancelled'));
      const published = statuses.filter((s) => s === 'published').length;
      expect(published).toBeGreaterThanOrEqual(PUBLISHED_BEFORE_CANCEL);
      expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(ROWS - BAD_ROWS.length - published);
      // The cancelled ones can be rendered again later.
      expect((await page.getByTestId('retry-batch').textContent())?.trim()).toBe(`Retry ${ROWS - BAD_ROWS.length - published} cancelled`);
      await shot('batch-detail');
      const lines = await resultsCsv();
      expect(lines.filter((l) => /,published,vid_/.test(l))).toHaveLength(published);
      expect(lines.filter((l) => /,cancelled,vid_/.test(l))).toHaveLength(ROWS - BAD_ROWS.length - published);
      await checkCaptions();
    }, 900_000);
  }
});
