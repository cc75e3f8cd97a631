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

  it('treats an empty DATABASE_URL as unset', () => {
    expect(withEnv({ DATABASE_URL: '' })().DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', 'postgres://'],
    ['PORT', 'eighty', 'PORT'],
    ['AUTH_SECRET', 'short', 'openssl rand'],
    ['BOOTSTRAP_EMAIL', 'nope', 'email'],
    ['WORKER_MODE', 'sometimes', 'WORKER_MODE'],
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
