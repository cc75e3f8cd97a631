/**
 * `npm run worker`: a job worker process. With DATABASE_URL (Postgres) run as
 * many as you like, on any machines. Without it, the worker opens the
 * embedded PGlite database under DATA_DIR, which only one process may hold:
 * if the web app holds it, this refuses (the web app runs jobs itself when
 * WORKER_MODE=embedded); set DATABASE_URL to scale out instead.
 *
 * It runs both lanes (server/jobs/lanes.ts): heavy jobs (renders, transcodes)
 * WORKER_CONCURRENCY at once, light ones (webhooks, housekeeping)
 * LIGHT_WORKER_CONCURRENCY at once beside them. `--lane heavy|light|all`
 * (default WORKER_LANES) runs one lane only, to scale them apart.
 *
 * SIGTERM/SIGINT: stop claiming, let running jobs finish within the grace
 * period, release the rest to the queue, close the database, exit 0.
 */
import './load-dotenv';
import { parseArgs } from 'node:util';
import { closeDb, DataDirLockedError, getDbHandle } from '../server/db/client';
import { dataDir, getEnv } from '../server/env';
import { LaneWorkers, lanesFromSetting } from '../server/jobs/lanes';
import { stopWorkerOnSignals } from '../server/jobs/shutdown';
import { errorFields, logger } from '../server/lib/logger';

const LANE_SETTINGS = ['all', 'heavy', 'light'] as const;

/** `--lane heavy|light|all`, else WORKER_LANES; exits with a usage line on anything else. */
function lanesToRun(fallback: (typeof LANE_SETTINGS)[number]) {
  let lane: string | undefined;
  try {
    lane = parseArgs({ options: { lane: { type: 'string' } } }).values.lane;
  } catch (err) {
    console.error(`\nnpm run worker: ${(err as Error).message}\nUsage: npm run worker [-- --lane heavy|light|all]\n`);
    process.exit(1);
  }
  const setting = LANE_SETTINGS.find((s) => s === (lane ?? fallback));
  if (!setting) {
    console.error(`\nnpm run worker: --lane must be heavy, light or all (got ${lane}).\n`);
    process.exit(1);
  }
  return lanesFromSetting(setting);
}

async function main() {
  let env;
  try {
    env = getEnv();
  } catch (err) {
    console.error(`\n${(err as Error).message}\n`);
    process.exit(1);
  }
  const lanes = lanesToRun(env.WORKER_LANES);
  let handle;
  try {
    handle = await getDbHandle();
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `\nnpm run worker: cannot open the embedded database in ${dataDir()}.\n${err.message}\n` +
          'With the embedded database the web app runs jobs itself (WORKER_MODE=embedded). ' +
          'To run separate worker processes, use Postgres: set DATABASE_URL for the web app and every worker.\n',
      );
      process.exit(1);
    }
    logger.error('worker could not open the database', errorFields(err));
    console.error(`\nnpm run worker: could not open the database: ${(err as Error).message}\n`);
    process.exit(1);
  }
  if (handle.driver === 'pglite') {
    logger.warn('worker is using the embedded database; the web app cannot start until this worker stops', {
      dataDir: dataDir(),
    });
  }
  // Imported only now: the handlers pull in the renderer, which a refused start need not load.
  const { createJobRegistry } = await import('../server/jobs/kinds');
  const workers = new LaneWorkers({
    db: handle.db,
    registry: createJobRegistry(),
    lanes,
    concurrency: { heavy: env.WORKER_CONCURRENCY, light: env.LIGHT_WORKER_CONCURRENCY },
    leaseMs: env.JOB_LEASE_SECONDS * 1000,
    pollMs: env.JOB_POLL_MS,
  });
  stopWorkerOnSignals(workers, { cleanup: closeDb });
  workers.start();
  (await import('../server/templates/previews')).scheduleTemplatePreviews(handle.db);
  (await import('../server/jobs/sweep')).scheduleJobsSweep(handle.db);
  if (lanes.includes('heavy')) (await import('../server/render/renderer')).scheduleRendererWarmUp();
}

main().catch((err) => {
  logger.error('worker crashed', errorFields(err));
  process.exit(1);
});
