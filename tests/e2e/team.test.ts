/**
 * A team in real browsers against the production build: an owner invites a
 * colleague by link from Settings → Team; the colleague, signed out in another
 * browser, creates an account through the link, comes back to it, joins, and
 * works in the owner's account as a member (no API keys); the owner then
 * removes them. Screenshots go to tests/e2e/screenshots/.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

let app: AppServer;
let browser: Browser;
let ownerContext: BrowserContext;
let colleagueContext: BrowserContext;
let owner: Page;
let colleague: Page;
const stamp = Date.now();
const colleagueEmail = `colleague-${stamp}@example.com`;
let inviteUrl = '';

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  ownerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  colleagueContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  owner = await ownerContext.newPage();
  colleague = await colleagueContext.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

async function signUp(page: Page, url: string, email: string, accountName?: string) {
  await page.goto(url);
  await page.fill('#email', email);
  await page.fill('#password', 'team-test-password-1');
  if (accountName) await page.fill('#account_name', accountName);
  await page.click('button[type=submit]');
}

describe('a team', () => {
  it('an owner creates an invitation link in Settings → Team', async () => {
    await signUp(owner, `${app.url}/signup`, `owner-${stamp}@example.com`, 'Acme Sales');
    await owner.waitForURL(/\/dashboard$/);
    await owner.click('nav >> text=Team');
    await owner.waitForURL(/\/settings\/team$/);
    await owner.fill('#invite-email', colleagueEmail);
    await owner.click('button:has-text("Create invite link")');
    inviteUrl = (await owner.getByTestId('invite-url').innerText()).trim();
    expect(inviteUrl).toMatch(new RegExp(`^${app.url}/invite/[A-Za-z0-9_-]{43}$`));
    await owner.getByText(colleagueEmail).first().waitFor();
    await owner.screenshot({ path: path.resolve('tests/e2e/screenshots/team-invite.png'), fullPage: true });
  });

  it('the colleague, signed out, creates an account through the link, comes back and joins as a member', async () => {
    await colleague.goto(inviteUrl);
    await colleague.getByRole('heading', { name: 'Join Acme Sales' }).waitFor();
    await colleague.click('text=Create an account');
    await colleague.waitForURL(/\/signup\?next=/);
    await colleague.fill('#email', colleagueEmail);
    await colleague.fill('#password', 'team-test-password-1');
    await colleague.click('button[type=submit]');
    await colleague.waitForURL(/\/invite\//);
    await colleague.screenshot({ path: path.resolve('tests/e2e/screenshots/team-join.png') });
    await colleague.click('button:has-text("Join Acme Sales")');
    await colleague.waitForURL(/\/dashboard$/);
    await colleague.goto(`${app.url}/settings/account`);
    await colleague.getByText('Your role: member').waitFor();
    // A member sees keys but cannot make one; the server refuses it anyway (tests/integration/accounts/team.test.ts).
    await colleague.goto(`${app.url}/settings/api-keys`);
    await colleague.getByText('Only owners and admins can create or revoke keys.').waitFor();
    expect(await colleague.locator('button:has-text("Create key")').isDisabled()).toBe(true);
    // The link is used up.
    await colleague.goto(inviteUrl);
    await colleague.getByTestId('invitation-unusable').waitFor();
  });

  it('the owner sees the member and removes them', async () => {
    await owner.reload();
    const members = owner.getByTestId('team-members');
    await members.getByText(colleagueEmail).waitFor();
    await owner.click(`button:has-text("Remove")`);
    await owner.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
    await owner.getByText('Member removed').waitFor();
    // The list refetches after the toast: wait for the row to go rather than reading it at once.
    await members.getByText(colleagueEmail).waitFor({ state: 'detached' });
    expect(await members.innerText()).not.toContain(colleagueEmail);
  });

  it('with SIGNUP_ENABLED=false an invitation link still admits its own email, and nobody else', async () => {
    await app.restart({ SIGNUP_ENABLED: 'false' });
    const lateEmail = `late-${stamp}@example.com`;
    await owner.goto(`${app.url}/settings/team`);
    await owner.fill('#invite-email', lateEmail);
    await owner.click('button:has-text("Create invite link")');
    const url = (await owner.getByTestId('invite-url').innerText()).trim();

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const late = await context.newPage();
    await late.goto(`${app.url}/signup`);
    await late.getByText('Sign-up is disabled on this server').waitFor();
    await late.goto(url);
    await late.click('text=Create an account');
    await late.waitForURL(/\/signup\?next=/);
    // The invited email is filled in and cannot be changed here.
    expect(await late.inputValue('#email')).toBe(lateEmail);
    expect(await late.getAttribute('#email', 'readonly')).not.toBeNull();
    await late.fill('#password', 'team-test-password-2');
    await late.click('button[type=submit]');
    await late.waitForURL(/\/invite\//);
    await late.click('button:has-text("Join Acme Sales")');
    await late.waitForURL(/\/dashboard$/);
    await context.close();

    // Over HTTP: the same token does not admit another email.
    const res = await fetch(`${app.url}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `other-${stamp}@example.com`, password: 'team-test-password-3', invitation: url.split('/invite/')[1] }),
    });
    expect(res.status).toBe(403);
  });
});
