/**
 * When a failed delivery is tried again.
 *
 * The schedule follows Svix and Stripe: quick retries first (a receiver that
 * was restarting), then longer and longer waits, about three days in all:
 * after the first attempt, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h,
 * 14 h and 16 h, i.e. 11 attempts over ~71.6 h. Each wait is spread by ±20 %
 * so that deliveries which failed together (an outage) do not all come back
 * at the same second.
 *
 * A `Retry-After` on a failed response (seconds or an HTTP date) is honoured:
 * the next attempt is never earlier than the receiver asked, and never more
 * than `maxRetryAfterMs` (24 h) away.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Wait before attempt n + 2, after attempt n + 1 failed. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
  14 * HOUR,
  14 * HOUR,
  16 * HOUR,
]);

/** First attempt plus one per scheduled retry. */
export const DEFAULT_MAX_ATTEMPTS = DEFAULT_RETRY_SCHEDULE_MS.length + 1;

export const DEFAULT_JITTER_RATIO = 0.2;
export const DEFAULT_MAX_RETRY_AFTER_MS = 24 * HOUR;

/** The scheduled wait after the given failed attempt (1-based), spread by ±jitterRatio. */
export function scheduledRetryDelayMs(
  failedAttempt: number,
  schedule: readonly number[],
  jitterRatio: number,
  random: () => number = Math.random,
): number {
  if (schedule.length === 0) return 0;
  const base = schedule[Math.min(Math.max(failedAttempt, 1), schedule.length) - 1]!;
  const spread = 1 + jitterRatio * (2 * random() - 1);
  return Math.max(0, Math.round(base * spread));
}

/**
 * Parses `Retry-After` (delay-seconds or an HTTP-date) into milliseconds from
 * `now`; null when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfterMs(header: string | string[] | undefined, now: Date = new Date()): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Math.min(Number(value), 10 ** 9) * SECOND;
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return null;
  return Math.max(0, at - now.getTime());
}

/** The wait before the next attempt: the schedule's, or longer when the receiver asked (bounded). */
export function nextRetryDelayMs(params: {
  failedAttempt: number;
  schedule: readonly number[];
  jitterRatio: number;
  retryAfterMs: number | null;
  maxRetryAfterMs: number;
  random?: () => number;
}): number {
  const scheduled = scheduledRetryDelayMs(params.failedAttempt, params.schedule, params.jitterRatio, params.random);
  if (params.retryAfterMs === null) return scheduled;
  return Math.max(scheduled, Math.min(params.retryAfterMs, params.maxRetryAfterMs));
}
