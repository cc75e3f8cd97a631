/**
 * The worker's stand-in for autovacuum (server/db/maintenance.ts,
 * server/jobs/vacuum.ts): on a database where no autovacuum launcher runs
 * (PGlite always; this machine's Postgres has `autovacuum = off`) dead rows
 * left by the queue are found from the statistics and vacuumed, and the
 * every-minute chain runs; where a launcher runs, nothing is scheduled.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { executedRows, type Db } from '@/server/db/client';
import { autovacuumRuns, tablesNeedingVacuum, vacuumDeadRows } from '@/server/db/maintenance';
import { jobs } from '@/server/db/schema';
import { newJobId } from '@/server/jobs/queue';
import { dbVacuumJob, handleVacuum, scheduleVacuum, VACUUM_INTERVAL_MS } from '@/server/jobs/vacuum';
import { testDb } from '../../helpers/db';
import { createTestAccount, uniqueKind, waitFor } from '../../helpers/jobs-fixtures';

let db: Db;
let accountId: string;
beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
});

async function deadJobRows(): Promise<number> {
  const rows = executedRows(await db.execute(sql`select n_dead_tup::int as n from pg_stat_user_tables where relname = 'jobs'`));
  return Number(rows[0]?.n ?? 0);
}

describe('vacuum where no autovacuum runs', () => {
  it('finds the tables the queue churned from the statistics and vacuums them', async () => {
    const kind = uniqueKind('churn');
    const ids = Array.from({ length: 1_500 }, () => newJobId());
    await db.insert(jobs).values(ids.map((id) => ({ id, kind, accountId, payload: {}, maxAttempts: 3 })));
    // Claimed and finished, as a worker would: two dead row versions each.
    await db.update(jobs).set({ status: 'running', attempts: 1 }).where(eq(jobs.kind, kind));
    await db.update(jobs).set({ status: 'succeeded', finishedAt: new Date() }).where(eq(jobs.kind, kind));

    // Statistics reach the shared counters within a second or so of the commit.
    const before = await waitFor('the dead rows in the statistics', async () => {
      const dead = await deadJobRows();
      return dead >= 3_000 ? dead : null;
    });
    const candidates = await tablesNeedingVacuum(db, { minDead: 2_000, fraction: 0 });
    expect(candidates.map((t) => t.table)).toContain('jobs');

    const vacuumed = await vacuumDeadRows(db, { minDead: 2_000, fraction: 0 });
    const jobsRun = vacuumed.find((t) => t.table === 'jobs');
    expect(jobsRun).toMatchObject({ deadRows: expect.any(Number), ms: expect.any(Number) });
    expect(jobsRun!.deadRows).toBeGreaterThanOrEqual(3_000);
    // VACUUM reports its own counts at once; other suites may have churned a few rows since.
    expect(await deadJobRows()).toBeLessThan(before - 2_500);
  });

  it('leaves alone what is below the threshold', async () => {
    const vacuumed = await vacuumDeadRows(db, { minDead: 10_000_000, fraction: 0 });
    expect(vacuumed).toEqual([]);
  });

  it('runs every minute only where no autovacuum launcher runs', async () => {
    const launcher = await autovacuumRuns(db);
    expect(await scheduleVacuum(db)).toBe(!launcher);
    const nextMinute = (Math.floor(Date.now() / VACUUM_INTERVAL_MS) + 1) * VACUUM_INTERVAL_MS;
    const queued = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, dbVacuumJob.kind), eq(jobs.status, 'queued'), like(jobs.dedupeKey, 'minute:%')));
    if (launcher) {
      expect(queued).toEqual([]);
      return;
    }
    // Once per minute however many workers ask.
    await scheduleVacuum(db);
    expect(queued.filter((j) => j.runAt.getTime() >= nextMinute - VACUUM_INTERVAL_MS)).not.toHaveLength(0);
    const again = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, dbVacuumJob.kind), eq(jobs.status, 'queued'), eq(jobs.dedupeKey, `minute:${nextMinute / VACUUM_INTERVAL_MS}`)));
    expect(again.length).toBeLessThanOrEqual(1);

    // A run queues the next minute's in its commit.
    const commit = await handleVacuum();
    const result = await db.transaction((tx) => commit(tx as unknown as Db));
    expect(Array.isArray(result.vacuumed)).toBe(true);
  });
});
