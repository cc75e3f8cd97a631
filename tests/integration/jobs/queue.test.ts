import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents } from '@/server/db/schema';
import { writeOutboxEvent } from '@/server/jobs/outbox';
import {
  cancelJob,
  claimJobs,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  getQueuePosition,
  getQueueStats,
  leaseOf,
  releaseJob,
  renewJobLease,
  retryJob,
} from '@/server/jobs/queue';
import { defineJobKind } from '@/server/jobs/registry';
import { testDb } from '../../helpers/db';
import { createTestAccount, sleep, uniqueKind } from '../../helpers/jobs-fixtures';

let db: Db;
let accountId: string;
beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
});

const payload = z.object({ n: z.number().int() });
const kindOf = (tag: string, options: { maxAttempts?: number } = {}) =>
  defineJobKind({ kind: uniqueKind(tag), payload, ...options });

async function claimOne(kind: string, workerId: string, leaseMs = 5_000) {
  const [job] = await claimJobs(db, { workerId, kinds: [kind], limit: 1, leaseMs });
  return job;
}

describe('enqueue (happy)', () => {
  it('stores the validated payload with the kind defaults', async () => {
    const kind = kindOf('enqueue', { maxAttempts: 7 });
    const { job, created } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    expect(created).toBe(true);
    expect(job).toMatchObject({
      kind: kind.kind,
      accountId,
      payload: { n: 1 },
      status: 'queued',
      priority: 0,
      attempts: 0,
      maxAttempts: 7,
      progress: 0,
      lockedBy: null,
      result: null,
      lastError: null,
    });
    expect(job.id).toMatch(/^job_[0-9a-z]{16}$/);
  });

  it('returns the active job for a repeated dedupe key, and allows the key again once it finished', async () => {
    const kind = kindOf('dedupe');
    const first = await enqueueJob(db, { kind, payload: { n: 1 }, dedupeKey: 'video:1' });
    const second = await enqueueJob(db, { kind, payload: { n: 2 }, dedupeKey: 'video:1' });
    expect(second).toEqual({ job: first.job, created: false });
    const other = await enqueueJob(db, { kind, payload: { n: 3 }, dedupeKey: 'video:2' });
    expect(other.created).toBe(true);

    const claimed = await claimOne(kind.kind, 'w1');
    expect(claimed?.id).toBe(first.job.id);
    // Still active while running.
    expect((await enqueueJob(db, { kind, payload: { n: 4 }, dedupeKey: 'video:1' })).created).toBe(false);
    await completeJob(db, { lease: leaseOf(claimed!) });
    const again = await enqueueJob(db, { kind, payload: { n: 5 }, dedupeKey: 'video:1' });
    expect(again.created).toBe(true);
    expect(again.job.id).not.toBe(first.job.id);
  });
});

describe('enqueue (errors)', () => {
  it('refuses a payload that fails the kind schema, and bad options', async () => {
    const kind = kindOf('invalid');
    await expect(enqueueJob(db, { kind, payload: { n: 'x' } as never })).rejects.toThrow();
    await expect(enqueueJob(db, { kind, payload: { n: 1 }, maxAttempts: 0 })).rejects.toThrow();
    expect(await db.$count(jobs, eq(jobs.kind, kind.kind))).toBe(0);
  });
});

describe('claim', () => {
  it('takes lower priority values first, then older run_at, and skips future run_at', async () => {
    const kind = kindOf('order');
    const normal = await enqueueJob(db, { kind, payload: { n: 1 } });
    const urgent = await enqueueJob(db, { kind, payload: { n: 2 }, priority: -10 });
    const later = await enqueueJob(db, { kind, payload: { n: 3 }, delayMs: 60_000 });
    const low = await enqueueJob(db, { kind, payload: { n: 4 }, priority: 5 });
    const claimed = await claimJobs(db, { workerId: 'w', kinds: [kind.kind], limit: 10, leaseMs: 5_000 });
    expect(claimed.map((j) => j.id)).toEqual([urgent.job.id, normal.job.id, low.job.id]);
    expect(claimed.every((j) => j.status === 'running' && j.attempts === 1 && j.lockedBy === 'w')).toBe(true);
    expect(claimed[0]!.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_000);
    expect((await getJob(db, later.job.id))?.status).toBe('queued');
  });

  it('only takes the kinds asked for', async () => {
    const a = kindOf('kind-a');
    const b = kindOf('kind-b');
    await enqueueJob(db, { kind: a, payload: { n: 1 } });
    expect(await claimJobs(db, { workerId: 'w', kinds: [b.kind], limit: 5, leaseMs: 5_000 })).toEqual([]);
    expect(await claimJobs(db, { workerId: 'w', kinds: [], limit: 5, leaseMs: 5_000 })).toEqual([]);
  });

  it('never hands one job to two concurrent claimers', async () => {
    const kind = kindOf('race');
    await Promise.all(Array.from({ length: 30 }, (_, n) => enqueueJob(db, { kind, payload: { n } })));
    const batches = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claimJobs(db, { workerId: `w${i}`, kinds: [kind.kind], limit: 7, leaseMs: 5_000 })),
    );
    const ids = batches.flat().map((j) => j.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });
});

describe('leases and the fence', () => {
  it('a lapsed lease makes the job claimable again; the stale worker can no longer write', async () => {
    const kind = kindOf('lapse');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const stale = await claimOne(kind.kind, 'stale', 60_000);
    expect(stale?.id).toBe(job.id);
    expect(await claimOne(kind.kind, 'fresh')).toBeUndefined();
    // The stale worker stops renewing: its lease runs out. Moved into the past
    // here rather than waited for, so a slow machine cannot lapse it early.
    await db.update(jobs).set({ leaseExpiresAt: new Date(Date.now() - 1_000) }).where(eq(jobs.id, job.id));

    const fresh = await claimOne(kind.kind, 'fresh');
    expect(fresh).toMatchObject({ id: job.id, attempts: 2, lockedBy: 'fresh' });
    expect(fresh?.lastError).toEqual({ code: 'lease_expired', message: expect.any(String) });

    const staleLease = leaseOf(stale!);
    let staleCommitRan = false;
    const staleOutcome = await completeJob(db, {
      lease: staleLease,
      commit: async () => {
        staleCommitRan = true;
        return 'stale';
      },
    });
    expect(staleOutcome).toEqual({ completed: false });
    expect(staleCommitRan).toBe(false);
    expect(await renewJobLease(db, { lease: staleLease, leaseMs: 5_000, progress: 0.9 })).toBe(false);
    expect(await retryJob(db, { lease: staleLease, error: { code: 'x', message: 'x' }, delayMs: 0 })).toBe(false);
    expect(await failJob(db, { lease: staleLease, error: { code: 'x', message: 'x' } })).toBe(false);
    expect(await releaseJob(db, { lease: staleLease })).toBe(false);

    const outcome = await completeJob(db, { lease: leaseOf(fresh!), commit: async () => ({ by: 'fresh' }) });
    expect(outcome).toEqual({ completed: true, result: { by: 'fresh' } });
    expect(await getJob(db, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      result: { by: 'fresh' },
      progress: 1,
      lastError: null,
      leaseExpiresAt: null,
    });
  });

  it('a renewed lease is not taken over', async () => {
    const kind = kindOf('renew');
    await enqueueJob(db, { kind, payload: { n: 1 } });
    const held = await claimOne(kind.kind, 'holder', 2_000);
    // Four renewals 500 ms apart outlive the first 2 s lease; each leaves 1.5 s of slack.
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      expect(await renewJobLease(db, { lease: leaseOf(held!), leaseMs: 2_000, progress: i / 4 })).toBe(true);
    }
    expect(await claimOne(kind.kind, 'rival')).toBeUndefined();
    expect((await getJob(db, held!.id))?.progress).toBe(0.75);
  });

  it('release gives the job back without counting the attempt', async () => {
    const kind = kindOf('release');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 } });
    const claimed = await claimOne(kind.kind, 'w');
    expect(await releaseJob(db, { lease: leaseOf(claimed!) })).toBe(true);
    expect(await getJob(db, job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null, leaseExpiresAt: null });
    expect((await claimOne(kind.kind, 'w2'))?.attempts).toBe(1);
  });

  it('cancelling a running job makes its next heartbeat fail', async () => {
    const kind = kindOf('cancel');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    const claimed = await claimOne(kind.kind, 'w');
    expect(await cancelJob(db, { id: job.id, accountId: 'someone-else' })).toBe(false);
    expect(await cancelJob(db, { id: job.id, accountId })).toBe(true);
    expect(await renewJobLease(db, { lease: leaseOf(claimed!), leaseMs: 5_000 })).toBe(false);
    expect(await completeJob(db, { lease: leaseOf(claimed!) })).toEqual({ completed: false });
    expect((await getJob(db, job.id))?.status).toBe('cancelled');
    expect(await cancelJob(db, { id: job.id })).toBe(false);
  });
});

describe('completion is atomic with the domain writes', () => {
  it('commits the commit function writes with the completion', async () => {
    const kind = kindOf('commit');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    const claimed = await claimOne(kind.kind, 'w');
    const type = `test.published_${job.id.slice(4, 12)}`;
    await completeJob(db, {
      lease: leaseOf(claimed!),
      commit: async (tx) => {
        await writeOutboxEvent(tx, { accountId, type, payload: { jobId: job.id } });
        return { ok: true };
      },
    });
    expect(await db.$count(outboxEvents, eq(outboxEvents.type, type))).toBe(1);
    expect((await getJob(db, job.id))?.status).toBe('succeeded');
  });

  it('when the commit function throws, neither its writes nor the completion happen', async () => {
    const kind = kindOf('commit-throws');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    const claimed = await claimOne(kind.kind, 'w');
    const type = `test.published_${job.id.slice(4, 12)}`;
    await expect(
      completeJob(db, {
        lease: leaseOf(claimed!),
        commit: async (tx) => {
          await writeOutboxEvent(tx, { accountId, type, payload: {} });
          throw new Error('storage move failed');
        },
      }),
    ).rejects.toThrow('storage move failed');
    expect(await db.$count(outboxEvents, eq(outboxEvents.type, type))).toBe(0);
    expect(await getJob(db, job.id)).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'w' });
  });

  it('a final failure runs the hook in the failing transaction; a throwing hook leaves the job untouched', async () => {
    const kind = kindOf('final');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    const claimed = await claimOne(kind.kind, 'w');
    const type = `test.failed_${job.id.slice(4, 12)}`;
    await expect(
      failJob(db, {
        lease: leaseOf(claimed!),
        error: { code: 'boom', message: 'boom' },
        onFinal: async (tx) => {
          await writeOutboxEvent(tx, { accountId, type, payload: {} });
          throw new Error('hook bug');
        },
      }),
    ).rejects.toThrow('hook bug');
    expect(await db.$count(outboxEvents, eq(outboxEvents.type, type))).toBe(0);
    expect((await getJob(db, job.id))?.status).toBe('running');

    expect(
      await failJob(db, {
        lease: leaseOf(claimed!),
        error: { code: 'boom', message: 'boom' },
        onFinal: async (tx, row) => {
          expect(row.id).toBe(job.id);
          await writeOutboxEvent(tx, { accountId, type, payload: {} });
        },
      }),
    ).toBe(true);
    expect(await db.$count(outboxEvents, eq(outboxEvents.type, type))).toBe(1);
    expect(await getJob(db, job.id)).toMatchObject({
      status: 'failed',
      lastError: { code: 'boom', message: 'boom' },
      finishedAt: expect.any(Date),
    });
  });
});

describe('read side', () => {
  it('reports queue positions and stats per kind', async () => {
    const kind = kindOf('stats');
    const a = await enqueueJob(db, { kind, payload: { n: 1 } });
    const b = await enqueueJob(db, { kind, payload: { n: 2 } });
    const c = await enqueueJob(db, { kind, payload: { n: 3 }, priority: -1 });
    await enqueueJob(db, { kind, payload: { n: 4 }, delayMs: 60_000 });
    expect(await getQueuePosition(db, c.job.id)).toBe(0);
    expect(await getQueuePosition(db, a.job.id)).toBe(1);
    expect(await getQueuePosition(db, b.job.id)).toBe(2);

    await claimOne(kind.kind, 'w');
    expect(await getQueuePosition(db, c.job.id)).toBeNull();
    expect(await getQueuePosition(db, b.job.id)).toBe(1);
    expect(await getQueuePosition(db, 'job_missing')).toBeNull();

    const [stats] = await getQueueStats(db, { kinds: [kind.kind] });
    expect(stats).toEqual({ kind: kind.kind, queued: 2, scheduled: 1, running: 1, oldestQueuedAt: a.job.runAt });
    expect(await getQueueStats(db, { kinds: [uniqueKind('none')] })).toEqual([]);
  });

  it('scopes getJob by account when asked', async () => {
    const kind = kindOf('scope');
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    expect((await getJob(db, job.id, { accountId }))?.id).toBe(job.id);
    expect(await getJob(db, job.id, { accountId: 'other' })).toBeNull();
    const rows = await db.select().from(jobs).where(and(eq(jobs.id, job.id), eq(jobs.accountId, accountId)));
    expect(rows).toHaveLength(1);
  });
});
