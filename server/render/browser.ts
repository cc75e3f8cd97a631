/**
 * Which Chromium renders (and drives e2e tests): REMOTION_BROWSER_EXECUTABLE if
 * set, else the Chromium shipped in the @sparticuz/chromium npm package on
 * Linux (works offline, no system packages), else undefined so Remotion uses
 * its own headless shell. Also the one browser both render engines share.
 *
 * @sparticuz/chromium extracts into os.tmpdir()/chromium and reuses whatever
 * it finds there without checking the version, so we point it at a folder of
 * the project's own, keyed by the package version.
 */
import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HeadlessBrowser } from '@remotion/renderer';
import { getEnv } from '../env';
import { errorFields, logger } from '../lib/logger';
import { inBackground } from '../lib/priority';

let resolving: Promise<string | undefined> | undefined;

function sparticuzVersion(): string {
  // Read from node_modules by path: bundlers rewrite require.resolve() into module ids.
  try {
    const file = path.resolve('node_modules', '@sparticuz', 'chromium', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The project's own .cache folder; where the code sits on a read-only disk
 * (a Vercel function: only /tmp is writable), a folder under the temp dir.
 */
function extractionDir(name: string): string {
  const dir = path.resolve('.cache', name);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    const fallback = path.join(os.tmpdir(), 'clipwright-cache', name);
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

/**
 * Runs @sparticuz/chromium's extraction in a child process whose TMPDIR is
 * `staging`: the package writes to os.tmpdir() throughout its (async)
 * extraction, and setting TMPDIR in this process for that long sent every
 * temp folder made meanwhile into the staging folder, which then moved away:
 * on a fresh install, the first render (started while Chromium was being
 * extracted) lost its output folder and fell back to the classic engine.
 */
export function extractInChild(staging: string): Promise<string> {
  const packageDir = path.resolve('node_modules', '@sparticuz', 'chromium');
  const source = String.raw`
    const mod = require(process.argv[1]);
    (mod.default ?? mod).executablePath().then(
      (exe) => process.stdout.write(exe),
      (err) => { console.error((err && err.stack) || String(err)); process.exit(1); },
    );`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', source, packageDir],
      { env: { ...process.env, TMPDIR: staging, NODE_OPTIONS: '' }, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`extracting Chromium failed: ${stderr.trim() || err.message}`)) : resolve(stdout.trim())),
    );
  });
}

async function extractSparticuz(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    // Present (and traced into the build) or not: the extraction itself runs in a child process.
    await import('@sparticuz/chromium');
  } catch {
    return undefined;
  }
  const dir = extractionDir(`sparticuz-chromium-${sparticuzVersion()}`);
  const exe = path.join(dir, 'chromium');
  if (existsSync(exe)) return exe;
  // Extracted into a folder of this process's own and renamed into place whole: processes
  // started together from one install (web and workers) would otherwise write the same
  // files at once, and one of them could start a half-written binary.
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  try {
    if (!existsSync(await extractInChild(staging))) return undefined;
    try {
      renameSync(staging, dir);
    } catch (err) {
      // Another process renamed its copy first (or an older layout left the folder): use that one.
      if (!existsSync(exe)) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return existsSync(exe) ? exe : undefined;
}

/** Absolute path of the browser binary, or undefined for Remotion's own. Memoized per process. */
export function browserExecutable(): Promise<string | undefined> {
  const configured = getEnv().REMOTION_BROWSER_EXECUTABLE;
  if (configured) return Promise.resolve(configured);
  resolving ??= extractSparticuz().catch((err) => {
    resolving = undefined;
    throw err;
  });
  return resolving;
}

/** Flags for launching the browser outside Remotion (e2e tests): sandboxless, headless, offline. */
export const browserArgs = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-zygote',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

/**
 * The render browser of the process: one headless Chromium opened with
 * Remotion's openBrowser (so `classic` renders can pass it as
 * puppeteerInstance), whose tabs also run the `web` engine. `renders` counts
 * the renders it served, for RENDER_BROWSER_RESTART_AFTER; `generation`
 * changes whenever it is replaced, so pages of an older browser are dropped.
 */
export interface BrowserSlot {
  browser: HeadlessBrowser;
  renders: number;
  generation: number;
}

const g = globalThis as unknown as { __clipwrightBrowser?: Promise<BrowserSlot>; __clipwrightBrowserGeneration?: number };

/**
 * The render browser in the background scheduling class (lib/priority.ts),
 * through a launcher next to the binary (`exec chrt -i 0 <chromium> "$@"`):
 * its GPU and renderer processes and all their threads inherit the class.
 * The binary itself when background priority does not apply.
 *
 * Remotion starts the browser in a session of its own (`detached`, so it can
 * kill the whole tree), and where the kernel groups processes by session for
 * scheduling (autogroup, on by default in Debian's and Ubuntu's kernels) the
 * scheduler first splits the CPU evenly between the groups, and only then
 * looks at the idle class inside each: the browser's group got half the CPU
 * however busy the server was, and the server's garbage collections and
 * queries stretched to tens or hundreds of milliseconds during a batch (GET
 * p99 162 ms in a 20-row bench:batch; 47 ms with the weight below,
 * docs/benchmarks.md, "Batches"). So the launcher first lowers its
 * session's group to the least weight (`/proc/self/autogroup`, nice 19;
 * nothing happens where autogroup is off, e.g. in a container's cgroup,
 * where the idle class alone does the job).
 */
export function backgroundExecutable(executable: string, priority = getEnv().RENDER_PRIORITY): string {
  const script = backgroundLauncher(executable, priority);
  if (script === null) return executable;
  const launcher = path.resolve('.cache', 'render-browser-background.sh');
  try {
    mkdirSync(path.dirname(launcher), { recursive: true });
    if (!existsSync(launcher) || readFileSync(launcher, 'utf8') !== script) {
      // Written aside and renamed: another process may be starting its browser through it right now.
      const temp = `${launcher}.${process.pid}`;
      writeFileSync(temp, script);
      chmodSync(temp, 0o755);
      renameSync(temp, launcher);
    }
    return launcher;
  } catch (err) {
    logger.warn('the render browser runs at normal priority: its launcher could not be written', errorFields(err));
    return executable;
  }
}

/** The launcher script backgroundExecutable writes for `executable`; null when the binary runs as it is. */
export function backgroundLauncher(executable: string, priority = getEnv().RENDER_PRIORITY): string | null {
  const [command, args] = inBackground(executable, [], priority);
  if (command === executable) return null;
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\n{ echo 19 > /proc/self/autogroup; } 2>/dev/null\nexec ${[command, ...args].map(quote).join(' ')} "$@"\n`;
}

async function openSharedBrowser(): Promise<BrowserSlot> {
  const { openBrowser } = await import('@remotion/renderer');
  const executable = await browserExecutable();
  const browser = await openBrowser('chrome', {
    browserExecutable: executable ? backgroundExecutable(executable) : null,
    chromeMode: 'headless-shell',
    // Chrome's default GL backend: 'swangle' (SwiftShader via ANGLE) made every frame ~3× slower here.
    chromiumOptions: { gl: null, enableMultiProcessOnLinux: true },
    logLevel: 'error',
  });
  g.__clipwrightBrowserGeneration = (g.__clipwrightBrowserGeneration ?? 0) + 1;
  return { browser, renders: 0, generation: g.__clipwrightBrowserGeneration };
}

/**
 * When the shared browser is closed or replaced (RENDER_BROWSER_RESTART_AFTER,
 * a crash, a timeout) while Remotion still has a tab closing, Remotion's own
 * promise for that tab rejects with "Target closed" and nothing awaits it.
 * Node ends the process on an unhandled rejection, which took the worker
 * down with every job it held. This guard drops exactly those (the browser is
 * gone by design; isBrowserGoneError) and leaves every other rejection to
 * what the host does without it (see the listener).
 */
export function guardBrowserGoneRejections(): void {
  const flag = globalThis as unknown as { __clipwrightBrowserGoneGuard?: boolean };
  if (flag.__clipwrightBrowserGoneGuard) return;
  flag.__clipwrightBrowserGoneGuard = true;
  process.on('unhandledRejection', (reason) => {
    if (isBrowserGoneError(reason)) {
      logger.debug('ignored a rejection from a render tab of a closed browser', errorFields(reason));
      return;
    }
    // Not ours to swallow. Another listener (Next's server logs these and keeps serving; a test runner
    // reports them) decides as it would without this one; alone (the standalone worker), rethrown as an
    // uncaught exception it ends the process, as Node's default does.
    if (process.listeners('unhandledRejection').length > 1) return;
    throw reason;
  });
}

/** The shared browser slot, opened on first use. */
export function acquireBrowser(): Promise<BrowserSlot> {
  guardBrowserGoneRejections();
  g.__clipwrightBrowser ??= openSharedBrowser().catch((err) => {
    g.__clipwrightBrowser = undefined;
    throw err;
  });
  return g.__clipwrightBrowser;
}

/** The process's shared render browser (opened on first use); benchmarks render their own compositions with it. */
export async function sharedRenderBrowser(): Promise<HeadlessBrowser> {
  return (await acquireBrowser()).browser;
}

/** Closes the shared browser (after N renders, after a crash, at shutdown); the next render opens a new one. */
export async function closeSharedBrowser(): Promise<void> {
  const slot = g.__clipwrightBrowser;
  g.__clipwrightBrowser = undefined;
  if (!slot) return;
  try {
    await (await slot).browser.close({ silent: true });
  } catch (err) {
    logger.warn('closing the render browser failed', errorFields(err));
  }
}

/** Whether an error means the browser (or the tab) is gone and must not serve another render. */
export function isBrowserGoneError(err: unknown): boolean {
  const message = (err as Error)?.message ?? '';
  return /Target closed|Browser (has )?(disconnected|closed)|Session closed|Protocol error|Execution context was destroyed/i.test(message);
}
