/**
 * Without APP_URL, the links the signed-in UI gets (share page, files) point
 * at the origin the browser used (127.0.0.1 here), as the REST API's do,
 * not at localhost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, startApp, trpcCall, type AppServer } from '../helpers/app-server';

let app: AppServer;
beforeAll(async () => {
  app = await startApp({ APP_URL: '', BOOTSTRAP_EMAIL: 'owner@example.com', BOOTSTRAP_PASSWORD: 'bootstrap-password', WORKER_MODE: 'off' });
}, 90_000);
afterAll(async () => {
  await app?.cleanup();
});

describe('links without APP_URL', () => {
  it('point at the origin the UI was opened on', async () => {
    expect(new URL(app.url).hostname).toBe('127.0.0.1');
    const jar = await signInOverHttp(app.url, 'owner@example.com', 'bootstrap-password');
    const created = await trpcCall(
      app.url,
      jar,
      'videos.create',
      { title: 'Origin check', template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah' }, draft: true },
      'mutation',
    );
    expect(created.status, JSON.stringify(created.error)).toBe(200);
    const id = created.data.id as string;
    const got = await trpcCall(app.url, jar, 'videos.get', { id }, 'query');
    expect(got.data.share_url).toBe(`${app.url}/v/${id}`);
    const list = await trpcCall(app.url, jar, 'videos.list', { page: 1, limit: 20 }, 'query');
    expect(JSON.stringify(list.data)).not.toContain('localhost');
  });
});
