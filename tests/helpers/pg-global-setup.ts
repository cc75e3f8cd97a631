/**
 * For the integration-pg project: a fresh database per run on the server named
 * by TEST_DATABASE_URL, migrated once and used as the template from which each
 * test worker clones its own database (see `testDbUrl`), so a worker process
 * started by one file (e.g. `npm run worker` in a crash test) never claims the
 * jobs of a file running in the other test worker. All of them are dropped
 * afterwards; leftovers of killed runs are dropped first.
 */
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../server/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTestUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL!;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const name = `cw_test_${Date.now().toString(36)}_${process.pid}`;
  // Leftovers of killed runs: only those older than two hours, so concurrent runs never drop each other's.
  const stale = await admin<{ datname: string }[]>`
    select datname from pg_database where datname like 'cw_test_%'`;
  for (const { datname } of stale) {
    const started = parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(started) && Date.now() - started < 2 * 3600_000) continue;
    await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
  }
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  // Migrate, then disconnect: a database can only be cloned while nobody is connected to it.
  const handle = await openDb({ url: url.toString() });
  await handle.close();
  project.provide('pgTestUrl', url.toString());
  return async () => {
    const ours = await admin<{ datname: string }[]>`
      select datname from pg_database where datname = ${name} or datname like ${`${name}_w%`}`;
    for (const { datname } of ours) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
    await admin.end();
  };
}
