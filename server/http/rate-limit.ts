/**
 * Sliding-window rate limiting (the "sliding window counter" of Cloudflare
 * and nginx-style limiters): a request is judged on this window's count plus
 * the previous window's count weighted by how much of it still overlaps the
 * last `windowMs`. A burst at the end of one window and the start of the next
 * therefore cannot pass twice the limit, as fixed windows let it.
 *
 * Embedded mode (one process) counts in memory. With DATABASE_URL several web
 * processes share each key's counts through Postgres without a write per
 * request: every process counts in memory and adds what it counted to the
 * shared row every SYNC_MS (one upsert per key per flush), reading back the
 * totals of all processes (this window's and the previous one's). A request
 * is judged on the last totals read plus what this process counted since, so
 * one process alone is exact. A total is never used when older than one sync
 * interval: the first request of a window, or of a key idle that long, waits
 * for a flush. So with N processes a window overshoots its limit by at most
 * what the other N − 1 admit in about one sync interval (README, "Rate limits").
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { getEnv } from '../env';
import { AppError } from '../lib/errors';
import { errorFields, logger } from '../lib/logger';

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
  /** When the current window ends, in epoch seconds. */
  resetAt: number;
}

/** How often a process adds its counts to the shared rows (with DATABASE_URL). */
export const SYNC_MS = 200;
const FLUSH_BATCH = 500;

interface Bucket {
  windowStart: number;
  windowMs: number;
  /** The previous window's total (all processes, as last known). */
  previous: number;
  /** The shared total as of this process's last flush (its own flushed requests included). */
  synced: number;
  /** Requests this process counted since that flush. */
  pending: number;
  /** performance.now() of the last flush that read this key's total back. */
  syncedAt: number;
}

/**
 * One process's counters. `db` absent: memory only (embedded mode). With a
 * db, counts are flushed to rate_limit_buckets every `syncMs`.
 */
export class RateCounter {
  private readonly buckets = new Map<string, Bucket>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private lastSweep = 0;

  constructor(
    private readonly db: Db | null,
    private readonly syncMs = SYNC_MS,
  ) {}

  /** Counts one request against `key` and returns the count of its window so far (all processes). */
  async hit(key: string, rule: RateLimitRule, now = Date.now()): Promise<number> {
    return (await this.hitWindow(key, rule, now)).current;
  }

  /** Counts one request; returns this window's count so far and the previous window's total (all processes). */
  async hitWindow(key: string, rule: RateLimitRule, now = Date.now()): Promise<{ current: number; previous: number }> {
    this.sweep(now);
    const windowStart = now - (now % rule.windowMs);
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.windowStart !== windowStart) {
      const previous = bucket && bucket.windowStart === windowStart - rule.windowMs ? bucket.synced + bucket.pending : 0;
      bucket = { windowStart, windowMs: rule.windowMs, previous, synced: 0, pending: 0, syncedAt: -Infinity };
      this.buckets.set(key, bucket);
    }
    bucket.pending += 1;
    if (this.db) {
      // A total older than one sync interval (a new window, or a key idle for a while) is refreshed before judging.
      if (performance.now() - bucket.syncedAt > this.syncMs) await this.flush();
      else this.schedule();
    }
    return { current: bucket.synced + bucket.pending, previous: bucket.previous };
  }

  /** Adds every pending count to the shared rows and reads the totals back. Never throws. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.hasPending() ? this.flush() : undefined));
    this.flushing = this.flushAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private hasPending(): boolean {
    for (const bucket of this.buckets.values()) if (bucket.pending > 0) return true;
    return false;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.syncMs);
    this.timer.unref();
  }

  private async flushAll(): Promise<void> {
    const batch = [...this.buckets].filter(([, bucket]) => bucket.pending > 0).map(([key, bucket]) => ({ key, bucket, delta: bucket.pending }));
    for (let i = 0; i < batch.length; i += FLUSH_BATCH) {
      const part = batch.slice(i, i + FLUSH_BATCH);
      for (const entry of part) entry.bucket.pending -= entry.delta;
      try {
        const values = part.map(
          ({ key, bucket, delta }) =>
            sql`(${key}, ${new Date(bucket.windowStart).toISOString()}::timestamptz, ${delta}::int, ${bucket.previous}::int, ${bucket.windowMs}::int)`,
        );
        // A row of an older window restarts at our count, keeping its count as the previous window's when it
        // was the window just before; a row of a newer one (another process's clock ahead) is left alone.
        type Totals = Array<{ key: string; count: number; previous_count: number }>;
        const result = (await this.db!.execute(sql`
          insert into rate_limit_buckets (key, window_start, count, previous_count, window_ms) values ${sql.join(values, sql`, `)}
          on conflict (key) do update set
            previous_count = case
              when rate_limit_buckets.window_start = excluded.window_start
                then greatest(rate_limit_buckets.previous_count, excluded.previous_count)
              when rate_limit_buckets.window_start = excluded.window_start - excluded.window_ms * interval '1 millisecond'
                -- What this process counted in that window but had not flushed yet is in its own previous count.
                then greatest(rate_limit_buckets.count, excluded.previous_count)
              when rate_limit_buckets.window_start < excluded.window_start then excluded.previous_count
              else rate_limit_buckets.previous_count end,
            count = case
              when rate_limit_buckets.window_start = excluded.window_start then rate_limit_buckets.count + excluded.count
              when rate_limit_buckets.window_start < excluded.window_start then excluded.count
              else rate_limit_buckets.count end,
            window_ms = excluded.window_ms,
            window_start = greatest(rate_limit_buckets.window_start, excluded.window_start)
          returning key, count, previous_count`)) as unknown as { rows?: Totals } & Totals;
        const totals = new Map((result.rows ?? result).map((row) => [row.key, row]));
        const at = performance.now();
        for (const { key, bucket, delta } of part) {
          if (this.buckets.get(key) !== bucket) continue;
          const row = totals.get(key);
          bucket.synced = Math.max(bucket.synced + delta, Number(row?.count ?? 0));
          bucket.previous = Math.max(bucket.previous, Number(row?.previous_count ?? 0));
          bucket.syncedAt = at;
        }
      } catch (err) {
        // Postgres unreachable: keep counting locally and try again later.
        for (const entry of part) entry.bucket.pending += entry.delta;
        logger.warn('could not share rate-limit counts', { keys: part.length, ...errorFields(err) });
        this.schedule();
        return;
      }
    }
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.pending === 0 && now - bucket.windowStart >= bucket.windowMs * 2) this.buckets.delete(key);
    }
  }
}

// One counter per process, on globalThis: the production build can load this module more than once.
const g = globalThis as unknown as { __clipwrightRateCounter?: { db: Db | null; counter: RateCounter } };

function counterFor(db: Db): RateCounter {
  const shared = getEnv().DATABASE_URL ? db : null;
  if (!g.__clipwrightRateCounter || g.__clipwrightRateCounter.db !== shared) {
    g.__clipwrightRateCounter = { db: shared, counter: new RateCounter(shared) };
  }
  return g.__clipwrightRateCounter.counter;
}

/**
 * The sliding-window estimate for a request at `now`: this window's count plus
 * the previous window's, weighted by the share of it still inside the last
 * `windowMs`. Also how long until one more request would pass.
 */
export function slidingWindow(
  counts: { current: number; previous: number },
  rule: RateLimitRule,
  now: number,
): { estimate: number; retryAfterMs: number } {
  const elapsed = now % rule.windowMs;
  const weight = 1 - elapsed / rule.windowMs;
  const estimate = counts.current + counts.previous * weight;
  let retryAfterMs = 0;
  if (estimate > rule.limit) {
    if (counts.current > rule.limit - 1) {
      // Not before this window ends, and then until its own weight has fallen far enough.
      retryAfterMs = rule.windowMs - elapsed + rule.windowMs * (1 - (rule.limit - 1) / counts.current);
    } else {
      // Within this window, once the previous one's weight has fallen far enough.
      retryAfterMs = rule.windowMs * (1 - (rule.limit - 1 - counts.current) / counts.previous) - elapsed;
    }
  }
  return { estimate, retryAfterMs: Math.max(0, retryAfterMs) };
}

export async function checkRateLimit(db: Db, key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitResult> {
  const counts = await counterFor(db).hitWindow(key, rule, now);
  const { estimate, retryAfterMs } = slidingWindow(counts, rule, now);
  const windowEnd = now - (now % rule.windowMs) + rule.windowMs;
  return {
    allowed: estimate <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, Math.floor(rule.limit - estimate)),
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    resetAt: Math.ceil(windowEnd / 1000),
  };
}

/** The X API's rate-limit headers: the budget, what is left of it, and when it resets (epoch seconds). */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  return {
    'x-rate-limit-limit': String(result.limit),
    'x-rate-limit-remaining': String(result.remaining),
    'x-rate-limit-reset': String(result.resetAt),
  };
}

/**
 * The IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers): the
 * policy (quota `q` per window `w` seconds) and where this client stands
 * (`r` remaining, `t` seconds until the window resets).
 */
export function ietfRateLimitHeaders(result: RateLimitResult, windowSeconds: number, now = Date.now()): Record<string, string> {
  return {
    'RateLimit-Policy': `"default";q=${result.limit};w=${windowSeconds}`,
    RateLimit: `"default";r=${result.remaining};t=${Math.max(0, result.resetAt - Math.floor(now / 1000))}`,
  };
}

/** Adds headers to a response (a copy when its headers are immutable, as a fetched Response's are). */
export function withHeaders(res: Response, headers: Record<string, string> | null | undefined): Response {
  if (!headers) return res;
  try {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}

/** Copies the X rate-limit headers onto a response. */
export function withRateLimitHeaders(res: Response, result: RateLimitResult | undefined): Response {
  return result ? withHeaders(res, rateLimitHeaders(result)) : res;
}

/**
 * Counts the request against the key's budget and returns where it stands;
 * over the limit, throws a 429 AppError with Retry-After and the rate-limit headers.
 */
export async function enforceRateLimit(db: Db, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const result = await checkRateLimit(db, key, rule);
  if (!result.allowed) {
    throw new AppError('rate_limited', `Too many requests; retry in ${result.retryAfterSeconds} s`, undefined, {
      'Retry-After': String(result.retryAfterSeconds),
      ...rateLimitHeaders(result),
    });
  }
  return result;
}
