/**
 * Smoke test over real HTTP against the production build: health, sign-up,
 * sign-in through next-auth, an API key created through tRPC and used on the
 * REST API, the BOOTSTRAP_* key, and data surviving a restart.
 */
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

  it('lets a new user sign up, sign in, create an API key and call the REST API with it; data survives a restart', async () => {
    const email = `smoke-${Date.now()}@example.com`;
    const signup = await fetch(`${app.url}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'smoke-password', account_name: 'Smoke Co' }),
    });
    expect(signup.status).toBe(201);

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
