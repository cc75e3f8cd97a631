/**
 * The CSV import end to end in a real browser against the production build,
 * with the embedded worker rendering at a quarter of the size: a CSV with
 * one row missing its required field becomes a batch whose valid rows are
 * published videos with burned-in captions and whose bad row is listed with
 * its error; the results CSV holds every row's share link or error; a file
 * that is not UTF-8 is refused before anything is sent.
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

const CSV = [
  'First Name,Last Name,Company,Plan,Email',
  'Ana,Lopez,Acme Inc.,Pro,ana@example.com',
  ',NoName,Initech,Free,x@example.com',
  'Chloé,Martin,"Umbrella, Ltd.",Pro,chloe@example.com',
].join('\n');

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
    await expect.poll(() => page.getByTestId('check-summary').textContent(), { timeout: 30_000 }).toMatch(/2 ready · 1 with errors/);
    expect(await page.locator('[data-testid=import-row][data-row="1"] [data-testid=row-errors]').textContent()).toContain('customer_data.first_name: is required');
    await page.getByTestId('preview-player').waitFor();
    await shot('batch-import');
    await page.getByTestId('start-batch').click();
    await page.waitForURL(/\/batches\/bat_[0-9a-z]{10}$/);
    expect(await page.locator('[data-testid=batch-item][data-row="1"]').getAttribute('data-status')).toBe('rejected');
  });

  it('shows the batch complete with published videos, and downloads the results', async () => {
    await expect
      .poll(() => page.getByTestId('batch-status').getAttribute('data-status'), { timeout: 240_000, interval: 2_000 })
      .toBe('completed');
    const statuses = await page.getByTestId('batch-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses).toEqual(['published', 'rejected', 'published']);
    await shot('batch-detail');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-results').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,title,status,video_id,share_url,mp4_url,error');
    expect(lines[1]).toMatch(/^1,Welcome message for Ana,published,vid_[0-9a-z]{10},http:\/\/127\.0\.0\.1:\d+\/v\/vid_/);
    expect(lines[2]).toContain('rejected');
    expect(lines[2]).toContain('customer_data.first_name: is required');

    // A batch video is an ordinary video with burned-in captions.
    const videoHref = await page.locator('[data-testid=batch-item][data-row="0"] a').first().getAttribute('href');
    await page.goto(`${app.url}${videoHref}`);
    await page.getByText('Welcome message for Ana').first().waitFor();
  }, 300_000);
});
