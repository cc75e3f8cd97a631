/**
 * The integration suites' database: one per test worker, shared by the files
 * that worker runs one after another (tests never assume an empty database:
 * each creates its own users and accounts). PGlite in memory by default; on
 * integration-pg, a clone of the run's migrated template database made for
 * this test worker, so the two workers' files (and the worker processes they
 * spawn) never see each other's jobs. Installed as the app's handle so route
 * handlers and services see the same one.
 */
import postgres from 'postgres';
import { inject } from 'vitest';
import { installDb, openDb, type DbHandle } from '../../server/db/client';

const g = globalThis as unknown as { __testDb?: Promise<DbHandle>; __testDbUrl?: Promise<string> };

export function testDbDriver(): 'pglite' | 'postgres' {
  return process.env.TEST_DB_DRIVER === 'postgres' ? 'postgres' : 'pglite';
}

/** This test process's Postgres database (cloned on first use from the run's template). */
export function testDbUrl(): Promise<string> {
  if (!g.__testDbUrl) {
    g.__testDbUrl = (async () => {
      const template = new URL(inject('pgTestUrl'));
      const templateName = template.pathname.slice(1);
      // Per process: a test worker runs its files one after another in one process (isolate: false).
      const name = `${templateName}_w${process.pid}`;
      const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        await cloneWithRetry(admin, name, templateName);
      } finally {
        await admin.end();
      }
      template.pathname = `/${name}`;
      return template.toString();
    })();
  }
  return g.__testDbUrl;
}

/** CREATE DATABASE … TEMPLATE fails while another session briefly touches the template: retry. */
async function cloneWithRetry(admin: postgres.Sql, name: string, template: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
      return;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

export function testDb(): Promise<DbHandle> {
  if (!g.__testDb) {
    g.__testDb = (async () => {
      const handle =
        testDbDriver() === 'postgres' ? await openDb({ url: await testDbUrl(), poolMax: 5 }) : await openDb({});
      installDb(handle);
      return handle;
    })();
  }
  return g.__testDb.then((h) => {
    installDb(h);
    return h;
  });
}
