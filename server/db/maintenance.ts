/**
 * VACUUM where nothing else does it.
 *
 * The job queue, the outbox and the webhook log turn over thousands of rows a
 * minute: every claim, heartbeat and completion leaves a dead row version and
 * a dead entry in each index. Postgres's autovacuum normally reclaims them;
 * without it every lookup and claim walks more dead entries each minute. A
 * soak on a Postgres server with `autovacuum = off` read 219 buffers per
 * webhook delivery at first and 1,071 after 15,000 deliveries, and the
 * delivery rate fell by half; one VACUUM brought it back to 211. PGlite (the
 * embedded default) never autovacuums: it has no background processes.
 *
 * So when no autovacuum launcher runs (PGlite, or a server with autovacuum
 * off), the worker does what it would: every minute it vacuums (and analyzes)
 * each table whose dead rows pass a threshold, read from the statistics.
 * Where autovacuum runs, migration 0018 only makes it visit the queue tables
 * sooner than its default (20 % of the table) would.
 */
import { sql } from 'drizzle-orm';
import { executedRows, type Db } from './client';

/** A table is vacuumed once its dead rows pass this many plus DEAD_FRACTION of its live rows. */
export const DEAD_ROWS_THRESHOLD = 1_000;
export const DEAD_FRACTION = 0.05;

export interface VacuumedTable {
  table: string;
  deadRows: number;
  liveRows: number;
  ms: number;
}

/** Whether an autovacuum launcher is running for this database server (never on PGlite). */
export async function autovacuumRuns(db: Db): Promise<boolean> {
  const rows = executedRows(
    await db.execute(sql`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum launcher'`),
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The tables of the public schema past the threshold, most dead rows first. */
export async function tablesNeedingVacuum(
  db: Db,
  params: { minDead?: number; fraction?: number } = {},
): Promise<Array<{ table: string; deadRows: number; liveRows: number }>> {
  const minDead = params.minDead ?? DEAD_ROWS_THRESHOLD;
  const fraction = params.fraction ?? DEAD_FRACTION;
  const rows = executedRows(
    await db.execute(sql`
      select relname as table, n_dead_tup::bigint as dead, n_live_tup::bigint as live
      from pg_stat_user_tables
      where schemaname = 'public' and n_dead_tup >= ${minDead}::bigint + ${fraction}::float8 * n_live_tup
      order by n_dead_tup desc`),
  );
  return rows.map((r) => ({ table: String(r.table), deadRows: Number(r.dead), liveRows: Number(r.live) }));
}

/** VACUUM (ANALYZE) of each table past the threshold, one at a time (never inside a transaction). */
export async function vacuumDeadRows(db: Db, params: { minDead?: number; fraction?: number } = {}): Promise<VacuumedTable[]> {
  const done: VacuumedTable[] = [];
  for (const { table, deadRows, liveRows } of await tablesNeedingVacuum(db, params)) {
    const started = performance.now();
    await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
    done.push({ table, deadRows, liveRows, ms: Math.round(performance.now() - started) });
  }
  return done;
}
