/**
 * /api/v1 keeps a budget per API key (API_RATE_LIMIT_PER_MINUTE): every
 * answer carries the IETF RateLimit and RateLimit-Policy headers, past the
 * budget 429 with Retry-After, and another key is unaffected. Before, 400
 * requests in 3.3 s went through with no headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listProjects } from '@/app/api/v1/projects/route';
import type { Db } from '@/server/db/client';
import { resetEnvCache } from '@/server/env';
import { callRoute, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
const saved = process.env.API_RATE_LIMIT_PER_MINUTE;

beforeAll(async () => {
  db = (await testDb()).db;
  process.env.API_RATE_LIMIT_PER_MINUTE = '3';
  resetEnvCache();
});
afterAll(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = saved;
  resetEnvCache();
});

describe('per-key budget on /api/v1', () => {
  it('counts down in the RateLimit header, then answers 429 with Retry-After; another key is unaffected', async () => {
    const a = await createUser(db);
    const key = (await createKey(db, a.account.id)).secret;
    const other = (await createKey(db, a.account.id, 'other')).secret;
    // Stay inside one minute window: a boundary between calls would start the count again.
    if (60_000 - (Date.now() % 60_000) < 2_000) await new Promise((r) => setTimeout(r, 2_500));
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await callRoute(listProjects, { key });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('"default";q=3;w=60');
      seen.push(res.headers.get('ratelimit')!);
    }
    expect(seen.map((h) => /;r=(\d+)/.exec(h)?.[1])).toEqual(['2', '1', '0']);
    const over = await callRoute(listProjects, { key });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit')).toMatch(/^"default";r=0;t=\d+$/);
    expect((await callRoute(listProjects, { key: other })).status).toBe(200);
  });
});
