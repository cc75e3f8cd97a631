/**
 * The Videos pages in a real browser against the production build: the empty
 * list, the create page (template gallery, schema-generated form, live
 * @remotion/player preview, field errors from the server), saving a draft,
 * creating a video, the video page in draft and processing states, the list
 * with its status tabs. The worker is off so a created video stays
 * processing: this test never depends on a render finishing (the render has
 * its own end-to-end test). Screenshots go to tests/e2e/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

let app: AppServer;
let browser: Browser;
let page: Page;
const shot = (name: string) => page.screenshot({ path: path.resolve('tests/e2e/screenshots', `${name}.png`), fullPage: true });
const firstName = '#field-customer_data-first_name';
const title = '#field-title';

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ WORKER_MODE: 'off' }), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

describe('videos UI', () => {
  let draftId = '';
  let processingId = '';

  it('signs up and shows the empty videos page', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('#name', 'Sarah Johnson');
    await page.fill('#email', `videos-${Date.now()}@example.com`);
    await page.fill('#password', 'videos-test-password');
    await page.fill('#account_name', 'Acme Inc.');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard$/);

    await page.getByRole('link', { name: 'Videos', exact: true }).first().click();
    await page.waitForURL(/\/videos$/);
    await page.getByTestId('videos-empty').waitFor();
    await shot('videos-empty');
  });

  it('opens the template gallery and the form generated from the Welcome template, with a live preview', async () => {
    await page.getByRole('link', { name: 'Create your first video' }).click();
    await page.waitForURL(/\/videos\/new$/);
    await page.getByTestId('template-tmpl_welcome_message').click();
    await page.waitForURL(/\/videos\/new\?template=tmpl_welcome_message$/);

    // Prefilled from the template's example data; the title follows the first name.
    expect(await page.inputValue(firstName)).toBe('Sarah');
    expect(await page.inputValue(title)).toBe('Welcome message for Sarah');

    // The @remotion/player container, playing the built-in writer's script.
    await page.getByTestId('preview-player').locator('.__remotion-player').waitFor({ timeout: 60_000 });
    await page.getByTestId('script-view').getByText('Sarah').first().waitFor();

    await page.fill(firstName, 'Jamie');
    expect(await page.inputValue(title)).toBe('Welcome message for Jamie');
    await page.getByTestId('script-view').getByText('Jamie').first().waitFor();
    await shot('videos-new');
  });

  it('shows errors next to the fields they name', async () => {
    // Client check (same schema as the server): an empty required field blocks create.
    await page.fill(firstName, '');
    await page.getByRole('button', { name: 'Create video' }).click();
    await page.locator('#field-customer_data-first_name-error').getByText('Required').waitFor();
    expect(page.url()).toMatch(/\/videos\/new/);
    await page.fill(firstName, 'Jamie');
    await page.locator('#field-customer_data-first_name-error').waitFor({ state: 'detached' });

    // A short video holds two focus points: a third is refused before the request, with why.
    const focus = page.getByRole('group', { name: 'Focus points' });
    await page.getByRole('radio', { name: /^Short/ }).click();
    const chips = focus.getByRole('button');
    for (let i = 0; i < 2; i++) await chips.nth(i).click();
    expect(await chips.nth(2).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: /^Medium/ }).click();
    for (let i = 0; i < 3; i++) if ((await chips.nth(i).getAttribute('aria-pressed')) !== 'true') await chips.nth(i).click();
    await page.getByRole('radio', { name: /^Short/ }).click();
    await page.getByTestId('focus-over-capacity').waitFor();
    await page.getByRole('radio', { name: /^Medium/ }).click();
    for (let i = 0; i < 3; i++) if ((await chips.nth(i).getAttribute('aria-pressed')) === 'true') await chips.nth(i).click();

    // Server check: a snake_case focus point that is not a known key comes back in error.data.details.
    await page.getByLabel('Add your own focus point').fill('next_stepz');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'unknown focus point "next_stepz"' }).waitFor();
    await page.getByRole('button', { name: 'Remove next_stepz' }).click();
    await page.getByRole('alert').filter({ hasText: 'unknown focus point' }).waitFor({ state: 'detached' });
  });

  it('saves a draft and lands on its page', async () => {
    await page.getByRole('radio', { name: 'Professional' }).click();
    await page.getByRole('button', { name: 'Next steps' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/videos\/vid_[0-9a-z]{10}$/);
    draftId = page.url().split('/').pop()!;
    await page.getByTestId('draft-panel').waitFor();
    expect(await page.getByTestId('video-title').innerText()).toBe('Welcome message for Jamie');
    expect(await page.getByTestId('status-badge').first().getAttribute('data-status')).toBe('draft');
    // The stored script is the one previewed (professional tone, for Jamie), shown and playable before any render.
    await page.getByTestId('script-view').getByText('Jamie').first().waitFor();
    await page.getByTestId('preview-player').locator('.__remotion-player').waitFor({ timeout: 60_000 });
    await shot('video-draft');
  });

  it('creates a video and lands on its page while it is processing', async () => {
    await page.goto(`${app.url}/videos/new?template=tmpl_welcome_message`);
    await page.getByTestId('preview-player').locator('.__remotion-player').waitFor({ timeout: 60_000 });
    await page.getByRole('radio', { name: /Landscape/ }).click();
    await page.getByRole('button', { name: 'Create video' }).click();
    await page.waitForURL(/\/videos\/vid_[0-9a-z]{10}$/);
    processingId = page.url().split('/').pop()!;
    expect(processingId).not.toBe(draftId);
    await page.getByTestId('processing-panel').waitFor();
    expect(await page.getByTestId('video-title').innerText()).toBe('Welcome message for Sarah');
    await expect(page.getByRole('progressbar').first().isVisible()).resolves.toBe(true);
    // Until the MP4 exists the page plays the stored script in the composition.
    await page.getByTestId('preview-player').locator('.__remotion-player').waitFor({ timeout: 60_000 });
    await shot('video-processing');
  });

  it('lists both videos, with status tabs', async () => {
    await page.getByRole('link', { name: 'Videos', exact: true }).first().click();
    await page.waitForURL(/\/videos$/);
    const rows = page.getByTestId('video-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    // Newest first.
    expect(await rows.nth(0).getAttribute('data-video-id')).toBe(processingId);
    expect(await rows.nth(1).getAttribute('data-video-id')).toBe(draftId);
    expect(await page.getByTestId('pagination-summary').innerText()).toBe('1–2 of 2');
    await shot('videos-list');

    await page.getByRole('link', { name: 'Drafts' }).click();
    await page.waitForURL(/\/videos\?status=draft$/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=video-row]').length === 1);
    expect(await rows.first().getAttribute('data-video-id')).toBe(draftId);

    await page.getByRole('link', { name: 'Processing' }).click();
    await page.waitForURL(/\/videos\?status=processing$/);
    await page.waitForFunction((id) => {
      const rowsNow = document.querySelectorAll('[data-testid=video-row]');
      return rowsNow.length === 1 && rowsNow[0]?.getAttribute('data-video-id') === id;
    }, processingId);
  });

  it('submits the draft from its page', async () => {
    await page.goto(`${app.url}/videos/${draftId}`);
    await page.getByRole('button', { name: 'Submit for rendering' }).click();
    await page.getByTestId('processing-panel').waitFor();
    expect(await page.getByTestId('status-badge').first().getAttribute('data-status')).toBe('processing');
  });
});
