/**
 * The web UI in a real browser against the production build: sign up, land on
 * the dashboard, create an API key on Settings → API keys, use it on the REST
 * API, revoke it, sign out, sign in again. Screenshots go to tests/e2e/screenshots/.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import OAuth from 'oauth-1.0a';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

let app: AppServer;
let browser: Browser;
let page: Page;
const shot = (name: string) => page.screenshot({ path: path.resolve('tests/e2e/screenshots', `${name}.png`), fullPage: true });

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

describe('web UI', () => {
  const email = `ui-${Date.now()}@example.com`;
  const password = 'ui-test-password';

  it('redirects anonymous visitors of a protected page to sign-in', async () => {
    await page.goto(`${app.url}/settings/api-keys`);
    await page.waitForURL(/\/login\?next=%2Fsettings%2Fapi-keys/);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
  });

  it('shows field errors on a bad sign-up', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('#email', 'not-an-email');
    await page.fill('#password', 'short');
    await page.click('button[type=submit]');
    await page.getByText('Email must be a valid email address').waitFor();
    await page.getByText('Password must be at least 8 characters').waitFor();
    await shot('signup-errors');
    // Long enough but guessable: refused with a reason.
    await page.fill('#email', `guessable-${Date.now()}@example.com`);
    await page.fill('#password', 'password123');
    await page.click('button[type=submit]');
    await page.getByText(/too easy to guess/).waitFor();
  });

  it('signs up and lands on the dashboard of the new account', async () => {
    await page.goto(`${app.url}/signup`);
    await page.fill('#name', 'Sarah Johnson');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#account_name', 'Acme Inc.');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard$/);
    await page.getByRole('heading', { name: 'Welcome to Clipwright' }).waitFor();
    expect(await page.getByTestId('account-switcher').innerText()).toContain('Acme Inc.');
    await shot('dashboard');
  });

  it('signing up again with a taken email signs nobody in and says to sign in instead', async () => {
    const other = await browser.newPage();
    await other.goto(`${app.url}/signup`);
    await other.fill('#email', email);
    await other.fill('#password', 'someone-elses-password');
    await other.click('button[type=submit]');
    await other.getByTestId('signup-signin-failed').waitFor();
    expect(await other.getByTestId('signup-signin-failed').innerText()).toMatch(/If you already have an account with this email, sign in with its password/);
    expect(other.url()).toMatch(/\/signup$/);
    await other.goto(`${app.url}/settings/api-keys`);
    await other.waitForURL(/\/login\?next=/);
    await other.close();
  });

  it('creates an API key, which works on the REST API until revoked', async () => {
    await page.click('text=API keys');
    await page.waitForURL(/\/settings\/api-keys$/);
    await page.fill('#key-name', 'CRM integration');
    await page.click('button:has-text("Create key")');
    const secret = (await page.getByTestId('new-api-key-secret').innerText()).trim();
    expect(secret).toMatch(/^cwk_[A-Za-z0-9]{40}$/);
    await page.getByRole('cell', { name: 'CRM integration' }).waitFor();
    await shot('api-keys');

    const call = () => fetch(`${app.url}/api/v1/projects`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call()).status).toBe(200);

    await page.click('button:has-text("Revoke")');
    // Cancel first: nothing happens; then confirm.
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await call()).status).toBe(200);
    await page.click('button:has-text("Revoke")');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText(/^Revoked /).waitFor();
    expect((await call()).status).toBe(401);
  });

  it('creates OAuth 1.0a credentials for X clients, which sign Ads API calls until revoked', async () => {
    await page.fill('#key-name', 'Ads SDK');
    await page.selectOption('#key-kind', 'oauth1');
    await page.click('button:has-text("Create key")');
    const value = async (field: string) => (await page.getByTestId(`new-oauth1-${field}`).innerText()).trim();
    const c = {
      consumerKey: await value('consumer_key'),
      consumerSecret: await value('consumer_secret'),
      accessToken: await value('access_token'),
      accessSecret: await value('access_token_secret'),
    };
    expect(c.consumerKey).toMatch(/^[A-Za-z0-9]{25}$/);
    await page.getByRole('cell', { name: /Ads SDK/ }).waitFor();
    await page.getByText('OAuth 1.0a', { exact: true }).first().waitFor();
    await shot('api-keys-oauth1');

    const oauth = new OAuth({
      consumer: { key: c.consumerKey, secret: c.consumerSecret },
      signature_method: 'HMAC-SHA1',
      hash_function: (text, key) => createHmac('sha1', key).update(text).digest('base64'),
    });
    const url = `${app.url}/12/accounts`;
    const call = () => fetch(url, { headers: { ...oauth.toHeader(oauth.authorize({ url, method: 'GET' }, { key: c.accessToken, secret: c.accessSecret })) } });
    expect((await call()).status).toBe(200);

    await page.click('button:has-text("Revoke")');
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText(/^Revoked /).nth(1).waitFor();
    expect((await call()).status).toBe(401);
  });

  it('switches between accounts', async () => {
    await page.getByTestId('account-switcher').click();
    await page.click('text=New account');
    await page.fill('input[placeholder="Account name"]', 'Second team');
    await page.click('button:has-text("Add")');
    await page.waitForURL(/\/dashboard$/);
    await page.waitForFunction(() => document.querySelector('[data-testid=account-switcher]')?.textContent?.includes('Second team'));
    await page.goto(`${app.url}/settings/api-keys`);
    await page.getByText('No keys yet.').waitFor();
  });

  it('signs out and back in', async () => {
    await page.click('text=Sign out');
    await page.waitForURL(/\/login/);
    await page.fill('#email', email);
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    await page.getByText('Wrong email or password.').waitFor();
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard$/);
  });
  it('after sign-in, goes back to a page of this site, never to another origin named by ?next=', async () => {
    for (const next of ['%2F%5Cevil.example%2F', '%2F%09%2Fevil.example', '%2F%2Fevil.example']) {
      await page.context().clearCookies();
      await page.goto(`${app.url}/login?next=${next}`);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await page.click('button[type=submit]');
      await page.waitForURL(/\/dashboard$/);
      expect(new URL(page.url()).origin).toBe(app.url);
    }
    await page.context().clearCookies();
    await page.goto(`${app.url}/login?next=%2Fsettings%2Fapi-keys`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/settings\/api-keys$/);
  });
});
