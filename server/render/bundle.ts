/**
 * The compositions under remotion/, bundled once per template version.
 *
 * The version is a content hash of every file under remotion/ plus the
 * installed versions of the packages that end up in the bundle; it is written
 * to `<bundle dir>/.template-version` and recorded on each video, so a video
 * can always say which templates drew it. Bundling takes seconds and hundreds
 * of MB, so it happens at build time (`npm run bundle:remotion`) or on the
 * worker's first render, never inside a request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';

export const TEMPLATE_VERSION_FILE = '.template-version';
const ENTRY_POINT = path.join('remotion', 'index.ts');
const SOURCE_DIR = 'remotion';
/** Bump when the bundle options below change, so old bundles are rebuilt. */
const BUNDLE_OPTIONS_REVISION = 3;
/** The webpack loader that patches @remotion/web-renderer (see the file); its source is part of the version. */
const WEB_RENDERER_LOADER = path.join('server', 'render', 'web-renderer-loader.cjs');
const BUNDLED_PACKAGES = /^(remotion|@remotion\/.+|@fontsource\/.+|react|react-dom|zod)$/;
const STALE_LOCK_MS = 10 * 60 * 1000;

export type RemotionBundle = { serveUrl: string; version: string };

/** The project root: where package.json, remotion/ and node_modules/ are (the process's cwd). */
function projectRoot(): string {
  return process.cwd();
}

/** Absolute path of the bundle folder (RENDER_BUNDLE_DIR, default build/remotion-bundle). */
export function bundleDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ projectRoot(), getEnv().RENDER_BUNDLE_DIR);
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

function installedVersion(root: string, name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'missing';
  }
}

/**
 * The template version of the sources on disk: 16 hex chars of a SHA-256 over
 * remotion/** and the installed versions of the bundled packages. Null when
 * remotion/ is absent (a deployment that ships only the built bundle).
 */
export function templateVersion(root = projectRoot()): string | null {
  const sources = path.join(root, SOURCE_DIR);
  if (!existsSync(sources)) return null;
  const hash = createHash('sha256');
  hash.update(`bundle-options:${BUNDLE_OPTIONS_REVISION}\n`);
  // The loader is part of the code, not of the templates: read from this checkout even for another root.
  hash.update(readFileSync(path.join(projectRoot(), WEB_RENDERER_LOADER)));
  for (const file of listFiles(sources)) {
    hash.update(`file:${file}\n`);
    hash.update(readFileSync(path.join(sources, file)));
    hash.update('\n');
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter((name) => BUNDLED_PACKAGES.test(name))
    .sort();
  for (const name of names) hash.update(`package:${name}@${installedVersion(root, name)}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** The version a bundle folder was built from, or null if there is no complete bundle. */
export function readBundleVersion(dir = bundleDir()): string | null {
  try {
    if (!existsSync(path.join(dir, 'index.html'))) return null;
    return readFileSync(path.join(dir, TEMPLATE_VERSION_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * The version renders use now, without bundling: the sources' hash, or the
 * built bundle's stamp when the sources are absent (the same choice as
 * ensureRemotionBundle). Null when there are neither.
 */
export function currentTemplateVersion(): string | null {
  return templateVersion() ?? readBundleVersion();
}

/**
 * Bundles remotion/index.ts into `outDir` (replacing it) and stamps the
 * version. Builds into a sibling temp folder and swaps it in, so a crash
 * mid-bundle never leaves a half-written bundle behind the version stamp.
 */
export async function buildRemotionBundle(
  options: {
    outDir?: string;
    onProgress?: (percent: number) => void;
    /** false bundles @remotion/web-renderer as published, for the bench's before/after comparison only. */
    patchWebRenderer?: boolean;
  } = {},
): Promise<RemotionBundle & { durationMs: number }> {
  const root = projectRoot();
  const outDir = path.resolve(/*turbopackIgnore: true*/ options.outDir ?? bundleDir());
  const version = templateVersion(root);
  if (!version) throw new Error(`Cannot bundle: ${path.join(root, SOURCE_DIR)} does not exist`);
  const started = performance.now();
  const { bundle } = await import('@remotion/bundler');
  mkdirSync(path.dirname(outDir), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await bundle({
      entryPoint: path.join(root, ENTRY_POINT),
      rootDir: root,
      outDir: tmp,
      // Never copy the web app's public/ folder into the render bundle; templates ship their assets as imports.
      publicDir: path.join(root, SOURCE_DIR, 'public'),
      onProgress: options.onProgress,
      keyboardShortcutsEnabled: false,
      askAIEnabled: false,
      interactivityEnabled: false,
      webpackOverride: (config) =>
        options.patchWebRenderer === false
          ? skipWoff1Fallbacks(config)
          : patchWebRenderer(skipWoff1Fallbacks(config), path.join(root, WEB_RENDERER_LOADER)),
    });
    writeFileSync(path.join(tmp, TEMPLATE_VERSION_FILE), `${version}\n`);
    const old = `${outDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    if (existsSync(/*turbopackIgnore: true*/ outDir)) renameSync(/*turbopackIgnore: true*/ outDir, old);
    renameSync(tmp, outDir);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { serveUrl: outDir, version, durationMs: performance.now() - started };
}

type WebpackConfig = Parameters<NonNullable<import('@remotion/bundler').BundleOptions['webpackOverride']>>[0];

/**
 * @fontsource CSS lists a .woff fallback after every .woff2; Chromium always
 * takes the woff2, so leaving the .woff URLs unresolved halves the bundle
 * (about a thousand fewer files to emit and copy) without changing a pixel.
 */
function skipWoff1Fallbacks(config: WebpackConfig): WebpackConfig {
  const rules = (config.module?.rules ?? []).map((rule) => {
    if (!rule || typeof rule !== 'object' || !Array.isArray(rule.use)) return rule;
    return {
      ...rule,
      use: rule.use.map((use) => {
        if (!use || typeof use !== 'object' || typeof use.loader !== 'string' || !use.loader.includes('css-loader')) return use;
        const options = typeof use.options === 'object' && use.options ? use.options : {};
        return { ...use, options: { ...options, url: { filter: (url: string) => !/\.woff$/i.test(url) } } };
      }),
    };
  });
  return { ...config, module: { ...config.module, rules } };
}

/**
 * Runs @remotion/web-renderer's ESM build through web-renderer-loader.cjs,
 * which replaces its per-word DOM rewriting with Range measurements.
 */
function patchWebRenderer(config: WebpackConfig, loader: string): WebpackConfig {
  const rule = { test: /[\\/]@remotion[\\/]web-renderer[\\/]dist[\\/]esm[\\/]index\.mjs$/, use: [{ loader }] };
  return { ...config, module: { ...config.module, rules: [...(config.module?.rules ?? []), rule] } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds a lock folder next to the bundle so two worker processes never bundle
 * into the same place at once. A lock older than STALE_LOCK_MS is taken over
 * (its owner crashed). `ready` is polled while waiting, so a waiter returns as
 * soon as the other process has finished.
 */
async function withBundleLock<T>(lockDir: string, ready: () => T | null, fn: () => Promise<T>): Promise<T> {
  // On a fresh clone build/ does not exist yet.
  mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // The owner released it between our calls: just retry.
      }
      const done = ready();
      if (done) return done;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

let inflight: Promise<RemotionBundle> | null = null;

/**
 * The bundle for the current templates: reuses the bundle folder when its
 * stamp matches the sources' hash, else bundles (once per process, once
 * across processes). Returns the folder as Remotion's `serveUrl`.
 */
export function ensureRemotionBundle(): Promise<RemotionBundle> {
  inflight ??= (async () => {
    const dir = bundleDir();
    const wanted = templateVersion();
    const existing = readBundleVersion(dir);
    if (wanted === null) {
      if (existing) return { serveUrl: dir, version: existing };
      throw new Error(`No Remotion sources and no bundle at ${dir}: run "npm run bundle:remotion"`);
    }
    const current = (): RemotionBundle | null => (readBundleVersion(dir) === wanted ? { serveUrl: dir, version: wanted } : null);
    const ready = current();
    if (ready) return ready;
    return withBundleLock(`${dir}.lock`, current, async () => {
      const again = current();
      if (again) return again;
      const built = await buildRemotionBundle({ outDir: dir });
      return { serveUrl: built.serveUrl, version: built.version };
    });
  })().finally(() => {
    inflight = null;
  });
  return inflight;
}
