/**
 * Process start-up for the web app (from instrumentation.ts) and workers:
 * validate env, open the database (which applies migrations), run the
 * BOOTSTRAP_* bootstrap. The web process then starts the embedded job worker
 * (WORKER_MODE=embedded, the default), which also queues the template preview
 * stills it lacks, and stops it before closing the database. With
 * WORKER_MODE=route it runs no job loop: instrumentation.ts wires enqueues to
 * the background jobs route (server/jobs/route-run.ts), whose time budget is
 * checked here so a bad setting stops start-up instead of every run.
 */
import { ensureBootstrap } from './accounts/bootstrap';
import { closeDb, getDbHandle } from './db/client';
import { getEnv } from './env';
import { startEmbeddedWorker, stopEmbeddedWorker } from './jobs/embedded';
import { errorFields, logger } from './lib/logger';
import { scheduleRendererWarmUp } from './render/renderer';
import { jobsRouteTimes } from './jobs/route-run';
import { scheduleJobsSweep } from './jobs/sweep';
import { scheduleTemplatePreviews } from './templates/previews';

export async function boot(): Promise<void> {
  const env = getEnv();
  const handle = await getDbHandle();
  logger.info('database ready', { driver: handle.driver });
  if (env.BOOTSTRAP_EMAIL && env.BOOTSTRAP_PASSWORD) {
    const result = await ensureBootstrap(handle.db, {
      email: env.BOOTSTRAP_EMAIL,
      password: env.BOOTSTRAP_PASSWORD,
      apiKey: env.BOOTSTRAP_API_KEY,
      accountName: env.BOOTSTRAP_ACCOUNT_NAME,
    });
    logger.info('bootstrap ensured', { accountId: result.accountId, changed: result.changed });
  }
}

/** Entry point from instrumentation.ts: boot or exit with a clear message. */
export async function startWebProcess(): Promise<void> {
  try {
    await boot();
    if (getEnv().WORKER_MODE === 'route') jobsRouteTimes();
    startEmbeddedWorker((await getDbHandle()).db);
    // In the background, after a delay: the worker draws the template previews the current version lacks.
    if (getEnv().WORKER_MODE === 'embedded') {
      scheduleTemplatePreviews((await getDbHandle()).db);
      scheduleJobsSweep((await getDbHandle()).db);
      if (getEnv().WORKER_LANES !== 'light') scheduleRendererWarmUp();
    }
    installShutdownHandlers();
  } catch (err) {
    logger.error('could not start', errorFields(err));
    console.error(`\nClipwright could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

let shuttingDown = false;

/**
 * On SIGTERM/SIGINT: stops the embedded worker (running jobs finish or go back
 * to the queue), then closes the database cleanly (PGlite must flush before exit).
 */
export function installShutdownHandlers() {
  const onSignal = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', { signal });
    stopEmbeddedWorker()
      .catch((err) => logger.error('error while stopping the job worker', errorFields(err)))
      .then(() => closeDb())
      .catch((err) => logger.error('error while closing the database', errorFields(err)))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}
