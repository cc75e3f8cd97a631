#!/usr/bin/env node
// `npm start` on a fresh clone: build first when there is no production build yet
// (the Next.js app, then the Remotion compositions bundle).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('.next/BUILD_ID')) {
  console.log('No production build found: running `npm run build` first (about 2 minutes on 2 cores)…');
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
