/**
 * Waking idle workers without waiting for the next poll.
 *
 * Enqueueing a job (or writing an outbox event) sends a Postgres NOTIFY on
 * one channel. NOTIFY is transactional: it is delivered when the enqueueing
 * transaction commits, so a woken worker finds the row. Both drivers support
 * LISTEN (PGlite too, in-process), which covers "same process" and "another
 * process on the same Postgres" alike. When LISTEN is not available (e.g. a
 * transaction-mode connection pooler) the in-process emitter still wakes
 * workers of the same process; polling covers the rest.
 */
import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

export const JOBS_CHANNEL = 'clipwright_jobs';
/** NOTIFY payload for outbox writes; job enqueues send their kind. */
export const OUTBOX_WAKE = 'outbox';

// On globalThis: Next may load this module more than once (instrumentation vs route bundles).
const g = globalThis as unknown as { __clipwrightJobSignals?: EventEmitter };
const emitter = (g.__clipwrightJobSignals ??= new EventEmitter().setMaxListeners(0));

/** Tells listeners in this process and, at commit, in every process that work is waiting. */
export async function notifyWorkers(db: Db, what: string): Promise<void> {
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${what})`);
  emitter.emit('wake', what);
}

/** In-process wake-ups (fire before commit; used when LISTEN is unavailable). */
export function onLocalWake(listener: (what: string) => void): () => void {
  emitter.on('wake', listener);
  return () => emitter.off('wake', listener);
}

type PgliteLike = { listen: (channel: string, cb: (payload: string) => void) => Promise<() => Promise<void>> };
type PostgresJsLike = {
  listen: (channel: string, cb: (payload: string) => void) => Promise<{ unlisten: () => Promise<void> }>;
};

/**
 * LISTENs on the jobs channel through the driver's own client; resolves to an
 * unsubscribe function, or null when the driver cannot listen.
 */
export async function listenForWork(db: Db, onWake: (what: string) => void): Promise<(() => Promise<void>) | null> {
  const client = (db as unknown as { $client?: unknown }).$client as PgliteLike | PostgresJsLike | undefined;
  if (!client || typeof client.listen !== 'function') return null;
  const handle: unknown = await (client as PgliteLike).listen(JOBS_CHANNEL, (payload) => onWake(payload ?? ''));
  if (typeof handle === 'function') return handle as () => Promise<void>;
  if (handle && typeof (handle as { unlisten?: unknown }).unlisten === 'function') {
    return () => (handle as { unlisten: () => Promise<void> }).unlisten();
  }
  return null;
}
