/**
 * WORKER_MODE=route: asks the background jobs route to run without waiting
 * for it. The jobs domain stays unaware of HTTP: it signals "work is due"
 * in-process when a job is enqueued for now or an outbox event is written
 * (server/jobs/signals.ts, onLocalWake); this module, installed by
 * instrumentation.ts, turns that signal into a POST to
 * `<APP_URL>/api/jobs/run` with `Prefer: respond-async` (the route answers
 * 202 at once and runs in its own invocation).
 *
 * The POST goes out after the response, through `after()`: by then the
 * transaction that enqueued has committed, so the run finds the job. Signals
 * raised together (a batch of 100 rows) make one request. Outside a request
 * (no `after()` scope) it is sent at once. A lost request costs at most a
 * minute: the cron entry calls the route every minute.
 */
import { after } from 'next/server';
import { getEnv } from '@/server/env';
import { insideJobsRoute } from '@/server/jobs/route-scope';
import { onLocalWake } from '@/server/jobs/signals';
import { errorFields, logger } from '@/server/lib/logger';

export type JobsRunReason = 'enqueue' | 'continue';

const g = globalThis as unknown as {
  __clipwrightJobsTrigger?: { pending: Promise<boolean> | null; uninstall: (() => void) | null };
};
const state = (g.__clipwrightJobsTrigger ??= { pending: null, uninstall: null });

/** Runs `task` after the current response, or now (not awaited) outside a request scope. */
export function runAfterResponse(task: () => Promise<unknown>): void {
  const safe = () =>
    task().catch((err) => {
      logger.error('background task after the response failed', errorFields(err));
    });
  try {
    after(safe);
  } catch {
    void safe();
  }
}

/**
 * POSTs to the jobs route and waits only for its 202; requests asked for in
 * the same tick share one. Resolves false (logged) when it did not get through.
 */
export function sendJobsRunRequest(reason: JobsRunReason): Promise<boolean> {
  if (state.pending) return state.pending;
  const pending = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    state.pending = null;
    const env = getEnv();
    if (!env.APP_URL || !env.CRON_SECRET) return false;
    const url = new URL('/api/jobs/run', env.APP_URL);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.CRON_SECRET}`, prefer: 'respond-async', 'x-clipwright-trigger': reason },
        signal: AbortSignal.timeout(15_000),
      });
      await res.body?.cancel();
      if (res.status !== 202) {
        logger.warn('the jobs route refused a trigger; the cron will run the jobs', { status: res.status, url: url.toString() });
        return false;
      }
      return true;
    } catch (err) {
      logger.warn('could not trigger the jobs route; the cron will run the jobs', { url: url.toString(), ...errorFields(err) });
      return false;
    }
  });
  state.pending = pending;
  return pending;
}

/** Asks for a jobs route run after the current response (see the module comment). */
export function requestJobsRun(reason: JobsRunReason): void {
  runAfterResponse(() => sendJobsRunRequest(reason));
}

/** Installs the enqueue → trigger wiring when WORKER_MODE=route (once per process); a no-op otherwise. */
export function installJobsRouteTrigger(): void {
  if (getEnv().WORKER_MODE !== 'route' || state.uninstall) return;
  state.uninstall = onLocalWake(() => {
    // A run's own enqueues: its summary decides whether to continue.
    if (insideJobsRoute()) return;
    requestJobsRun('enqueue');
  });
  logger.info('jobs run in the background route (WORKER_MODE=route)', { route: '/api/jobs/run' });
}

/** Test hook. */
export function uninstallJobsRouteTrigger(): void {
  state.uninstall?.();
  state.uninstall = null;
}
