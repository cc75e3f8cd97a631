import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, type OutboxEvent } from '@/server/db/schema';
import { dispatchOutbox, writeOutboxEvent } from '@/server/jobs/outbox';
import { enqueueJob } from '@/server/jobs/queue';
import { defineJobKind, JobRegistry, type OutboxConsumer } from '@/server/jobs/registry';
import { testDb } from '../../helpers/db';
import { createTestAccount, uniqueKind, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';

let db: Db;
let accountId: string;
beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
});

const startWorker = useTestWorkers();
// Event types unique to each test: the database is shared, and a dispatcher only takes the types its consumers want.
const uniqueType = (tag: string) => uniqueKind(tag);
const eventsOf = (type: string) =>
  db.select().from(outboxEvents).where(eq(outboxEvents.type, type)).orderBy(outboxEvents.seq);

describe('writeOutboxEvent', () => {
  it('writes the event with the state change it describes', async () => {
    const type = uniqueType('written');
    const kind = defineJobKind({ kind: uniqueKind('with-event'), payload: z.object({}) });
    const event = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      await enqueueJob(tx, { kind, payload: {}, accountId });
      return writeOutboxEvent(tx, { accountId, type, payload: { video: { id: 'vid_1', status: 'published' } } });
    });
    expect(event).toMatchObject({
      accountId,
      type,
      payload: { video: { id: 'vid_1', status: 'published' } },
      processedAt: null,
      dispatchAttempts: 0,
    });
    expect(event.id).toMatch(/^evt_[0-9a-z]{20}$/);
    expect(await eventsOf(type)).toHaveLength(1);
    expect(await db.$count(jobs, eq(jobs.kind, kind.kind))).toBe(1);
  });

  it('an event written in a transaction that rolls back does not exist, nor does the state change', async () => {
    const type = uniqueType('rolled-back');
    const kind = defineJobKind({ kind: uniqueKind('rolled-back'), payload: z.object({}) });
    await expect(
      db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        await enqueueJob(tx, { kind, payload: {}, accountId });
        await writeOutboxEvent(tx, { accountId, type, payload: {} });
        throw new Error('the publish failed after writing');
      }),
    ).rejects.toThrow('the publish failed after writing');
    expect(await eventsOf(type)).toEqual([]);
    expect(await db.$count(jobs, eq(jobs.kind, kind.kind))).toBe(0);
  });

  it('refuses a malformed event', async () => {
    await expect(writeOutboxEvent(db, { accountId, type: 'Published', payload: {} })).rejects.toThrow();
    await expect(writeOutboxEvent(db, { accountId: '', type: 'video.published', payload: {} })).rejects.toThrow();
  });
});

describe('dispatchOutbox', () => {
  const deliverKind = defineJobKind({
    kind: uniqueKind('deliver'),
    payload: z.object({ eventId: z.string(), endpoint: z.string() }),
  });

  /** Shaped like the future webhook consumer: one delivery job per endpoint, enqueued in the dispatch transaction. */
  function fanOut(type: string, endpoints: string[], seen: OutboxEvent[] = []): OutboxConsumer {
    return {
      name: `fan-out ${type}`,
      types: [type],
      consume: async (tx, event) => {
        seen.push(event);
        for (const endpoint of endpoints) {
          await enqueueJob(tx, {
            kind: deliverKind,
            payload: { eventId: event.id, endpoint },
            accountId: event.accountId,
            dedupeKey: `${event.id}:${endpoint}`,
          });
        }
      },
    };
  }

  it('turns pending events into jobs and marks them processed, oldest first, once', async () => {
    const type = uniqueType('fanout');
    const written = [];
    for (let i = 0; i < 3; i++) written.push(await writeOutboxEvent(db, { accountId, type, payload: { i } }));
    const seen: OutboxEvent[] = [];
    const consumers = [fanOut(type, ['a', 'b'], seen)];

    expect(await dispatchOutbox(db, { consumers })).toBe(3);
    expect(seen.map((e) => e.id)).toEqual(written.map((e) => e.id));
    expect((await eventsOf(type)).every((e) => e.processedAt instanceof Date)).toBe(true);
    const deliveries = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, deliverKind.kind), inArray(jobs.dedupeKey, written.flatMap((e) => [`${e.id}:a`, `${e.id}:b`]))));
    expect(deliveries).toHaveLength(6);

    expect(await dispatchOutbox(db, { consumers })).toBe(0);
    expect(seen).toHaveLength(3);
  });

  it('a consumer that throws undoes only that event and offers it again later', async () => {
    const type = uniqueType('poison');
    const good = await writeOutboxEvent(db, { accountId, type, payload: { ok: true } });
    const bad = await writeOutboxEvent(db, { accountId, type, payload: { ok: false } });
    const consumer: OutboxConsumer = {
      name: 'picky',
      types: [type],
      consume: async (tx, event) => {
        await fanOut(type, ['x']).consume(tx, event);
        if (!(event.payload as { ok: boolean }).ok) throw new Error('endpoint lookup failed');
      },
    };
    expect(await dispatchOutbox(db, { consumers: [consumer] })).toBe(1);
    const [goodRow, badRow] = await eventsOf(type);
    expect(goodRow).toMatchObject({ id: good.id, processedAt: expect.any(Date) });
    expect(badRow).toMatchObject({
      id: bad.id,
      processedAt: null,
      dispatchAttempts: 1,
      lastError: { code: 'internal_error', message: 'picky: endpoint lookup failed' },
    });
    expect(badRow!.availableAt.getTime()).toBeGreaterThan(bad.availableAt.getTime());
    // The failed event's delivery job was rolled back with it.
    expect(await db.$count(jobs, eq(jobs.dedupeKey, `${bad.id}:x`))).toBe(0);
    expect(await db.$count(jobs, eq(jobs.dedupeKey, `${good.id}:x`))).toBe(1);
    // Not offered again before its retry time.
    expect(await dispatchOutbox(db, { consumers: [consumer] })).toBe(0);
  });

  it('concurrent dispatchers hand each event to the consumer once', async () => {
    const type = uniqueType('concurrent');
    for (let i = 0; i < 20; i++) await writeOutboxEvent(db, { accountId, type, payload: { i } });
    const seen: OutboxEvent[] = [];
    const consumers = [fanOut(type, ['z'], seen)];
    const counts = await Promise.all([1, 2, 3].map(() => dispatchOutbox(db, { consumers, limit: 8 })));
    let total = counts.reduce((a, b) => a + b, 0);
    while (total < 20) total += await dispatchOutbox(db, { consumers, limit: 8 });
    expect(total).toBe(20);
    expect(new Set(seen.map((e) => e.id)).size).toBe(20);
    expect(seen).toHaveLength(20);
  });

  it('leaves events no consumer wants untouched', async () => {
    const type = uniqueType('unwanted');
    await writeOutboxEvent(db, { accountId, type, payload: {} });
    await dispatchOutbox(db, { consumers: [fanOut(uniqueType('other'), ['a'])] });
    expect((await eventsOf(type))[0]?.processedAt).toBeNull();
  });
});

describe('the worker runs the outbox', () => {
  it('an event written in a state change becomes a job that a worker runs', async () => {
    const type = uniqueType('end-to-end');
    const deliver = defineJobKind({ kind: uniqueKind('deliver-e2e'), payload: z.object({ eventId: z.string() }) });
    const delivered: string[] = [];
    const registry = new JobRegistry()
      .register(deliver, {
        handle: async ({ payload }) => {
          delivered.push(payload.eventId);
        },
      })
      .registerOutboxConsumer({
        name: 'deliveries',
        types: [type],
        consume: async (tx, event) => {
          await enqueueJob(tx, { kind: deliver, payload: { eventId: event.id }, accountId: event.accountId });
        },
      });
    startWorker({ db, registry, pollMs: 5_000 });
    const event = await db.transaction(async (tx) => writeOutboxEvent(tx as unknown as Db, { accountId, type, payload: {} }));
    await waitFor('the delivery to run', () => delivered.includes(event.id), { timeoutMs: 4_000 });
    expect((await eventsOf(type))[0]?.processedAt).toBeInstanceOf(Date);
  });
});
