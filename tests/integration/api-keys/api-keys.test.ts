import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listProjectsRoute, POST as createProjectRoute } from '@/app/api/v1/projects/route';
import { authenticateApiKey, hashApiKey } from '@/server/api-keys/service';
import type { Db } from '@/server/db/client';
import { apiKeys } from '@/server/db/schema';
import { callRoute, callerFor, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe('API keys (happy)', () => {
  it('creates a key shown once, stores only its SHA-256, and authenticates REST calls for its account', async () => {
    const { user, account } = await createUser(db);
    const trpc = callerFor(db, user);
    const { key, secret: s } = await trpc.apiKeys.create({ name: 'CRM' });
    const secret = s!;
    expect(secret).toMatch(/^cwk_[A-Za-z0-9]{40}$/);
    expect(key.prefix).toBe(secret.slice(0, 12));
    expect(key).not.toHaveProperty('hashedKey');

    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.hashedKey).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await trpc.apiKeys.list();
    expect(listed.map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const created = await callRoute(createProjectRoute, { method: 'POST', key: secret, body: { name: 'Onboarding 2025' } });
    expect(created.status).toBe(201);
    const list = await callRoute(listProjectsRoute, { key: secret });
    expect(list.status).toBe(200);
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    expect((await authenticateApiKey(db, secret))?.accountId).toBe(account.id);
  });

  it('records last use without a write on every request', async () => {
    const { user } = await createUser(db);
    const { key, secret: s } = await callerFor(db, user).apiKeys.create({ name: 'usage' });
    const secret = s!;
    await callRoute(listProjectsRoute, { key: secret });
    await new Promise((r) => setTimeout(r, 100));
    const [first] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(first?.lastUsedAt).toBeInstanceOf(Date);
    await callRoute(listProjectsRoute, { key: secret });
    await new Promise((r) => setTimeout(r, 100));
    const [second] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(second?.lastUsedAt?.getTime()).toBe(first?.lastUsedAt?.getTime());
  });

  it('revokes a key: it stops working at once and stays listed as revoked', async () => {
    const { user } = await createUser(db);
    const trpc = callerFor(db, user);
    const { key, secret } = await trpc.apiKeys.create({ name: 'temp' });
    expect((await callRoute(listProjectsRoute, { key: secret })).status).toBe(200);
    const revoked = await trpc.apiKeys.revoke({ id: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const res = await callRoute(listProjectsRoute, { key: secret });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Invalid or revoked API key' } });
  });
});

describe('REST authentication (errors)', () => {
  const cases: Array<{ name: string; headers: Record<string, string>; message: string }> = [
    { name: 'no Authorization header', headers: {}, message: 'Missing API key: send it as "Authorization: Bearer <api key>"' },
    { name: 'empty bearer', headers: { authorization: 'Bearer ' }, message: 'Missing API key: send it as "Authorization: Bearer <api key>"' },
    { name: 'basic auth', headers: { authorization: 'Basic dXNlcjpwYXNz' }, message: 'Missing API key: send it as "Authorization: Bearer <api key>"' },
    { name: 'unknown well-formed key', headers: { authorization: `Bearer cwk_${'A'.repeat(40)}` }, message: 'Invalid or revoked API key' },
    { name: 'garbage key', headers: { authorization: 'Bearer hello' }, message: 'Invalid or revoked API key' },
    { name: 'oversized key', headers: { authorization: `Bearer cwk_${'A'.repeat(5000)}` }, message: 'Invalid or revoked API key' },
  ];
  it.each(cases)('$name → 401', async ({ headers, message }) => {
    const res = await callRoute(listProjectsRoute, { headers });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message } });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('API keys (security)', () => {
  it('a user cannot list or revoke another account’s keys (404, nothing changed)', async () => {
    const a = await createUser(db);
    const b = await createUser(db);
    const { key } = await callerFor(db, a.user).apiKeys.create({ name: 'A key' });
    const asB = callerFor(db, b.user);
    expect((await asB.apiKeys.list()).map((k) => k.id)).not.toContain(key.id);
    await expect(asB.apiKeys.revoke({ id: key.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // B naming A's account explicitly is refused like an unknown account.
    await expect(callerFor(db, b.user, a.account.id).apiKeys.list()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.revokedAt).toBeNull();
  });

  it('refuses a blank or oversized key name with field details and creates nothing', async () => {
    const { user, account } = await createUser(db);
    const trpc = callerFor(db, user);
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      await expect(trpc.apiKeys.create({ name })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await db.$count(apiKeys, eq(apiKeys.accountId, account.id))).toBe(0);
  });
});
