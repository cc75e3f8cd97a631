/**
 * Render and media work (the render browser with every process it starts,
 * ffmpeg, ffprobe) runs in Linux's idle scheduling class (SCHED_IDLE, via
 * util-linux `chrt -i 0`) when RENDER_PRIORITY=background, the default:
 * it uses every core the web server leaves free, and an API request that
 * arrives mid-render is scheduled at once instead of queueing behind a
 * render's threads (bench:batch measures GET latency during a batch).
 *
 * Not `nice`: Chromium sets its threads' nice values itself (its main and
 * compositor threads to -8 when it may, the others to 0), which undoes an
 * inherited nice value; the scheduling class is inherited by every process
 * and thread and Chromium leaves it alone. The cost: on a machine kept busy
 * by other normal work (another service, a test run), renders get only what
 * is left. RENDER_PRIORITY=normal runs them like the server. Without `chrt`
 * (not Linux, a minimal image) the work runs at normal priority.
 */
import { existsSync } from 'node:fs';
import { getEnv } from '../env';

const CHRT = ['/usr/bin/chrt', '/bin/chrt'];

/** The `chrt` binary when background priority applies here, else null. */
export function backgroundScheduler(priority = getEnv().RENDER_PRIORITY): string | null {
  if (priority !== 'background' || process.platform !== 'linux') return null;
  return CHRT.find((p) => existsSync(p)) ?? null;
}

/** `file args` as a command that runs it in the idle class when background priority applies. */
export function inBackground(file: string, args: readonly string[], priority = getEnv().RENDER_PRIORITY): [string, string[]] {
  const chrt = backgroundScheduler(priority);
  return chrt ? [chrt, ['-i', '0', file, ...args]] : [file, [...args]];
}
