/**
 * WORKER_MODE=route (serverless): no process keeps a job loop alive, so one
 * request to the background jobs route (app/api/jobs/run) runs the same lane
 * workers as `npm run worker` (server/jobs/lanes.ts: claims with SKIP LOCKED,
 * leases and heartbeats, lanes) for a bounded time:
 *
 * - it claims jobs until the budget (JOBS_ROUTE_BUDGET_SECONDS) is spent, or
 *   earlier once every lane found nothing to do (an idle invocation costs
 *   money and holds a connection);
 * - then it stops claiming and lets the running jobs finish until the
 *   deadline (the function's maxDuration less a margin to write outcomes);
 *   a job still running then is aborted and counts as a failed attempt
 *   (`route_deadline`), so a job that never fits runs out of attempts;
 * - it reports what it did and whether due work remains, so the caller can
 *   trigger the next run at once.
 *
 * A runner that dies (function killed) leaves its jobs leased; they are
 * requeued when the lease lapses, as for a crashed worker process. Jobs due
 * later (retry backoff, hourly sweeps) are picked up by whichever run comes
 * after their run_at: the cron entry guarantees one every minute.
 *
 * Work done inside a run never triggers another run (server/jobs/route-scope.ts):
 * the run's own summary decides that.
 */
import os from 'node:os';
import { and, count, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, outboxEvents } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../lib/errors';
import { randomString } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { scheduleTemplatePreviews } from '../templates/previews';
import { LaneWorkers, lanesFromSetting } from './lanes';
import { dueOutboxEvents } from './outbox';
import type { JobLane } from './registry';
import type { JobRegistry } from './registry';
import { runInJobsRoute } from './route-scope';
import { scheduleJobsSweep } from './sweep';

/**
 * The route's maxDuration in seconds. Next reads the route segment config
 * only as a literal, so app/api/jobs/run/route.ts and vercel.json repeat
 * this number (tests/unit/jobs/route-config.test.ts keeps the three equal).
 */
export const JOBS_ROUTE_MAX_DURATION_SECONDS = 300;
/** Kept free at the end of the function's time to write the outcome of aborted jobs and answer. */
export const JOBS_ROUTE_DEADLINE_MARGIN_SECONDS = 15;

export interface JobsRouteRunOptions {
  db: Db;
  registry: JobRegistry;
  /** Claim new jobs for this long (default JOBS_ROUTE_BUDGET_SECONDS). */
  budgetMs?: number;
  /** Abort the jobs still running at this point, counted from the start (default maxDuration less the margin). */
  deadlineMs?: number;
  /** Stop before the budget once every lane had nothing to do for this long. */
  idleMs?: number;
  /** How often an idle lane looks again (default JOB_POLL_MS, at most 250 ms: a run is short). */
  pollMs?: number;
  leaseMs?: number;
  /** Jobs run at once per lane (default WORKER_CONCURRENCY / LIGHT_WORKER_CONCURRENCY). */
  concurrency?: { heavy?: number; light?: number };
  /** Lanes to run (default WORKER_LANES). */
  lanes?: readonly JobLane[];
  /** Queue the hourly sweep and missing template previews, as a worker process does at start (default true). */
  scheduleHousekeeping?: boolean;
}

export interface JobsRouteRunSummary {
  /** Attempts that ended in this run: succeeded + retried + failed. */
  jobsRun: number;
  succeeded: number;
  retried: number;
  failed: number;
  /** Given back without counting (lease lost or released). */
  released: number;
  outboxEvents: number;
  /** Why claiming stopped. */
  stoppedBy: 'idle' | 'budget';
  elapsedMs: number;
  budgetMs: number;
  /** Due jobs (and outbox events) left when the run ended: the caller triggers another run. */
  workRemains: boolean;
  dueJobs: number;
  dueEvents: number;
}

const g = globalThis as unknown as { __clipwrightJobsRouteScheduled?: boolean };

/** The budget and deadline a run uses, checked against each other; throws naming JOBS_ROUTE_BUDGET_SECONDS. */
export function jobsRouteTimes(
  options: { budgetMs?: number; deadlineMs?: number } = {},
): { budgetMs: number; deadlineMs: number } {
  const budgetMs = options.budgetMs ?? getEnv().JOBS_ROUTE_BUDGET_SECONDS * 1000;
  const deadlineMs = options.deadlineMs ?? (JOBS_ROUTE_MAX_DURATION_SECONDS - JOBS_ROUTE_DEADLINE_MARGIN_SECONDS) * 1000;
  if (!(budgetMs > 0 && budgetMs < deadlineMs)) {
    throw new AppError(
      'service_unavailable',
      `JOBS_ROUTE_BUDGET_SECONDS (${budgetMs / 1000}) must be below the jobs route's maxDuration ` +
        `(${JOBS_ROUTE_MAX_DURATION_SECONDS} s) less ${JOBS_ROUTE_DEADLINE_MARGIN_SECONDS} s, and leave room for ` +
        'the last job claimed to finish (e.g. 180 for renders of up to ~100 s).',
    );
  }
  return { budgetMs, deadlineMs };
}

/** Due work the registry's workers would take now: queued jobs, lapsed leases, pending outbox events. */
export async function countDueWork(
  db: Db,
  registry: JobRegistry,
  lanes: readonly JobLane[] = ['heavy', 'light'],
): Promise<{ dueJobs: number; dueEvents: number }> {
  // Only what this run's lanes would take: with WORKER_LANES=light, queued renders are not work for the route.
  const kinds = lanes.flatMap((lane) => registry.kinds(lane));
  let dueJobs = 0;
  if (kinds.length > 0) {
    const [row] = await db
      .select({ n: count() })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, kinds),
          sql`((${jobs.status} = 'queued' and ${jobs.runAt} <= now()) or (${jobs.status} = 'running' and ${jobs.leaseExpiresAt} < now()))`,
        ),
      );
    dueJobs = row?.n ?? 0;
  }
  let dueEvents = 0;
  const consumers = registry.outboxConsumers();
  if (consumers.length > 0) {
    // As dispatchOutbox selects them: an event of a type no consumer wants stays pending for good, and is no work.
    const [row] = await db.select({ n: count() }).from(outboxEvents).where(dueOutboxEvents(consumers));
    dueEvents = row?.n ?? 0;
  }
  return { dueJobs, dueEvents };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One bounded run of the registry's lane workers; see the module comment. */
export async function runJobsRoute(options: JobsRouteRunOptions): Promise<JobsRouteRunSummary> {
  const { budgetMs, deadlineMs } = jobsRouteTimes(options);
  const env = getEnv();
  const pollMs = options.pollMs ?? Math.min(env.JOB_POLL_MS, 250);
  const idleMs = options.idleMs ?? 2 * pollMs + 100;
  const lanes = options.lanes ?? lanesFromSetting(env.WORKER_LANES);
  return runInJobsRoute(async () => {
    const startedAt = Date.now();
    // What a worker process does at start, once per warm function instance (both are one job per hour at most).
    if (options.scheduleHousekeeping !== false && !g.__clipwrightJobsRouteScheduled) {
      g.__clipwrightJobsRouteScheduled = true;
      scheduleJobsSweep(options.db);
      scheduleTemplatePreviews(options.db);
    }
    const workers = new LaneWorkers({
      db: options.db,
      registry: options.registry,
      // WORKER_LANES=light leaves renders to worker processes elsewhere (renders longer than the function's time).
      lanes,
      concurrency: options.concurrency,
      leaseMs: options.leaseMs,
      pollMs,
      // A LISTEN connection per invocation buys nothing here: the run ends when the queue is empty.
      listen: false,
      workerId: `route:${os.hostname()}:${process.pid}:${randomString(6)}`,
    });
    workers.start();
    let stoppedBy: JobsRouteRunSummary['stoppedBy'] = 'budget';
    for (;;) {
      const elapsed = Date.now() - startedAt;
      if (elapsed >= budgetMs) break;
      if (workers.idleForMs() >= idleMs) {
        stoppedBy = 'idle';
        break;
      }
      await sleep(Math.min(50, budgetMs - elapsed));
    }
    await workers.stop({ graceMs: Math.max(0, deadlineMs - (Date.now() - startedAt)), abortReason: 'deadline' });
    const stats = workers.stats();
    let due = { dueJobs: 0, dueEvents: 0 };
    try {
      due = await countDueWork(options.db, options.registry, lanes);
    } catch (err) {
      // Unknown (the database is likely down): no re-trigger, which would only fail again at once; the cron retries.
      logger.error('could not count the remaining jobs; leaving them to the next cron run', errorFields(err));
    }
    const summary: JobsRouteRunSummary = {
      jobsRun: stats.succeeded + stats.retried + stats.failed,
      succeeded: stats.succeeded,
      retried: stats.retried,
      failed: stats.failed,
      released: stats.released + stats.abandoned,
      outboxEvents: stats.outboxEvents,
      stoppedBy,
      elapsedMs: Date.now() - startedAt,
      budgetMs,
      workRemains: due.dueJobs + due.dueEvents > 0,
      ...due,
    };
    logger.info('jobs route run finished', { ...summary });
    return summary;
  });
}

/** Test hook: let the next run queue the hourly sweeps again. */
export function resetJobsRouteScheduling() {
  g.__clipwrightJobsRouteScheduled = false;
}
