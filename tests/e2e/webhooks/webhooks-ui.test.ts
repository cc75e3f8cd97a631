/**
 * Settings → Webhooks in a real browser against the production build, with
 * the app's embedded worker delivering to a real receiver on 127.0.0.1
 * (ALLOW_PRIVATE_NETWORK_TARGETS=true for this app only): add an endpoint
 * and copy its secret, send test events and read the log (delivered,
 * failing with retries, 410 → disabled), redeliver, rotate the secret, edit,
 * re-enable, delete. Every request the receiver gets is verified with the
 * secret the page showed. Screenshots go to tests/e2e/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../../helpers/app-server';
import { launchBrowser } from '../../helpers/browser';
import { startReceiver, verifyWith, type Receiver, type Reply } from '../../helpers/webhooks/receiver';

let app: AppServer;
let browser: Browser;
let page: Page;
let receiver: Receiver;
let reply: Reply = { status: 200, body: 'thanks' };
let secret = '';
const shot = (name: string) => page.screenshot({ path: path.resolve('tests/e2e/screenshots', `${name}.png`), fullPage: true });

beforeAll(async () => {
  receiver = await startReceiver(() => reply);
  [app, browser] = await Promise.all([startApp({ ALLOW_PRIVATE_NETWORK_TARGETS: 'true' }), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Rotate and delete ask for confirmation in the app's dialog, never the browser's.
  page.on('dialog', (d) => {
    throw new Error(`unexpected browser dialog: ${d.message()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
  await receiver?.close();
});

const card = () => page.getByTestId('webhook-endpoint').first();

async function sendTest(type = 'webhook.test') {
  await card().getByLabel('Test event type').selectOption(type);
  await card().getByRole('button', { name: 'Send test event' }).click();
}

describe('Webhooks page', () => {
  it('signs up and opens Settings → Webhooks from the nav', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('#email', `webhooks-${Date.now()}@example.com`);
    await page.fill('#password', 'webhooks-test-password');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard$/);
    await page.click('nav >> text=Webhooks');
    await page.waitForURL(/\/settings\/webhooks$/);
    await page.getByText('No endpoints yet.').waitFor();
    await shot('webhooks-empty');
  });

  it('shows a field error from the server', async () => {
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.fill('#new-webhook-url', 'ftp://example.com/hooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'must be an absolute http:// or https:// URL' });
    await error.waitFor();
    // Editing the URL clears the error about it.
    await page.fill('#new-webhook-url', 'https://example.com/hooks');
    await error.waitFor({ state: 'detached' });
  });

  it('adds an endpoint for chosen events and shows its secret once', async () => {
    await page.fill('#new-webhook-url', receiver.url);
    await page.fill('#new-webhook-description', 'CRM sync');
    await page.getByLabel('All events').uncheck();
    await page.getByTestId('event-checkboxes').getByText('video.published').click();
    await page.getByTestId('event-checkboxes').getByText('video.failed').click();
    await shot('webhooks-add');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    secret = (await page.getByTestId('webhook-secret-value').innerText()).trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await card().waitFor();
    expect(await card().getByTestId('endpoint-events').innerText()).toContain('video.published');
    expect(await card().getByTestId('endpoint-status').getAttribute('data-status')).toBe('enabled');
    await shot('webhooks-created');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.reload();
    await card().waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
  });

  it('sends a test event: signed, delivered, logged with its attempt', async () => {
    await sendTest();
    const [req] = await receiver.waitForRequests(1);
    expect(verifyWith(secret, req!)).toMatchObject({ type: 'webhook.test' });
    const row = page.getByTestId('delivery-row').first();
    await row.getByTestId('delivery-status').and(page.locator('[data-status=succeeded]')).waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: 'Details' }).click();
    const attempt = page.getByTestId('attempt').first();
    await attempt.getByText('HTTP 200').waitFor();
    expect(await attempt.innerText()).toContain('thanks');
    await shot('webhooks-log-delivered');
  });

  it('a failing receiver: the attempt is logged with its answer and a retry is scheduled; the endpoint is flagged', async () => {
    reply = { status: 500, body: '{"error":"database unavailable"}' };
    await sendTest('video.published');
    await receiver.waitForRequests(2);
    const row = page.getByTestId('delivery-row').first();
    await row.getByTestId('delivery-status').and(page.locator('[data-status=pending]')).waitFor({ timeout: 15_000 });
    // The last result shows in its column (and, folded under the event, on a phone): the visible one.
    await row.getByText('HTTP 500').filter({ visible: true }).waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: 'Details' }).click();
    const detail = page.getByTestId('delivery-detail');
    await detail.getByText('database unavailable').waitFor();
    await detail.getByText(/next retry/).waitFor();
    reply = { status: 200, body: 'ok' };
    await page.reload();
    await card().getByTestId('endpoint-status').and(page.locator('[data-status=failing]')).waitFor({ timeout: 15_000 });
    await card().getByTestId('health-notice').waitFor();
    await card().getByRole('button', { name: 'Delivery log' }).click();
    await page.getByTestId('delivery-row').first().getByRole('button', { name: 'Details' }).click();
    await page.getByTestId('attempt').first().waitFor();
    await shot('webhooks-log-failing');
    // The retry (about 5 s later) goes through and clears the flag.
    await receiver.waitForRequests(3, 30_000);
    await page.getByTestId('delivery-row').first().getByTestId('delivery-status').and(page.locator('[data-status=succeeded]')).waitFor({ timeout: 15_000 });
    expect(receiver.requests[2]!.headers['webhook-id']).toBe(receiver.requests[1]!.headers['webhook-id']);
  });

  it('redelivers an event with the same webhook-id', async () => {
    const first = receiver.requests[0]!;
    const rows = page.getByTestId('delivery-row');
    await rows.last().getByRole('button', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText('Queued as a new delivery.').waitFor();
    const requests = await receiver.waitForRequests(4);
    expect(requests[3]!.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verifyWith(secret, requests[3]!).type).toBe('webhook.test');
  });

  it('rotates the secret: the new one is shown once and both sign for 24 h', async () => {
    await card().getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = (await page.getByTestId('webhook-secret-value').innerText()).trim();
    expect(rotated).not.toBe(secret);
    await card().getByText(/previous secret signs too until/).waitFor();
    await shot('webhooks-rotated');
    await sendTest();
    const requests = await receiver.waitForRequests(5);
    const last = requests[4]!;
    expect(verifyWith(secret, last).type).toBe('webhook.test');
    expect(verifyWith(rotated, last).type).toBe('webhook.test');
    secret = rotated;
    await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('a 410 disables the endpoint at once and says why; enabling brings it back', async () => {
    reply = { status: 410, body: 'gone' };
    await sendTest();
    await receiver.waitForRequests(6);
    await page.reload();
    const status = card().getByTestId('endpoint-status');
    await status.and(page.locator('[data-status=disabled]')).waitFor({ timeout: 15_000 });
    expect(await status.innerText()).toContain('410 Gone');
    expect(await card().getByTestId('health-notice').innerText()).toContain('410 Gone');
    expect(await card().getByRole('button', { name: 'Send test event' }).isDisabled()).toBe(true);
    await shot('webhooks-disabled');
    reply = { status: 200, body: 'ok' };
    await card().getByRole('button', { name: 'Enable' }).click();
    await status.and(page.locator('[data-status=enabled]')).waitFor();
  });

  it('edits the endpoint', async () => {
    await card().getByRole('button', { name: 'Edit' }).click();
    await page.fill('#edit-webhook-description', 'CRM sync (production)');
    await page.getByLabel('All events').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await card().getByText('CRM sync (production)').waitFor();
    expect(await card().getByTestId('endpoint-events').innerText()).toBe('All events');
  });

  it('deletes the endpoint', async () => {
    await card().getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.getByRole('heading', { name: 'Delete this endpoint?' }).waitFor();
    await shot('webhooks-confirm-delete');
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    await page.getByText('Endpoint deleted').waitFor();
  });
});
