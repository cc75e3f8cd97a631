#!/usr/bin/env node
/**
 * node scripts/assemble-standalone.mjs [out dir, default build/standalone]
 *
 * Lays out the self-host build after `npm run build`: one folder that runs with
 * `node` once `npm ci --omit=dev` has installed the production dependencies in
 * it (README, "Standalone build (no Docker)"; the Dockerfile does the same).
 *
 *   server.js, .next/          from Next's standalone output (.next/standalone); not its traced
 *                              node_modules: the production install replaces them, so a runtime
 *                              module that is only a devDependency fails here, not in production
 *   .next/static, public/      the browser assets, which the standalone output leaves out
 *   build/remotion-bundle/     the compositions, bundled at build time (renders never bundle)
 *   drizzle/                   the SQL migrations, applied at boot by every process
 *   server/ remotion/ lib/     TypeScript sources for the processes Next does not run:
 *   scripts/ tsconfig.json     `npm run worker` and the CLI (`npm run cli`, `db:migrate`), through tsx
 *   package.json, package-lock.json, .env.example
 *
 * Not copied: the .env files `next build` copies into .next/standalone (settings and secrets
 * belong to the environment of the machine that runs it), tests, docs, the app's sources.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const out = path.resolve(root, process.argv[2] ?? path.join('build', 'standalone'));
const standalone = path.join(root, '.next', 'standalone');
const bundle = path.join(root, 'build', 'remotion-bundle');

function fail(message) {
  console.error(`\nassemble-standalone: ${message}\n`);
  process.exit(1);
}

if (!existsSync(path.join(root, 'package.json')) || !existsSync(path.join(root, 'server'))) {
  fail(`run it from the project folder (no package.json and server/ in ${root})`);
}
if (!existsSync(path.join(standalone, 'server.js'))) {
  fail('no .next/standalone/server.js: run `npm run build` first (next.config.mjs sets output: "standalone" for the build)');
}
if (!existsSync(path.join(bundle, 'index.html')) || !existsSync(path.join(bundle, '.template-version'))) {
  fail('no Remotion bundle in build/remotion-bundle: run `npm run build` (or `npm run bundle:remotion`) first');
}
if (out === root || root.startsWith(out + path.sep)) fail(`refusing to write into ${out}: it contains the project`);
if (existsSync(out) && readdirSync(out).length > 0) {
  // Only a folder this script made earlier is replaced: never wipe anything else by a typo.
  if (!existsSync(path.join(out, 'server.js')) || !existsSync(path.join(out, '.next'))) {
    fail(`${out} exists and is not an earlier standalone build: pick an empty or new folder`);
  }
  rmSync(out, { recursive: true, force: true });
}
mkdirSync(out, { recursive: true });

const started = performance.now();
/** Copies keeping symlinks as they are (Turbopack links external packages under .next/node_modules). */
const copy = (from, to, filter) =>
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: filter ?? (() => true) });

// From Next's standalone output only its server and the server half of .next: Turbopack traces
// the whole project into it (dynamic fs paths in server/), and the folder also holds the traced
// node_modules and any .env file present at build time.
copy(path.join(standalone, 'server.js'), path.join(out, 'server.js'));
copy(path.join(standalone, '.next'), path.join(out, '.next'));
copy(path.join(root, '.next', 'static'), path.join(out, '.next', 'static'));
// `npm start`'s check for a build (scripts/ensure-build.mjs) looks for BUILD_ID.
copy(path.join(root, '.next', 'BUILD_ID'), path.join(out, '.next', 'BUILD_ID'));
if (existsSync(path.join(root, 'public'))) copy(path.join(root, 'public'), path.join(out, 'public'));
copy(bundle, path.join(out, 'build', 'remotion-bundle'));

const sourceDirs = ['drizzle', 'server', 'remotion', 'lib', 'scripts'];
for (const dir of sourceDirs) copy(path.join(root, dir), path.join(out, dir));
for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', '.env.example']) {
  if (existsSync(path.join(root, file))) copy(path.join(root, file), path.join(out, file));
}

/** Bytes under a folder, symlinks not followed. */
function size(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += size(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

const version = readFileSync(path.join(out, 'build', 'remotion-bundle', '.template-version'), 'utf8').trim();
console.log(
  `Standalone build in ${out} (${(size(out) / 1e6).toFixed(0)} MB, templates ${version}, ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s). Next:\n` +
    `  cd ${out.startsWith(root + path.sep) ? path.relative(root, out) : out} && npm ci --omit=dev\n` +
    '  node scripts/start.mjs          # the web app (WEB_PROCESSES, migrations at boot, as npm start)\n' +
    '  npm run worker                  # job workers, with DATABASE_URL (Postgres)',
);
