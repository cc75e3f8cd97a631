/**
 * Turns outbox events into webhook deliveries: one delivery (and one
 * `webhook.deliver` job) per enabled endpoint of the event's account that
 * subscribes to its type, in the dispatcher's transaction, so an event is
 * fanned out exactly when it is marked processed. Disabled endpoints get
 * nothing. Deliveries queue at the event's time, so a worker sends an
 * account's events in the order they happened.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { webhookEndpoints, type OutboxEvent } from '../db/schema';
import type { OutboxConsumer } from '../jobs/registry';
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from './events';
import { queueDelivery, serializePayload } from './service';
import { ensureSweepScheduled } from './sweep';

/** Fans one event out to its account's subscribed endpoints; returns how many deliveries were queued. */
export async function fanOutEvent(tx: Db, event: OutboxEvent): Promise<number> {
  const e = webhookEndpoints;
  const endpoints = await tx
    .select({ id: e.id, accountId: e.accountId })
    .from(e)
    .where(
      and(
        eq(e.accountId, event.accountId),
        eq(e.enabled, true),
        sql`(${event.type}::text = any(${e.eventTypes}) or ${ALL_EVENTS}::text = any(${e.eventTypes}))`,
      ),
    );
  if (endpoints.length === 0) return 0;
  const body = serializePayload({
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: event.payload,
  });
  let queued = 0;
  for (const endpoint of endpoints) {
    const delivery = await queueDelivery(tx, {
      endpoint,
      eventId: event.id,
      eventType: event.type,
      body,
      trigger: 'event',
      runAt: event.createdAt,
    });
    if (delivery) queued++;
  }
  await ensureSweepScheduled(tx);
  return queued;
}

export const webhookOutboxConsumer: OutboxConsumer = {
  name: 'webhooks',
  types: WEBHOOK_EVENT_TYPES,
  consume: async (tx, event) => {
    await fanOutEvent(tx, event);
  },
};
