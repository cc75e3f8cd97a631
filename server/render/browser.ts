/**
 * Which Chromium renders (and drives e2e tests): REMOTION_BROWSER_EXECUTABLE if
 * set, else the Chromium shipped in the @sparticuz/chromium npm package on
 * Linux (works offline, no system packages), else undefined so Remotion uses
 * its own headless shell.
 *
 * @sparticuz/chromium extracts into os.tmpdir()/chromium and reuses whatever
 * it finds there without checking the version, so we point it at a folder of
 * the project's own, keyed by the package version.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';

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

async function extractSparticuz(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let chromium: typeof import('@sparticuz/chromium').default;
  try {
    chromium = (await import('@sparticuz/chromium')).default;
  } catch {
    return undefined;
  }
  const dir = path.resolve('.cache', `sparticuz-chromium-${sparticuzVersion()}`);
  mkdirSync(dir, { recursive: true });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const exe = await chromium.executablePath();
    return existsSync(exe) ? exe : undefined;
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
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
