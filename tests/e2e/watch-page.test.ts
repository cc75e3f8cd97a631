/**
 * A real video, rendered by the embedded worker of the production build, on
 * its public watch page in a real browser: Open Graph tags, the player, the
 * call to action, and playback beacons turning into the API's analytics.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';

const key = `cwk_${'Watch0Page1Key2'.repeat(3)}`;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0 Safari/537.36';
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([
    startApp({ BOOTSTRAP_EMAIL: 'watch@example.com', BOOTSTRAP_PASSWORD: 'bootstrap-password', BOOTSTRAP_API_KEY: key }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

const api = (p: string, init: RequestInit = {}) =>
  fetch(`${app.url}/api/v1${p}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
  });

describe('watch page', () => {
  it(
    'shows a published video with its CTA and share tags, and playback becomes analytics',
    async () => {
      const created = await api('/videos', {
        method: 'POST',
        body: JSON.stringify({
          title: 'A quick hello for Sarah',
          template_id: 'tmpl_welcome_message',
          customer_data: { first_name: 'Sarah', company: 'Acme Inc.', brand_color: '#0EA5E9', cta_url: 'https://example.com/start' },
          ai_messaging: { tone: 'friendly', length: 'short' },
          aspect_ratio: '9:16',
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };

      let video: any;
      for (let i = 0; i < 240; i++) {
        video = await (await api(`/videos/${id}`)).json();
        if (video.status !== 'processing') break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(video.status).toBe('published');
      expect(video.share_url).toBe(`${app.url}/v/${id}`);

      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, userAgent: UA });
      await page.goto(video.share_url);
      await expect(page.title()).resolves.toContain('A quick hello for Sarah');
      expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(video.thumbnail);
      expect(await page.locator('meta[property="og:video"]').getAttribute('content')).toBe(video.url);
      expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
      const cta = page.getByTestId('watch-cta');
      await expect(cta.isVisible()).resolves.toBe(true);

      // Play the whole video fast (muted, 16×) so the test does not wait 15 s of real time.
      await page.evaluate(async () => {
        const v = document.querySelector('video')!;
        v.muted = true;
        v.playbackRate = 16;
        await v.play();
        await new Promise<void>((resolve) => v.addEventListener('ended', () => resolve(), { once: true }));
      });
      await page.screenshot({ path: path.resolve('tests/e2e/screenshots/watch-page.png') });
      await page.waitForTimeout(500);

      let analytics: any;
      for (let i = 0; i < 20; i++) {
        analytics = (await (await api(`/videos/${id}`)).json()).analytics;
        if (analytics.views === 1 && analytics.completion_rate === 1) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(analytics.views).toBe(1);
      expect(analytics.completion_rate).toBe(1);
      expect(analytics.average_watch_time).toBeGreaterThan(video.duration * 0.8);

      const unknown = await fetch(`${app.url}/v/vid_0000000000`);
      expect(unknown.status).toBe(404);
      await page.close();
    },
    300_000,
  );

  it(
    'shows who sent it: a brand kit saved in Settings gives a video made through the API its sender, logo and CTA',
    async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${app.url}/login`);
      await page.fill('#email', 'watch@example.com');
      await page.fill('#password', 'bootstrap-password');
      await page.click('button[type=submit]');
      await page.waitForURL(/\/dashboard$/);
      await page.goto(`${app.url}/settings/brand`);
      await page.fill('#brand-color', '#E4572E');
      await page.fill('#brand-cta-label', 'Book your onboarding');
      await page.fill('#brand-cta-url', 'not a link');
      await page.fill('#brand-sender-name', 'Dana Reyes');
      await page.fill('#brand-sender-title', 'Customer Success, Acme');
      await page.click('button:has-text("Save brand kit")');
      // A bad link is named next to its field, and nothing is saved.
      await page.getByText('must be an http(s) link').waitFor();
      await page.fill('#brand-cta-url', 'https://example.com/onboarding');
      await page.click('button:has-text("Save brand kit")');
      await page.getByText('Brand kit saved').waitFor();
      expect(await page.getByTestId('sender-preview').innerText()).toContain('Dana Reyes');
      await page.screenshot({ path: path.resolve('tests/e2e/screenshots/settings-brand.png'), fullPage: true });
      await page.close();

      // The request names no colour, logo or CTA link: the kit's apply.
      const created = await api('/videos', {
        method: 'POST',
        body: JSON.stringify({
          title: 'Onboarding for Leo',
          template_id: 'tmpl_welcome_message',
          customer_data: { first_name: 'Leo', company: 'Globex' },
          ai_messaging: { tone: 'friendly', length: 'short' },
          aspect_ratio: '9:16',
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      let video: any;
      for (let i = 0; i < 240; i++) {
        video = await (await api(`/videos/${id}`)).json();
        if (video.status !== 'processing') break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(video.status).toBe('published');
      expect(video.customer_data).toEqual({ first_name: 'Leo', company: 'Globex' });

      const watch = await browser.newPage({ viewport: { width: 390, height: 844 }, userAgent: UA });
      await watch.goto(video.share_url);
      const sender = watch.getByTestId('watch-sender');
      expect(await sender.innerText()).toMatch(/Sent by\s+Dana Reyes\s+Customer Success, Acme/);
      const cta = watch.getByTestId('watch-cta');
      expect(await cta.getAttribute('href')).toBe('https://example.com/onboarding');
      expect((await cta.innerText()).trim()).toBe('Book your onboarding');
      expect(await watch.locator('meta[name="description"]').getAttribute('content')).toContain('from Dana Reyes');
      await watch.screenshot({ path: path.resolve('tests/e2e/screenshots/watch-page-sender.png') });
      await watch.close();
    },
    300_000,
  );
});
