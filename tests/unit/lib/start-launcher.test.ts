/**
 * scripts/start.mjs (`npm start`) decides on WEB_PROCESSES before Next starts,
 * so it reads the .env files itself; wrong settings stop it with a message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const launcher = path.resolve('scripts/start.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(dotenv: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-start-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, '.env'), dotenv);
  const { WEB_PROCESSES: _w, DATABASE_URL: _d, ...rest } = process.env;
  return spawnSync(process.execPath, [launcher], { cwd: dir, env: { ...rest, ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('npm start launcher', () => {
  it('reads WEB_PROCESSES from .env, and refuses several processes on the embedded database', () => {
    const run = start('WEB_PROCESSES=2\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('WEB_PROCESSES > 1 needs DATABASE_URL');
  });

  it('names a WEB_PROCESSES that is not a whole number from 1 to 64; the environment wins over .env', () => {
    const run = start('WEB_PROCESSES=1\n', { WEB_PROCESSES: 'two' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid WEB_PROCESSES=two');
  });
});
