/**
 * Background work and domain events (see server/jobs).
 *
 * `jobs` is the one queue for every kind of background work (render, media
 * processing, webhook delivery, maintenance). A worker claims queued rows with
 * FOR UPDATE SKIP LOCKED, holds them under a lease (`locked_by` +
 * `lease_expires_at`) and fences every later write on (id, locked_by,
 * attempts), so a worker that lost its lease can never overwrite a newer
 * attempt. Lower `priority` runs first, then older `order_at`
 * (the enqueue time, or a batch item's fair share of it) among due jobs.
 *
 * `outbox_events` holds domain events written in the same transaction as the
 * state change they describe; a dispatcher turns unprocessed rows into jobs
 * (webhook deliveries) and stamps `processed_at` in one transaction.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

export const jobStatus = pgEnum('job_status', ['queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** What went wrong in the last attempt, machine-readable code first. */
export interface JobErrorInfo {
  code: string;
  message: string;
}

export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    // Null for system work (maintenance); tenant work carries its account so it is removed with it.
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: jobStatus('status').notNull().default('queued'),
    priority: integer('priority').notNull().default(0),
    runAt: timestamp('run_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // Order among due jobs of one priority: now() for most, spread over time for a batch's items so
    // another account's work enqueued later still runs between them (queue.ts fairAt).
    orderAt: timestamp('order_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // Incremented at claim, so while running it is the number of the current attempt.
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, mode: 'date' }),
    lockedBy: text('locked_by'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    progress: real('progress').notNull().default(0),
    result: jsonb('result').$type<unknown>(),
    lastError: jsonb('last_error').$type<JobErrorInfo>(),
    // At most one queued or running job per (kind, dedupe_key); finished jobs free the key.
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // Serves the claim query (status = queued, ordered by priority, order_at) and queue positions.
    index('jobs_queued_claim_idx').on(t.priority, t.orderAt).where(sql`status = 'queued'`),
    // The renders ahead of one in the queue (videos/estimate.ts rendersAhead), on every GET of a processing
    // video: without it, a scan of every job ever kept (75 ms at 130,000 rows in the Postgres soak).
    index('jobs_active_kind_order_idx').on(t.kind, t.orderAt).where(sql`status in ('queued', 'running')`),
    // Finds running jobs whose lease lapsed (crashed or stalled workers).
    index('jobs_running_lease_idx').on(t.leaseExpiresAt).where(sql`status = 'running'`),
    uniqueIndex('jobs_kind_dedupe_key_key')
      .on(t.kind, t.dedupeKey)
      .where(sql`dedupe_key is not null and status in ('queued', 'running')`),
    index('jobs_account_id_created_at_idx').on(t.accountId, t.createdAt),
    // The hourly sweep's oldest finished jobs (server/jobs/sweep.ts).
    index('jobs_finished_at_idx').on(t.finishedAt).where(sql`status in ('succeeded', 'failed', 'cancelled')`),
  ],
);

export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: text('id').primaryKey(),
    // Insertion order for consumers; not commit order, which is why consumption is tracked per row.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }),
    // Dispatch bookkeeping: a consumer that throws is retried later, the event is never dropped.
    dispatchAttempts: integer('dispatch_attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: jsonb('last_error').$type<JobErrorInfo>(),
  },
  (t) => [
    index('outbox_events_pending_idx').on(t.seq).where(sql`processed_at is null`),
    index('outbox_events_account_id_created_at_idx').on(t.accountId, t.createdAt),
    index('outbox_events_processed_at_idx').on(t.processedAt).where(sql`processed_at is not null`),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type JobStatus = (typeof jobStatus.enumValues)[number];
export type OutboxEvent = typeof outboxEvents.$inferSelect;
