/**
 * Invitation emails through the production build with SMTP_URL pointing at a
 * real SMTP server started here (smtp-server): Settings → Team says "Send
 * invitation", the panel reports the email as sent once the embedded worker
 * delivered it (to, subject and the very link the page shows), and with the
 * mail server gone it says the email has not gone out and why, while the
 * invitation and its link stand. Screenshots in tests/e2e/screenshots/.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

let app: AppServer;
let browser: Browser;
let smtp: SMTPServer;
let smtpPort = 0;
let smtpOpen = false;
const received: Array<{ to: string[]; raw: string }> = [];
let cookies: Array<{ name: string; value: string; url: string }> = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  smtpOpen = true;
  [app, browser] = await Promise.all([
    startApp({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'Acme via Clipwright <videos@clipwright.test>' }),
    launchBrowser(),
  ]);
  const email = `mail-owner-${Date.now()}@example.com`;
  const signup = await fetch(`${app.url}/api/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'team-email-password', name: 'Sarah Johnson', account_name: 'Acme Sales' }),
  });
  expect(signup.status).toBe(202);
  const jar = await signInOverHttp(app.url, email, 'team-email-password');
  cookies = jar
    .header()
    .split('; ')
    .map((pair) => {
      const i = pair.indexOf('=');
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: app.url };
    });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
  if (smtpOpen) await new Promise<void>((r) => smtp.close(() => r()));
});

const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('invitation emails in Settings → Team', () => {
  it('emails the link and says so, still showing the link; says why when the mail server is down', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
    try {
      await page.goto(`${app.url}/settings/team`);
      await page.fill('#invite-email', 'new.colleague@example.com');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      const status = page.getByTestId('invite-email-status');
      await status.getByText('Emailed to new.colleague@example.com').waitFor({ timeout: 30_000 });
      const link = (await page.getByTestId('invite-url').innerText()).trim();
      expect(link).toMatch(new RegExp(`^${app.url}/invite/[A-Za-z0-9_-]{43}$`));
      const message = received.find((m) => m.to.includes('new.colleague@example.com'));
      expect(message, 'the SMTP server received the invitation').toBeTruthy();
      expect(message!.raw).toMatch(/^Subject: Sarah Johnson invited you to Acme Sales on Clipwright\r?$/m);
      expect(decoded(message!.raw)).toContain(`Accept the invitation: ${link}`);
      await page.screenshot({ path: path.resolve('tests/e2e/screenshots/team-invite-emailed-390.png'), fullPage: true });

      // The mail server goes away: the invitation is made, the page says the email has not gone out and why.
      await new Promise<void>((r) => smtp.close(() => r()));
      smtpOpen = false;
      await page.fill('#invite-email', 'second.colleague@example.com');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await status.getByText(/The email to second\.colleague@example\.com has not gone out yet \(Could not reach the mail server 127\.0\.0\.1:\d+/).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('invite-url').innerText()).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      // It is among the pending invitations, like any other.
      await page.locator('li', { hasText: 'second.colleague@example.com' }).first().waitFor();
      await page.screenshot({ path: path.resolve('tests/e2e/screenshots/team-invite-email-retrying-390.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);
});
