#!/usr/bin/env node
// `npm start`: the production server (`next start`) on PORT (default 3000).
// In the standalone build (scripts/assemble-standalone.mjs) `node scripts/start.mjs`
// does the same with Next's generated server.js in place of `next start`.
//
// WEB_PROCESSES=N (N > 1, needs DATABASE_URL) serves the same port from N
// processes with node:cluster: Next handles one request at a time per process
// on one core, and on two cores two processes answer the API ~40 % more
// requests (docs/benchmarks.md, "API"). What each process keeps in memory
// stays correct across them: rate-limit counts are shared through Postgres
// and an API key found valid is re-checked every 5 s. The embedded job worker
// (WORKER_MODE=embedded) runs in the first process only: a render takes a core
// and over a GiB, so more renders mean more `npm run worker` processes, not
// more web processes.
//
// SIGTERM / SIGINT reach every process; each stops its job worker (running
// jobs finish or go back to the queue) and closes the database
// (server/boot.ts), and the launcher exits when the last one has.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { coalesceHead } from './coalesce-head.mjs';

const require = createRequire(import.meta.url);
// The .env files, as `next start` reads them (it would, but only after WEB_PROCESSES is decided here).
require('@next/env').loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const processes = Number(process.env.WEB_PROCESSES ?? '1');
if (!Number.isInteger(processes) || processes < 1 || processes > 64) {
  console.error(`Invalid WEB_PROCESSES=${process.env.WEB_PROCESSES}: a whole number from 1 to 64`);
  process.exit(1);
}
if (processes > 1 && !process.env.DATABASE_URL) {
  console.error(
    'WEB_PROCESSES > 1 needs DATABASE_URL: the embedded database (PGlite) can be opened by one process only. ' +
      'Set DATABASE_URL to a Postgres server, or leave WEB_PROCESSES at 1.',
  );
  process.exit(1);
}

if (processes > 1 && cluster.isPrimary) {
  let stopping = false;
  const started = new Map(); // cluster worker id → { index, at }
  const fork = (index) => {
    // Process 0 keeps WORKER_MODE as set; the others only serve requests (WORKER_MODE=route runs no
    // loop anywhere: every process keeps it, so enqueues in any of them trigger the jobs route).
    const env = index === 0 || process.env.WORKER_MODE === 'route' ? {} : { WORKER_MODE: 'off' };
    started.set(cluster.fork(env).id, { index, at: Date.now() });
  };
  for (let i = 0; i < processes; i++) fork(i);
  cluster.on('exit', (worker, code, signal) => {
    const { index, at: since } = started.get(worker.id) ?? { index: 1, at: Date.now() };
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    // A process that dies at once (a bad setting, a port in use) would only die again: stop instead.
    if (Date.now() - since < 5_000) {
      console.error('it exited within 5 s of starting: stopping the others');
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    fork(index);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    });
  }
} else {
  // Our own SIGTERM / SIGINT handling (server/boot.ts) stops the job worker and closes the database first.
  process.env.NEXT_MANUAL_SIG_HANDLE = 'true';
  // Route handlers see no socket. The address each connection came from goes into a header that
  // replaces anything a client sent under that name, for the limits kept per client address
  // (server/http/client-ip.ts; X-Forwarded-For counts only as far as TRUST_PROXY allows).
  process.env.CLIPWRIGHT_PEER_HEADER = '1';
  const http = require('node:http');
  const createServer = http.createServer;
  http.createServer = function (...args) {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at >= 0) {
      const listener = args[at];
      args[at] = function (req, res) {
        req.headers['x-clipwright-peer'] = req.socket.remoteAddress ?? '';
        // The head and a body written in the same tick leave in one write (scripts/coalesce-head.mjs).
        coalesceHead(res);
        return listener.call(this, req, res);
      };
    }
    return createServer.apply(this, args);
  };
  const args = process.argv.slice(2);
  if (existsSync(path.resolve('server.js')) && existsSync(path.resolve('.next', 'required-server-files.json'))) {
    startStandalone(args);
  } else {
    if (!args.includes('-p') && !args.includes('--port')) args.push('-p', process.env.PORT || '3000');
    process.argv = [process.argv[0], 'next', 'start', ...args];
    require('next/dist/bin/next');
  }
}

/**
 * The standalone build (scripts/assemble-standalone.mjs) has no next.config.mjs and no `next start`
 * to read it: Next's generated server.js starts the server with the config the build recorded,
 * taking the port and address from PORT and HOSTNAME. `-p`/`--port` and `-H`/`--hostname` mean
 * what they mean to `next start`; the address defaults to 0.0.0.0, never to a HOSTNAME inherited
 * from the environment (Docker sets it to the container's id).
 */
function startStandalone(args) {
  let port = process.env.PORT || '3000';
  let hostname = '0.0.0.0';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = inline ?? args[++i];
    if ((flag === '-p' || flag === '--port') && value) port = value;
    else if ((flag === '-H' || flag === '--hostname') && value) hostname = value;
    else {
      console.error(`Unknown argument ${arg}: the standalone server takes -p/--port and -H/--hostname only`);
      process.exit(1);
    }
  }
  process.env.PORT = port;
  process.env.HOSTNAME = hostname;
  import(pathToFileURL(path.resolve('server.js')).href).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
