import { afterEach, describe, expect, it } from 'vitest';
import { getEnv, resetEnvCache } from '@/server/env';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function withEnv(vars: Record<string, string | undefined>) {
  process.env = { ...saved, ...vars };
  resetEnvCache();
  return () => getEnv();
}

describe('environment validation', () => {
  it('has working defaults with nothing set', () => {
    const env = withEnv({ DATABASE_URL: undefined, PORT: undefined, DATA_DIR: undefined })();
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: '.data', WORKER_MODE: 'embedded', STORAGE_DRIVER: 'local' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('runs both worker lanes by default: one heavy job and four light ones at once', () => {
    const env = withEnv({ WORKER_CONCURRENCY: undefined, LIGHT_WORKER_CONCURRENCY: undefined, WORKER_LANES: undefined })();
    expect(env).toMatchObject({ WORKER_CONCURRENCY: 1, LIGHT_WORKER_CONCURRENCY: 4, WORKER_LANES: 'all' });
    expect(withEnv({ LIGHT_WORKER_CONCURRENCY: '8', WORKER_LANES: 'light' })()).toMatchObject({
      LIGHT_WORKER_CONCURRENCY: 8,
      WORKER_LANES: 'light',
    });
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(withEnv({ DATABASE_URL: '' })().DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', 'postgres://'],
    ['PORT', 'eighty', 'PORT'],
    ['AUTH_SECRET', 'short', 'openssl rand'],
    ['BOOTSTRAP_EMAIL', 'nope', 'email'],
    ['WORKER_MODE', 'sometimes', 'WORKER_MODE'],
    ['WORKER_CONCURRENCY', '0', 'whole number of jobs from 1 to 16'],
    ['LIGHT_WORKER_CONCURRENCY', 'many', 'whole number of jobs from 1 to 64'],
    ['LIGHT_WORKER_CONCURRENCY', '2.5', 'whole number of jobs from 1 to 64'],
    ['WORKER_LANES', 'fast', 'must be all, heavy or light'],
  ])('names %s and the fix when it is invalid', (name, value, hint) => {
    const read = withEnv({ [name]: value, BOOTSTRAP_PASSWORD: name === 'BOOTSTRAP_EMAIL' ? 'long-enough' : undefined });
    expect(read).toThrow(name);
    expect(read).toThrow(hint);
  });

  it('requires BOOTSTRAP_EMAIL and BOOTSTRAP_PASSWORD together', () => {
    expect(withEnv({ BOOTSTRAP_EMAIL: 'a@example.com', BOOTSTRAP_PASSWORD: undefined })).toThrow('BOOTSTRAP_PASSWORD');
  });

  it('requires S3_BUCKET with the s3 storage driver', () => {
    expect(withEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: undefined })).toThrow('S3_BUCKET');
  });
});

describe('WORKER_MODE=route and Vercel', () => {
  const routeEnv = {
    WORKER_MODE: 'route',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/clipwright',
    CRON_SECRET: 'a-cron-secret-of-32-characters!!',
    APP_URL: 'https://video.example.com',
  };

  it('accepts route mode on Postgres with a CRON_SECRET and an APP_URL; the budget defaults to 180 s', () => {
    expect(withEnv(routeEnv)()).toMatchObject({ WORKER_MODE: 'route', JOBS_ROUTE_BUDGET_SECONDS: 180, CRON_SECRET: routeEnv.CRON_SECRET });
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: '' }, /DATABASE_URL: is required when WORKER_MODE=route.*PGlite/s],
    ['CRON_SECRET', { CRON_SECRET: undefined }, /CRON_SECRET: is required when WORKER_MODE=route/],
    ['APP_URL', { APP_URL: undefined }, /APP_URL: is required when WORKER_MODE=route/],
  ])('refuses route mode without %s, naming it', (_name, change, message) => {
    expect(withEnv({ ...routeEnv, ...change })).toThrow(message);
  });

  it('refuses to run on Vercel (VERCEL=1) without DATABASE_URL: PGlite needs a persistent disk', () => {
    expect(withEnv({ VERCEL: '1', DATABASE_URL: undefined })).toThrow(/DATABASE_URL: is required on Vercel \(VERCEL=1\).*persistent disk/s);
    const onVercel = { VERCEL: '1', DATABASE_URL: routeEnv.DATABASE_URL, STORAGE_DRIVER: 's3', S3_BUCKET: 'clipwright' };
    expect(withEnv(onVercel)().VERCEL).toBe(true);
  });

  it('refuses local storage on Vercel: a function keeps no files', () => {
    expect(withEnv({ VERCEL: '1', DATABASE_URL: routeEnv.DATABASE_URL, STORAGE_DRIVER: undefined })).toThrow(
      /STORAGE_DRIVER: must be s3 on Vercel.*R2/s,
    );
  });

  it.each([
    ['CRON_SECRET', 'short', 'at least 16 characters'],
    ['JOBS_ROUTE_BUDGET_SECONDS', '2', 'at least 5 seconds'],
    ['JOBS_ROUTE_BUDGET_SECONDS', 'soon', 'whole number of seconds'],
    ['WORKER_MODE', 'lambda', 'must be embedded, off or route'],
  ])('names %s when it is invalid', (name, value, hint) => {
    const read = withEnv({ ...routeEnv, [name]: value });
    expect(read).toThrow(name);
    expect(read).toThrow(hint);
  });
});
