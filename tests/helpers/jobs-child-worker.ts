/**
 * A worker process for the crash and signal tests (spawned with `npx tsx`).
 * It runs one test kind whose handler reports that it started and then works
 * until its signal is aborted, so the parent can SIGKILL or SIGTERM it
 * mid-job. Lines on stdout are JSON: {"event":"ready"|"started", pid, ...}.
 *
 * Env: CHILD_DB_URL (Postgres), CHILD_KIND, CHILD_LEASE_MS, CHILD_GRACE_MS.
 */
import { z } from 'zod';
import { openDb } from '../../server/db/client';
import { defineJobKind, JobRegistry } from '../../server/jobs/registry';
import { stopWorkerOnSignals } from '../../server/jobs/shutdown';
import { Worker } from '../../server/jobs/worker';

function say(event: string, fields: Record<string, unknown> = {}) {
  process.stdout.write(`${JSON.stringify({ event, pid: process.pid, ...fields })}\n`);
}

async function main() {
  const url = process.env.CHILD_DB_URL;
  const kindName = process.env.CHILD_KIND;
  if (!url || !kindName) throw new Error('CHILD_DB_URL and CHILD_KIND are required');
  const leaseMs = Number(process.env.CHILD_LEASE_MS ?? 1000);
  const handle = await openDb({ url, migrate: false, poolMax: 3 });
  const kind = defineJobKind({ kind: kindName, payload: z.object({ n: z.number() }) });
  const registry = new JobRegistry().register(kind, {
    handle: async ({ job, signal }) => {
      say('started', { jobId: job.id, attempt: job.attempts });
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    },
  });
  const worker = new Worker({
    db: handle.db,
    registry,
    leaseMs,
    heartbeatMs: Math.floor(leaseMs / 4),
    pollMs: 50,
    workerId: `child:${process.pid}`,
  });
  stopWorkerOnSignals(worker, { graceMs: Number(process.env.CHILD_GRACE_MS ?? 200), cleanup: handle.close });
  worker.start();
  say('ready', { workerId: worker.id });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
