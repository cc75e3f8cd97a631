/**
 * `npm start` as a service manager runs it: SIGTERM goes to npm's process,
 * and must reach the server (the script `exec`s the launcher, so no shell sits
 * between them), which stops its job worker and closes its database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/app-server';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cw-npm-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('serves, and on SIGTERM to npm shuts the server down cleanly', async () => {
    const port = await freePort();
    const { DATABASE_URL: _d, WEB_PROCESSES: _w, ...env } = process.env;
    const npm = spawn('npm', ['start'], {
      env: { ...env, NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir, WORKER_LANES: 'light' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (d) => (output += d));
    npm.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`npm start did not serve:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    npm.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
    expect(code, output).not.toBe('timeout');
    expect(output).toContain('"msg":"shutting down"');
    expect(output).toContain('"msg":"job worker stopped"');
    // Nothing is left serving the port.
    expect(await fetch(`http://127.0.0.1:${port}/api/health`).then(() => 'served', () => 'closed')).toBe('closed');
  }, 90_000);
});
