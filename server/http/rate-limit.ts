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
  remaining: number;
  retryAfterSeconds: number;
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
  const retryAfterSeconds = Math.max(1, Math.ceil((rule.windowMs - (now % rule.windowMs)) / 1000));
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}

/** Throws a 429 AppError with Retry-After when the key is over its limit. */
export async function enforceRateLimit(db: Db, key: string, rule: RateLimitRule): Promise<void> {
  const result = await checkRateLimit(db, key, rule);
  if (!result.allowed) {
    throw new AppError('rate_limited', `Too many requests; retry in ${result.retryAfterSeconds} s`, undefined, {
      'Retry-After': String(result.retryAfterSeconds),
    });
  }
}

/** The client address as the nearest proxy reports it. */
export function clientIp(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  return req.headers.get('x-real-ip') ?? 'unknown';
}
