import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listProjectsRoute } from '@/app/api/v1/projects/route';
import { ensureBootstrap } from '@/server/accounts/bootstrap';
import { verifyCredentials } from '@/server/accounts/service';
import { hashApiKey } from '@/server/api-keys/service';
import type { Db } from '@/server/db/client';
import { apiKeys, memberships } from '@/server/db/schema';
import { newApiKeySecret } from '@/server/lib/ids';
import { callRoute, uniqueEmail } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe('BOOTSTRAP_* start-up bootstrap', () => {
  it('creates the owner, an account and an API key with exactly the given value, then changes nothing', async () => {
    const cfg = { email: uniqueEmail('admin'), password: 'bootstrap-password', apiKey: newApiKeySecret(), accountName: 'Ops' };
    const first = await ensureBootstrap(db, cfg);
    expect(first.changed).toEqual(['user', 'account', 'api_key']);

    const res = await callRoute(listProjectsRoute, { key: cfg.apiKey });
    expect(res.status).toBe(200);
    expect(await verifyCredentials(db, cfg.email, cfg.password)).not.toBeNull();

    const second = await ensureBootstrap(db, cfg);
    expect(second).toEqual({ ...first, changed: [] });
    expect(await db.$count(apiKeys, eq(apiKeys.hashedKey, hashApiKey(cfg.apiKey)))).toBe(1);
    expect(await db.$count(memberships, eq(memberships.userId, first.userId))).toBe(1);
  });

  it('updates the password when BOOTSTRAP_PASSWORD changes and adds a new key to the same account', async () => {
    const email = uniqueEmail('admin');
    const first = await ensureBootstrap(db, { email, password: 'first-password' });
    const newKey = newApiKeySecret();
    const second = await ensureBootstrap(db, { email, password: 'second-password', apiKey: newKey });
    expect(second.changed).toEqual(['password', 'api_key']);
    expect(second.accountId).toBe(first.accountId);
    expect(await verifyCredentials(db, email, 'first-password')).toBeNull();
    expect(await verifyCredentials(db, email, 'second-password')).not.toBeNull();
  });

  it('never resurrects a bootstrap key that was revoked', async () => {
    const cfg = { email: uniqueEmail('admin'), password: 'bootstrap-password', apiKey: newApiKeySecret() };
    const { apiKeyId } = await ensureBootstrap(db, cfg);
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, apiKeyId!));
    const again = await ensureBootstrap(db, cfg);
    expect(again.changed).toEqual([]);
    expect((await callRoute(listProjectsRoute, { key: cfg.apiKey })).status).toBe(401);
  });

  it('is safe when several processes bootstrap at the same moment', async () => {
    const cfg = { email: uniqueEmail('race'), password: 'bootstrap-password', apiKey: newApiKeySecret() };
    const results = await Promise.all([ensureBootstrap(db, cfg), ensureBootstrap(db, cfg), ensureBootstrap(db, cfg)]);
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    expect(new Set(results.map((r) => r.accountId)).size).toBe(1);
    expect(await db.$count(apiKeys, eq(apiKeys.hashedKey, hashApiKey(cfg.apiKey)))).toBe(1);
  });
});
