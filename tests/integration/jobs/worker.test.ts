import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, type Job } from '@/server/db/schema';
import { JobAbortError, PermanentJobError, RetryableJobError, type JobFailure } from '@/server/jobs/errors';
import { writeOutboxEvent } from '@/server/jobs/outbox';
import { cancelJob, claimJobs, completeJob, enqueueJob, getJob, leaseOf } from '@/server/jobs/queue';
import { defineJobKind, JobRegistry, type JobKindHandlers } from '@/server/jobs/registry';
import { testDb } from '../../helpers/db';
import { createTestAccount, deferred, sleep, uniqueKind, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';

let db: Db;
let accountId: string;
beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
});

const startWorker = useTestWorkers();
const payload = z.object({ n: z.number().int() });

function setup<R>(
  tag: string,
  handlers: JobKindHandlers<{ n: number }, R>,
  options: { maxAttempts?: number; backoff?: { baseMs: number; capMs: number } } = {},
) {
  const kind = defineJobKind({ kind: uniqueKind(tag), payload, backoff: { baseMs: 20, capMs: 50 }, ...options });
  const registry = new JobRegistry().register(kind, handlers);
  return { kind, registry };
}

const jobRow = (id: string) => getJob(db, id).then((j) => j!);
const finished = (id: string, timeoutMs = 10_000) =>
  waitFor(`job ${id} to finish`, async () => {
    const job = await jobRow(id);
    return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : null;
  }, { timeoutMs });
const eventCount = (type: string) => db.$count(outboxEvents, eq(outboxEvents.type, type));

describe('worker: exactly once', () => {
  it('4 workers share 50 jobs and run each exactly once', async () => {
    const runs = new Map<number, number>();
    const { kind, registry } = setup('fifty', {
      handle: async ({ payload: { n } }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await sleep(Math.random() * 5);
        return async () => ({ n });
      },
    });
    const ids = [];
    for (let n = 0; n < 50; n++) ids.push((await enqueueJob(db, { kind, payload: { n } })).job.id);
    const workers = Array.from({ length: 4 }, (_, i) =>
      startWorker({ db, registry, concurrency: 3, pollMs: 20, workerId: `w${i}` }),
    );
    await waitFor('all 50 jobs to succeed', async () => {
      const done = await db.$count(jobs, and(eq(jobs.kind, kind.kind), eq(jobs.status, 'succeeded')));
      return done === 50;
    }, { timeoutMs: 30_000 });
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const rows = await db.select().from(jobs).where(eq(jobs.kind, kind.kind));
    expect(rows.every((j) => j.attempts === 1 && (j.result as { n: number }).n === (j.payload as { n: number }).n)).toBe(true);
    // The work really was shared.
    expect(new Set(rows.map((j) => j.lockedBy)).size).toBeGreaterThan(1);
    expect(workers.every((w) => w.activeJobs().length === 0)).toBe(true);
  });

  it('wakes at once on enqueue instead of waiting for the next poll', async () => {
    const { kind, registry } = setup('wake', { handle: async () => undefined });
    startWorker({ db, registry, pollMs: 30_000 });
    await sleep(100); // let it subscribe and go idle
    const enqueuedAt = Date.now();
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    await finished(job.id, 3_000);
    expect(Date.now() - enqueuedAt).toBeLessThan(2_000);
  });
});

describe('worker: leases', () => {
  it('the heartbeat keeps a long job leased: a rival worker never takes it', async () => {
    let runs = 0;
    const { kind, registry } = setup('heartbeat', {
      handle: async ({ signal }) => {
        runs++;
        await sleep(2_500);
        expect(signal.aborted).toBe(false);
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry, leaseMs: 1_000, heartbeatMs: 200, pollMs: 20, workerId: 'holder' });
    await waitFor('the job to start', async () => (await jobRow(job.id)).status === 'running');
    startWorker({ db, registry, leaseMs: 1_000, heartbeatMs: 200, pollMs: 20, workerId: 'rival' });
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, lockedBy: 'holder' });
    expect(runs).toBe(1);
  });

  it("a crashed worker's job runs again after its lease lapses, and the late completion is refused", async () => {
    const type = `test.done_${Date.now().toString(36)}`;
    const { kind, registry } = setup('crash', {
      handle: async ({ payload: { n } }) => async (tx) => {
        await writeOutboxEvent(tx, { accountId, type, payload: { n } });
        return { by: 'survivor' };
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    // The "crashed" worker: claims and then never renews.
    const [claimed] = await claimJobs(db, { workerId: 'crashed', kinds: [kind.kind], limit: 1, leaseMs: 300 });
    startWorker({ db, registry, pollMs: 30 });
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { by: 'survivor' } });
    expect(await completeJob(db, { lease: leaseOf(claimed!), commit: async () => 'late' })).toEqual({ completed: false });
    expect((await jobRow(job.id)).result).toEqual({ by: 'survivor' });
    expect(await eventCount(type)).toBe(1);
  });

  it('a job cancelled while running has its signal aborted and writes nothing', async () => {
    const started = deferred();
    const aborted = deferred<unknown>();
    const { kind, registry } = setup('cancel', {
      handle: async ({ signal }) => {
        started.resolve();
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted.resolve(signal.reason);
            reject(signal.reason);
          }),
        );
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    const worker = startWorker({ db, registry, leaseMs: 600, heartbeatMs: 50 });
    await started.promise;
    expect(await cancelJob(db, { id: job.id, accountId })).toBe(true);
    const reason = await aborted.promise;
    expect(reason).toBeInstanceOf(JobAbortError);
    expect((reason as JobAbortError).reason).toBe('lease_lost');
    await waitFor('the worker to let go', () => worker.activeJobs().length === 0);
    expect(await jobRow(job.id)).toMatchObject({ status: 'cancelled', attempts: 1, lastError: null });
  });
});

describe('worker: retries and failures', () => {
  it('retries with backoff, counts attempts, and fails for good with onFinalFailure in the same transaction', async () => {
    const attemptsSeen: Array<{ attempt: number; lastError: unknown; lockedBy: string | null; at: number }> = [];
    const failures: JobFailure[] = [];
    const type = `test.failed_${Date.now().toString(36)}`;
    const { kind, registry } = setup(
      'retry',
      {
        handle: async ({ attempt, job }) => {
          attemptsSeen.push({ attempt, lastError: job.lastError, lockedBy: job.lockedBy, at: Date.now() });
          throw new Error(`flaky ${attempt}`);
        },
        onFinalFailure: async (tx, job, failure) => {
          failures.push(failure);
          await writeOutboxEvent(tx, { accountId, type, payload: { jobId: job.id, code: failure.code } });
          // Same transaction: the job is still running, locked by this attempt.
          const [row] = await tx.select().from(jobs).where(eq(jobs.id, job.id));
          expect(row?.status).toBe('running');
        },
      },
      { maxAttempts: 3, backoff: { baseMs: 100, capMs: 150 } },
    );
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry, pollMs: 20, workerId: 'retrier' });

    const done = await finished(job.id);
    expect(done).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: { code: 'internal_error', message: 'flaky 3' },
      finishedAt: expect.any(Date),
    });
    // Each retry saw the previous attempt's error, stored when it was sent back to the queue.
    expect(attemptsSeen.map(({ attempt, lastError }) => ({ attempt, lastError }))).toEqual([
      { attempt: 1, lastError: null },
      { attempt: 2, lastError: { code: 'internal_error', message: 'flaky 1' } },
      { attempt: 3, lastError: { code: 'internal_error', message: 'flaky 2' } },
    ]);
    // Backoff ceilings are 100 then 150 ms (plus polling): the retries did not wait for anything longer.
    expect(attemptsSeen[2]!.at - attemptsSeen[0]!.at).toBeLessThan(3_000);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'internal_error', message: 'flaky 3', permanent: false });
    expect(await eventCount(type)).toBe(1);
  });

  it('PermanentJobError fails at once, whatever attempts remain', async () => {
    let runs = 0;
    let hookJob: Job | undefined;
    const { kind, registry } = setup(
      'permanent',
      {
        handle: async () => {
          runs++;
          throw new PermanentJobError('invalid_props', 'customer_data.first_name is required');
        },
        onFinalFailure: async (_tx, job) => {
          hookJob = job;
        },
      },
      { maxAttempts: 5 },
    );
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry });
    expect(await finished(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { code: 'invalid_props', message: 'customer_data.first_name is required' },
    });
    expect(runs).toBe(1);
    expect(hookJob?.id).toBe(job.id);
  });

  it('an invalid stored payload fails at once as invalid_payload', async () => {
    let runs = 0;
    const { kind, registry } = setup('bad-payload', { handle: async () => void runs++ });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    await db.update(jobs).set({ payload: { n: 'not a number' } }).where(eq(jobs.id, job.id));
    startWorker({ db, registry });
    const done = await finished(job.id);
    expect(done.status).toBe('failed');
    expect(done.lastError?.code).toBe('invalid_payload');
    expect(runs).toBe(0);
  });

  it('a handler that returns something other than a commit function fails as a contract error', async () => {
    const { kind, registry } = setup('contract', { handle: async () => ({ url: 'x' }) as never });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry });
    expect((await finished(job.id)).lastError?.code).toBe('invalid_handler_result');
  });

  it('RetryableJobError with delayMs schedules the retry that far out (Retry-After)', async () => {
    const { kind, registry } = setup('retry-after', {
      handle: async () => {
        throw new RetryableJobError('receiver said 429', { code: 'http_429', delayMs: 60_000 });
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry });
    const row = await waitFor('the retry to be scheduled', async () => {
      const r = await jobRow(job.id);
      return r.status === 'queued' && r.attempts === 1 ? r : null;
    });
    expect(row.lastError).toEqual({ code: 'http_429', message: 'receiver said 429' });
    const delay = row.runAt.getTime() - Date.now();
    expect(delay).toBeGreaterThan(55_000);
    expect(delay).toBeLessThanOrEqual(60_000);
  });

  it('a throwing commit rolls back its writes and the completion, and the job is retried', async () => {
    const type = `test.published_${Date.now().toString(36)}`;
    let commits = 0;
    const { kind, registry } = setup(
      'commit-retry',
      {
        handle: async ({ attempt }) => async (tx) => {
          commits++;
          await writeOutboxEvent(tx, { accountId, type, payload: { attempt } });
          if (attempt === 1) throw new Error('unique violation in the domain write');
          return { attempt };
        },
      },
      { maxAttempts: 3 },
    );
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry, pollMs: 20 });
    expect(await finished(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: { attempt: 2 } });
    expect(commits).toBe(2);
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.type, type));
    expect(events.map((e) => e.payload)).toEqual([{ attempt: 2 }]);
  });

  it('a throwing onFinalFailure is retried until it succeeds; the work itself is not run again', async () => {
    const type = `test.failed_${Date.now().toString(36)}`;
    let runs = 0;
    let hookCalls = 0;
    const { kind, registry } = setup(
      'hook-retry',
      {
        handle: async () => {
          runs++;
          throw new PermanentJobError('invalid_props', 'bad');
        },
        onFinalFailure: async (tx, job, failure) => {
          hookCalls++;
          await writeOutboxEvent(tx, { accountId, type, payload: { code: failure.code } });
          if (hookCalls < 3) throw new Error('hook bug');
        },
      },
      { maxAttempts: 2, backoff: { baseMs: 30, capMs: 30 } },
    );
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    startWorker({ db, registry, pollMs: 20 });
    expect(await finished(job.id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: { code: 'invalid_props', message: 'bad' },
    });
    expect(runs).toBe(1);
    expect(hookCalls).toBe(3);
    expect(await eventCount(type)).toBe(1);
  });

  it('an attempt whose worker died on the last try is finalized without running again', async () => {
    const failures: JobFailure[] = [];
    let runs = 0;
    const { kind, registry } = setup(
      'died-last',
      {
        handle: async () => void runs++,
        onFinalFailure: async (_tx, _job, failure) => void failures.push(failure),
      },
      { maxAttempts: 1 },
    );
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    await claimJobs(db, { workerId: 'dies', kinds: [kind.kind], limit: 1, leaseMs: 100 });
    await sleep(150);
    startWorker({ db, registry, pollMs: 20 });
    expect(await finished(job.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'lease_expired' } });
    expect(runs).toBe(0);
    expect(failures).toEqual([expect.objectContaining({ code: 'lease_expired' })]);
  });
});

describe('worker: progress', () => {
  it('persists progress while running, throttled, and 1 on success', async () => {
    const seen: number[] = [];
    const proceed = deferred();
    const { kind, registry } = setup('progress', {
      handle: async ({ setProgress }) => {
        for (let i = 1; i <= 50; i++) setProgress(i / 100);
        await waitFor('progress to be written', async () => {
          const p = (await jobRow(jobId)).progress;
          seen.push(p);
          return p === 0.5;
        });
        await proceed.promise;
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const jobId = job.id;
    startWorker({ db, registry, progressIntervalMs: 100 });
    await waitFor('progress 0.5', () => seen.includes(0.5));
    // Throttled: the 50 updates did not become 50 writes; only first and latest values show up.
    expect(seen.every((p) => p === 0 || p === 0.01 || p === 0.5)).toBe(true);
    proceed.resolve();
    expect(await finished(job.id)).toMatchObject({ status: 'succeeded', progress: 1 });
  });
});

describe('worker: graceful stop', () => {
  it('lets a running job finish within the grace period', async () => {
    const { kind, registry } = setup('finish-on-stop', {
      handle: async () => {
        await sleep(300);
        return async () => 'finished';
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const worker = startWorker({ db, registry });
    await waitFor('the job to start', async () => (await jobRow(job.id)).status === 'running');
    await worker.stop({ graceMs: 5_000 });
    expect(await jobRow(job.id)).toMatchObject({ status: 'succeeded', result: 'finished', attempts: 1 });
  });

  it('aborts a job that outlasts the grace period and releases it without counting the attempt', async () => {
    const reasons: unknown[] = [];
    const { kind, registry } = setup('release-on-stop', {
      handle: ({ signal }) =>
        new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => {
            reasons.push(signal.reason);
            reject(new Error('render cancelled'));
          }),
        ),
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const worker = startWorker({ db, registry });
    await waitFor('the job to start', async () => (await jobRow(job.id)).status === 'running');
    const stoppedAt = Date.now();
    await worker.stop({ graceMs: 200 });
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
    expect((reasons[0] as JobAbortError).reason).toBe('shutdown');
    expect(await jobRow(job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null, leaseExpiresAt: null });
  });

  it('releases the job of a handler that ignores its signal, and refuses its late result', async () => {
    const letGo = deferred();
    const { kind, registry } = setup('stubborn', {
      handle: async () => {
        await letGo.promise;
        return async () => 'late';
      },
    });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const worker = startWorker({ db, registry, abortWaitMs: 100 });
    await waitFor('the job to start', async () => (await jobRow(job.id)).status === 'running');
    await worker.stop({ graceMs: 100 });
    expect(await jobRow(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
    letGo.resolve();
    await sleep(100);
    expect(await jobRow(job.id)).toMatchObject({ status: 'queued', result: null });
  });
});
