/**
 * The integration suites' database: one per test worker, shared by the files
 * that worker runs (tests never assume an empty database: each creates its own
 * users and accounts). PGlite in memory by default; the per-run Postgres
 * database when the project is integration-pg. Installed as the app's handle
 * so route handlers and services see the same one.
 */
import { inject } from 'vitest';
import { installDb, openDb, type DbHandle } from '../../server/db/client';

const g = globalThis as unknown as { __testDb?: Promise<DbHandle> };

export function testDbDriver(): 'pglite' | 'postgres' {
  return process.env.TEST_DB_DRIVER === 'postgres' ? 'postgres' : 'pglite';
}

export function testDb(): Promise<DbHandle> {
  if (!g.__testDb) {
    g.__testDb = (async () => {
      const handle =
        testDbDriver() === 'postgres' ? await openDb({ url: inject('pgTestUrl'), poolMax: 5 }) : await openDb({});
      installDb(handle);
      return handle;
    })();
  }
  return g.__testDb.then((h) => {
    installDb(h);
    return h;
  });
}
