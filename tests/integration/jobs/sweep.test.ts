/**
 * The hourly `jobs.sweep`: finished jobs and processed outbox events older
 * than the retention go, in batches; queued, running and recent ones stay;
 * each run queues the next for the start of the next hour.
 */
import { and, eq, inArray, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents } from '@/server/db/schema';
import { newJobId } from '@/server/jobs/queue';
import { handleJobsSweep, jobsSweepJob, sweepFinishedJobs } from '@/server/jobs/sweep';
import { testDb } from '../../helpers/db';
import { createTestAccount, uniqueKind } from '../../helpers/jobs-fixtures';

let db: Db;
let accountId: string;
beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe('jobs.sweep', () => {
  it('deletes finished jobs and processed events past the retention, in batches, and nothing else', async () => {
    const kind = uniqueKind('sweep');
    const row = (status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled', finishedAt: Date | null) => ({
      id: newJobId(),
      kind,
      accountId,
      payload: {},
      status,
      maxAttempts: 3,
      finishedAt,
    });
    const old = [row('succeeded', daysAgo(8)), row('failed', daysAgo(9)), row('cancelled', daysAgo(30)), row('succeeded', daysAgo(10))];
    const kept = [row('succeeded', daysAgo(1)), row('queued', null), row('running', null), row('failed', daysAgo(6))];
    await db.insert(jobs).values([...old, ...kept]);
    const events = ['evt_sweep_old_' + kind, 'evt_sweep_new_' + kind, 'evt_sweep_pending_' + kind];
    await db.insert(outboxEvents).values([
      { id: events[0]!, accountId, type: 'video.created', payload: {}, processedAt: daysAgo(8) },
      { id: events[1]!, accountId, type: 'video.created', payload: {}, processedAt: daysAgo(1) },
      { id: events[2]!, accountId, type: 'video.created', payload: {}, processedAt: null },
    ]);

    const result = await sweepFinishedJobs(db, { retentionMs: 7 * 86_400_000, batchSize: 3 });
    expect(result.jobsDeleted).toBeGreaterThanOrEqual(4);
    expect(result.eventsDeleted).toBeGreaterThanOrEqual(1);
    const left = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, kind));
    expect(left.map((j) => j.id).sort()).toEqual(kept.map((j) => j.id).sort());
    const eventsLeft = await db.select({ id: outboxEvents.id }).from(outboxEvents).where(inArray(outboxEvents.id, events));
    expect(eventsLeft.map((e) => e.id).sort()).toEqual([events[1], events[2]].sort());
  });

  it('queues the next run for the start of the next hour, once however often it is asked', async () => {
    const commit = await handleJobsSweep();
    await db.transaction((tx) => commit(tx as unknown as Db));
    await db.transaction((tx) => commit(tx as unknown as Db));
    const next = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    const queued = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, jobsSweepJob.kind), eq(jobs.status, 'queued'), like(jobs.dedupeKey, 'slot:%')));
    expect(queued.filter((j) => j.runAt.getTime() === next)).toHaveLength(1);
  });
});
