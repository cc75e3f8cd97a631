/**
 * Webhook housekeeping, run as the `webhook.sweep` job: deletes delivery logs
 * (deliveries and their attempts) older than 30 days and forgets previous
 * secrets whose rotation grace period ended.
 *
 * The jobs system has no cron, so the sweep schedules itself: each run's
 * commit enqueues the next one at the start of the next hour, under a dedupe
 * key naming that hour (a run never collides with its own key, and two
 * schedulers of the same hour collapse into one job). Creating an endpoint
 * and fanning out an event call ensureSweepScheduled, which restarts the
 * chain if it was ever broken (e.g. a run failed for good).
 */
import { and, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { getDb, type Db } from '../db/client';
import { jobs, webhookDeliveries, webhookEndpoints } from '../db/schema';
import { enqueueForHour } from '../jobs/queue';
import type { CommitFn } from '../jobs/registry';
import { logger } from '../lib/logger';
import { webhookSweepJob } from './jobs';

export const LOG_RETENTION_MS = 30 * 24 * 3600_000;
export const SWEEP_INTERVAL_MS = 3600_000;
/** How long a process trusts that a sweep is scheduled before looking again. */
const ENSURE_RECHECK_MS = 10 * 60_000;

export interface SweepResult {
  deliveriesDeleted: number;
  secretsExpired: number;
}

/**
 * Deletes finished deliveries older than the retention (their attempts go
 * with them) in bounded batches, so one run never holds a long transaction.
 */
export async function sweepWebhookLogs(
  db: Db,
  params: { retentionMs?: number; batchSize?: number; maxBatches?: number } = {},
): Promise<SweepResult> {
  const retentionMs = params.retentionMs ?? LOG_RETENTION_MS;
  const batchSize = params.batchSize ?? 1000;
  const maxBatches = params.maxBatches ?? 100;
  let deliveriesDeleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const old = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          lt(webhookDeliveries.createdAt, sql`now() - ${retentionMs}::double precision * interval '1 millisecond'`),
          ne(webhookDeliveries.status, 'pending'),
        ),
      )
      .limit(batchSize);
    const deleted = await db
      .delete(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, old))
      .returning({ id: webhookDeliveries.id });
    deliveriesDeleted += deleted.length;
    if (deleted.length < batchSize) break;
  }
  const expired = await db
    .update(webhookEndpoints)
    .set({ previousSecret: null, previousSecretExpiresAt: null })
    .where(and(isNotNull(webhookEndpoints.previousSecret), lt(webhookEndpoints.previousSecretExpiresAt, sql`now()`)))
    .returning({ id: webhookEndpoints.id });
  return { deliveriesDeleted, secretsExpired: expired.length };
}

/** Enqueues the sweep for the start of the next interval (idempotent per interval). */
export async function scheduleNextSweep(db: Db, now: number = Date.now()): Promise<void> {
  await enqueueForHour(db, { kind: webhookSweepJob, payload: {}, notBefore: (Math.floor(now / SWEEP_INTERVAL_MS) + 1) * SWEEP_INTERVAL_MS });
}

const g = globalThis as unknown as { __clipwrightWebhookSweepCheckedAt?: number };

/** Makes sure a sweep is queued; cheap to call often (checks the table at most every 10 minutes per process). */
export async function ensureSweepScheduled(db: Db): Promise<void> {
  if (Date.now() - (g.__clipwrightWebhookSweepCheckedAt ?? 0) < ENSURE_RECHECK_MS) return;
  const [active] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, webhookSweepJob.kind),
        isNotNull(jobs.dedupeKey),
        inArray(jobs.status, ['queued', 'running']),
      ),
    )
    .limit(1);
  if (!active) await scheduleNextSweep(db);
  g.__clipwrightWebhookSweepCheckedAt = Date.now();
}

/** Test hook: forget that this process already checked the schedule. */
export function resetSweepCheck(): void {
  g.__clipwrightWebhookSweepCheckedAt = undefined;
}

/** The `webhook.sweep` handler: sweeps, then schedules the next run in its completion transaction. */
export async function handleWebhookSweep(): Promise<CommitFn<SweepResult>> {
  const db = await getDb();
  const result = await sweepWebhookLogs(db);
  if (result.deliveriesDeleted || result.secretsExpired) logger.info('webhook logs swept', { ...result });
  return async (tx) => {
    await scheduleNextSweep(tx);
    return result;
  };
}
