import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { authSecret, resetEnvCache } from '@/server/env';

const run = promisify(execFile);
const dirs: string[] = [];
const saved = { DATA_DIR: process.env.DATA_DIR, AUTH_SECRET: process.env.AUTH_SECRET };

afterEach(() => {
  process.env.DATA_DIR = saved.DATA_DIR;
  if (saved.AUTH_SECRET === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = saved.AUTH_SECRET;
  resetEnvCache();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-secret-'));
  dirs.push(dir);
  return dir;
}

describe('generated AUTH_SECRET', () => {
  it('is generated once into DATA_DIR, private, and read back after', () => {
    const dir = freshDataDir();
    process.env.DATA_DIR = dir;
    delete process.env.AUTH_SECRET;
    resetEnvCache();
    const first = authSecret();
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(authSecret()).toBe(first);
    expect(readdirSync(dir)).toEqual(['auth-secret']); // no temporary file left
    expect(statSync(path.join(dir, 'auth-secret')).mode & 0o777).toBe(0o600);
  });

  it('is the same for processes that start together (WEB_PROCESSES)', async () => {
    const dir = freshDataDir();
    const script = "import { authSecret } from './server/env.ts'; process.stdout.write(authSecret());";
    const { AUTH_SECRET: _unset, ...rest } = process.env;
    const env = { ...rest, DATA_DIR: dir };
    const outs = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env })),
    );
    const secrets = new Set(outs.map((o) => o.stdout));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toMatch(/^[\w-]{43}$/);
    expect(readdirSync(dir)).toEqual(['auth-secret']);
  }, 60_000);
});
