/**
 * Render and media work runs in the idle scheduling class
 * (RENDER_PRIORITY=background, the default; server/lib/priority.ts): the
 * render browser starts through a `chrt -i 0` launcher, so it and every
 * process and thread it starts (GPU, renderers) are SCHED_IDLE, and every
 * ffmpeg starts under `chrt -i 0` too. Where the kernel groups processes by
 * session (autogroup), the browser's session, which Remotion starts apart,
 * gets the least weight. A batch of renders then uses every core while API
 * requests are still scheduled first (bench:batch measures GET latency
 * during a batch). Read from /proc, Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/server/env';
import { acquireBrowser, backgroundExecutable, backgroundLauncher, closeSharedBrowser } from '@/server/render/browser';
import { inBackground } from '@/server/lib/priority';
import { processTree } from '../../../scripts/bench/proc';
import { makeVideo } from '../media/media-fixtures';

const SCHED_IDLE = 5;

/** The scheduling policy of every thread of a process (field 41 of /proc/<pid>/task/<tid>/stat). */
function policiesOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        out.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]));
      } catch {
        /* the thread ended meanwhile */
      }
    }
  } catch {
    /* the process ended meanwhile */
  }
  return out;
}
/**
 * The processes of the shared render browser, as Chromium itself lists them (browser, GPU, network, renderers).
 * Not the test process's tree: with two test workers, anything a browser another file left closing adds or
 * takes away there is not this browser.
 */
async function browserProcesses(): Promise<number[]> {
  const { browser } = await acquireBrowser();
  // Not in Remotion's protocol types, which list only the commands it sends itself.
  const send = browser.connection.send.bind(browser.connection) as unknown as (method: string) => Promise<{
    value: { processInfo: { type: string; id: number }[] };
  }>;
  // Right after launch the first tab's renderer may not be listed yet (CI saw only the browser once): ask until it is.
  let info: { type: string; id: number }[] = [];
  await expect
    .poll(
      async () => {
        info = (await send('SystemInfo.getProcessInfo')).value.processInfo;
        return info.map((p) => p.type);
      },
      { timeout: 15_000, interval: 250 },
    )
    .toEqual(expect.arrayContaining(['browser', 'renderer']));
  return info.map((p) => p.id);
}
const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
};

// The suites run renders at normal priority (vitest.config: two test workers share 2 cores, and a render in
// the idle class would wait for the other worker's tests); this file checks the production default.
const before = process.env.RENDER_PRIORITY;
beforeAll(async () => {
  await closeSharedBrowser();
  process.env.RENDER_PRIORITY = 'background';
  resetEnvCache();
});
afterAll(async () => {
  await closeSharedBrowser();
  if (before === undefined) delete process.env.RENDER_PRIORITY;
  else process.env.RENDER_PRIORITY = before;
  resetEnvCache();
});

describe.runIf(process.platform === 'linux')('render work runs below the web server', () => {
  it('starts the render browser, all its processes and threads in the idle class; the server stays normal', async () => {
    expect(new Set(policiesOf(process.pid))).toEqual(new Set([0]));
    const browsers = await browserProcesses();
    for (const pid of browsers) expect(new Set(policiesOf(pid)), commandOf(pid)).toEqual(new Set([SCHED_IDLE]));
  }, 60_000);

  // Without autogroup (CONFIG_SCHED_AUTOGROUP off, or sched_autogroup_enabled=0) there is no group to lower.
  const autogroup = (pid: number | 'self') => {
    try {
      return readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim();
    } catch {
      return null;
    }
  };
  const autogroupOn = autogroup('self') !== null && readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  it.runIf(autogroupOn)("puts the browser's session (its own: Remotion starts it detached) in the lightest scheduling group", async () => {
    const browsers = await browserProcesses();
    const mine = autogroup('self')!;
    for (const pid of browsers) {
      const group = autogroup(pid)!;
      expect(group, commandOf(pid)).toMatch(/ nice 19$/);
      expect(group.split(' ')[0]).not.toBe(mine.split(' ')[0]);
    }
    // The server's own group keeps its weight.
    expect(mine).not.toMatch(/ nice 19$/);
  }, 60_000);

  it('starts every ffmpeg in the idle class', async () => {
    const seen: number[] = [];
    // Only what starts from here on: the suites run ffmpeg at normal priority (see above), and one an earlier
    // file in this test worker left finishing (under the process helper, a descendant) is not this test's.
    const earlier = new Set(processTree(process.pid));
    const watching = setInterval(() => {
      for (const pid of processTree(process.pid)) if (!earlier.has(pid) && /ffmpeg$/.test(commandOf(pid))) seen.push(...policiesOf(pid));
    }, 10);
    try {
      // A few dozen PNG frames piped into an x264 encode (the media fixtures' encoder): long enough to be seen running.
      await makeVideo({ width: 640, height: 360, frames: 90 });
    } finally {
      clearInterval(watching);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([SCHED_IDLE]));
  }, 60_000);

  it('runs binaries as they are with RENDER_PRIORITY=normal, and quotes the launcher', () => {
    expect(inBackground('/opt/ffmpeg', ['-i', 'x'], 'normal')).toEqual(['/opt/ffmpeg', ['-i', 'x']]);
    expect(backgroundExecutable('/opt/chromium', 'normal')).toBe('/opt/chromium');
    // The text only: backgroundExecutable would write it over the launcher the other test worker's browser starts from.
    expect(backgroundLauncher('/opt/chromium', 'normal')).toBeNull();
    expect(backgroundLauncher("/opt/it's/chromium", 'background')).toMatch(/^#!\/bin\/sh\n\{ echo 19 > \/proc\/self\/autogroup; \} 2>\/dev\/null\nexec '\/usr\/bin\/chrt' '-i' '0' '\/opt\/it'\\''s\/chromium' "\$@"\n$/);
  });
});
