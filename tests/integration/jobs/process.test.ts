/**
 * Worker processes: SIGKILL mid-job (the job runs again after the lease
 * lapses), SIGTERM mid-job (released, exit 0), and `npm run worker` refusing a
 * PGlite data dir held by another process. Child processes need a database
 * they can share, so the crash tests run on Postgres only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lockDataDir, type Db } from '@/server/db/client';
import { enqueueJob, getJob } from '@/server/jobs/queue';
import { defineJobKind, JobRegistry } from '@/server/jobs/registry';
import { testDb, testDbDriver, testDbUrl } from '../../helpers/db';
import { uniqueKind, waitFor } from '../../helpers/jobs-fixtures';
import { Worker } from '@/server/jobs/worker';

const onPostgres = testDbDriver() === 'postgres';
const CHILD = path.resolve(import.meta.dirname, '../../helpers/jobs-child-worker.ts');

let db: Db;
beforeAll(async () => {
  if (onPostgres) db = (await testDb()).db;
});

interface Spawned {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  output: () => string;
  exited: Promise<number | null>;
  waitForLine: (match: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  // npx → tsx → node: kill the whole group of anything a failed test left behind.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
});

function spawnTsx(script: string, env: Record<string, string>, args: string[] = []): Spawned {
  const child = spawn('npx', ['tsx', script, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  let text = '';
  let buffered = '';
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        lines.push(JSON.parse(line));
      } catch {
        /* not JSON */
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    output: () => text,
    exited,
    waitForLine: (match, timeoutMs = 30_000) =>
      waitFor('a line from the child process', () => lines.find(match), { timeoutMs, intervalMs: 25 }).catch((err) => {
        throw new Error(`${(err as Error).message}\n--- child output ---\n${text}`);
      }),
  };
}

const payload = z.object({ n: z.number() });

// Concurrent: each test waits mostly on a child process starting up.
describe.skipIf(!onPostgres).concurrent('worker process crash and shutdown (Postgres)', () => {
  it('kill -9 mid-job: the job is picked up again once the lease lapses and runs to completion', async () => {
    const kind = defineJobKind({ kind: uniqueKind('sigkill'), payload });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const leaseMs = 1_000;
    const proc = spawnTsx(CHILD, { CHILD_DB_URL: await testDbUrl(), CHILD_KIND: kind.kind, CHILD_LEASE_MS: String(leaseMs) });
    const started = await proc.waitForLine((l) => l.event === 'started' && l.jobId === job.id);
    const pid = started.pid as number;
    expect(await getJob(db, job.id)).toMatchObject({ status: 'running', attempts: 1, lockedBy: `child:${pid}` });

    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    await proc.exited;

    let reranAt = 0;
    const registry = new JobRegistry().register(kind, {
      handle: async ({ attempt }) => {
        reranAt = Date.now();
        return async () => ({ attempt });
      },
    });
    const survivor = new Worker({ db, registry, pollMs: 50, leaseMs: 5_000 });
    survivor.start();
    const done = await waitFor('the job to succeed on a surviving worker', async () => {
      const row = await getJob(db, job.id);
      return row?.status === 'succeeded' ? row : null;
    }).finally(() => survivor.stop({ graceMs: 0 }));
    expect(done).toMatchObject({ attempts: 2, result: { attempt: 2 } });
    // Not before the dead worker's lease (renewed every 250 ms) could have lapsed.
    expect(reranAt - killedAt).toBeGreaterThan(leaseMs / 2);
  });

  it('SIGTERM mid-job: the worker releases the job (not counted as an attempt) and exits 0', async () => {
    const kind = defineJobKind({ kind: uniqueKind('sigterm'), payload });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const proc = spawnTsx(CHILD, {
      CHILD_DB_URL: await testDbUrl(),
      CHILD_KIND: kind.kind,
      CHILD_LEASE_MS: '5000',
      CHILD_GRACE_MS: '200',
    });
    const started = await proc.waitForLine((l) => l.event === 'started' && l.jobId === job.id);
    process.kill(started.pid as number, 'SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(await getJob(db, job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });

  it('npm run worker starts both lanes on Postgres and exits 0 on SIGTERM', async () => {
    const proc = spawnTsx('scripts/worker.ts', { DATABASE_URL: await testDbUrl(), LOG_LEVEL: 'info' });
    const started = await proc.waitForLine((l) => l.msg === 'job worker started');
    const pid = Number(String(started.workerId).split(':')[1]);
    process.kill(pid, 'SIGTERM');
    expect(await proc.exited).toBe(0);
    const lanes = proc.lines.filter((l) => l.msg === 'job worker started');
    expect(lanes.map((l) => String(l.workerId).split(':').at(-1)).sort()).toEqual(['heavy', 'light']);
    const heavy = lanes.find((l) => String(l.workerId).endsWith(':heavy'))!;
    expect(heavy).toMatchObject({ kinds: expect.arrayContaining(['render', 'media.process']), concurrency: 1, outboxConsumers: [] });
    expect(lanes.find((l) => l !== heavy)).toMatchObject({ kinds: expect.arrayContaining(['webhook.deliver']), concurrency: 4 });
    expect(proc.lines.filter((l) => l.msg === 'job worker stopped')).toHaveLength(2);
  });

  it('npm run worker -- --lane heavy runs the heavy lane only, and dispatches the outbox', async () => {
    const proc = spawnTsx('scripts/worker.ts', { DATABASE_URL: await testDbUrl(), LOG_LEVEL: 'info' }, ['--lane', 'heavy']);
    const started = await proc.waitForLine((l) => l.msg === 'job worker started');
    process.kill(Number(String(started.workerId).split(':')[1]), 'SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.lines.filter((l) => l.msg === 'job worker started')).toHaveLength(1);
    expect(started.workerId).toMatch(/:heavy$/);
    expect(started.kinds).not.toContain('webhook.deliver');
    expect((started.outboxConsumers as string[]).length).toBeGreaterThan(0);
  });
});

describe('npm run worker arguments', () => {
  it('refuses an unknown lane with the accepted values', async () => {
    const proc = spawnTsx('scripts/worker.ts', { DATABASE_URL: '' }, ['--lane', 'fast']);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('--lane must be heavy, light or all (got fast)');
  });
});

describe('npm run worker with the embedded database', () => {
  it('refuses clearly when another process holds the data dir', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-worker-lock-'));
    const release = lockDataDir(dir);
    try {
      const proc = spawnTsx('scripts/worker.ts', { DATABASE_URL: '', DATA_DIR: dir });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain('is in use by another process');
      expect(proc.output()).toContain('set DATABASE_URL');
    } finally {
      release();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
