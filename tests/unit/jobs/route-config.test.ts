/**
 * The jobs route's deployment settings, which live in three places because
 * Next reads a route's maxDuration only as a literal: the route file, the
 * domain's constant (budget checks) and vercel.json must agree; the cron calls
 * the route every minute; the files the render opens by path are traced.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOBS_ROUTE_DEADLINE_MARGIN_SECONDS, JOBS_ROUTE_MAX_DURATION_SECONDS, jobsRouteTimes } from '@/server/jobs/route-run';

const vercel = JSON.parse(readFileSync(path.resolve('vercel.json'), 'utf8'));
const routeSource = readFileSync(path.resolve('app/api/jobs/run/route.ts'), 'utf8');

describe('jobs route deployment settings', () => {
  it('one maxDuration in the route, the domain and vercel.json', () => {
    const literal = /export const maxDuration = (\d+);/.exec(routeSource)?.[1];
    expect(Number(literal)).toBe(JOBS_ROUTE_MAX_DURATION_SECONDS);
    expect(vercel.functions['app/api/jobs/run/route.ts'].maxDuration).toBe(JOBS_ROUTE_MAX_DURATION_SECONDS);
    expect(vercel.functions['app/api/jobs/run/route.ts'].memory).toBeGreaterThanOrEqual(2048);
  });

  it('the default budget leaves the deadline margin and time for the last job', () => {
    const { budgetMs, deadlineMs } = jobsRouteTimes({ budgetMs: 180_000 });
    expect(deadlineMs).toBe((JOBS_ROUTE_MAX_DURATION_SECONDS - JOBS_ROUTE_DEADLINE_MARGIN_SECONDS) * 1000);
    expect(deadlineMs - budgetMs).toBeGreaterThanOrEqual(100_000);
    expect(() => jobsRouteTimes({ budgetMs: deadlineMs })).toThrow(/JOBS_ROUTE_BUDGET_SECONDS \(285\) must be below/);
  });

  it('a cron calls the route every minute; the Remotion bundle is built before next build traces it', () => {
    expect(vercel.crons).toEqual([{ path: '/api/jobs/run', schedule: '* * * * *' }]);
    expect(vercel.buildCommand).toMatch(/bundle:remotion && next build/);
  });

  it('traces the bundle, the Chromium archive and the compositor into the route', async () => {
    // next.config.mjs exports a function of the phase (output: 'standalone' at build time only).
    const config = (await import(path.resolve('next.config.mjs'))).default as (phase: string) => {
      outputFileTracingIncludes: Record<string, string[]>;
    };
    const nextConfig = config('phase-production-build');
    const includes = nextConfig.outputFileTracingIncludes['/api/jobs/run'];
    expect(includes).toEqual(
      expect.arrayContaining([
        './build/remotion-bundle/**/*',
        './node_modules/@sparticuz/chromium/bin/**/*',
        './node_modules/@remotion/compositor-linux-x64-gnu/**/*',
      ]),
    );
    // Every function boots (instrumentation) and applies the migrations, read from drizzle/ by path.
    expect(nextConfig.outputFileTracingIncludes['/*']).toContain('./drizzle/**/*');
    // The folders those globs name are where the code looks for them.
    for (const dir of ['drizzle/meta', 'node_modules/@sparticuz/chromium/bin', 'node_modules/@remotion/compositor-linux-x64-gnu']) {
      expect(existsSync(path.resolve(dir)), dir).toBe(true);
    }
  });
});
