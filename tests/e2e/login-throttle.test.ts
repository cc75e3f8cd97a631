/**
 * Sign-in and sign-up are throttled over real HTTP against the production
 * build: past LOGIN_ATTEMPTS_PER_EMAIL attempts in 15 minutes even the right
 * password is refused (and the form says why), other users are unaffected;
 * past SIGNUPS_PER_IP_PER_HOUR sign-ups from one address, 429 with
 * Retry-After. Before, 50 wrong passwords in 1.7 s were followed by a
 * working sign-in. The client address comes from X-Forwarded-For only when
 * the connection is a trusted proxy (TRUST_PROXY); the tests stand in for
 * clients behind a proxy on loopback, then show that without TRUST_PROXY a
 * rotating header (or a forged peer header) makes no new client.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, signInOverHttp, startApp } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

let app: AppServer;
let browser: Browser;

const THROTTLES = { LOGIN_ATTEMPTS_PER_EMAIL: '5', SIGNUPS_PER_IP_PER_HOUR: '3' };

async function signUp(email: string, ip: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers },
    body: JSON.stringify({ email, password: 'throttle-test-password', account_name: 'Throttle Co' }),
  });
}

async function sessionOf(email: string, password: string) {
  const jar = await signInOverHttp(app.url, email, password);
  return (await fetch(`${app.url}/api/auth/session`, { headers: { cookie: jar.header() } })).json();
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ ...THROTTLES, TRUST_PROXY: 'loopback' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

describe('throttling', () => {
  it('refuses even the right password after too many attempts for one email; other users still sign in', async () => {
    const victim = `victim-${Date.now()}@example.com`;
    const other = `other-${Date.now()}@example.com`;
    expect((await signUp(victim, '10.0.0.1')).status).toBe(202);
    expect((await signUp(other, '10.0.0.2')).status).toBe(202);
    for (let i = 0; i < 5; i++) expect(await sessionOf(victim, `wrong-${i}`)).toBeNull();
    expect(await sessionOf(victim, 'throttle-test-password')).toBeNull();
    expect((await sessionOf(other, 'throttle-test-password'))?.user?.email).toBe(other);

    // The form says why, instead of "wrong password".
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    await page.fill('#email', victim);
    await page.fill('#password', 'throttle-test-password');
    await page.click('button[type=submit]');
    await page.getByText('Too many sign-in attempts').waitFor();
    await page.close();
  });

  it('answers 429 with Retry-After past the sign-ups of one address', async () => {
    const ip = '10.0.0.99';
    for (let i = 0; i < 3; i++) expect((await signUp(`burst-${i}-${Date.now()}@example.com`, ip)).status).toBe(202);
    const res = await signUp(`burst-x-${Date.now()}@example.com`, ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe('rate_limited');
    expect((await signUp(`burst-y-${Date.now()}@example.com`, '10.0.0.100')).status).toBe(202);
  });

  it('without TRUST_PROXY, a client cannot pose as many by rotating X-Forwarded-For or forging the peer header', async () => {
    await app.restart(THROTTLES);
    for (let i = 0; i < 3; i++) {
      const res = await signUp(`rotate-${i}-${Date.now()}@example.com`, `192.0.2.${i + 1}`, { 'x-clipwright-peer': `198.51.100.${i + 1}` });
      expect(res.status).toBe(202);
    }
    const res = await signUp(`rotate-x-${Date.now()}@example.com`, '192.0.2.200', { 'x-clipwright-peer': '198.51.100.200' });
    expect(res.status).toBe(429);
  });
});
