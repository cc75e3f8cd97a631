/**
 * The workers that run inside the web process when WORKER_MODE=embedded (the
 * default; the only option with PGlite, which one process owns): one per lane
 * of WORKER_LANES (server/jobs/lanes.ts), so webhooks go out while a render
 * runs. Kept on globalThis like the database handle, so they start once per
 * process however many times Next loads this module.
 */
import type { Db } from '../db/client';
import { getEnv } from '../env';
import { createJobRegistry } from './kinds';
import { LaneWorkers } from './lanes';

const g = globalThis as unknown as { __clipwrightEmbeddedWorker?: LaneWorkers };

/** Starts the embedded lane workers unless WORKER_MODE=off; returns them (or null). */
export function startEmbeddedWorker(db: Db): LaneWorkers | null {
  if (getEnv().WORKER_MODE !== 'embedded') return null;
  if (!g.__clipwrightEmbeddedWorker) {
    const workers = new LaneWorkers({ db, registry: createJobRegistry() });
    workers.start();
    g.__clipwrightEmbeddedWorker = workers;
  }
  return g.__clipwrightEmbeddedWorker;
}

/** Graceful stop (finish or release running jobs); a no-op when none runs. */
export async function stopEmbeddedWorker(): Promise<void> {
  const workers = g.__clipwrightEmbeddedWorker;
  g.__clipwrightEmbeddedWorker = undefined;
  if (workers) await workers.stop();
}
