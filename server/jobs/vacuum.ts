/**
 * `db.vacuum`: the worker's stand-in for autovacuum (server/db/maintenance.ts),
 * every minute, only where no autovacuum launcher runs (PGlite, or Postgres
 * with `autovacuum = off`). Like the sweeps it schedules itself: each run's
 * commit queues the next minute's (one job per minute however many workers,
 * dedupe key per minute), and every worker start queues one.
 */
import { z } from 'zod';
import { getDb, type Db } from '../db/client';
import { autovacuumRuns, vacuumDeadRows, type VacuumedTable } from '../db/maintenance';
import { errorFields, logger } from '../lib/logger';
import { enqueueForHour } from './queue';
import { defineJobKind, type CommitFn } from './registry';

export const VACUUM_INTERVAL_MS = 60_000;

export const dbVacuumJob = defineJobKind({
  kind: 'db.vacuum',
  payload: z.object({}),
  maxAttempts: 3,
  backoff: { baseMs: 60_000, capMs: 15 * 60_000 },
  // Housekeeping never delays user-visible work.
  priority: 10,
});

/** Queues the next run for the start of the next minute. */
export async function scheduleNextVacuum(db: Db, now: number = Date.now()): Promise<void> {
  await enqueueForHour(db, {
    kind: dbVacuumJob,
    payload: {},
    notBefore: (Math.floor(now / VACUUM_INTERVAL_MS) + 1) * VACUUM_INTERVAL_MS,
    slotMs: VACUUM_INTERVAL_MS,
    prefix: 'minute',
  });
}

/**
 * At worker start: where autovacuum runs, nothing; otherwise says so once and
 * starts the every-minute chain. Returns whether the chain was started.
 */
export async function scheduleVacuum(db: Db): Promise<boolean> {
  if (await autovacuumRuns(db)) return false;
  logger.info('no autovacuum runs for this database (embedded, or autovacuum = off): the worker vacuums busy tables every minute');
  await scheduleNextVacuum(db);
  return true;
}

/** The `db.vacuum` handler: vacuums what needs it, then queues the next run (or stops if autovacuum started meanwhile). */
export async function handleVacuum(): Promise<CommitFn<{ vacuumed: VacuumedTable[] }>> {
  const db = await getDb();
  const vacuumed = await vacuumDeadRows(db);
  if (vacuumed.length > 0) logger.info('tables vacuumed', { vacuumed });
  const keepGoing = !(await autovacuumRuns(db).catch((err) => {
    logger.warn('could not check for autovacuum', errorFields(err));
    return false;
  }));
  return async (tx) => {
    if (keepGoing) await scheduleNextVacuum(tx);
    return { vacuumed };
  };
}
