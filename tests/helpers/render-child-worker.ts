/**
 * A render worker process for the crash test (spawned with `npx tsx`): the
 * production render handler, registered under the test's own job kind (see
 * render-jobs.ts), configured from the environment like `npm run worker`
 * (JOB_LEASE_SECONDS, RENDER_SCALE, DATA_DIR for local storage). The test
 * kills it with SIGKILL mid-render. Lines on stdout are JSON:
 * {"event":"ready", pid, workerId}.
 *
 * Env: CHILD_DB_URL (Postgres), CHILD_KIND.
 */
import { installDb, openDb } from '../../server/db/client';
import { getEnv } from '../../server/env';
import { Worker } from '../../server/jobs/worker';
import { testRenderKind, testRenderRegistry } from './render-jobs';

async function main() {
  const url = process.env.CHILD_DB_URL;
  const kindName = process.env.CHILD_KIND;
  if (!url || !kindName) throw new Error('CHILD_DB_URL and CHILD_KIND are required');
  const handle = await openDb({ url, migrate: false, poolMax: 3 });
  // The handler reads the database through getDb().
  installDb(handle);
  const worker = new Worker({
    db: handle.db,
    registry: testRenderRegistry(testRenderKind(kindName)),
    leaseMs: getEnv().JOB_LEASE_SECONDS * 1000,
    pollMs: 100,
    listen: false,
    workerId: `render-child:${process.pid}`,
  });
  worker.start();
  process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid, workerId: worker.id })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
