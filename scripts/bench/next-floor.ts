/**
 * The framework's floor, measured in the same run as the app: a fresh Next.js app (the version this
 * project installs, default configuration, production build) with one App Router route handler that
 * answers `Response.json({ status: 'ok' })` — no database, no auth, no config, no proxy. Whatever the
 * app's routes cost beyond this is ours; what this costs is Next.js's own per-request work.
 *
 * It also has the same route as a Pages Router API route (`pages/api/pages-ping.js`: Node's req and res,
 * no Web Request, Response or streams), to show what Next.js's other router costs per answer on the same
 * server (docs/benchmarks.md, "API", 2026-12-07 (19:40–21:40 UTC)).
 *
 * The app is written to a folder of its own outside the project, with the project's node_modules
 * linked file by file (`cp -al`: Turbopack compiles nothing outside an app's root, and inside the
 * project's root it would pick up the project's own instrumentation.ts and proxy.ts), and built
 * once; a later run reuses the build while the sources and Next's version are unchanged. It is
 * served from `processes` processes on one port with node:cluster, as `WEB_PROCESSES` serves the
 * app (scripts/start.mjs).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort, stopProcess } from '../../tests/helpers/app-server';

const ROOT = path.join(os.tmpdir(), 'clipwright-bench-next-floor');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

const FILES: Record<string, string> = {
  'app/api/ping/route.js': `export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
`,
  'pages/api/pages-ping.js': `export default function handler(req, res) {
  res.setHeader('Cache-Control', 'no-store');
  res.status(200).json({ status: 'ok' });
}
`,
  'app/layout.js': `import { createElement as h } from 'react';

export default function RootLayout({ children }) {
  return h('html', null, h('body', null, children));
}
`,
  'next.config.mjs': `export default {};
`,
  'package.json': `{ "name": "next-floor", "private": true, "type": "module" }
`,
  'start.mjs': `import cluster from 'node:cluster';
import { createRequire } from 'node:module';
const [processes, port, nextBin, dir] = process.argv.slice(2);
if (cluster.isPrimary && Number(processes) > 1) {
  for (let i = 0; i < Number(processes); i++) cluster.fork();
  // Exit after the workers: a worker whose primary is gone fails its last IPC write (EPIPE).
  cluster.on('exit', () => { if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0); });
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM'); });
} else {
  process.argv = [process.argv[0], 'next', 'start', dir, '-p', port, '-H', '127.0.0.1'];
  createRequire(import.meta.url)(nextBin);
}
`,
};

export async function buildNextFloor(): Promise<void> {
  const nextVersion = (createRequire(import.meta.url)('next/package.json') as { version: string }).version;
  const key = createHash('sha256').update(nextVersion).update(JSON.stringify(FILES)).digest('hex');
  const stamp = path.join(ROOT, '.build-key');
  if (existsSync(path.join(ROOT, '.next/BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return;
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  // Hard links where the project and the temp folder share a file system, else a copy.
  const nodeModules = path.resolve('node_modules');
  if (spawnSync('cp', ['-al', nodeModules, ROOT]).status !== 0) {
    rmSync(path.join(ROOT, 'node_modules'), { recursive: true, force: true });
    cpSync(nodeModules, path.join(ROOT, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    writeFileSync(path.join(ROOT, file), text);
  }
  const t0 = performance.now();
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (build.status !== 0) throw new Error(`building the Next.js floor app failed:\n${build.stdout}\n${build.stderr}`);
  writeFileSync(stamp, key);
  console.log(`built a fresh Next.js ${nextVersion} app (the framework's floor) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

export async function startNextFloor(
  processes: number,
  node = process.execPath,
  opts: { nodeArgs?: string[]; onStdout?: (chunk: string) => void } = {},
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(node, [...(opts.nodeArgs ?? []), path.join(ROOT, 'start.mjs'), String(processes), String(port), NEXT_BIN, ROOT], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', opts.onStdout ? 'pipe' : 'ignore', 'inherit'],
  });
  if (opts.onStdout) child.stdout!.on('data', (d: Buffer) => opts.onStdout!(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Next.js floor app exited with ${child.exitCode}`);
    // Every process answers before the measuring starts (the cluster hands connections round).
    const answers = await Promise.all(
      Array.from({ length: processes * 4 }, () => fetch(`${url}/api/ping`).then((r) => r.ok, () => false)),
    );
    if (answers.every(Boolean)) break;
    if (Date.now() > deadline) throw new Error('the Next.js floor app did not answer in 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  // The launcher waits for its workers; one that hangs is not waited for past 10 s.
  const stop = () => stopProcess(child);
  return { url, child, stop };
}
