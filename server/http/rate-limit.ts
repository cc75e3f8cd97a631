/**
 * Fixed-window rate limiting. Embedded mode (one process) counts in memory;
 * with DATABASE_URL several web processes share one counter per key in
 * Postgres (one upsert per request).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { getEnv } from '../env';
import { AppError } from '../lib/errors';

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

const memory = new Map<string, { windowStart: number; count: number }>();
let lastSweep = 0;

function sweep(now: number, windowMs: number) {
  if (now - lastSweep < windowMs) return;
  lastSweep = now;
  for (const [key, bucket] of memory) if (now - bucket.windowStart >= windowMs * 2) memory.delete(key);
}

function inMemory(key: string, rule: RateLimitRule, now: number): number {
  sweep(now, rule.windowMs);
  const windowStart = now - (now % rule.windowMs);
  const bucket = memory.get(key);
  if (!bucket || bucket.windowStart !== windowStart) {
    memory.set(key, { windowStart, count: 1 });
    return 1;
  }
  bucket.count += 1;
  return bucket.count;
}

async function inPostgres(db: Db, key: string, rule: RateLimitRule, now: number): Promise<number> {
  const windowStart = new Date(now - (now % rule.windowMs)).toISOString();
  const rows = (await db.execute(sql`
    insert into rate_limit_buckets (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict (key) do update set
      count = case when rate_limit_buckets.window_start = excluded.window_start then rate_limit_buckets.count + 1 else 1 end,
      window_start = excluded.window_start
    returning count`)) as unknown as { rows?: Array<{ count: number }> } & Array<{ count: number }>;
  return Number((rows.rows ?? rows)[0]?.count ?? 1);
}

export async function checkRateLimit(db: Db, key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitResult> {
  const count = getEnv().DATABASE_URL ? await inPostgres(db, key, rule, now) : inMemory(key, rule, now);
  const windowEnd = now - (now % rule.windowMs) + rule.windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowEnd - now) / 1000));
  return {
    allowed: count <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    retryAfterSeconds,
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

/** Copies the rate-limit headers onto a response (a new one when its headers are immutable). */
export function withRateLimitHeaders(res: Response, result: RateLimitResult | undefined): Response {
  if (!result) return res;
  const headers = rateLimitHeaders(result);
  try {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
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

/** The client address as the nearest proxy reports it. */
export function clientIp(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  return req.headers.get('x-real-ip') ?? 'unknown';
}
