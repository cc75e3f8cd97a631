/**
 * Retry timing: exponential backoff with full jitter (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"): delay = random(0, min(cap, base · 2^(n-1))).
 * Full jitter spreads the retries of jobs that failed together (an outage)
 * instead of having them all return at the same instant.
 */
import type { JobFailure } from './errors';

export interface BackoffPolicy {
  /** Upper bound of the first retry's delay. */
  baseMs: number;
  /** No delay is ever longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 15 * 60_000 };

/** Upper bound of the delay after the given failed attempt (1-based), before jitter. */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity long after it passed any sane cap; min() handles it.
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** Delay before retrying after the given failed attempt; `random` is injectable for tests. */
export function computeBackoffMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeilingMs(attempt, policy));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Whether a failed attempt is retried and after how long: permanent failures
 * and the last allowed attempt are final; an explicit delay (Retry-After)
 * wins over the backoff.
 */
export function decideRetry(
  failure: Pick<JobFailure, 'permanent' | 'delayMs'>,
  job: { attempts: number; maxAttempts: number },
  policy: BackoffPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (failure.permanent || job.attempts >= job.maxAttempts) return { retry: false };
  const delayMs = failure.delayMs ?? computeBackoffMs(job.attempts, policy, random);
  return { retry: true, delayMs };
}
