/**
 * The self-host build, by the steps README "Standalone build (no Docker)" gives
 * and the Dockerfile runs: after `npm run build`, scripts/assemble-standalone.mjs
 * lays the build out in a temp folder, `npm ci --omit=dev` installs the
 * production dependencies there (from the npm cache when it holds them), and
 * the app runs from that folder with `node`, without this checkout's
 * node_modules. The seed 000 request becomes a published video with a real MP4
 * and JPEG, rendered by the Chromium and ffmpeg of the production install from
 * the Remotion bundle built at build time:
 * - embedded: PGlite, the job worker inside the web process (`node scripts/start.mjs`);
 * - with Postgres (TEST_DATABASE_URL; the compose.yaml layout): two web processes
 *   that run no jobs (WEB_PROCESSES=2, WORKER_MODE=off), migrations applied at
 *   boot to an empty database, and a worker (`node --import tsx scripts/worker.ts`)
 *   from the same install that renders.
 * Both render at once (RENDER_SCALE=0.25) to keep the file short; most of its
 * time is the install (100 s on a quiet 2-core machine, 210 s under heavy load).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/app-server';
import { seedCreateVideoRequest as seedRequest } from '../helpers/seed-000';

const repo = process.cwd();
const key = `cwk_${'Standalone0Build1Key'.repeat(2)}`;
const auth = { authorization: `Bearer ${key}` };
const pgBase = process.env.TEST_DATABASE_URL;

let work: string;
let release: string;
const timings: Record<string, string> = {};
const started: Proc[] = [];

type Proc = { child: ChildProcess; logs: () => string; name: string };

/** The environment of this test minus what would leak into the build under test (npm's script variables, its database). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    const npmSetting = /^npm_config_(cache|registry|userconfig|globalconfig)$/.test(name);
    if ((name.startsWith('npm_') && !npmSetting) || name.startsWith('VITEST') || name === 'NODE_OPTIONS') delete env[name];
  }
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'WEB_PROCESSES', 'WORKER_MODE', 'NODE_PATH']) delete env[name];
  return env;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command to completion in `cwd`, failing with its output. */
function run(command: string, args: string[], cwd: string, label: string) {
  const at = performance.now();
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  timings[label] = seconds(at);
  if (result.status !== 0) {
    throw new Error(`${label} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Starts a process of the standalone build in its own process group (so its browser goes with it). */
function startProc(name: string, args: string[], env: Record<string, string>): Proc {
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: release,
    env: { ...cleanEnv(), NODE_ENV: 'production', RENDER_SCALE: '0.25', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const proc = { child, logs: () => output, name };
  started.push(proc);
  return proc;
}

/** SIGTERM and the exit code (null: still running after 20 s). */
async function stopProc(proc: Proc): Promise<number | null> {
  const { child } = proc;
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))]);
}

/** Whatever of a process group is left (the render browser of a process that died), by its group id. */
function killGroup(proc: Proc) {
  try {
    if (proc.child.pid) process.kill(-proc.child.pid, 'SIGKILL');
  } catch {
    // The group is gone.
  }
}

async function startWeb(env: Record<string, string>): Promise<{ url: string; proc: Proc }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProc('web', ['scripts/start.mjs', '-p', String(port), '-H', '127.0.0.1'], {
    APP_URL: url,
    BOOTSTRAP_EMAIL: 'standalone@example.com',
    BOOTSTRAP_PASSWORD: 'bootstrap-password',
    BOOTSTRAP_API_KEY: key,
    ...env,
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`the standalone server exited with ${proc.child.exitCode}:\n${proc.logs()}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { url, proc };
    if (Date.now() > deadline) throw new Error(`the standalone server did not answer in 90 s:\n${proc.logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** POSTs the seed request and waits for the video to leave `processing`; checks the files behind it. */
async function publishSeed(url: string, logs: () => string) {
  const res = await fetch(`${url}/api/v1/videos`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: seedRequest });
  expect(res.status, logs()).toBe(201);
  const created = (await res.json()) as { id: string; status: string };
  expect(created.status).toBe('processing');
  let video: { status: string; url: string; thumbnail: string; duration: number };
  const deadline = Date.now() + 240_000;
  for (;;) {
    video = await (await fetch(`${url}/api/v1/videos/${created.id}`, { headers: auth })).json();
    if (video.status !== 'processing' || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect(video.status, logs()).toBe('published');
  expect(video.url).toBe(`${url}/files/videos/${created.id}.mp4`);
  expect(video.duration).toBeGreaterThan(0);
  const mp4 = await fetch(video.url);
  expect(mp4.headers.get('content-type')).toBe('video/mp4');
  const bytes = Buffer.from(await mp4.arrayBuffer());
  expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
  expect(bytes.indexOf('moov')).toBeGreaterThan(0);
  const jpg = await fetch(video.thumbnail);
  expect(jpg.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await jpg.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  return created.id;
}

const bundleIndex = () => path.join(release, 'build', 'remotion-bundle', 'index.html');
let bundleMtime: number;

beforeAll(async () => {
  if (!existsSync(path.join(repo, '.next', 'standalone', 'server.js'))) {
    throw new Error('No standalone build (.next/standalone/server.js): run `npm run build` first');
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'cw-standalone-'));
  release = path.join(work, 'app');
  run(process.execPath, ['scripts/assemble-standalone.mjs', release], repo, 'assemble');
  run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], release, 'npm ci --omit=dev');
  bundleMtime = statSync(bundleIndex()).mtimeMs;
}, 480_000);

afterAll(async () => {
  for (const proc of started) {
    await stopProc(proc);
    killGroup(proc);
  }
  console.log(`standalone build: ${Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  // ~1.4 GB of node_modules: removed in the background, not on the test's clock.
  if (work) spawn('rm', ['-rf', work], { detached: true, stdio: 'ignore' }).unref();
}, 120_000);

describe('standalone build (production-only install, started with node)', () => {
  it('holds the render browser, ffmpeg, migrations and bundle, and no dev tools', () => {
    const modules = path.join(release, 'node_modules');
    for (const runtime of ['@sparticuz/chromium/bin/chromium.br', '@remotion/compositor-linux-x64-gnu/ffmpeg', '@remotion/compositor-linux-x64-gnu/ffprobe', 'tsx/package.json', 'next/package.json']) {
      expect(existsSync(path.join(modules, runtime)), runtime).toBe(true);
    }
    for (const devOnly of ['vitest', 'drizzle-kit', 'playwright-core', 's3rver', 'fast-check', 'autocannon', '@tailwindcss/postcss']) {
      expect(existsSync(path.join(modules, devOnly)), `${devOnly} is a devDependency`).toBe(false);
    }
    expect(readdirSync(path.join(release, 'drizzle')).filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(10);
    expect(readFileSync(path.join(release, 'build', 'remotion-bundle', '.template-version'), 'utf8')).toBe(
      readFileSync(path.join(repo, 'build', 'remotion-bundle', '.template-version'), 'utf8'),
    );
    // Settings belong to the machine that runs it: no .env file travels with the build.
    expect(readdirSync(release).filter((f) => /^\.env(?!\.example$)/.test(f))).toEqual([]);
  });

  it.concurrent('embedded: PGlite and the job worker in the web process publish the seed video', async () => {
    const dataDir = path.join(work, 'data-embedded');
    const { url, proc } = await startWeb({ DATA_DIR: dataDir });
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db_driver: 'pglite' });
    // A page: rendered by the standalone server, through proxy.ts (its CSP nonce), with its assets from .next/static.
    const login = await fetch(`${url}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    const html = await login.text();
    const asset = html.match(/\/_next\/static\/[^"']+\.(?:css|js)/)?.[0];
    expect(asset, html.slice(0, 2000)).toBeTruthy();
    expect((await fetch(`${url}${asset}`)).status).toBe(200);
    const at = performance.now();
    await publishSeed(url, proc.logs);
    timings['embedded render'] = seconds(at);
    // The browser is the production install's (extracted under the build's folder), the bundle the shipped one.
    expect(existsSync(path.join(release, '.cache', 'sparticuz-chromium-147.0.0', 'chromium'))).toBe(true);
    expect(statSync(bundleIndex()).mtimeMs).toBe(bundleMtime);
    expect(existsSync(`${path.dirname(bundleIndex())}.lock`)).toBe(false);
    // SIGTERM: the job worker stops and PGlite closes before the process exits.
    expect(await stopProc(proc), proc.logs()).toBe(0);
    expect(proc.logs()).toContain('"msg":"job worker stopped"');
  }, 360_000);

  (pgBase ? it.concurrent : it.concurrent.skip)('Postgres: two web processes, migrations at boot, a separate worker process publish the seed video', async () => {
    const base = new URL(pgBase!);
    const dbName = `${base.pathname.slice(1) || 'postgres'}_standalone_${process.pid}`;
    const admin = postgres(pgBase!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}"`);
    await admin.unsafe(`create database "${dbName}"`);
    try {
      const dbUrl = new URL(pgBase!);
      dbUrl.pathname = `/${dbName}`;
      const dataDir = path.join(work, 'data-postgres');
      const { url, proc: web } = await startWeb({ DATABASE_URL: dbUrl.toString(), WEB_PROCESSES: '2', WORKER_MODE: 'off', DATA_DIR: dataDir });
      const health = await (await fetch(`${url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', db_driver: 'postgres' });
      const pids = spawnSync('pgrep', ['-P', String(web.child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      expect(pids, web.logs()).toHaveLength(2);
      const worker = startProc('worker', ['--import', 'tsx', 'scripts/worker.ts'], { DATABASE_URL: dbUrl.toString(), DATA_DIR: dataDir, APP_URL: url });
      const at = performance.now();
      const id = await publishSeed(url, () => `${web.logs()}\n--- worker ---\n${worker.logs()}`);
      timings['postgres + worker render'] = seconds(at);
      // Rendered by the worker: the web processes run no jobs.
      expect(worker.logs()).toContain(id);
      expect(web.logs()).not.toContain('"msg":"job worker started"');
      expect(await stopProc(worker), worker.logs()).toBe(0);
      expect(await stopProc(web), web.logs()).toBe(0);
    } finally {
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
      await admin.end();
    }
  }, 360_000);
});
