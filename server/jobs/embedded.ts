/**
 * The worker that runs inside the web process when WORKER_MODE=embedded (the
 * default; the only option with PGlite, which one process owns). Kept on
 * globalThis like the database handle, so it starts once per process however
 * many times Next loads this module.
 */
import type { Db } from '../db/client';
import { getEnv } from '../env';
import { createJobRegistry } from './kinds';
import { Worker } from './worker';

const g = globalThis as unknown as { __clipwrightEmbeddedWorker?: Worker };

/** Starts the embedded worker unless WORKER_MODE=off; returns it (or null). */
export function startEmbeddedWorker(db: Db): Worker | null {
  if (getEnv().WORKER_MODE !== 'embedded') return null;
  if (!g.__clipwrightEmbeddedWorker) {
    const worker = new Worker({ db, registry: createJobRegistry() });
    worker.start();
    g.__clipwrightEmbeddedWorker = worker;
  }
  return g.__clipwrightEmbeddedWorker;
}

/** Graceful stop (finish or release running jobs); a no-op when none runs. */
export async function stopEmbeddedWorker(): Promise<void> {
  const worker = g.__clipwrightEmbeddedWorker;
  g.__clipwrightEmbeddedWorker = undefined;
  if (worker) await worker.stop();
}
