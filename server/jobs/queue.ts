/**
 * The jobs table as a queue: enqueue, claim, lease renewal, completion,
 * failure, release, cancellation, and the read side (getJob, queue position,
 * stats).
 *
 * Every write by a worker after the claim is fenced by its JobLease
 * (id, locked_by, attempts, status = running): once a lease lapsed and the
 * job was requeued or claimed again, the old worker's writes match no row
 * and are refused. Times are the database's `now()`, never a worker's clock.
 */
import { and, asc, count, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client';
import { jobs, type Job, type JobErrorInfo } from '../db/schema';
import { randomString } from '../lib/ids';
import { logger } from '../lib/logger';
import { enqueueOptions, progressValue, type EnqueueOptions } from './schemas';
import type { CommitFn, JobKind } from './registry';
import { notifyWorkers } from './signals';

/** The fence of one attempt: what a worker must still hold to write. */
export interface JobLease {
  id: string;
  workerId: string;
  attempt: number;
}

export const newJobId = () => `job_${randomString(16)}`;

export function leaseOf(job: Job): JobLease {
  if (!job.lockedBy) throw new Error(`Job ${job.id} is not claimed`);
  return { id: job.id, workerId: job.lockedBy, attempt: job.attempts };
}

function fenced(lease: JobLease): SQL {
  return and(
    eq(jobs.id, lease.id),
    eq(jobs.lockedBy, lease.workerId),
    eq(jobs.attempts, lease.attempt),
    eq(jobs.status, 'running'),
  )!;
}

/** `now() + ms`, computed by the database. */
function nowPlus(ms: number): SQL<Date> {
  return sql<Date>`(now() + ${Math.max(0, Math.round(ms))}::double precision * interval '1 millisecond')`;
}

const ACTIVE_DEDUPE = sql`dedupe_key is not null and status in ('queued', 'running')`;

export type EnqueueParams<S extends z.ZodType> = EnqueueOptions & { kind: JobKind<S>; payload: z.input<S> };

const HOUR_MS = 3_600_000;

/**
 * Queues a housekeeping job of `kind` for the start of the first hour (or
 * `slotMs` slot) at or after `notBefore` (epoch ms): one job per slot however
 * many callers ask (dedupe key `<prefix>:<slot number>`). The self-scheduling
 * sweeps use it for their next run.
 */
export async function enqueueForHour<S extends z.ZodType>(
  db: Db,
  params: { kind: JobKind<S>; payload: z.input<S>; notBefore: number; prefix?: string; slotMs?: number },
): Promise<void> {
  const slotMs = params.slotMs ?? HOUR_MS;
  const slot = Math.ceil(params.notBefore / slotMs);
  await enqueueJob(db, {
    kind: params.kind,
    payload: params.payload,
    dedupeKey: `${params.prefix ?? 'slot'}:${slot}`,
    runAt: new Date(slot * slotMs),
  });
}

/**
 * Adds a job. Call it with the transaction that makes the work necessary
 * (video created → render job) so both exist or neither. With a dedupeKey, an
 * already queued or running job of the same kind and key is returned instead
 * (`created: false`).
 */
export async function enqueueJob<S extends z.ZodType>(
  db: Db,
  params: EnqueueParams<S>,
): Promise<{ job: Job; created: boolean }> {
  const { kind, payload: rawPayload, ...rest } = params;
  const options = enqueueOptions.parse(rest);
  const payload = kind.payload.parse(rawPayload);
  const delayed = options.runAt ? options.runAt.getTime() > Date.now() : (options.delayMs ?? 0) > 0;
  const runAt = options.runAt ?? (options.delayMs ? nowPlus(options.delayMs) : undefined);
  const values = {
    id: newJobId(),
    kind: kind.kind,
    accountId: options.accountId ?? null,
    payload: payload ?? null,
    priority: options.priority ?? kind.priority,
    maxAttempts: options.maxAttempts ?? kind.maxAttempts,
    dedupeKey: options.dedupeKey ?? null,
    ...(runAt ? { runAt } : {}),
    ...(options.orderAt ? { orderAt: options.orderAt } : runAt ? { orderAt: runAt } : {}),
  };

  // A conflicting job can finish between our insert and our read; then the key is free again.
  for (let round = 0; round < 3; round++) {
    const [inserted] = await db
      .insert(jobs)
      .values(values)
      .onConflictDoNothing({ target: [jobs.kind, jobs.dedupeKey], where: ACTIVE_DEDUPE })
      .returning();
    if (inserted) {
      if (!delayed) await notifyWorkers(db, kind.kind);
      return { job: inserted, created: true };
    }
    const [existing] = await db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.kind, kind.kind),
          eq(jobs.dedupeKey, values.dedupeKey ?? ''),
          inArray(jobs.status, ['queued', 'running']),
        ),
      )
      .limit(1);
    if (existing) return { job: existing, created: false };
  }
  throw new Error(`Could not enqueue ${kind.kind} with dedupe key ${values.dedupeKey}`);
}

/**
 * Puts running jobs whose lease lapsed back in the queue (their worker died
 * or stalled). The lost attempt stays counted, so a job that kills its
 * worker every time still runs out of attempts.
 */
export async function requeueExpiredJobs(db: Db, params: { limit?: number } = {}): Promise<Job[]> {
  const expired = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'running'), sql`${jobs.leaseExpiresAt} < now()`))
    .orderBy(asc(jobs.leaseExpiresAt))
    .limit(params.limit ?? 100)
    .for('update', { skipLocked: true });
  const lastError: JobErrorInfo = {
    code: 'lease_expired',
    message: 'The worker running this attempt stopped renewing its lease (it crashed, was killed or stalled)',
  };
  const rows = await db
    .update(jobs)
    .set({ status: 'queued', lockedBy: null, leaseExpiresAt: null, lastError, updatedAt: sql`now()` })
    .where(inArray(jobs.id, expired))
    .returning();
  for (const job of rows) {
    logger.warn('job lease expired; requeued', { jobId: job.id, kind: job.kind, attempt: job.attempts });
  }
  return rows;
}

/**
 * Claims up to `limit` due jobs of the given kinds for `workerId`, lowest
 * priority value first, then oldest order_at. Each claim starts an attempt
 * (attempts + 1) under a lease of `leaseMs`. Lapsed leases are requeued first.
 */
export async function claimJobs(
  db: Db,
  params: { workerId: string; kinds: readonly string[]; limit: number; leaseMs: number },
): Promise<Job[]> {
  if (params.kinds.length === 0 || params.limit <= 0) return [];
  await requeueExpiredJobs(db);
  // A CTE with FOR UPDATE is never inlined, so the locked selection is evaluated exactly once.
  const next = db.$with('next').as(
    db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, sql`now()`), inArray(jobs.kind, [...params.kinds])))
      .orderBy(asc(jobs.priority), asc(jobs.orderAt))
      .limit(params.limit)
      .for('update', { skipLocked: true }),
  );
  const claimed = await db
    .with(next)
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: params.workerId,
      leaseExpiresAt: nowPlus(params.leaseMs),
      startedAt: sql`now()`,
      progress: 0,
      updatedAt: sql`now()`,
    })
    .where(inArray(jobs.id, db.select({ id: next.id }).from(next)))
    .returning();
  return claimed.sort((a, b) => a.priority - b.priority || a.orderAt.getTime() - b.orderAt.getTime());
}

/** Extends the lease (and persists progress); false when the lease is gone. */
export async function renewJobLease(
  db: Db,
  params: { lease: JobLease; leaseMs: number; progress?: number },
): Promise<boolean> {
  const progress = params.progress === undefined ? {} : { progress: progressValue.parse(params.progress) };
  const rows = await db
    .update(jobs)
    .set({ leaseExpiresAt: nowPlus(params.leaseMs), updatedAt: sql`now()`, ...progress })
    .where(fenced(params.lease))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export type CompletionOutcome<R> = { completed: true; result: R } | { completed: false };

/**
 * Marks the attempt succeeded and runs `commit` in the same transaction, so
 * the domain's writes and the completion are atomic. The row is locked
 * through the fence first: a worker that lost its lease gets
 * `{completed: false}` and its commit never runs. If `commit` throws, the
 * transaction rolls back and the error propagates (the caller fails the
 * attempt).
 */
export async function completeJob<R = unknown>(
  db: Db,
  params: { lease: JobLease; commit?: CommitFn<R> },
): Promise<CompletionOutcome<R>> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [held] = await tx.select({ id: jobs.id }).from(jobs).where(fenced(params.lease)).for('update');
    if (!held) return { completed: false } as const;
    const result = (params.commit ? await params.commit(tx) : undefined) as R;
    await tx
      .update(jobs)
      .set({
        status: 'succeeded',
        result: result === undefined ? null : result,
        progress: 1,
        leaseExpiresAt: null,
        lastError: null,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(fenced(params.lease));
    return { completed: true, result } as const;
  });
}

/** Sends the attempt back to the queue to run again after `delayMs`; false when the lease is gone. */
export async function retryJob(
  db: Db,
  params: { lease: JobLease; error: JobErrorInfo; delayMs: number; countAsFinalizing?: boolean },
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: 'queued',
      runAt: nowPlus(params.delayMs),
      orderAt: nowPlus(params.delayMs),
      lockedBy: null,
      leaseExpiresAt: null,
      lastError: { code: params.error.code, message: params.error.message },
      updatedAt: sql`now()`,
      // A failure whose final-failure hook threw must not get new attempts at the work itself.
      ...(params.countAsFinalizing ? { attempts: sql`greatest(${jobs.attempts}, ${jobs.maxAttempts})` } : {}),
    })
    .where(fenced(params.lease))
    .returning({ id: jobs.id, kind: jobs.kind });
  const retried = rows[0];
  if (retried && params.delayMs <= 0) await notifyWorkers(db, retried.kind);
  return !!retried;
}

/**
 * Fails the job for good and runs `onFinal` (the kind's onFinalFailure) in
 * the same transaction. False when the lease is gone (nothing written). If
 * `onFinal` throws, nothing is written and the error propagates.
 */
export async function failJob(
  db: Db,
  params: { lease: JobLease; error: JobErrorInfo; onFinal?: (tx: Db, job: Job) => Promise<void> },
): Promise<boolean> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [held] = await tx.select().from(jobs).where(fenced(params.lease)).for('update');
    if (!held) return false;
    if (params.onFinal) await params.onFinal(tx, held);
    await tx
      .update(jobs)
      .set({
        status: 'failed',
        // A run past max_attempts only finalizes an exhausted job; do not show it as an extra attempt.
        attempts: sql`least(${jobs.attempts}, ${jobs.maxAttempts})`,
        leaseExpiresAt: null,
        lastError: { code: params.error.code, message: params.error.message },
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(fenced(params.lease));
    return true;
  });
}

/**
 * Gives the job back without counting the attempt (graceful shutdown): it is
 * queued again at its original place and another worker may take it at once.
 */
export async function releaseJob(db: Db, params: { lease: JobLease }): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: 'queued',
      attempts: sql`${jobs.attempts} - 1`,
      lockedBy: null,
      leaseExpiresAt: null,
      startedAt: null,
      progress: 0,
      updatedAt: sql`now()`,
    })
    .where(fenced(params.lease))
    .returning({ id: jobs.id, kind: jobs.kind });
  const released = rows[0];
  if (released) await notifyWorkers(db, released.kind);
  return !!released;
}

/**
 * Cancels a queued or running job (scoped to the account when given). A
 * running attempt notices at its next heartbeat, is aborted as `lease_lost`
 * and writes nothing. Call it in the transaction that records why (e.g. the
 * video was deleted). Returns false when the job had already finished.
 */
export async function cancelJob(db: Db, params: { id: string; accountId?: string }): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: 'cancelled', leaseExpiresAt: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(jobs.id, params.id),
        inArray(jobs.status, ['queued', 'running']),
        params.accountId === undefined ? undefined : eq(jobs.accountId, params.accountId),
      ),
    )
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * One job by id, for workers, health checks and the domain that owns it.
 * Tenant-facing callers pass accountId so another account's job is not found.
 */
export async function getJob(db: Db, id: string, scope: { accountId?: string } = {}): Promise<Job | null> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), scope.accountId === undefined ? undefined : eq(jobs.accountId, scope.accountId)))
    .limit(1);
  return row ?? null;
}

/**
 * How many due jobs of the same kind will be claimed before this one (0 =
 * next); null when the job is not waiting (running, finished, or unknown).
 * Jobs scheduled for later than this one do not count.
 */
export async function getQueuePosition(db: Db, id: string): Promise<number | null> {
  const [me] = await db
    .select({ kind: jobs.kind, status: jobs.status })
    .from(jobs)
    .where(eq(jobs.id, id))
    .limit(1);
  if (!me || me.status !== 'queued') return null;
  // Compare in SQL: run_at has microseconds that a JS Date would round away.
  const [row] = await db
    .select({ ahead: count() })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'queued'),
        eq(jobs.kind, me.kind),
        lte(jobs.runAt, sql`now()`),
        sql`(${jobs.priority}, ${jobs.orderAt}, ${jobs.id}) < (select me.priority, me.order_at, me.id from jobs me where me.id = ${id})`,
      ),
    );
  return row?.ahead ?? 0;
}

export interface QueueKindStats {
  kind: string;
  /** Due now, waiting for a worker. */
  queued: number;
  /** Waiting for a later run_at (backoff, scheduled). */
  scheduled: number;
  running: number;
  /** run_at of the oldest due job: how long the queue has been backed up. */
  oldestQueuedAt: Date | null;
}

/** Active jobs per kind, for health checks and completion estimates. */
export async function getQueueStats(db: Db, params: { kinds?: readonly string[] } = {}): Promise<QueueKindStats[]> {
  const rows = await db
    .select({
      kind: jobs.kind,
      queued: sql<number>`count(*) filter (where ${jobs.status} = 'queued' and ${jobs.runAt} <= now())`.mapWith(Number),
      scheduled: sql<number>`count(*) filter (where ${jobs.status} = 'queued' and ${jobs.runAt} > now())`.mapWith(
        Number,
      ),
      running: sql<number>`count(*) filter (where ${jobs.status} = 'running')`.mapWith(Number),
      oldestQueuedAt: sql<Date | null>`min(${jobs.runAt}) filter (where ${jobs.status} = 'queued' and ${jobs.runAt} <= now())`.mapWith(
        jobs.runAt,
      ),
    })
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ['queued', 'running']),
        params.kinds ? inArray(jobs.kind, [...params.kinds]) : undefined,
      ),
    )
    .groupBy(jobs.kind)
    .orderBy(asc(jobs.kind));
  return rows;
}
