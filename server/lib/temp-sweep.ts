/**
 * Removes what a killed worker leaves in the temp folder. A render, a media
 * transcode or a storage operation cleans up after itself, unless the process
 * dies first (kill -9, out of memory); Chromium and Remotion do the same with
 * their own folders. Each kind has the age past which nothing live can still
 * own it (its longest allowed run plus slack), so workers with other settings
 * on the same machine are safe; a Chromium profile is also kept while any
 * process on the machine still runs with it as its --user-data-dir.
 *
 * Runs when a worker starts (scheduleRendererWarmUp) and at most every ten
 * minutes from renders.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { logger } from './logger';

const MINUTE = 60_000;

/** The prefixes our own temp folders are created with (mkdtemp), named here once for the creators and the sweep. */
export const TEMP_PREFIX = { render: 'cw-render-', media: 'clipwright-media-', storage: 'clipwright-storage-' } as const;

export interface TempRule {
  prefix: string;
  /** Older than this (by the entry's mtime), nothing live owns it. */
  maxAgeMs: number;
  /** A browser profile: kept while a running process uses it. */
  browserProfile?: boolean;
}

/**
 * The longest render is RENDER_TIMEOUT_SECONDS' maximum (60 min), the longest
 * media step MEDIA_PROCESS_TIMEOUT_SECONDS' maximum (120 min).
 */
export const TEMP_RULES: readonly TempRule[] = [
  { prefix: TEMP_PREFIX.render, maxAgeMs: 70 * MINUTE },
  // Remotion (classic engine): downloaded assets, the concat list of chunks, audio mixing.
  { prefix: 'remotion-v', maxAgeMs: 70 * MINUTE },
  { prefix: 'remotion-filelist', maxAgeMs: 70 * MINUTE },
  { prefix: 'remotion-large-audio-mixing', maxAgeMs: 70 * MINUTE },
  { prefix: TEMP_PREFIX.media, maxAgeMs: 130 * MINUTE },
  { prefix: TEMP_PREFIX.storage, maxAgeMs: 130 * MINUTE },
  // The render browser's profile (Remotion opens Chromium through its puppeteer fork).
  { prefix: 'puppeteer_dev_chrome_profile-', maxAgeMs: 70 * MINUTE, browserProfile: true },
];

/** Every --user-data-dir of a running process (Linux /proc); null when that cannot be read, so no profile is removed. */
export async function liveUserDataDirs(): Promise<Set<string> | null> {
  try {
    const dirs = new Set<string>();
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      for (const arg of cmdline.split('\0')) {
        if (arg.startsWith('--user-data-dir=')) dirs.add(path.resolve(arg.slice('--user-data-dir='.length)));
      }
    }
    return dirs;
  } catch {
    return null;
  }
}

/** Removes the stale entries under `root` (the temp folder); returns how many. Never throws. */
export async function sweepStaleTemp(
  opts: { root?: string; now?: number; rules?: readonly TempRule[]; liveProfiles?: Set<string> | null } = {},
): Promise<number> {
  const root = opts.root ?? os.tmpdir();
  const now = opts.now ?? Date.now();
  const rules = opts.rules ?? TEMP_RULES;
  let live: Set<string> | null | undefined = opts.liveProfiles;
  let removed = 0;
  const byKind: Record<string, number> = {};
  let entries: Array<{ name: string; isDirectory: () => boolean }>;
  try {
    entries = await readdir(/*turbopackIgnore: true*/ root, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const rule = rules.find((r) => entry.name.startsWith(r.prefix));
    if (!rule || !entry.isDirectory()) continue;
    const dir = path.join(/*turbopackIgnore: true*/ root, entry.name);
    try {
      if (now - (await stat(/*turbopackIgnore: true*/ dir)).mtimeMs < rule.maxAgeMs) continue;
      if (rule.browserProfile) {
        if (live === undefined) live = await liveUserDataDirs();
        if (live === null || live.has(path.resolve(/*turbopackIgnore: true*/ dir))) continue;
      }
      await rm(dir, { recursive: true, force: true });
      removed += 1;
      byKind[rule.prefix] = (byKind[rule.prefix] ?? 0) + 1;
    } catch {
      // Removed meanwhile by another worker's sweep.
    }
  }
  if (removed > 0) logger.info('removed temp folders of interrupted work', { removed, byKind, root });
  return removed;
}
