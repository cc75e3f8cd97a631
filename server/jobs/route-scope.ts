/**
 * Marks the async context of a jobs route run (server/jobs/route-run.ts), so
 * that what the run itself enqueues (webhook deliveries from the outbox,
 * immediate retries) does not trigger yet another run: the run's summary
 * decides that. Light on purpose: the enqueue trigger loads it in every
 * web process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

// On globalThis: the trigger (loaded from instrumentation) and the route handler are different bundles.
const g = globalThis as unknown as { __clipwrightJobsRouteScope?: AsyncLocalStorage<true> };
const scope = (g.__clipwrightJobsRouteScope ??= new AsyncLocalStorage<true>());

/** Runs `fn` as part of a jobs route run. */
export function runInJobsRoute<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run(true, fn);
}

/** Whether the current async context is a jobs route run. */
export function insideJobsRoute(): boolean {
  return scope.getStore() === true;
}
