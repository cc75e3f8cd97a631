/**
 * A webhook worker process for the kill -9 test (spawned with `npx tsx`): it
 * dispatches the outbox and delivers webhooks with the suites' test options,
 * except a long timeout, so the parent can SIGKILL it while a request hangs
 * at the receiver. Prints {"event":"ready",pid,workerId} on stdout.
 *
 * Env: CHILD_DB_URL (Postgres), CHILD_LEASE_MS.
 */
import { installDb, openDb } from '../../../server/db/client';
import { stopWorkerOnSignals } from '../../../server/jobs/shutdown';
import { Worker } from '../../../server/jobs/worker';
import { webhookTestRegistry } from './fixtures';

async function main() {
  const url = process.env.CHILD_DB_URL;
  if (!url) throw new Error('CHILD_DB_URL is required');
  const leaseMs = Number(process.env.CHILD_LEASE_MS ?? 1000);
  const handle = await openDb({ url, migrate: false, poolMax: 3 });
  // The handler reads the process's database handle, as in the web process and `npm run worker`.
  installDb(handle);
  const worker = new Worker({
    db: handle.db,
    registry: webhookTestRegistry({ timeoutMs: 60_000 }),
    leaseMs,
    heartbeatMs: Math.floor(leaseMs / 4),
    pollMs: 50,
    workerId: `child:${process.pid}`,
  });
  stopWorkerOnSignals(worker, { graceMs: 200, cleanup: handle.close });
  worker.start();
  process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid, workerId: worker.id })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
