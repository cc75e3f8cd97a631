/**
 * The job worker: claims due jobs of its registry's kinds, runs up to
 * `concurrency` at once, keeps each lease alive with a heartbeat while the
 * handler runs, and records the outcome through the fenced queue functions.
 * Also dispatches the outbox when the registry has outbox consumers (unless
 * told not to: one worker per process does it, see server/jobs/lanes.ts).
 *
 * The same class runs inside the web process (embedded, PGlite or Postgres)
 * and in `npm run worker` processes (any number, on Postgres).
 *
 * stop(): no new claims; running jobs get `shutdownGraceMs` to finish, then
 * their signal is aborted (`shutdown`) and they are released back to the
 * queue without counting as a failed attempt. The jobs route
 * (server/jobs/route-run.ts) stops with `abortReason: 'deadline'` instead:
 * jobs still running when its function's time is up count as a failed
 * attempt and are retried.
 *
 * stats() and idleForMs() let a caller that runs the worker for a bounded
 * time (the jobs route) report what it did and stop once nothing is left.
 */
import os from 'node:os';
import type { Db } from '../db/client';
import type { Job } from '../db/schema';
import { getEnv } from '../env';
import { randomString } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { computeBackoffMs, decideRetry } from './backoff';
import {
  JobAbortError,
  PermanentJobError,
  classifyJobError,
  toErrorInfo,
  type JobAbortReason,
  type JobFailure,
} from './errors';
import { dispatchOutbox } from './outbox';
import {
  claimJobs,
  completeJob,
  failJob,
  leaseOf,
  releaseJob,
  renewJobLease,
  retryJob,
  type JobLease,
} from './queue';
import type { JobRegistry, OutboxConsumer, RegisteredJobKind } from './registry';
import { listenForWork, onLocalWake, OUTBOX_WAKE } from './signals';

export interface WorkerOptions {
  db: Db;
  registry: JobRegistry;
  /** Jobs run at once (default WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Lease per claim, renewed by the heartbeat (default JOB_LEASE_SECONDS). */
  leaseMs?: number;
  /** Idle poll interval (default JOB_POLL_MS). */
  pollMs?: number;
  /** Lease renewal interval (default a third of the lease). */
  heartbeatMs?: number;
  /** Minimum interval between progress writes of one job (default 1 s). */
  progressIntervalMs?: number;
  /** How long stop() lets running jobs finish before aborting them. */
  shutdownGraceMs?: number;
  /** After aborting, how long stop() waits for handlers to return before releasing their jobs anyway. */
  abortWaitMs?: number;
  /** Only these registered kinds (default all of the registry's). */
  kinds?: readonly string[];
  /** LISTEN for wake-ups from other processes (default true). */
  listen?: boolean;
  /** Run the registry's outbox consumers (default true; false for all but one worker of a process). */
  dispatchOutbox?: boolean;
  outboxBatchSize?: number;
  workerId?: string;
}

// `docker stop` and Kubernetes send SIGKILL 10 s / 30 s after SIGTERM: finishing or
// releasing within 7 + 2 s leaves time to close the database.
const DEFAULT_SHUTDOWN_GRACE_MS = 7_000;
const DEFAULT_ABORT_WAIT_MS = 2_000;

interface ActiveJob {
  job: Job;
  lease: JobLease;
  controller: AbortController;
  done: Promise<void>;
}

function abortReason(signal: AbortSignal): JobAbortReason | null {
  return signal.aborted && signal.reason instanceof JobAbortError ? signal.reason.reason : null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What one worker did since it started. */
export interface WorkerStats {
  /** Attempts started (claims run by this worker). */
  claimed: number;
  succeeded: number;
  /** Attempts that failed and were queued again (with backoff). */
  retried: number;
  /** Jobs failed for good. */
  failed: number;
  /** Jobs given back to the queue without counting the attempt (shutdown). */
  released: number;
  /** Attempts given up because their lease was lost (nothing written). */
  abandoned: number;
  /** Outbox events dispatched. */
  outboxEvents: number;
}

const DEADLINE_FAILURE = {
  code: 'route_deadline',
  message:
    'The job did not finish before the background jobs route ran out of time (its maxDuration); it is retried, ' +
    'and fails once its attempts are used up. Run longer jobs with worker processes (npm run worker).',
};

/**
 * Renews one attempt's lease on a timer and persists its progress, one write
 * at a time. Reports a lost lease when the fenced update matches no row
 * (lease taken over, job cancelled) or when renewals kept failing for longer
 * than the lease itself.
 */
class LeaseKeeper {
  private stopped = false;
  private inFlight: Promise<void> | null = null;
  private progress: number | undefined;
  private writtenProgress: number | undefined;
  private lastProgressWriteAt = 0;
  private lastRenewedAt = Date.now();
  private readonly heartbeat: NodeJS.Timeout;
  private progressTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly lease: JobLease,
    private readonly leaseMs: number,
    heartbeatMs: number,
    private readonly progressIntervalMs: number,
    private readonly onLost: (why: string) => void,
  ) {
    this.heartbeat = setInterval(() => void this.renew(), heartbeatMs);
  }

  setProgress = (value: number) => {
    if (this.stopped || !Number.isFinite(value)) return;
    this.progress = Math.min(1, Math.max(0, value));
    this.scheduleProgressWrite();
  };

  private scheduleProgressWrite() {
    if (this.stopped || this.progressTimer || this.progress === this.writtenProgress) return;
    const wait = this.lastProgressWriteAt + this.progressIntervalMs - Date.now();
    if (wait <= 0 && !this.inFlight) {
      void this.renew();
      return;
    }
    this.progressTimer = setTimeout(
      () => {
        this.progressTimer = undefined;
        if (this.inFlight) this.scheduleProgressWrite();
        else void this.renew();
      },
      Math.max(wait, 10),
    );
  }

  private renew(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.inFlight) return this.inFlight;
    const progress = this.progress !== this.writtenProgress ? this.progress : undefined;
    const sentAt = Date.now();
    this.inFlight = (async () => {
      try {
        const held = await renewJobLease(this.db, { lease: this.lease, leaseMs: this.leaseMs, progress });
        if (!held) {
          this.onLost('the job is no longer held by this attempt (lease taken over or job cancelled)');
          return;
        }
        this.lastRenewedAt = sentAt;
        if (progress !== undefined) {
          this.writtenProgress = progress;
          this.lastProgressWriteAt = sentAt;
        }
      } catch (err) {
        logger.warn('job lease renewal failed', { jobId: this.lease.id, ...errorFields(err) });
        if (Date.now() - this.lastRenewedAt >= this.leaseMs) {
          this.onLost('the lease could not be renewed before it lapsed');
        }
      } finally {
        this.inFlight = null;
      }
      this.scheduleProgressWrite();
    })();
    return this.inFlight;
  }

  /** Stops renewing; waits for a write in flight so it cannot race the completion. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    await this.inFlight;
  }
}

/** Runs jobs from the queue; see the module comment. */
export class Worker {
  readonly id: string;
  private readonly db: Db;
  private readonly registry: JobRegistry;
  private readonly kinds: string[];
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly progressIntervalMs: number;
  private readonly shutdownGraceMs: number;
  private readonly abortWaitMs: number;
  private readonly listen: boolean;
  private readonly consumers: readonly OutboxConsumer[];
  private readonly outboxBatchSize: number;

  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  private readonly active = new Map<string, ActiveJob>();
  private loop: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private wakePending = false;
  private wakeNow: (() => void) | null = null;
  private outboxDirty = true;
  private lastOutboxAt = 0;
  private unsubscribe: (() => Promise<void> | void) | null = null;
  private cutGrace: (() => void) | null = null;
  private abortAs: 'shutdown' | 'deadline' = 'shutdown';
  private readonly counts: WorkerStats = {
    claimed: 0,
    succeeded: 0,
    retried: 0,
    failed: 0,
    released: 0,
    abandoned: 0,
    outboxEvents: 0,
  };
  /** Since when the last loop rounds found nothing to claim or dispatch, with nothing running (null: busy). */
  private idleSince: number | null = null;

  constructor(options: WorkerOptions) {
    const env = getEnv();
    this.db = options.db;
    this.registry = options.registry;
    this.kinds = [...(options.kinds ?? options.registry.kinds())];
    for (const kind of this.kinds) {
      if (!this.registry.get(kind)) throw new Error(`Worker: job kind ${kind} has no registered handler`);
    }
    this.concurrency = options.concurrency ?? env.WORKER_CONCURRENCY;
    this.leaseMs = options.leaseMs ?? env.JOB_LEASE_SECONDS * 1000;
    this.pollMs = options.pollMs ?? env.JOB_POLL_MS;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 3));
    this.progressIntervalMs = options.progressIntervalMs ?? Math.min(1000, this.heartbeatMs);
    this.shutdownGraceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    this.abortWaitMs = options.abortWaitMs ?? DEFAULT_ABORT_WAIT_MS;
    this.listen = options.listen ?? true;
    this.consumers = options.dispatchOutbox === false ? [] : this.registry.outboxConsumers();
    this.outboxBatchSize = options.outboxBatchSize ?? 100;
    this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomString(6)}`;
    if (this.heartbeatMs >= this.leaseMs) throw new Error('Worker: heartbeatMs must be shorter than leaseMs');
  }

  /** Starts claiming; returns at once. */
  start(): void {
    if (this.state !== 'new') throw new Error('Worker: start() may be called once');
    this.state = 'running';
    this.loop = this.runLoop().catch((err) => logger.error('job worker loop crashed', errorFields(err)));
    logger.info('job worker started', {
      workerId: this.id,
      kinds: this.kinds,
      concurrency: this.concurrency,
      leaseMs: this.leaseMs,
      outboxConsumers: this.consumers.map((c) => c.name),
    });
  }

  /** Whether this worker runs the outbox consumers (for logs and tests). */
  get dispatchesOutbox(): boolean {
    return this.consumers.length > 0;
  }

  /** The attempts running now (for logs and tests). */
  activeJobs(): JobLease[] {
    return [...this.active.values()].map((a) => a.lease);
  }

  /** What this worker did since it started. */
  stats(): WorkerStats {
    return { ...this.counts };
  }

  /**
   * How long the worker has had nothing to do: no job running, and every
   * loop round since found nothing due to claim (nor outbox events to
   * dispatch). 0 while busy.
   */
  idleForMs(now: number = Date.now()): number {
    return this.idleSince === null || this.active.size > 0 ? 0 : now - this.idleSince;
  }

  /**
   * Graceful stop; see the module comment. Safe to call more than once: a
   * later call with `graceMs: 0` (a second Ctrl-C) aborts the running jobs now.
   */
  stop(options: { graceMs?: number; abortReason?: 'shutdown' | 'deadline' } = {}): Promise<void> {
    if (this.state === 'new' || this.state === 'stopped') {
      this.state = 'stopped';
      return Promise.resolve();
    }
    if (this.stopping) {
      if (options.graceMs === 0) this.cutGrace?.();
      return this.stopping;
    }
    this.abortAs = options.abortReason ?? 'shutdown';
    this.stopping = this.shutdown(options.graceMs ?? this.shutdownGraceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.state = 'stopping';
    const graceCut = new Promise<void>((resolve) => (this.cutGrace = resolve));
    this.wake();
    await this.loop;
    const allDone = () => Promise.all([...this.active.values()].map((a) => a.done)).then(() => undefined);
    if (this.active.size > 0) {
      logger.info('job worker stopping; waiting for running jobs', { workerId: this.id, running: this.active.size, graceMs });
      await Promise.race([allDone(), sleep(graceMs), graceCut]);
    }
    if (this.active.size > 0) {
      for (const a of this.active.values()) a.controller.abort(new JobAbortError(this.abortAs));
      await Promise.race([allDone(), sleep(this.abortWaitMs)]);
    }
    // Handlers that ignore their signal: take the job back anyway; their late writes hit the fence.
    for (const a of [...this.active.values()]) {
      if (this.abortAs === 'deadline') {
        // Counted: the next claim is a new attempt (or, past max_attempts, finalizes the job).
        const queued = await retryJob(this.db, { lease: a.lease, error: DEADLINE_FAILURE, delayMs: 0 }).catch((err) => {
          logger.error('could not requeue job at the route deadline', { jobId: a.job.id, ...errorFields(err) });
          return false;
        });
        if (queued) {
          this.counts.retried++;
          logger.warn('requeued a job whose handler did not stop at the route deadline', { jobId: a.job.id, kind: a.job.kind });
        }
        continue;
      }
      const released = await releaseJob(this.db, { lease: a.lease }).catch((err) => {
        logger.error('could not release job on shutdown', { jobId: a.job.id, ...errorFields(err) });
        return false;
      });
      if (released) {
        this.counts.released++;
        logger.warn('released a job whose handler did not stop in time', { jobId: a.job.id, kind: a.job.kind });
      }
    }
    await Promise.resolve(this.unsubscribe?.()).catch(() => {});
    this.unsubscribe = null;
    this.state = 'stopped';
    logger.info('job worker stopped', { workerId: this.id });
  }

  private wake() {
    if (this.wakeNow) this.wakeNow();
    else this.wakePending = true;
  }

  private waitForWake(ms: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wakeNow = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeNow = wakeNow;
    }).finally(() => {
      this.wakeNow = null;
      this.wakePending = false;
    });
  }

  private onWake = (what: string) => {
    if (what === OUTBOX_WAKE) {
      if (this.consumers.length === 0) return;
      this.outboxDirty = true;
    } else if (!this.kinds.includes(what)) {
      return;
    }
    this.wake();
  };

  private async subscribe() {
    if (this.listen) {
      try {
        const unlisten = await listenForWork(this.db, this.onWake);
        if (unlisten) {
          this.unsubscribe = unlisten;
          return;
        }
      } catch (err) {
        logger.warn('LISTEN unavailable; falling back to polling and in-process wake-ups', errorFields(err));
      }
    }
    this.unsubscribe = onLocalWake(this.onWake);
  }

  private async runLoop(): Promise<void> {
    await this.subscribe();
    const consumers = this.consumers;
    while (this.state === 'running') {
      // PGlite answers within microtasks: without a macrotask turn here, a busy queue would starve
      // timers (heartbeats) and the web server's I/O in the same process.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const free = this.concurrency - this.active.size;
      let found = this.active.size > 0;
      if (free > 0 && this.kinds.length > 0) {
        try {
          const claimed = await claimJobs(this.db, {
            workerId: this.id,
            kinds: this.kinds,
            limit: free,
            leaseMs: this.leaseMs,
          });
          if (claimed.length > 0) found = true;
          for (const job of claimed) {
            if (this.state === 'running') this.startJob(job);
            else await releaseJob(this.db, { lease: leaseOf(job) }).catch(() => {});
          }
        } catch (err) {
          logger.error('claiming jobs failed', errorFields(err));
        }
      }
      if (consumers.length > 0 && (this.outboxDirty || Date.now() - this.lastOutboxAt >= this.pollMs)) {
        this.outboxDirty = false;
        this.lastOutboxAt = Date.now();
        try {
          const processed = await dispatchOutbox(this.db, { consumers, limit: this.outboxBatchSize });
          this.counts.outboxEvents += processed;
          if (processed > 0) found = true;
          if (processed >= this.outboxBatchSize) this.outboxDirty = true;
        } catch (err) {
          found = true;
          logger.error('outbox dispatch failed', errorFields(err));
        }
      }
      if (found || this.active.size > 0) this.idleSince = null;
      else this.idleSince ??= Date.now();
      if (this.state !== 'running') break;
      // A full outbox batch means more are pending: go again without sleeping.
      if (consumers.length > 0 && this.outboxDirty) continue;
      await this.waitForWake(this.pollMs);
    }
  }

  private startJob(job: Job) {
    const entry = this.registry.get(job.kind)!;
    const lease = leaseOf(job);
    const key = `${lease.id}:${lease.attempt}`;
    const active: ActiveJob = { job, lease, controller: new AbortController(), done: Promise.resolve() };
    this.active.set(key, active);
    active.done = this.runJob(active, entry)
      .catch((err) => logger.error('job runner failed', { jobId: job.id, kind: job.kind, ...errorFields(err) }))
      .finally(() => {
        this.active.delete(key);
        this.wake();
      });
  }

  private async runJob(active: ActiveJob, entry: RegisteredJobKind): Promise<void> {
    const { job, lease, controller } = active;
    const log = { jobId: job.id, kind: job.kind, attempt: job.attempts, workerId: this.id };
    this.counts.claimed++;

    // Past max_attempts only after a last attempt died or its final-failure hook threw: finalize, do not run.
    if (job.attempts > job.maxAttempts) {
      const failure: JobFailure = job.lastError
        ? { ...job.lastError, permanent: true }
        : { code: 'attempts_exhausted', message: 'No attempts left', permanent: true };
      await this.finalize(active, entry, failure);
      return;
    }

    const startedAt = Date.now();
    const keeper = new LeaseKeeper(this.db, lease, this.leaseMs, this.heartbeatMs, this.progressIntervalMs, (why) => {
      if (controller.signal.aborted) return;
      logger.warn('job lease lost; aborting the attempt', { ...log, why });
      controller.abort(new JobAbortError('lease_lost'));
    });
    try {
      const parsed = entry.definition.payload.safeParse(job.payload);
      if (!parsed.success) {
        throw new PermanentJobError('invalid_payload', `Invalid ${job.kind} payload: ${parsed.error.message}`);
      }
      const commit = await entry.handle({
        job,
        payload: parsed.data,
        attempt: job.attempts,
        signal: controller.signal,
        setProgress: keeper.setProgress,
      });
      if (commit !== undefined && typeof commit !== 'function') {
        throw new PermanentJobError('invalid_handler_result', `The ${job.kind} handler must return a commit function or nothing`);
      }
      await keeper.stop();
      // Even after a lost-lease abort we try: the fence alone decides whether this attempt still owns the job.
      const outcome = await completeJob(this.db, { lease, commit: commit ?? undefined });
      if (outcome.completed) {
        this.counts.succeeded++;
        logger.debug('job succeeded', { ...log, ms: Date.now() - startedAt });
      } else {
        this.counts.abandoned++;
        logger.warn('job finished after losing its lease; result discarded', log);
      }
    } catch (err) {
      await keeper.stop();
      const reason = abortReason(controller.signal);
      if (reason === 'shutdown') {
        const released = await releaseJob(this.db, { lease });
        if (released) this.counts.released++;
        logger.info('job released on shutdown', { ...log, released });
        return;
      }
      if (reason === 'lease_lost') {
        this.counts.abandoned++;
        logger.warn('job attempt abandoned after losing its lease', { ...log, ...errorFields(err) });
        return;
      }
      const failure: JobFailure =
        reason === 'deadline' ? { ...DEADLINE_FAILURE, permanent: false, cause: err } : classifyJobError(err);
      const decision = decideRetry(failure, job, entry.definition.backoff);
      if (decision.retry) {
        const queued = await retryJob(this.db, { lease, error: failure, delayMs: decision.delayMs });
        if (queued) this.counts.retried++;
        logger.warn('job attempt failed; will retry', {
          ...log,
          code: failure.code,
          error: failure.message,
          delayMs: decision.delayMs,
          queued,
        });
      } else {
        await this.finalize(active, entry, failure);
      }
    }
  }

  /** Marks the job failed with the kind's onFinalFailure in the same transaction. */
  private async finalize(active: ActiveJob, entry: RegisteredJobKind, failure: JobFailure): Promise<void> {
    const { job, lease } = active;
    const log = { jobId: job.id, kind: job.kind, attempt: job.attempts, code: failure.code, error: failure.message };
    const hook = entry.onFinalFailure;
    try {
      const failed = await failJob(this.db, {
        lease,
        error: failure,
        onFinal: hook ? (tx, row) => hook(tx, row, failure) : undefined,
      });
      if (failed) {
        this.counts.failed++;
        logger.warn('job failed', log);
      } else {
        logger.warn('job failed after losing its lease; nothing written', log);
      }
    } catch (err) {
      // The domain's failed state must be written with the job's: try the finalization again later.
      const delayMs = computeBackoffMs(Math.max(1, job.attempts), entry.definition.backoff);
      logger.error('final-failure hook failed; finalization will be retried', { ...log, delayMs, ...errorFields(err) });
      await retryJob(this.db, { lease, error: toErrorInfo(failure), delayMs, countAsFinalizing: true });
    }
  }
}
