/**
 * `npm start` with WEB_PROCESSES=2 on Postgres: two processes answer one port,
 * a rate limit holds across them (counts shared through Postgres), the job
 * worker runs in one of them only, and SIGTERM stops them all.
 * Runs only where a Postgres server answers (TEST_DATABASE_URL).
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';

const base = process.env.TEST_DATABASE_URL;
const key = `cwk_${'WebProcs0Test1Key'.repeat(3)}`;
const limit = 20;
let app: AppServer;
let dbName: string;

/** One request on its own connection (no keep-alive), so the cluster spreads them over its processes. */
function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!base)('several web processes (WEB_PROCESSES=2, Postgres)', () => {
  beforeAll(async () => {
    dbName = `test_webprocs_${process.pid}`;
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}"`);
    await admin.unsafe(`create database "${dbName}"`);
    await admin.end();
    const url = new URL(base!);
    url.pathname = `/${dbName}`;
    app = await startApp({
      DATABASE_URL: url.toString(),
      WEB_PROCESSES: '2',
      BOOTSTRAP_EMAIL: 'owner@example.com',
      BOOTSTRAP_PASSWORD: 'bootstrap-password',
      BOOTSTRAP_API_KEY: key,
      ADS_RATE_LIMIT_PER_MINUTE: String(limit),
      WORKER_LANES: 'light',
    });
  }, 120_000);

  afterAll(async () => {
    await app?.cleanup();
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  });

  it('serves one port from two processes, runs the job worker in one, and keeps the rate limit across them', async () => {
    const children = childPids(app.pid()!);
    expect(children).toHaveLength(2);
    // Each process logs its own boot; only one started the job worker (one lane: light).
    expect(app.logs().match(/database ready/g)?.length).toBe(2);
    expect(app.logs().match(/job worker started/g)?.length).toBe(1);

    // Well inside one rate-limit window (windows are whole minutes).
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 100));

    const auth = { authorization: `Bearer ${key}` };
    const accounts = await (await fetch(`${app.url}/api/ads/3/accounts`, { headers: auth })).json();
    const accountId = accounts.data[0].id as string;
    const statuses: number[] = [];
    // 60 requests over ~1.5 s, one connection each: both processes count them, sharing every 200 ms.
    for (let i = 0; i < 60; i++) {
      statuses.push(await get(`${app.url}/api/ads/3/accounts/${accountId}/videos`, auth));
      await new Promise((r) => setTimeout(r, 25));
    }
    const ok = statuses.filter((s) => s === 200).length;
    const limited = statuses.filter((s) => s === 429).length;
    expect(ok + limited).toBe(60);
    // The accounts call above counted too. The limit may be overshot by what the other process
    // served since its last sync (≤ 200 ms, about 8 requests at this pace), never by the whole of it.
    expect(ok).toBeGreaterThanOrEqual(limit - 1);
    expect(ok).toBeLessThanOrEqual(limit + 10);
    expect(limited).toBeGreaterThanOrEqual(60 - limit - 10);
  }, 60_000);

  it('stops every process on SIGTERM', async () => {
    const launcher = app.pid()!;
    const children = childPids(launcher);
    await app.stop();
    expect(alive(launcher)).toBe(false);
    for (const pid of children) expect(alive(pid)).toBe(false);
  }, 30_000);
});
