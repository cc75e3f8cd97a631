/**
 * What the benchmarks read from /proc (Linux): a process tree, its memory,
 * CPU time per kind of process, and what a page fault costs this machine.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants. */
export function processTree(root: number): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    const pid = out[i]!;
    try {
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      /* exited */
    }
  }
  return [...new Set(out)];
}

export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + statusKb(pid, 'VmRSS') * 1024, 0);
}

/**
 * The tree's proportional set size: each shared page (Chromium's code,
 * mapped by every one of its processes; fonts; ICU data) counted once,
 * split among the processes that map it. Summing RSS counts such pages once
 * per process, ~400 MB too much for a browser with four tabs.
 */
export function treePssBytes(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // Ended while we read.
    }
  }
  return kb * 1024;
}

/** Samples the tree's RSS every `everyMs` (default 100); `stop()` returns the peak in bytes. */
export function rssSampler(root = process.pid, everyMs = 100) {
  let peak = treeRssBytes(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(root));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treeRssBytes(root));
    },
  };
}

/**
 * Samples the tree's PSS every `everyMs` (default 1000: reading smaps walks
 * every page table, which on 2 cores would slow what is being measured);
 * `stop()` returns the peak in bytes.
 */
export function pssSampler(root = process.pid, everyMs = 1000) {
  let peak = treePssBytes(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, treePssBytes(root));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treePssBytes(root));
    },
  };
}

const CLOCK_TICKS = 100;

/** What a process is, for the CPU breakdown: chromium by --type, ffmpeg, node. */
function kindOf(pid: number): string {
  try {
    // Chromium rewrites its process title: arguments may be joined by spaces rather than NULs.
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const exe = argv[0] ?? '';
    if (/ffmpeg|ffprobe/.test(exe)) return 'ffmpeg';
    // Chromium's children may be started through /proc/self/exe: known by their --type.
    const type = argv.find((a) => a.startsWith('--type='))?.slice('--type='.length);
    if (type) return `chromium ${type}`;
    if (/chrom|headless/.test(exe)) return 'chromium browser';
    if (/node|tsx/.test(exe)) return 'node';
    return exe.split('/').pop() || 'other';
  } catch {
    return 'other';
  }
}

function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** The whole machine's CPU seconds since boot by state, all cores together (the first line of /proc/stat). */
export function machineCpuSeconds(): Record<'user' | 'nice' | 'system' | 'idle' | 'iowait' | 'irq' | 'softirq' | 'steal', number> {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((ticks) => Number(ticks) / CLOCK_TICKS);
  return { user, nice, system, idle, iowait, irq, softirq, steal };
}

/**
 * CPU seconds the hypervisor ran other guests while this VM's cores wanted to run (`steal`, all
 * cores together). Read twice around a measurement: a share of more than a few percent of its
 * core-seconds makes its figures slower than the code is.
 */
export function stolenSeconds(): number {
  return machineCpuSeconds().steal;
}

/**
 * CPU seconds spent by each kind of process in the tree while it runs:
 * sampled every 100 ms, so short-lived children (ffmpeg) are counted up to
 * their last sample.
 */
export function cpuSampler(root = process.pid, everyMs = 100) {
  const start = new Map<number, number>();
  const last = new Map<number, { kind: string; ticks: number }>();
  const sample = (first: boolean) => {
    for (const pid of processTree(root)) {
      const ticks = cpuTicks(pid);
      if (ticks === null) continue;
      if (first) start.set(pid, ticks);
      last.set(pid, { kind: last.get(pid)?.kind ?? kindOf(pid), ticks });
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), everyMs);
  return {
    stop: (): Map<string, number> => {
      clearInterval(timer);
      sample(false);
      const byKind = new Map<string, number>();
      for (const [pid, { kind, ticks }] of last) {
        const seconds = (ticks - (start.get(pid) ?? 0)) / CLOCK_TICKS;
        if (seconds > 0) byKind.set(kind, (byKind.get(kind) ?? 0) + seconds);
      }
      return new Map([...byKind].sort((a, b) => b[1] - a[1]));
    },
  };
}

/**
 * Microseconds per first touch of a 4 KiB page of fresh memory (a minor page
 * fault), measured on 256 MiB: ~0.1–0.5 µs on bare metal, far more under
 * some hypervisors. Chromium's screenshot path writes several fresh
 * frame-sized buffers per frame, so this cost multiplies into every frame.
 */
export function pageFaultMicros(): number {
  const bytes = 256 * 2 ** 20;
  const pages = bytes / 4096;
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const buf = Buffer.allocUnsafeSlow(bytes); // not zero-filled: pages are mapped on first touch
    const t0 = performance.now();
    for (let off = 0; off < bytes; off += 4096) buf[off] = 1;
    const fresh = performance.now() - t0;
    const t1 = performance.now();
    for (let off = 0; off < bytes; off += 4096) buf[off] = 2;
    const touched = performance.now() - t1;
    samples.push(((fresh - touched) * 1000) / pages);
  }
  return samples.sort((a, b) => a - b)[1]!;
}

/**
 * How fast this machine's cores are right now, as the median milliseconds of
 * a fixed single-threaded workload (SHA-256 over 64 MiB, then sorting 1M
 * numbers): lower is faster. A shared VM's speed varies by hour (the same
 * 100-row batch, same code, cost 16.0 CPU s a video at 16:10 and 10.5 at
 * 18:57 on 2026-12-06), so figures of different runs compare only with
 * this beside them.
 */
export function cpuReferenceMs(): number {
  const data = Buffer.alloc(64 * 2 ** 20, 7);
  const numbers = Float64Array.from({ length: 1_000_000 }, (_, i) => ((i * 2654435761) % 1_000_003) / 7);
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    createHash('sha256').update(data).digest();
    Float64Array.from(numbers).sort();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[1]!;
}
