/**
 * `npm run bench:gc`: how much of each answer's garbage reaches V8's old generation — the cause of
 * the GC pauses in bench:api's tail (docs/benchmarks.md, "API").
 *
 * A request's objects are garbage once it is answered, so with one connection (one request in
 * flight) a scavenge should find almost none of them alive and the old generation should not grow.
 * When something old points at them, every scavenge copies them and promotes them (or V8, seeing
 * them survive, allocates them in the old generation outright), and only a mark-compact frees them.
 * The cases: a bare node:http server building the same 300-object graph per request and then doing
 * one thing Next.js or Node.js does per request (scripts/bench/young-gen-server.mjs), the Next.js
 * floor app (a fresh app's route handler, scripts/bench/next-floor.ts; then the same answer from its
 * Pages Router API route) and, when a production build
 * exists, this app's `/api/health` (embedded PGlite). Each server runs with `--trace-gc-nvp`;
 * printed per case: answers per second, GC pause time per 1,000 answers and the longest pause,
 * what the mark-compacts freed per answer (read from the mark-compacts that ran in the window: a case
 * with none reads 0, so give it seconds enough), scavenges per 1,000 answers and mark-compacts.
 *
 * BENCH_SECONDS (default 6, after 2 s of warm-up), BENCH_CONNECTIONS (default 1),
 * BENCH_NODE=/path/to/node (the servers' Node.js), BENCH_NODE_ARGS="--flag …" (V8 settings to compare).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startApp, startReadyServer, stopProcess } from '../../tests/helpers/app-server';
import { buildNextFloor, startNextFloor } from './next-floor';
import { parseTraceGcNvp } from './trace-gc';
import { CASES } from './young-gen-server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const SERVER_NODE = process.env.BENCH_NODE || process.execPath;
const NODE_ARGS = ['--trace-gc-nvp', ...(process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];

type Target = { url: string; path: string; output: () => string };

/** Runs `body` against a started server and stops it afterwards, whatever happens. */
async function withServer<T extends { stop: () => Promise<void> }>(server: T, body: (server: T) => Promise<void>): Promise<void> {
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

async function startCase(name: string): Promise<Target & { stop: () => Promise<void> }> {
  const server = await startReadyServer(name, SERVER_NODE, [...NODE_ARGS, path.resolve('scripts/bench/young-gen-server.mjs')], {
    YOUNG_GEN_CASE: name,
    NODE_ENV: 'production',
  });
  return { url: server.url, path: '/', output: server.output, stop: () => stopProcess(server.child) };
}

async function drive(url: string, seconds: number): Promise<{ total: number; rps: number; errors: number }> {
  const r = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: seconds }, (err, res) => (err ? reject(err) : resolve(res))),
  );
  return { total: r.requests.total, rps: r.requests.average, errors: r.non2xx + r.errors + r.timeouts };
}

async function measure(name: string, server: Target): Promise<void> {
  await drive(server.url + server.path, 2);
  const from = server.output().length;
  const load = await drive(server.url + server.path, SECONDS);
  await new Promise((r) => setTimeout(r, 200));
  const gc = parseTraceGcNvp(server.output().slice(from));
  const per1k = (x: number) => ((1000 * x) / Math.max(1, load.total)).toFixed(1);
  console.log(
    `| ${name} | ${load.rps.toFixed(0)} | ${per1k(gc.pauseMs.reduce((a, b) => a + b, 0))} | ${Math.max(0, ...gc.pauseMs).toFixed(1)} | ` +
      `${(gc.oldGarbageBytes / Math.max(1, load.total) / 1024).toFixed(1)} | ${per1k(gc.scavenges)} | ${gc.markCompacts} | ${load.errors} |`,
  );
}

async function main() {
  const version = spawnSync(SERVER_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`# bench:gc — ${os.cpus().length} × ${os.cpus()[0]?.model}, servers on node ${version} ${NODE_ARGS.join(' ')}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`autocannon: ${CONNECTIONS} connection${CONNECTIONS > 1 ? 's' : ''}, ${SECONDS} s per case after 2 s of warm-up\n`);
  console.log('| per request | answers/s | GC pauses, ms per 1,000 answers | longest pause ms | KB an answer leaves in the old generation | scavenges per 1,000 answers | mark-compacts | errors |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const name of CASES) await withServer(await startCase(name), (server) => measure(`node:http + ${name}`, server));

  await buildNextFloor();
  let floorOut = '';
  const floor = await startNextFloor(1, SERVER_NODE, { nodeArgs: NODE_ARGS, onStdout: (d) => (floorOut += d) });
  await withServer(floor, async () => {
    await measure("Next.js floor: a fresh app's route handler", { url: floor.url, path: '/api/ping', output: () => floorOut });
    // The same answer through the Pages Router, from the same process.
    await measure('Next.js floor, Pages Router: a `pages/api` route', { url: floor.url, path: '/api/pages-ping', output: () => floorOut });
  });

  if (!existsSync(path.resolve('.next/BUILD_ID'))) {
    console.log('\n(no production build: `npm run build` adds this app\'s /api/health)');
    return;
  }
  const app = await startApp({ WORKER_MODE: 'off', LOG_LEVEL: 'warn' }, { node: SERVER_NODE, nodeArgs: NODE_ARGS });
  await withServer({ stop: app.cleanup }, () => measure("this app's GET /api/health (PGlite, `select 1`)", { url: app.url, path: '/api/health', output: app.logs }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
