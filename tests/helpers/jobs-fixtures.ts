/**
 * Helpers for the jobs suites: unique kinds (the integration database is
 * shared, so every test scopes itself to kinds and accounts it created), a
 * tenant row, polling for a condition, and running a worker (or a process's
 * lane workers) that is always stopped after the test.
 */
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { Db } from '../../server/db/client';
import { accounts } from '../../server/db/schema';
import { LaneWorkers, type LaneWorkersOptions } from '../../server/jobs/lanes';
import { Worker, type WorkerOptions } from '../../server/jobs/worker';
import { newAccountId } from '../../server/lib/ids';

export function uniqueKind(tag: string): string {
  return `test.${tag}.${randomUUID().slice(0, 8)}`;
}

export async function createTestAccount(db: Db): Promise<string> {
  const id = newAccountId();
  await db.insert(accounts).values({ id, name: `jobs test ${id}` });
  return id;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 10_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

const TEST_TIMINGS = { leaseMs: 5_000, pollMs: 100, shutdownGraceMs: 1_000, abortWaitMs: 500 };

/**
 * Call at the top of a test file: returns `start(options)`, which starts a
 * worker with test-friendly timings that is stopped after the current test.
 * (A hook registered here at import time would attach to the first file only:
 * the suites share modules across files.)
 */
export function useTestWorkers() {
  const started: Worker[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.stop({ graceMs: 0 })));
  });
  return function startTestWorker(options: WorkerOptions): Worker {
    const worker = new Worker({ ...TEST_TIMINGS, concurrency: 1, ...options });
    worker.start();
    started.push(worker);
    return worker;
  };
}

/** Like useTestWorkers, for the per-lane workers of one process (server/jobs/lanes.ts). */
export function useTestLaneWorkers() {
  const started: LaneWorkers[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.stop({ graceMs: 0 })));
  });
  return function startTestLaneWorkers(options: LaneWorkersOptions): LaneWorkers {
    const workers = new LaneWorkers({ ...TEST_TIMINGS, ...options });
    workers.start();
    started.push(workers);
    return workers;
  };
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
