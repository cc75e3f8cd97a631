/**
 * Smoke test over real HTTP against the production build: health, sign-up,
 * sign-in through next-auth, an API key created through tRPC and used on the
 * REST API, the BOOTSTRAP_* key, data surviving a restart, and a JSON answer
 * leaving in one TCP segment (scripts/coalesce-head.mjs). Then the
 * hardening findings of issue 12 whose bugs lived in the production build
 * (error mapping across bundled module copies): text Postgres cannot store,
 * impossible path ids, deep JSON and oversized upload segments answer 4xx,
 * never 500, over REST and tRPC.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, startApp, trpcCall, type AppServer } from '../helpers/app-server';

const bootstrapKey = `cwk_${'Smoke0Test1Key2'.repeat(3)}`;
let app: AppServer;

beforeAll(async () => {
  app = await startApp({
    BOOTSTRAP_EMAIL: 'owner@example.com',
    BOOTSTRAP_PASSWORD: 'bootstrap-password',
    BOOTSTRAP_API_KEY: bootstrapKey,
  });
});
afterAll(async () => {
  await app?.cleanup();
});

describe('production build over HTTP', () => {
  it('reports health', async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok', db_driver: 'pglite', version: expect.any(String) });
  });

  it('sends a JSON answer in one TCP segment: its head with its body (scripts/coalesce-head.mjs)', async () => {
    const { hostname, port } = new URL(app.url);
    const socket = net.connect(Number(port), hostname);
    try {
      await once(socket, 'connect');
      const localPort = socket.localPort;
      socket.write(`GET /api/health HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
      const text = await new Promise<string>((resolve, reject) => {
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          if (received.endsWith('\r\n0\r\n\r\n')) resolve(received);
        });
        socket.on('error', reject);
      });
      expect(text).toMatch(/^HTTP\/1\.1 200 /);
      expect(text).toContain('"status":"ok"');
      // The kernel's count of data segments this socket received (iproute2's ss): the reader cannot
      // tell two writes from one when both have arrived before it reads.
      const info = execFileSync('ss', ['-tinH', 'src', `${hostname}:${localPort}`], { encoding: 'utf8' });
      expect(info.match(/data_segs_in:(\d+)/)?.[1]).toBe('1');
    } finally {
      socket.destroy();
    }
  });

  it('lets a new user sign up, sign in, create an API key and call the REST API with it; data survives a restart', async () => {
    const email = `smoke-${Date.now()}@example.com`;
    const signup = await fetch(`${app.url}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'smoke-password', account_name: 'Smoke Co' }),
    });
    expect(signup.status).toBe(202);

    const bad = await signInOverHttp(app.url, email, 'wrong-password');
    const badSession = await fetch(`${app.url}/api/auth/session`, { headers: { cookie: bad.header() } });
    expect(await badSession.json()).toBeNull();

    const jar = await signInOverHttp(app.url, email, 'smoke-password');
    const session = await (await fetch(`${app.url}/api/auth/session`, { headers: { cookie: jar.header() } })).json();
    expect(session.user.email).toBe(email);

    const dashboard = await fetch(`${app.url}/dashboard`, { headers: { cookie: jar.header() }, redirect: 'manual' });
    expect(dashboard.status).toBe(200);
    const anonymous = await fetch(`${app.url}/dashboard`, { redirect: 'manual' });
    expect([302, 303, 307]).toContain(anonymous.status);
    expect(anonymous.headers.get('location')).toContain('/login');

    const created = await trpcCall(app.url, jar, 'apiKeys.create', { name: 'smoke' }, 'mutation');
    expect(created.status).toBe(200);
    const secret = created.data.secret as string;
    const anonTrpc = await trpcCall(app.url, new (jar.constructor as any)(), 'apiKeys.list', undefined, 'query');
    expect(anonTrpc.status).toBe(401);

    const project = await fetch(`${app.url}/api/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Onboarding' }),
    });
    expect(project.status).toBe(201);
    const malformed = await fetch(`${app.url}/api/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('invalid_json');

    const viaBootstrap = await fetch(`${app.url}/api/v1/projects`, { headers: { authorization: `Bearer ${bootstrapKey}` } });
    expect(viaBootstrap.status).toBe(200);
    expect((await viaBootstrap.json()).data).toEqual([]);

    await app.restart();
    expect(app.logs()).toContain('"changed":[]');
    const list = await fetch(`${app.url}/api/v1/projects`, { headers: { authorization: `Bearer ${secret}` } });
    expect(list.status).toBe(200);
    expect((await list.json()).data.map((p: { name: string }) => p.name)).toEqual(['Onboarding']);
    const again = await signInOverHttp(app.url, email, 'smoke-password');
    expect(again.has('session-token')).toBe(true);
  });
});

describe('hostile input against the production build (4xx, never 500)', () => {
  const auth = { authorization: `Bearer ${bootstrapKey}` };
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body });

  it('refuses NUL and lone surrogates naming the field, and deep JSON, over REST and tRPC', async () => {
    for (const name of ['\\u0000', 'a\\ud800b']) {
      const res = await post('/api/v1/projects', `{"name":"${name}"}`);
      expect(res.status).toBe(422);
      expect((await res.json()).error.details[0].field).toBe('name');
    }
    let deep = '1';
    for (let i = 0; i < 10_000; i++) deep = `{"a":${deep}}`;
    const res = await post(
      '/api/v1/videos',
      `{"title":"t","template_id":"tmpl_welcome_message","customer_data":{"first_name":"A","company":"B","x":${deep}},"draft":true}`,
    );
    expect(res.status).toBe(422);

    const jar = await signInOverHttp(app.url, 'owner@example.com', 'bootstrap-password');
    const revoke = await trpcCall(app.url, jar, 'apiKeys.revoke', { id: '\u0000' }, 'mutation');
    expect(revoke.status).toBeGreaterThanOrEqual(400);
    expect(revoke.status).toBeLessThan(500);
  });

  it('answers 404 for ids that cannot exist, before any query', async () => {
    for (const path of ['/api/v1/videos/%00', '/api/v1/projects/%00', '/api/v1/webhooks/%00/deliveries']) {
      const res = await fetch(`${app.url}${path}`, { headers: auth });
      expect(res.status, path).toBe(404);
    }
    const beacon = await fetch(`${app.url}/api/v1/videos/%00/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(beacon.status).toBe(404);
  });

  it('answers 413 in X’s shape for an upload segment over 5 MB, raw or multipart', async () => {
    const init = await fetch(`${app.url}/api/ads/1.1/media/upload`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'INIT', total_bytes: String(20 * 2 ** 20), media_type: 'video/mp4', media_category: 'amplify_video' }),
    });
    const { media_id_string: mediaId } = await init.json();
    const big = new Uint8Array(5 * 2 ** 20 + 1);
    const raw = await fetch(`${app.url}/api/ads/1.1/media/upload?command=APPEND&media_id=${mediaId}&segment_index=0`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: big,
    });
    expect(raw.status).toBe(413);
    expect((await raw.json()).errors[0].code).toBeTruthy();
    const form = new FormData();
    form.set('command', 'APPEND');
    form.set('media_id', mediaId);
    form.set('segment_index', '1');
    form.set('media', new Blob([big]));
    const multipart = await fetch(`${app.url}/api/ads/1.1/media/upload`, { method: 'POST', headers: auth, body: form });
    expect(multipart.status).toBe(413);
  });
});

describe("X's paths and spellings, so that X clients need only our host", () => {
  const auth = { authorization: `Bearer ${bootstrapKey}` };

  it('serves the Ads API under any version prefix and host-relative, with JSON 404s in X’s shape', async () => {
    const v3 = await fetch(`${app.url}/api/ads/3/accounts`, { headers: auth });
    expect(v3.status).toBe(200);
    const body = await v3.json();
    const accountId = body.data[0].id;
    for (const path of ['/api/ads/12/accounts', '/api/ads/13/accounts', '/12/accounts']) {
      const res = await fetch(`${app.url}${path}`, { headers: auth });
      expect(res.status, path).toBe(200);
      expect((await res.json()).data, path).toEqual(body.data);
    }
    const videos = await fetch(`${app.url}/12/accounts/${accountId}/videos?count=5`, { headers: auth });
    expect(videos.status).toBe(200);
    expect(await videos.json()).toMatchObject({ data: [], next_cursor: null });

    // Paths no route serves, under every prefix X's clients use (next.config.mjs's fallback rewrites): X's JSON
    // 404, naming the path that was called.
    for (const path of [`/api/ads/3/accounts/${accountId}/tweets`, `/api/ads/12/accounts/${accountId}/tweets`, `/12/accounts/${accountId}/tweets`, '/api/ads/zzz', '/api/ads']) {
      const unknown = await fetch(`${app.url}${path}`, { headers: auth });
      expect(unknown.status, path).toBe(404);
      expect(unknown.headers.get('content-type'), path).toMatch(/application\/json/);
      expect((await unknown.json()).errors[0], path).toMatchObject({ code: 'NOT_FOUND', message: `No Ads API endpoint at GET ${path}.` });
    }
  });

  it('takes uploads at BASE/1.1/media/upload.json with the categories X SDKs send (TweetVideo)', async () => {
    const init = await fetch(`${app.url}/1.1/media/upload.json`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: 'TweetVideo' }),
    });
    expect(init.status).toBeLessThan(300);
    expect((await init.json()).media_id_string).toMatch(/^\d+$/);
  });
});
