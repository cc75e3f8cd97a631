#!/usr/bin/env node
// `npm start` on a fresh clone: build first when there is no production build yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('.next/BUILD_ID')) {
  console.log('No production build found: running `next build` first (about 30 s)…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
