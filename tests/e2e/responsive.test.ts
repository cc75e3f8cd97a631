/**
 * Every page of the web UI on a phone (390 × 844) and on a laptop (1366 × 768),
 * against the production build: no page scrolls sideways, and each is
 * screenshotted (tests/e2e/screenshots/responsive-<page>-<width>.png). On the
 * phone the sidebar gives way to a menu button and a drawer that navigates,
 * closes on Escape and hands focus back; a skip link leads to the content.
 *
 * The data is made over HTTP first (a key, a video that stays processing with
 * the worker off, a webhook endpoint, a project), so the tables and the
 * video page have rows to lay out.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, signInOverHttp, startApp, trpcCall } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };

let app: AppServer;
let browser: Browser;
let cookies: Array<{ name: string; value: string; url: string }> = [];
let videoId = '';
let apiKey = '';

beforeAll(async () => {
  // Private targets allowed: the endpoint below is on this machine (nothing is delivered with the worker off).
  [app, browser] = await Promise.all([startApp({ WORKER_MODE: 'off', ALLOW_PRIVATE_NETWORK_TARGETS: 'true' }), launchBrowser()]);
  const email = `responsive-${Date.now()}@example.com`;
  const password = 'responsive-password';
  const signup = await fetch(`${app.url}/api/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'Sarah Johnson', account_name: 'Acme Customer Success' }),
  });
  expect(signup.status).toBe(202);
  const jar = await signInOverHttp(app.url, email, password);
  cookies = jar
    .header()
    .split('; ')
    .map((pair) => {
      const i = pair.indexOf('=');
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: app.url };
    });
  const key = await trpcCall(app.url, jar, 'apiKeys.create', { name: 'Production CRM integration' }, 'mutation');
  expect(key.status).toBe(200);
  apiKey = key.data.secret as string;
  const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const video = await fetch(`${app.url}/api/v1/videos`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      template_id: 'tmpl_welcome_message',
      title: 'Welcome to Acme Incorporated International, Sarah: your onboarding video',
      customer_data: {
        first_name: 'Sarah',
        last_name: 'Johnson',
        company: 'Acme Incorporated International',
        product_tier: 'Enterprise',
        // The seed's nested object with a list: chips in an indented column (they overflowed a phone).
        usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
      },
      ai_messaging: { tone: 'friendly', length: 'short', focus_points: ['product_benefits', 'next_steps'] },
      aspect_ratio: '9:16',
      metadata: { crm_contact_id: 'contact_0123456789abcdefghij', campaign: 'onboarding-2026-q4-enterprise-accounts' },
    }),
  });
  expect(video.status, await video.clone().text()).toBe(201);
  videoId = ((await video.json()) as { id: string }).id;
  const hook = await fetch(`${app.url}/api/v1/webhooks`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ url: 'http://127.0.0.1:9/clipwright/video-events/receiver-with-a-rather-long-path-for-a-phone', events: ['video.published', 'video.failed'] }),
  });
  expect(hook.status, await hook.clone().text()).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

async function open(viewport: { width: number; height: number }, signedIn = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  if (signedIn) await context.addCookies(cookies);
  return { context, page: await context.newPage() };
}

/** How far the page's content reaches past the viewport's width, in CSS px (0 when nothing scrolls sideways). */
async function overflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const by = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width;
    // The widest elements that stick out, to make a failure readable.
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 1;
    // The innermost elements that stick out: the ones to fix, not every ancestor around them.
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ').slice(0, 3).join('.')} → ${Math.round(el.getBoundingClientRect().right)}px`);
    return { by, culprits };
  });
}

const signedInPages = () => [
  ['dashboard', '/dashboard'],
  ['videos', '/videos'],
  ['videos-new', '/videos/new'],
  ['videos-new-form', '/videos/new?template=tmpl_welcome_message'],
  ['video', `/videos/${videoId}`],
  ['library', '/library'],
  ['brand', '/settings/brand'],
  ['team', '/settings/team'],
  ['api-keys', '/settings/api-keys'],
  ['webhooks', '/settings/webhooks'],
  ['account', '/settings/account'],
  ['docs', '/docs/api'],
  ['app-404', '/videos/not-a-video-id'],
];
const publicPages = () => [
  ['watch', `/v/${videoId}`],
  ['login', '/login'],
  ['signup', '/signup'],
  ['watch-404', '/v/vid_0000000000'],
  ['404', '/no/such/page'],
];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is: each violation with
 * the elements it names. Evaluated through the debugging protocol, which the
 * pages' Content-Security-Policy does not apply to (an injected script tag
 * would be refused).
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}\n;0`);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  )) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> };
  return result.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

describe('responsive web UI', () => {
  for (const viewport of [PHONE, LAPTOP]) {
    it(`lays every page out within ${viewport.width} px`, async () => {
      const failures: string[] = [];
      for (const signedIn of [true, false]) {
        const { context, page } = await open(viewport, signedIn);
        // The Content-Security-Policy (proxy.ts) must not block anything the pages themselves load.
        const blocked: string[] = [];
        page.on('console', (msg) => {
          if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(msg.text())) blocked.push(msg.text().slice(0, 200));
        });
        try {
          for (const [name, url] of signedIn ? signedInPages() : publicPages()) {
            blocked.length = 0;
            await page.goto(`${app.url}${url}`, { waitUntil: 'networkidle' });
            if (blocked.length) failures.push(`${name} (${url}): CSP blocked ${blocked.join(' | ')}`);
            const { by, culprits } = await overflow(page);
            await page.screenshot({ path: path.resolve('tests/e2e/screenshots', `responsive-${name}-${viewport.width}.png`), fullPage: true });
            if (by > 0) failures.push(`${name} (${url}) scrolls sideways by ${by}px: ${culprits.join('; ')}`);
            for (const v of await axeViolations(page)) failures.push(`${name} (${url}) at ${viewport.width}px, axe: ${v}`);
            if (name === 'docs') {
              // Our own reference of our OpenAPI document: every operation, none of a vendor's upsells.
              const spec = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
              const expected = Object.entries(spec.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
              const shown = await page.locator('article[data-operation]').evaluateAll((els) => els.map((el) => el.getAttribute('data-operation')));
              if (JSON.stringify([...shown].sort()) !== JSON.stringify([...expected].sort()))
                failures.push(`docs shows ${shown.length} operations, the document has ${expected.length}`);
              const create = page.locator('article[data-operation="POST /api/v1/videos"]');
              if (!(await create.getByRole('heading', { name: 'Create video' }).isVisible())) failures.push('docs: "Create video" not visible');
              const text = await page.locator('body').innerText();
              for (const upsell of ['Ask AI', 'Generate SDKs', 'Deploy', 'Share']) {
                if (new RegExp(`\\b${upsell}\\b`).test(text)) failures.push(`docs shows a vendor's "${upsell}"`);
              }
            }
          }
        } finally {
          await context.close();
        }
      }
      expect(failures).toEqual([]);
    }, 180_000);
  }

  it('tries operations from the API reference on a phone: the key is asked once per tab, answers and errors are shown', async () => {
    const { context, page } = await open(PHONE, false);
    try {
      await page.goto(`${app.url}/docs/api`);
      const templates = page.locator('article[data-operation="GET /api/v1/templates"]');
      await templates.getByRole('button', { name: /Try it/ }).click();
      await templates.getByLabel('API key').fill(apiKey);
      await templates.getByRole('button', { name: 'Send request' }).click();
      const answer = templates.getByTestId('try-it-response');
      await answer.getByText('tmpl_welcome_message').first().waitFor();
      expect(await answer.locator('p').first().innerText()).toMatch(/^200\b/);

      // Another operation: the key is already there; a required path parameter left empty is named, not sent.
      const video = page.locator('article[data-operation="GET /api/v1/videos/{video_id}"]');
      await video.getByRole('button', { name: /Try it/ }).click();
      expect(await video.getByLabel('API key').inputValue()).toBe(apiKey);
      const id = video.getByLabel(/video_id/);
      await id.fill('');
      await video.getByRole('button', { name: 'Send request' }).click();
      await video.getByText('video_id is required').waitFor();
      expect(await id.getAttribute('aria-invalid')).toBe('true');
      await id.fill(videoId);
      await video.getByRole('button', { name: 'Send request' }).click();
      await video.getByTestId('try-it-response').getByText(videoId).first().waitFor();

      // A body that is not JSON is named before anything is sent.
      const create = page.locator('article[data-operation="POST /api/v1/projects"]');
      await create.getByRole('button', { name: /Try it/ }).click();
      await create.getByLabel(/^Body/).fill('{ "name": ');
      await create.getByRole('button', { name: 'Send request' }).click();
      await create.getByText(/Body is not valid JSON/).waitFor();

      const { by, culprits } = await overflow(page);
      expect(by, culprits.join('; ')).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await templates.screenshot({ path: path.resolve('tests/e2e/screenshots', 'responsive-docs-try-it-390.png') });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('navigates from the phone menu, which closes on Escape and gives focus back', async () => {
    const { context, page } = await open(PHONE);
    try {
      await page.goto(`${app.url}/dashboard`);
      // The sidebar is hidden on a phone; the menu button stands in for it.
      await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
      const menu = page.getByTestId('menu-button');
      await menu.click();
      const drawer = page.getByTestId('app-drawer');
      await drawer.getByRole('link', { name: 'Webhooks' }).waitFor();
      await page.screenshot({ path: path.resolve('tests/e2e/screenshots', 'responsive-drawer-390.png') });
      await drawer.getByRole('link', { name: 'Webhooks' }).click();
      await page.waitForURL(/\/settings\/webhooks$/);
      await expect(drawer.isVisible()).resolves.toBe(false);

      await menu.click();
      await drawer.getByRole('link', { name: 'Videos', exact: true }).waitFor();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !(document.getElementById('app-drawer') as HTMLDialogElement).open);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-button');

      // The skip link is the first stop of the keyboard and moves focus to the content.
      await page.goto(`${app.url}/videos`);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('closes the account list on Escape without closing the drawer around it', async () => {
    const { context, page } = await open(PHONE);
    try {
      await page.goto(`${app.url}/dashboard`);
      await page.getByTestId('menu-button').click();
      const switcher = page.getByTestId('app-drawer').getByTestId('account-switcher');
      await switcher.click();
      await page.getByRole('listbox').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => (document.getElementById('app-drawer') as HTMLDialogElement).open)).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('account-switcher');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('answers unknown pages with branded 404s: the app keeps its shell, a recipient sees the watch page\'s look', async () => {
    const { context, page } = await open(PHONE);
    try {
      const inApp = await page.goto(`${app.url}/videos/not-a-video-id`);
      expect(inApp?.status()).toBe(404);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      expect(await page.getByTestId('menu-button').isVisible()).toBe(true);

      const watch = await page.goto(`${app.url}/v/vid_0000000000`);
      expect(watch?.status()).toBe(404);
      await page.getByRole('heading', { name: 'This video is no longer here' }).waitFor();
      expect(await page.title()).toContain('Video not available');

      const anywhere = await page.goto(`${app.url}/no/such/page`);
      expect(anywhere?.status()).toBe(404);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await page.getByRole('link', { name: 'Go to the dashboard' }).click();
      await page.waitForURL(/\/dashboard$/);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('moves the aspect-ratio choice with the arrow keys, one tab stop for the group', async () => {
    const { context, page } = await open(LAPTOP);
    try {
      await page.goto(`${app.url}/videos/new?template=tmpl_welcome_message`);
      const group = page.getByRole('radiogroup', { name: 'Aspect ratio' });
      const checked = () => group.locator('[aria-checked=true]').innerText();
      await group.getByRole('radio', { name: /Vertical/ }).focus();
      expect(await checked()).toContain('Vertical');
      const focused = () => page.evaluate(() => (document.activeElement?.textContent || document.activeElement?.outerHTML.slice(0, 160)) ?? '');
      await page.keyboard.press('ArrowRight');
      await expect.poll(checked).toContain('Landscape');
      // Focus follows the choice, and stays there while the preview redraws in the new format.
      await page.waitForTimeout(300);
      expect(await focused()).toContain('Landscape');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(checked).toContain('Vertical');
      await page.waitForTimeout(300);
      expect(await focused()).toContain('Vertical');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(checked).toContain('Square');
      // Only the chosen ratio is in the tab order.
      expect(await group.locator('[tabindex="0"]').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('serves the emoji font itself, so emoji in scripts never draw as boxes', async () => {
    const { context, page } = await open(LAPTOP);
    try {
      await page.goto(`${app.url}/dashboard`);
      const faces = await page.evaluate(async () => (await document.fonts.load('16px "Noto Emoji"', '🎉')).length);
      expect(faces).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.fonts.check('16px "Noto Emoji"', '🎉'))).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('sends security headers: a nonce CSP on pages (the watch page embeddable), nosniff everywhere, HSTS behind https', async () => {
    const login = await fetch(`${app.url}/login`);
    const csp = login.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(login.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(login.headers.get('permissions-policy')).toContain('camera=()');
    // Every script on the page carries this request's nonce, and the next request gets another one.
    const html = await login.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${app.url}/login`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce!);

    const watch = await fetch(`${app.url}/v/${videoId}`);
    expect(watch.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(watch.headers.get('x-frame-options')).toBeNull();

    const api = await fetch(`${app.url}/api/health`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('strict-transport-security')).toBeNull();
    const viaTls = await fetch(`${app.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.get('strict-transport-security')).toContain('max-age=31536000');
  }, 60_000);
});
