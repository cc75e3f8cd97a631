import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, computeBackoffMs, decideRetry, DEFAULT_BACKOFF } from '@/server/jobs/backoff';

const policy = { baseMs: 1_000, capMs: 30_000 };

describe('backoffCeilingMs', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
    [5_000, 30_000],
  ])('attempt %i → %i ms', (attempt, ceiling) => {
    expect(backoffCeilingMs(attempt, policy)).toBe(ceiling);
  });

  it('treats attempt 0 like the first', () => {
    expect(backoffCeilingMs(0, policy)).toBe(1_000);
  });
});

describe('computeBackoffMs (full jitter)', () => {
  it('spans [0, ceiling) with the random draw', () => {
    expect(computeBackoffMs(3, policy, () => 0)).toBe(0);
    expect(computeBackoffMs(3, policy, () => 0.5)).toBe(2_000);
    expect(computeBackoffMs(3, policy, () => 0.999_999)).toBe(3_999);
  });

  it('stays within bounds and spreads over the whole range', () => {
    for (const attempt of [1, 2, 4, 8, 20]) {
      const ceiling = backoffCeilingMs(attempt, policy);
      const samples = Array.from({ length: 2_000 }, () => computeBackoffMs(attempt, policy));
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...samples)).toBeLessThan(ceiling);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      // Uniform on [0, ceiling): mean ceiling/2, standard error ≈ 0.0065·ceiling for 2000 draws.
      expect(mean / ceiling).toBeGreaterThan(0.45);
      expect(mean / ceiling).toBeLessThan(0.55);
      expect(samples.filter((s) => s < ceiling / 4).length).toBeGreaterThan(300);
      expect(samples.filter((s) => s >= (ceiling * 3) / 4).length).toBeGreaterThan(300);
    }
  });

  it('has sane defaults', () => {
    expect(DEFAULT_BACKOFF.baseMs).toBeLessThan(DEFAULT_BACKOFF.capMs);
  });
});

describe('decideRetry', () => {
  const job = (attempts: number, maxAttempts = 3) => ({ attempts, maxAttempts });

  it('retries with the backoff while attempts remain', () => {
    expect(decideRetry({ permanent: false }, job(1), policy, () => 0.5)).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry({ permanent: false }, job(2), policy, () => 0.5)).toEqual({ retry: true, delayMs: 1_000 });
  });

  it('stops after the last attempt', () => {
    expect(decideRetry({ permanent: false }, job(3), policy)).toEqual({ retry: false });
    expect(decideRetry({ permanent: false }, job(4), policy)).toEqual({ retry: false });
    expect(decideRetry({ permanent: false }, job(1, 1), policy)).toEqual({ retry: false });
  });

  it('never retries a permanent failure', () => {
    expect(decideRetry({ permanent: true }, job(1, 10), policy)).toEqual({ retry: false });
  });

  it('uses an explicit delay (Retry-After) instead of the backoff', () => {
    expect(decideRetry({ permanent: false, delayMs: 120_000 }, job(1), policy)).toEqual({ retry: true, delayMs: 120_000 });
    expect(decideRetry({ permanent: false, delayMs: 0 }, job(2), policy)).toEqual({ retry: true, delayMs: 0 });
    expect(decideRetry({ permanent: false, delayMs: 5_000 }, job(3), policy)).toEqual({ retry: false });
  });
});
