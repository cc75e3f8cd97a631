/**
 * `npm run bench:deliveries`: what dead rows cost the webhook pipeline, side
 * by side in one run. On a fresh Postgres database each (BENCH_DATABASE_URL's
 * server), one light-lane worker (LIGHT_WORKER_CONCURRENCY slots) delivers
 * rounds of BENCH_EVENTS outbox events (default 2,500, BENCH_ROUNDS rounds,
 * default 6) to a local receiver, once with the worker's every-minute vacuum
 * (server/jobs/vacuum.ts) and once without it. Per round: the buffers the
 * database read per delivery (`blks_hit + blks_read` of pg_stat_database, which
 * does not depend on what else the machine is doing) and the delivery rate
 * (which does).
 *
 * Meaningful on a server where autovacuum does not run (`SHOW autovacuum` →
 * off, as on the machines these benchmarks ran on): with autovacuum on, both
 * columns measure autovacuum.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2500);
const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Round {
  buffersPerDelivery: number;
  perMinute: number;
  deadJobRows: number;
}

/** One mode, in a process of its own (the database URL is read once per process). */
async function child(selfVacuum: boolean): Promise<void> {
  const { sql } = await import('drizzle-orm');
  const { executedRows, getDb } = await import('../../server/db/client');
  const { accounts } = await import('../../server/db/schema');
  const { newAccountId } = await import('../../server/lib/ids');
  const { writeOutboxEvent } = await import('../../server/jobs/outbox');
  const { LaneWorkers } = await import('../../server/jobs/lanes');
  const { createJobRegistry } = await import('../../server/jobs/kinds');
  const { scheduleVacuum } = await import('../../server/jobs/vacuum');
  const { createWebhookEndpoint } = await import('../../server/webhooks/service');
  const { startReceiver } = await import('../../tests/helpers/webhooks/receiver');

  const db = await getDb();
  const receiver = await startReceiver();
  let delivered = 0;
  receiver.respond(() => {
    delivered++;
    return { status: 200, body: 'ok' };
  });
  const accountId = newAccountId();
  await db.insert(accounts).values({ id: accountId, name: 'bench deliveries' });
  await createWebhookEndpoint(db, { accountId, input: { url: receiver.url, events: ['*'], enabled: true, description: '' } });
  if (selfVacuum) await scheduleVacuum(db);
  const workers = new LaneWorkers({ db, registry: createJobRegistry(), lanes: ['light'], leaseMs: 60_000 });
  workers.start();
  const one = async (query: ReturnType<typeof sql>) => executedRows(await db.execute(query))[0] ?? {};
  const buffers = async () => Number((await one(sql`select blks_hit + blks_read as b from pg_stat_database where datname = current_database()`)).b);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const before = delivered;
    const b0 = await buffers();
    const t0 = Date.now();
    for (let i = 0; i < EVENTS; i += 50) {
      await db.transaction(async (tx) => {
        for (let k = i; k < Math.min(EVENTS, i + 50); k++) {
          await writeOutboxEvent(tx as never, { accountId, type: 'video.created', payload: { video: { id: `vid_${r}_${k}` } } });
        }
      });
    }
    while (delivered - before < EVENTS) await new Promise((res) => setTimeout(res, 100));
    const ms = Date.now() - t0;
    const dead = Number((await one(sql`select n_dead_tup as n from pg_stat_user_tables where relname = 'jobs'`)).n ?? 0);
    rounds.push({ buffersPerDelivery: ((await buffers()) - b0) / EVENTS, perMinute: (EVENTS / ms) * 60_000, deadJobRows: dead });
    console.error(`[${selfVacuum ? 'vacuum' : 'no vacuum'}] round ${r + 1}/${ROUNDS}: ${JSON.stringify(rounds.at(-1))}`);
  }
  await workers.stop();
  await receiver.close();
  console.log(JSON.stringify(rounds));
  process.exit(0);
}

async function freshDatabase(tag: string): Promise<string> {
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  const name = `bench_deliveries_${tag}_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const [setting] = await admin<{ autovacuum: string }[]>`show autovacuum`;
  await admin.end();
  if (setting?.autovacuum !== 'off') console.log(`note: autovacuum is ${setting?.autovacuum} on this server; both runs measure it too`);
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main() {
  if (process.env.BENCH_DELIVERIES_CHILD) return child(process.env.BENCH_DELIVERIES_CHILD === 'vacuum');
  const results: Record<string, Round[]> = {};
  for (const mode of ['no-vacuum', 'vacuum'] as const) {
    const url = await freshDatabase(mode.replace('-', '_'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, DATABASE_URL: url, BENCH_DELIVERIES_CHILD: mode, ALLOW_PRIVATE_NETWORK_TARGETS: 'true', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`the ${mode} run failed (exit ${run.status})`);
    results[mode] = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Round[];
  }
  console.log(`\n${ROUNDS} rounds of ${EVENTS} webhook deliveries, one light-lane worker\n`);
  console.log('| round (deliveries so far) | no vacuum: buffers per delivery | vacuum: buffers per delivery | no vacuum: per minute | vacuum: per minute |');
  console.log('|---|---|---|---|---|');
  for (let r = 0; r < ROUNDS; r++) {
    const a = results['no-vacuum']![r]!;
    const b = results.vacuum![r]!;
    console.log(`| ${r + 1} (${((r + 1) * EVENTS).toLocaleString('en')}) | ${a.buffersPerDelivery.toFixed(0)} | ${b.buffersPerDelivery.toFixed(0)} | ${a.perMinute.toFixed(0)} | ${b.perMinute.toFixed(0)} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
