/**
 * Worker lanes: one worker process (the embedded one or `npm run worker`)
 * runs one Worker per lane over the same registry, so a webhook delivery
 * never waits behind a 30–60 s render.
 *
 * - `heavy`: kinds registered with `lane: 'heavy'` (renders, transcodes).
 *   Each already uses every core, so WORKER_CONCURRENCY (default 1) run at once.
 * - `light`: every other kind (webhooks, sweeps, expiries). LIGHT_WORKER_CONCURRENCY
 *   (default 4) run at once, beside the heavy ones.
 *
 * Each lane's Worker has its own claims, leases, heartbeats and LISTEN
 * wake-ups (it wakes only for its own kinds). Exactly one of them dispatches
 * the outbox: the light one, or the heavy one in a heavy-only process.
 * WORKER_LANES (or `npm run worker -- --lane heavy|light`) runs one lane only,
 * e.g. renders on dedicated machines and webhooks in the web process.
 */
import os from 'node:os';
import { getEnv } from '../env';
import { randomString } from '../lib/ids';
import type { JobLease } from './queue';
import { JOB_LANES, type JobLane } from './registry';
import { Worker, type WorkerOptions, type WorkerStats } from './worker';

export interface LaneWorkersOptions extends Omit<WorkerOptions, 'kinds' | 'concurrency' | 'dispatchOutbox'> {
  /** Lanes this process runs (default from WORKER_LANES: both). */
  lanes?: readonly JobLane[];
  /** Jobs run at once per lane (default WORKER_CONCURRENCY for heavy, LIGHT_WORKER_CONCURRENCY for light). */
  concurrency?: Partial<Record<JobLane, number>>;
  /** Base of the lane workers' ids; each appends `:<lane>`. */
  workerId?: string;
}

/** The lanes WORKER_LANES selects. */
export function lanesFromSetting(setting: 'all' | JobLane): JobLane[] {
  return setting === 'all' ? [...JOB_LANES] : [setting];
}

/** The Workers of one process, one per lane, started and stopped together. */
export class LaneWorkers {
  readonly workers: ReadonlyMap<JobLane, Worker>;

  constructor(options: LaneWorkersOptions) {
    const env = getEnv();
    const { lanes = lanesFromSetting(env.WORKER_LANES), concurrency = {}, workerId, ...shared } = options;
    const baseId = workerId ?? `${os.hostname()}:${process.pid}:${randomString(6)}`;
    const defaults: Record<JobLane, number> = { heavy: env.WORKER_CONCURRENCY, light: env.LIGHT_WORKER_CONCURRENCY };
    // Outbox consumers write light work (webhook deliveries); a heavy-only process still dispatches.
    const outboxLane: JobLane = lanes.includes('light') ? 'light' : 'heavy';
    const workers = new Map<JobLane, Worker>();
    for (const lane of JOB_LANES) {
      if (!lanes.includes(lane)) continue;
      const kinds = options.registry.kinds(lane);
      const dispatchOutbox = lane === outboxLane && options.registry.outboxConsumers().length > 0;
      if (kinds.length === 0 && !dispatchOutbox) continue;
      workers.set(
        lane,
        new Worker({
          ...shared,
          kinds,
          concurrency: concurrency[lane] ?? defaults[lane],
          dispatchOutbox,
          workerId: `${baseId}:${lane}`,
        }),
      );
    }
    this.workers = workers;
  }

  start(): void {
    for (const worker of this.workers.values()) worker.start();
  }

  /** Graceful stop of every lane at once; see Worker.stop (a later `graceMs: 0` cuts the grace short). */
  async stop(options: { graceMs?: number; abortReason?: 'shutdown' | 'deadline' } = {}): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop(options)));
  }

  /** What the lanes did since they started, summed. */
  stats(): WorkerStats {
    const total: WorkerStats = { claimed: 0, succeeded: 0, retried: 0, failed: 0, released: 0, abandoned: 0, outboxEvents: 0 };
    for (const worker of this.workers.values()) {
      const stats = worker.stats();
      for (const key of Object.keys(total) as (keyof WorkerStats)[]) total[key] += stats[key];
    }
    return total;
  }

  /** How long every lane has had nothing to do (the least idle lane's time; 0 while any is busy). */
  idleForMs(now: number = Date.now()): number {
    const idle = [...this.workers.values()].map((worker) => worker.idleForMs(now));
    return idle.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...idle);
  }

  /** The attempts running now in every lane (for logs and tests). */
  activeJobs(): JobLease[] {
    return [...this.workers.values()].flatMap((worker) => worker.activeJobs());
  }
}
