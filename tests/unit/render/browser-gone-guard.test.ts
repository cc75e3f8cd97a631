/**
 * The guard against "Target closed" rejections of a closed render browser
 * (server/render/browser.ts) keeps the process alive for exactly those, and
 * only those: any other unhandled rejection still ends a standalone worker,
 * as Node's default does. Each case runs in a child process, as the worker
 * would.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function run(rejection: string): { status: number | null; stdout: string } {
  const script = `
    import { guardBrowserGoneRejections } from ${JSON.stringify(path.resolve('server/render/browser.ts'))};
    guardBrowserGoneRejections();
    Promise.reject(new Error(${JSON.stringify(rejection)}));
    setTimeout(() => { console.log('still alive'); process.exit(0); }, 300);
  `;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
  return { status: res.status, stdout: res.stdout };
}

// Each case starts a node process with tsx (~2 s on 2 cores, over 5 s on a VM whose cores are partly stolen).
describe('guardBrowserGoneRejections', { timeout: 30_000 }, () => {
  it('survives a "Target closed" rejection from a tab of a closed browser', () => {
    const res = run('Protocol error (Target.closeTarget): Target closed');
    expect(res.stdout).toContain('still alive');
    expect(res.status).toBe(0);
  });

  it('still ends the process on any other unhandled rejection', () => {
    const res = run('database is on fire');
    expect(res.stdout).not.toContain('still alive');
    expect(res.status).not.toBe(0);
  });
});
