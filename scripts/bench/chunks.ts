/**
 * `npm run bench:chunks` (issue 10): one long video rendered whole vs split
 * into chunks (RENDER_CHUNK_SECONDS) over BENCH_WORKERS `npm run worker`
 * processes on Postgres, interleaved (whole, chunked, whole, chunked, …) so
 * the machine's drift hits both alike. Each round starts fresh worker
 * processes with the mode's settings, waits until every one has its render
 * browser warm, creates the video through the videos service, and times
 * enqueue → published (wall time, what the customer waits). Prints a table
 * and the medians.
 *
 * Env:
 *   BENCH_DATABASE_URL   Postgres (default DATABASE_URL); required: workers are separate processes.
 *   BENCH_LENGTH         short | medium | long script (default long: ~60 s of video)
 *   BENCH_CHUNK_SECONDS  chunk length when split (default 15)
 *   BENCH_WORKERS        worker processes (default 2)
 *   BENCH_ROUNDS         rounds per mode (default 3)
 *   BENCH_SCALE          RENDER_SCALE of the workers (default 1)
 *
 * Smoke run (tiny): BENCH_LENGTH=short BENCH_SCALE=0.25 BENCH_ROUNDS=1 BENCH_CHUNK_SECONDS=5
 */
import '../load-dotenv';
import { spawn, type ChildProcess } from 'node:child_process';
import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { installDb, openDb, type Db } from '../../server/db/client';
import { accounts, jobs, videos } from '../../server/db/schema';
import { newAccountId } from '../../server/lib/ids';
import { chunkPlanSchema } from '../../server/render/render-chunks';
import { createVideo } from '../../server/videos/service';

const BASE = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
/** A fresh database on BASE's server, made in main(). */
let url = '';
const LENGTH = (process.env.BENCH_LENGTH ?? 'long') as 'short' | 'medium' | 'long';
const CHUNK_SECONDS = Number(process.env.BENCH_CHUNK_SECONDS ?? 15);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);

type Mode = 'whole' | 'chunked';

interface WorkerProc {
  child: ChildProcess;
  ready: Promise<void>;
  output: () => string;
}

/** `npm run worker` with the mode's settings; `ready` once its render browser is warm. */
function startWorker(mode: Mode, n: number): WorkerProc {
  const child = spawn('npx', ['tsx', 'scripts/worker.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: url,
      RENDER_SCALE: String(SCALE),
      RENDER_CHUNK_SECONDS: mode === 'chunked' ? String(CHUNK_SECONDS) : '0',
      RENDER_CHUNK_MIN_SECONDS: '0',
      // The built-in script writer: deterministic, no network.
      AI_BASE_URL: '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('render browser ready')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker ${n} (${mode}) exited with ${code} before it was ready:\n${out.slice(-2000)}`)));
  });
  return { child, ready, output: () => out };
}

async function stopWorkers(procs: WorkerProc[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null) return resolve();
          p.child.once('exit', () => resolve());
          // The whole process group: npx, tsx and the worker (it stops gracefully on SIGTERM).
          try {
            process.kill(-p.child.pid!, 'SIGTERM');
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              process.kill(-p.child.pid!, 'SIGKILL');
            } catch {
              /* gone */
            }
          }, 20_000).unref();
        }),
    ),
  );
}

async function waitPublished(db: Db, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(videos).where(eq(videos.id, id));
    if (row?.status === 'published') return row;
    if (row?.status === 'failed') throw new Error(`video ${id} failed: ${row.errorCode}: ${row.errorMessage}`);
    if (Date.now() > deadline) throw new Error(`video ${id} not published after ${timeoutMs} ms (status ${row?.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function round(db: Db, accountId: string, mode: Mode) {
  const procs = Array.from({ length: WORKERS }, (_, i) => startWorker(mode, i));
  try {
    await Promise.all(procs.map((p) => p.ready));
    const t0 = performance.now();
    const created = await createVideo(db, {
      accountId,
      input: {
        title: `bench:chunks ${mode}`,
        template_id: 'tmpl_welcome_message',
        customer_data: { first_name: 'Sarah', last_name: 'Johnson', company: 'Acme Inc.', product_tier: 'Enterprise' },
        ai_messaging: { tone: 'professional', length: LENGTH, focus_points: ['product_benefits'] },
        aspect_ratio: '9:16',
        resolution: 'standard',
        captions: 'off',
      },
      ctx: { origin: 'http://localhost' },
    });
    const id = (created.body as { id: string }).id;
    const row = await waitPublished(db, id, 30 * 60_000);
    const wallMs = performance.now() - t0;
    const [parent] = await db.select({ result: jobs.result }).from(jobs).where(eq(jobs.id, row.renderJobId!));
    const plan = chunkPlanSchema.safeParse(parent?.result);
    // Which worker processes drew: the chunks' (or the whole render's) locked_by, one per process.
    const drawn = plan.success
      ? await db.select({ lockedBy: jobs.lockedBy }).from(jobs).where(inArray(jobs.id, plan.data.chunks.map((c) => c.jobId)))
      : [{ lockedBy: (await db.select({ lockedBy: jobs.lockedBy }).from(jobs).where(eq(jobs.id, row.renderJobId!)))[0]?.lockedBy ?? null }];
    const workers = new Set(drawn.map((d) => d.lockedBy?.split(':').slice(0, 2).join(':'))).size;
    return { mode, wallMs, videoSeconds: row.durationSeconds ?? 0, chunks: plan.success ? plan.data.chunks.length : 1, workers };
  } catch (err) {
    for (const [i, p] of procs.entries()) console.error(`--- worker ${i} ---\n${p.output().slice(-3000)}`);
    throw err;
  } finally {
    await stopWorkers(procs);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  if (!BASE || !/^postgres(ql)?:\/\//.test(BASE)) {
    console.error('bench:chunks needs Postgres (BENCH_DATABASE_URL, a server URL): the workers are separate processes.');
    process.exit(1);
  }
  const dbName = `bench_chunks_${process.pid}`;
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
  const fresh = new URL(BASE);
  fresh.pathname = `/${dbName}`;
  url = fresh.toString();
  const handle = await openDb({ url, migrate: true, poolMax: 3 });
  installDb(handle);
  const db = handle.db;
  const accountId = newAccountId();
  await db.insert(accounts).values({ id: accountId, name: 'bench:chunks' });
  console.log(
    `bench:chunks: ${LENGTH} video, scale ${SCALE}, ${WORKERS} worker processes, chunks of ${CHUNK_SECONDS} s, ${ROUNDS} rounds per mode, interleaved`,
  );
  const results: Awaited<ReturnType<typeof round>>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of ['whole', 'chunked'] as const) {
      const res = await round(db, accountId, mode);
      results.push(res);
      console.log(`round ${r + 1} ${mode.padEnd(7)} ${(res.wallMs / 1000).toFixed(1)} s (${res.chunks} part${res.chunks === 1 ? '' : 's'})`);
    }
  }
  console.log('\n| mode | round | video s | parts | workers drawing | wall s | realtime × |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [i, r] of results.entries()) {
    console.log(
      `| ${r.mode} | ${Math.floor(i / 2) + 1} | ${r.videoSeconds.toFixed(1)} | ${r.chunks} | ${r.workers} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.videoSeconds / (r.wallMs / 1000)).toFixed(2)} |`,
    );
  }
  const whole = median(results.filter((r) => r.mode === 'whole').map((r) => r.wallMs));
  const chunked = median(results.filter((r) => r.mode === 'chunked').map((r) => r.wallMs));
  console.log(`\nmedian wall time: whole ${(whole / 1000).toFixed(1)} s, chunked ${(chunked / 1000).toFixed(1)} s, speed-up ×${(whole / chunked).toFixed(2)} with ${WORKERS} workers`);
  await handle.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
