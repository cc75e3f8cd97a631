import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { rateLimitBuckets } from '@/server/db/schema';
import { RateCounter, slidingWindow } from '@/server/http/rate-limit';
import { testDb } from '../../helpers/db';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const rule = { limit: 10, windowMs: 60_000 };
const key = () => `test:${Math.random().toString(36).slice(2)}`;
const t0 = Date.UTC(2026, 11, 4, 12, 0, 0);

describe('rate counter shared through Postgres', () => {
  it('counts in memory alone (embedded mode) and starts again in the next window', async () => {
    const counter = new RateCounter(null);
    const k = key();
    for (let i = 1; i <= 3; i++) expect(await counter.hit(k, rule, t0 + i)).toBe(i);
    expect(await counter.hit(k, rule, t0 + rule.windowMs)).toBe(1);
    expect(await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, k))).toEqual([]);
  });

  it('one process is exact without a write per request; two processes see each other at their next flush', async () => {
    const a = new RateCounter(db, 60_000); // flushes only when told to, or at a window's first request
    const b = new RateCounter(db, 60_000);
    const k = key();
    for (let i = 1; i <= 6; i++) expect(await a.hit(k, rule, t0 + i)).toBe(i);
    // A's first request of the window was flushed (so it knew the others' count); the next five are only in memory.
    const [row] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, k));
    expect(row?.count).toBe(1);

    // B's first request in the window flushes, so it starts from what A shared.
    expect(await b.hit(k, rule, t0 + 10)).toBe(2);
    await a.flush(); // A adds its 5 unshared requests: 7 in all
    const [after] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, k));
    expect(after?.count).toBe(7);
    // Until B flushes, it judges on the total it last read (2) plus its own: the overshoot the README bounds.
    expect(await b.hit(k, rule, t0 + 20)).toBe(3);
    await b.flush();
    expect(await b.hit(k, rule, t0 + 21)).toBe(9);
    expect(await a.hit(k, rule, t0 + 22)).toBe(8);
    await b.flush();
    await a.flush();
    expect(await a.hit(k, rule, t0 + 30)).toBe(11); // over the limit of 10: refused
  });

  it('a total older than one sync interval is refreshed before the next request is judged', async () => {
    const a = new RateCounter(db, 50);
    const b = new RateCounter(db, 50);
    const k = key();
    expect(await b.hit(k, rule)).toBe(1);
    for (let i = 0; i < 5; i++) await a.hit(k, rule);
    await a.flush();
    await new Promise((r) => setTimeout(r, 80));
    expect(await b.hit(k, rule)).toBe(7);
  });

  it('a new window restarts the shared row; an older window never overwrites a newer one', async () => {
    const a = new RateCounter(db, 60_000);
    const b = new RateCounter(db, 60_000);
    const k = key();
    for (let i = 0; i < 4; i++) await a.hit(k, rule, t0 + i);
    await a.flush();
    // B lives a window later: its first request restarts the row at 1.
    expect(await b.hit(k, rule, t0 + rule.windowMs + 5)).toBe(1);
    // A, still in the old window, adds to it: the row keeps B's newer window.
    await a.hit(k, rule, t0 + 50);
    await a.flush();
    const [row] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, k));
    expect(row?.windowStart.getTime()).toBe(t0 + rule.windowMs);
    expect(row?.count).toBe(1);
  });

  it('flushes by itself within the sync interval', async () => {
    const a = new RateCounter(db, 50);
    const k = key();
    for (let i = 0; i < 5; i++) await a.hit(k, rule);
    await new Promise((r) => setTimeout(r, 300));
    const [row] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, k));
    expect(row?.count).toBe(5);
  });
});

describe('sliding window', () => {
  it('weighs the previous window by its overlap and says when one more request passes', () => {
    const w = rule.windowMs;
    // A quarter into the window, 10 of the previous window still weigh 7.5.
    expect(slidingWindow({ current: 2, previous: 10 }, rule, t0 + w / 4)).toEqual({ estimate: 9.5, retryAfterMs: 0 });
    // 4 + 10 × 0.75 = 11.5 > 10: wait until 4 + 1 + 10 × (1 − x) ≤ 10, x = 0.5 of the window, 15 s from now.
    expect(slidingWindow({ current: 4, previous: 10 }, rule, t0 + w / 4)).toEqual({ estimate: 11.5, retryAfterMs: w / 4 });
    // This window alone is over: the rest of it, then until its own weight lets one more in.
    const over = slidingWindow({ current: 12, previous: 0 }, rule, t0 + w / 2);
    expect(over.estimate).toBe(12);
    expect(over.retryAfterMs).toBeCloseTo(w / 2 + w * (1 - 9 / 12));
  });

  for (const mode of ['memory', 'postgres'] as const) {
    it(`refuses a burst that straddles a window boundary (${mode}), as fixed windows did not`, async () => {
      const counter = new RateCounter(mode === 'memory' ? null : db, 60_000);
      const k = key();
      const end = t0 + rule.windowMs - 10;
      for (let i = 0; i < 10; i++) await counter.hit(k, rule, end + i);
      // One millisecond into the next window the previous one still weighs almost fully.
      const next = await counter.hitWindow(k, rule, t0 + rule.windowMs + 1);
      expect(next).toEqual({ current: 1, previous: 10 });
      expect(slidingWindow(next, rule, t0 + rule.windowMs + 1).estimate).toBeGreaterThan(rule.limit);
      // Half a window later, half the previous one has slid out.
      const later = await counter.hitWindow(k, rule, t0 + rule.windowMs * 1.5);
      expect(later).toEqual({ current: 2, previous: 10 });
      expect(slidingWindow(later, rule, t0 + rule.windowMs * 1.5).estimate).toBe(7);
      if (mode === 'postgres') {
        // Another process learns the previous window's total from the shared row (with this window's
        // first request, the one shared so far, and its own).
        const other = new RateCounter(db, 60_000);
        expect(await other.hitWindow(k, rule, t0 + rule.windowMs * 1.5 + 1)).toEqual({ current: 2, previous: 10 });
      }
    });
  }
});
