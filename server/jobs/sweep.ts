/**
 * Queue housekeeping, run as the hourly `jobs.sweep` job: deletes finished
 * jobs (succeeded, failed, cancelled) and processed outbox events older than
 * JOB_RETENTION_DAYS, and expired OAuth 1.0a nonces. Every webhook delivery, render and upload leaves a job
 * row and every state change an outbox row, so without this both tables grow
 * by the million on a busy deployment (a 20-minute soak left ~20,000).
 *
 * Nothing reads a finished job after it is done (videos, media and
 * deliveries keep their own outcome), nor a processed event (deliveries keep
 * their body). The sweep schedules itself like the webhook sweep: each run's
 * commit queues the next at the start of the next hour (dedupe key per hour),
 * and every worker start queues one (scheduleJobsSweep).
 */
import { and, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Db } from '../db/client';
import { jobs, oauthNonces, outboxEvents } from '../db/schema';
import { getEnv } from '../env';
import { errorFields, logger } from '../lib/logger';
import { enqueueForHour } from './queue';
import { defineJobKind, type CommitFn } from './registry';
import { scheduleVacuum } from './vacuum';

export const jobsSweepJob = defineJobKind({
  kind: 'jobs.sweep',
  payload: z.object({}),
  maxAttempts: 3,
  backoff: { baseMs: 60_000, capMs: 15 * 60_000 },
  // Housekeeping never delays user-visible work.
  priority: 10,
});

const SWEEP_INTERVAL_MS = 3_600_000;
const FINISHED = ['succeeded', 'failed', 'cancelled'] as const;

export interface JobsSweepResult {
  jobsDeleted: number;
  eventsDeleted: number;
  noncesDeleted: number;
}

/** Deletes what is older than the retention, in bounded batches so no run holds a long transaction. */
export async function sweepFinishedJobs(
  db: Db,
  params: { retentionMs?: number; batchSize?: number; maxBatches?: number } = {},
): Promise<JobsSweepResult> {
  const retentionMs = params.retentionMs ?? getEnv().JOB_RETENTION_DAYS * 86_400_000;
  const batchSize = params.batchSize ?? 1000;
  const maxBatches = params.maxBatches ?? 200;
  const cutoff = sql`now() - ${retentionMs}::double precision * interval '1 millisecond'`;
  let jobsDeleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const old = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.status, [...FINISHED]), lt(jobs.finishedAt, cutoff)))
      .limit(batchSize);
    const deleted = await db.delete(jobs).where(inArray(jobs.id, old)).returning({ id: jobs.id });
    jobsDeleted += deleted.length;
    if (deleted.length < batchSize) break;
  }
  let eventsDeleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const old = db
      .select({ id: outboxEvents.id })
      .from(outboxEvents)
      .where(and(isNotNull(outboxEvents.processedAt), lt(outboxEvents.processedAt, cutoff)))
      .limit(batchSize);
    const deleted = await db.delete(outboxEvents).where(inArray(outboxEvents.id, old)).returning({ id: outboxEvents.id });
    eventsDeleted += deleted.length;
    if (deleted.length < batchSize) break;
  }
  // OAuth 1.0a nonces past their window: a replay that late already fails the timestamp check.
  let noncesDeleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const old = db
      .select({ keyId: oauthNonces.keyId, nonce: oauthNonces.nonce })
      .from(oauthNonces)
      .where(lt(oauthNonces.expiresAt, sql`now()`))
      .limit(batchSize);
    const deleted = await db
      .delete(oauthNonces)
      .where(sql`(${oauthNonces.keyId}, ${oauthNonces.nonce}) in (${old})`)
      .returning({ nonce: oauthNonces.nonce });
    noncesDeleted += deleted.length;
    if (deleted.length < batchSize) break;
  }
  return { jobsDeleted, eventsDeleted, noncesDeleted };
}

/** Queues the sweep for the start of the next hour (one job per hour however many callers). */
export async function scheduleNextJobsSweep(db: Db, now: number = Date.now()): Promise<void> {
  await enqueueForHour(db, { kind: jobsSweepJob, payload: {}, notBefore: (Math.floor(now / SWEEP_INTERVAL_MS) + 1) * SWEEP_INTERVAL_MS });
}

/**
 * At worker start: makes sure a sweep is queued (restarts the hourly chain if
 * a run failed for good), and the every-minute vacuum where no autovacuum runs
 * (vacuum.ts).
 */
export function scheduleJobsSweep(db: Db): void {
  scheduleNextJobsSweep(db).catch((err) => logger.warn('could not queue the jobs sweep', errorFields(err)));
  scheduleVacuum(db).catch((err) => logger.warn('could not queue the vacuum', errorFields(err)));
}

/** The `jobs.sweep` handler: sweeps, then queues the next run in its completion transaction. */
export async function handleJobsSweep(): Promise<CommitFn<JobsSweepResult>> {
  const result = await sweepFinishedJobs(await getDb());
  if (result.jobsDeleted || result.eventsDeleted || result.noncesDeleted) logger.info('finished jobs swept', { ...result });
  return async (tx) => {
    await scheduleNextJobsSweep(tx);
    return result;
  };
}
