/**
 * The database handle. Embedded PGlite (Postgres in WASM) under DATA_DIR when
 * DATABASE_URL is unset, postgres.js when it is set. Same schema, same SQL
 * migrations, applied before the first query on both.
 *
 * One handle per process, kept on globalThis so Next's route handlers, tRPC,
 * server components and instrumentation share it. PGlite is single-process: a
 * lock file refuses a second process instead of letting both corrupt the dir.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { dataDir, getEnv } from '../env';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbDriver = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  driver: DbDriver;
  close: () => Promise<void>;
}

export interface OpenDbOptions {
  /** postgres:// URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory (tests). */
  pgliteDir?: string;
  /** Apply migrations before returning (default true). */
  migrate?: boolean;
  poolMax?: number;
}

export class DataDirLockedError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `The embedded database in ${dir} is in use by another process (${holder}). ` +
        'PGlite allows one process per data directory: stop that process (the web app or a worker) first, ' +
        'or set DATABASE_URL to a Postgres server so several processes can share it.',
    );
    this.name = 'DataDirLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data dir's lock file or throws DataDirLockedError; returns a release function. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'pglite.lock');
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, me, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockFile, 'utf8') === me) rmSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(lockFile, 'utf8'));
      } catch {
        /* unreadable lock = stale */
      }
      const stale =
        !holder.pid ||
        holder.pid === process.pid ||
        (holder.host === os.hostname() && !processAlive(holder.pid));
      if (!stale) throw new DataDirLockedError(dir, `pid ${holder.pid} on ${holder.host}`);
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirLockedError(dir, 'unknown');
}

const migrationsFolder = () => path.resolve(process.cwd(), 'drizzle');

async function openPglite(opts: OpenDbOptions): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  if (opts.pgliteDir) {
    release = lockDataDir(opts.pgliteDir);
  }
  try {
    const client = opts.pgliteDir ? new PGlite(path.join(opts.pgliteDir, 'pg')) : new PGlite();
    await client.waitReady;
    const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
    if (opts.migrate !== false) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db as never, { migrationsFolder: migrationsFolder() });
    }
    return {
      db,
      driver: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

async function openPostgres(url: string, opts: OpenDbOptions): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  if (opts.migrate !== false) {
    // A dedicated single connection holds an advisory lock so that several web
    // processes and workers starting together apply each migration once.
    const lockClient = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await lockClient`select pg_advisory_lock(724011)`;
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      await migrate(drizzle({ client: lockClient, casing: 'snake_case' }), { migrationsFolder: migrationsFolder() });
      await lockClient`select pg_advisory_unlock(724011)`;
    } finally {
      await lockClient.end();
    }
  }
  const client = postgres(url, { max: opts.poolMax ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return { db, driver: 'postgres', close: () => client.end() };
}

/** Opens a new handle (tests, CLI). The app uses getDb(). */
export function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts);
}

const g = globalThis as unknown as { __clipwrightDb?: Promise<DbHandle> };

/** The process-wide handle, opened and migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  if (!g.__clipwrightDb) {
    const env = getEnv();
    const opening = openDb({
      url: env.DATABASE_URL,
      pgliteDir: env.DATABASE_URL ? undefined : dataDir(),
      poolMax: env.DB_POOL_MAX,
    });
    // A failed start must not poison every later request: forget it so the next call retries.
    opening.catch(() => {
      if (g.__clipwrightDb === opening) g.__clipwrightDb = undefined;
    });
    g.__clipwrightDb = opening;
  }
  return g.__clipwrightDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Test hook: make getDb() return this handle. */
export function installDb(handle: DbHandle | undefined) {
  g.__clipwrightDb = handle ? Promise.resolve(handle) : undefined;
}

export async function closeDb() {
  const handle = g.__clipwrightDb;
  g.__clipwrightDb = undefined;
  if (handle) await (await handle).close();
}

/** Liveness probe used by /api/health. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

export function pgliteDataExists(dir: string) {
  return existsSync(path.join(dir, 'pg'));
}

/** The rows of a raw `db.execute`: postgres.js answers an array, PGlite `{ rows }`. */
export function executedRows(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}
