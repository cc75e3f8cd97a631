/**
 * The transactional outbox: domain events (`video.published`, …) are written
 * in the same transaction as the state change they describe, so an event
 * exists if and only if the change committed. A dispatcher (run by every
 * worker whose registry has outbox consumers) hands unprocessed events to the
 * consumers (webhooks will enqueue one delivery job per endpoint) and marks
 * them processed in one transaction per batch: a crash at any point leaves
 * the event either fully dispatched or still pending, never half.
 */
import { and, asc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { outboxEvents, type OutboxEvent } from '../db/schema';
import { randomString } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { computeBackoffMs, type BackoffPolicy } from './backoff';
import { classifyJobError } from './errors';
import type { OutboxConsumer } from './registry';
import { outboxEventInput, type OutboxEventInput } from './schemas';
import { notifyWorkers, OUTBOX_WAKE } from './signals';

export const newEventId = () => `evt_${randomString(20)}`;

/** How long a consumer that threw waits before the event is offered again. */
const DISPATCH_RETRY: BackoffPolicy = { baseMs: 1_000, capMs: 10 * 60_000 };

/**
 * Records a domain event. Pass the transaction that makes the state change;
 * if it rolls back, the event never existed.
 */
export async function writeOutboxEvent(tx: Db, input: OutboxEventInput): Promise<OutboxEvent> {
  const { accountId, type, payload } = outboxEventInput.parse(input);
  const [event] = await tx.insert(outboxEvents).values({ id: newEventId(), accountId, type, payload }).returning();
  if (!event) throw new Error('insert returned no outbox event');
  await notifyWorkers(tx, OUTBOX_WAKE);
  return event;
}

/**
 * The events a dispatcher with these consumers would offer now: unprocessed,
 * available, of a type some consumer wants (an event no consumer wants stays
 * pending for good, and is no work).
 */
export function dueOutboxEvents(consumers: readonly OutboxConsumer[]): SQL | undefined {
  const wantsAll = consumers.some((c) => !c.types);
  const types = [...new Set(consumers.flatMap((c) => c.types ?? []))];
  return and(
    isNull(outboxEvents.processedAt),
    lte(outboxEvents.availableAt, sql`now()`),
    wantsAll ? undefined : inArray(outboxEvents.type, types),
  );
}

/**
 * Offers up to `limit` pending events, oldest first, to the consumers that
 * want their type, and marks them processed, in one transaction. Each event
 * runs in a savepoint: a consumer that throws undoes only that event's
 * writes, and the event is retried later with backoff. Concurrent
 * dispatchers (several workers) skip each other's rows. Events whose type no
 * consumer wants are left pending. Returns how many events were processed.
 */
export async function dispatchOutbox(
  db: Db,
  params: { consumers: readonly OutboxConsumer[]; limit?: number },
): Promise<number> {
  if (params.consumers.length === 0) return 0;

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const batch = await tx
      .select()
      .from(outboxEvents)
      .where(dueOutboxEvents(params.consumers))
      .orderBy(asc(outboxEvents.seq))
      .limit(params.limit ?? 100)
      .for('update', { skipLocked: true });

    let processed = 0;
    for (const event of batch) {
      const consumers = params.consumers.filter((c) => !c.types || c.types.includes(event.type));
      let failedConsumer: string | undefined;
      try {
        await tx.transaction(async (spRaw) => {
          const sp = spRaw as unknown as Db;
          for (const consumer of consumers) {
            failedConsumer = consumer.name;
            await consumer.consume(sp, event);
          }
          failedConsumer = undefined;
          await sp
            .update(outboxEvents)
            .set({ processedAt: sql`now()`, lastError: null })
            .where(eq(outboxEvents.id, event.id));
        });
        processed++;
      } catch (err) {
        const failure = classifyJobError(err);
        const attempts = event.dispatchAttempts + 1;
        const delayMs = computeBackoffMs(attempts, DISPATCH_RETRY);
        logger.error('outbox consumer failed; event will be offered again', {
          eventId: event.id,
          type: event.type,
          consumer: failedConsumer,
          attempts,
          delayMs,
          ...errorFields(err),
        });
        await tx
          .update(outboxEvents)
          .set({
            dispatchAttempts: attempts,
            availableAt: sql`now() + ${delayMs}::double precision * interval '1 millisecond'`,
            lastError: { code: failure.code, message: `${failedConsumer ?? 'consumer'}: ${failure.message}` },
          })
          .where(eq(outboxEvents.id, event.id));
      }
    }
    return processed;
  });
}
