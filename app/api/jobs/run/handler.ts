/**
 * The background jobs route's handler (WORKER_MODE=route; see
 * server/jobs/route-run.ts): authenticates the CRON_SECRET, runs the job
 * workers for one bounded run and answers with what it did; when due work
 * remains it triggers the next run (not awaited). `Prefer: respond-async`
 * (what the enqueue trigger sends) answers 202 at once and runs after the
 * response, within the same function time. A factory, so tests can give it
 * their own registry and timings.
 */
import { getDb } from '@/server/db/client';
import { requireCronSecret } from '@/server/http/cron-auth';
import { errorResponse } from '@/server/http/respond';
import type { JobRegistry } from '@/server/jobs/registry';
import { runJobsRoute, type JobsRouteRunOptions, type JobsRouteRunSummary } from '@/server/jobs/route-run';
import { requestJobsRun, runAfterResponse } from './trigger';

export interface JobsRunHandlerOptions {
  /** The kinds to run (default: the platform's registry, server/jobs/kinds.ts). */
  registry?: () => JobRegistry;
  /** Overrides of the run's timings (tests). */
  run?: Omit<JobsRouteRunOptions, 'db' | 'registry'>;
}

function toBody(summary: JobsRouteRunSummary, retriggered: boolean) {
  return {
    jobs_run: summary.jobsRun,
    succeeded: summary.succeeded,
    retried: summary.retried,
    failed: summary.failed,
    released: summary.released,
    outbox_events: summary.outboxEvents,
    stopped_by: summary.stoppedBy,
    elapsed_ms: summary.elapsedMs,
    budget_ms: summary.budgetMs,
    work_remains: summary.workRemains,
    due_jobs: summary.dueJobs,
    due_events: summary.dueEvents,
    retriggered,
  };
}

function prefersAsync(req: Request): boolean {
  return /(^|[,\s])respond-async\b/i.test(req.headers.get('prefer') ?? '');
}

export function createJobsRunHandler(options: JobsRunHandlerOptions = {}) {
  let registry: JobRegistry | undefined;
  const getRegistry = async () => {
    if (!registry) {
      registry = options.registry ? options.registry() : (await import('@/server/jobs/kinds')).createJobRegistry();
    }
    return registry;
  };

  return async function handleJobsRun(req: Request): Promise<Response> {
    try {
      requireCronSecret(req);
      const db = await getDb();
      const reg = await getRegistry();
      const run = async () => {
        const summary = await runJobsRoute({ db, registry: reg, ...options.run });
        if (summary.workRemains) requestJobsRun('continue');
        return toBody(summary, summary.workRemains);
      };
      if (prefersAsync(req)) {
        runAfterResponse(run);
        return Response.json(
          { status: 'accepted' },
          { status: 202, headers: { 'Preference-Applied': 'respond-async', 'Cache-Control': 'no-store' } },
        );
      }
      return Response.json(await run(), { headers: { 'Cache-Control': 'no-store' } });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
