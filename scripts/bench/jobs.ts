/**
 * `npm run build && npm run bench:jobs`: how fast the job layouts publish
 * short videos on Postgres, over real HTTP against the production build:
 *
 * - `workers=1`, `workers=2`: the web process with WORKER_MODE=off and that
 *   many `npm run worker` processes (WORKER_CONCURRENCY=1 each);
 * - `route`: WORKER_MODE=route and no worker process: each POST triggers
 *   POST /api/jobs/run after its response (as on Vercel), runs re-trigger
 *   themselves while work remains.
 *
 * Each case gets a fresh database on the server of BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL), publishes BENCH_WARMUP (1) untimed video (the first
 * render of a process opens the browser), then POSTs BENCH_VIDEOS (6) videos
 * at once (seed 000's request with `length: "short"`) and waits until all are
 * published. Printed per case: renders per minute (videos / time from the
 * first POST to the last published), and the time from POST to the render
 * starting (the render job's started_at − created_at, both the database's
 * clock: its queue wait plus, in route mode, the trigger). BENCH_SCALE sets
 * RENDER_SCALE (default 1; 0.25 for a quick smoke run).
 *
 * Uses the e2e tests' harness (tests/helpers/app-server.ts).
 */
import os from 'node:os';
import postgres from 'postgres';
import { startApp, startWorkerProcess, type AppServer } from '../../tests/helpers/app-server';
import { seedCreateVideoRequest } from '../../tests/helpers/seed-000';

const API_KEY = 'cwk_benchJobsKey000000000000000000000000';
const CRON_SECRET = 'bench-jobs-cron-secret-0123456789abcdef';
const BASE = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 6);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const SCALE = process.env.BENCH_SCALE ?? '1';

interface BenchCase {
  name: string;
  /** Environment of the web process. */
  env: Record<string, string>;
  /** `npm run worker` processes beside it. */
  workers: number;
}

interface CaseResult {
  name: string;
  workers: number;
  videos: number;
  totalS: number;
  perMinute: number;
  startMedianS: number;
  startP95S: number;
  startMaxS: number;
}

const CASES: BenchCase[] = [
  { name: 'workers=1', env: { WORKER_MODE: 'off' }, workers: 1 },
  { name: 'workers=2', env: { WORKER_MODE: 'off' }, workers: 2 },
  { name: 'route', env: { WORKER_MODE: 'route', CRON_SECRET }, workers: 0 },
];

// The 60 s ("long") video rendered whole vs split into chunks over 2 workers is scripts/bench/chunks.ts,
// which `npm run bench:jobs` runs after this one (its own table; `npm run bench:chunks` alone).

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...init?.headers } });
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${body.error?.message ?? ''}`);
  return body;
}

function shortRequest(i: number): string {
  const request = JSON.parse(seedCreateVideoRequest) as { title: string; ai_messaging: { length: string } };
  request.ai_messaging.length = 'short';
  request.title = `bench:jobs ${i}`;
  return JSON.stringify(request);
}

async function waitPublished(app: AppServer, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const left = new Set(ids);
  while (left.size > 0) {
    for (const id of [...left]) {
      const video = await api<{ status: string }>(`${app.url}/api/v1/videos/${id}`);
      if (video.status === 'published') left.delete(id);
      else if (video.status === 'failed') throw new Error(`video ${id} failed`);
    }
    if (left.size === 0) break;
    if (Date.now() > deadline) throw new Error(`${left.size} video(s) not published after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function postVideos(app: AppServer, count: number, offset: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      api<{ id: string }>(`${app.url}/api/v1/videos`, { method: 'POST', body: shortRequest(offset + i) }).then((v) => v.id),
    ),
  );
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function runCase(benchCase: BenchCase): Promise<CaseResult> {
  const dbName = `bench_jobs_${benchCase.name.replace(/\W/g, '_')}_${process.pid}`;
  const admin = postgres(BASE!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.unsafe(`create database "${dbName}"`);
  const url = new URL(BASE!);
  url.pathname = `/${dbName}`;
  const env = {
    DATABASE_URL: url.toString(),
    BOOTSTRAP_EMAIL: 'bench@example.com',
    BOOTSTRAP_PASSWORD: 'bench-password-123',
    BOOTSTRAP_API_KEY: API_KEY,
    RENDER_SCALE: SCALE,
    WORKER_CONCURRENCY: '1',
    ...benchCase.env,
  };
  const app = await startApp(env);
  const workers = Array.from({ length: benchCase.workers }, () => startWorkerProcess(app, env));
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const warm = await postVideos(app, WARMUP, 0);
    await waitPublished(app, warm, 600_000);
    const started = performance.now();
    const ids = await postVideos(app, VIDEOS, WARMUP);
    await waitPublished(app, ids, 1_800_000);
    const totalS = (performance.now() - started) / 1000;
    const rows = await sql<{ wait_s: number }[]>`
      select extract(epoch from (started_at - created_at))::float8 as wait_s
      from jobs where kind = 'render' and payload->>'videoId' in ${sql(ids)}`;
    const waits = rows.map((r) => r.wait_s).sort((a, b) => a - b);
    return {
      name: benchCase.name,
      workers: benchCase.workers,
      videos: VIDEOS,
      totalS,
      perMinute: VIDEOS / (totalS / 60),
      startMedianS: quantile(waits, 0.5),
      startP95S: quantile(waits, 0.95),
      startMaxS: waits.at(-1) ?? NaN,
    };
  } finally {
    await sql.end();
    await Promise.all(workers.map((w) => w.stop()));
    await app.cleanup();
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    await admin.end();
  }
}

async function main() {
  if (!BASE) throw new Error('bench:jobs needs Postgres: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server URL');
  const only = process.env.BENCH_CASES?.split(',');
  const cases = CASES.filter((c) => !only || only.includes(c.name));
  console.log(
    `# bench:jobs — ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ` +
      `${VIDEOS} short videos per case at RENDER_SCALE=${SCALE}, ${WARMUP} untimed first`,
  );
  const results: CaseResult[] = [];
  for (const benchCase of cases) {
    console.error(`running ${benchCase.name}…`);
    results.push(await runCase(benchCase));
  }
  console.log('\n| case | worker processes | videos | first POST → last published s | renders / min | POST → render start median s | p95 s | max s |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.workers} | ${r.videos} | ${r.totalS.toFixed(1)} | ${r.perMinute.toFixed(2)} | ${r.startMedianS.toFixed(2)} | ${r.startP95S.toFixed(2)} | ${r.startMaxS.toFixed(2)} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
