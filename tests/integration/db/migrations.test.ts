import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { signUp, verifyCredentials } from '@/server/accounts/service';
import { openDb, type Db } from '@/server/db/client';
import { testDb, testDbDriver } from '../../helpers/db';

const run = promisify(execFile);
const journal = JSON.parse(readFileSync(path.resolve('drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function tableNames(db: Db): Promise<string[]> {
  const rows = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  )) as unknown as { rows?: Array<{ table_name: string }> } & Array<{ table_name: string }>;
  return (rows.rows ?? rows).map((r) => r.table_name);
}

async function appliedMigrations(db: Db): Promise<number> {
  const res = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as {
    rows?: Array<{ n: number }>;
  } & Array<{ n: number }>;
  return (res.rows ?? res)[0]!.n;
}

describe(`migrations (${testDbDriver()})`, () => {
  it('the committed migrations create every table and are all recorded as applied', async () => {
    const { db } = await testDb();
    const tables = await tableNames(db);
    for (const t of ['users', 'accounts', 'memberships', 'api_keys', 'projects']) expect(tables).toContain(t);
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
  });
});

describe.runIf(testDbDriver() === 'pglite')('embedded data directory', () => {
  it('keeps data across a restart, and migrating again changes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-pglite-'));
    tmpDirs.push(dir);
    const first = await openDb({ pgliteDir: dir });
    await signUp(first.db, { email: 'persist@example.com', password: 'long-enough-pw', account_name: 'Persisted' });
    await first.close();

    const second = await openDb({ pgliteDir: dir });
    expect(await appliedMigrations(second.db)).toBe(journal.entries.length);
    expect(await verifyCredentials(second.db, 'persist@example.com', 'long-enough-pw')).toMatchObject({
      email: 'persist@example.com',
    });
    await second.close();
  });

  it('refuses a second process on the same data directory with a clear error, and frees it on close', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-pglite-lock-'));
    tmpDirs.push(dir);
    const handle = await openDb({ pgliteDir: dir });
    const child = () =>
      run('npx', ['tsx', 'tests/helpers/open-db-child.ts', dir], { cwd: process.cwd() }).then(
        (r) => r.stdout,
        (e: { stdout: string }) => e.stdout,
      );
    const refused = await child();
    expect(refused).toContain('ERROR DataDirLockedError');
    expect(refused).toContain('in use by another process');
    expect(refused).toContain('DATABASE_URL');
    await handle.close();
    expect(await child()).toContain('OPENED');
  });
});
