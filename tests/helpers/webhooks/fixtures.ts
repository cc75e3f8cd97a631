/**
 * Shared set-up of the webhook suites. Every test worker that delivers
 * webhooks uses the same delivery options (short retry waits, a 1 s timeout,
 * 127.0.0.1 allowed): on Postgres the suites share one database, so any of
 * their workers may pick up any test's delivery and must treat it the same.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { jobs, webhookDeliveries } from '@/server/db/schema';
import { JobRegistry } from '@/server/jobs/registry';
import { createWebhookDeliveryHandlers, type WebhookDeliveryOptions } from '@/server/webhooks/deliver';
import { webhookDeliverJob } from '@/server/webhooks/jobs';
import { webhookOutboxConsumer } from '@/server/webhooks/outbox-consumer';
import { createWebhookInput } from '@/server/webhooks/schemas';
import { createWebhookEndpoint } from '@/server/webhooks/service';

export const TEST_RETRY_WAIT_MS = 100;

export const TEST_DELIVERY_OPTIONS: Partial<WebhookDeliveryOptions> = {
  timeoutMs: 1_000,
  retrySchedule: Array(10).fill(TEST_RETRY_WAIT_MS),
  jitterRatio: 0,
  policy: { allowPrivateNetwork: true },
};

/** The webhook kinds and outbox consumer with the test options (or overrides of them). */
export function webhookTestRegistry(overrides: Partial<WebhookDeliveryOptions> = {}): JobRegistry {
  return new JobRegistry()
    .register(webhookDeliverJob, createWebhookDeliveryHandlers({ ...TEST_DELIVERY_OPTIONS, ...overrides }))
    .registerOutboxConsumer(webhookOutboxConsumer);
}

/** Creates an endpoint on a 127.0.0.1 receiver (private targets allowed for this call only). */
export async function createTestEndpoint(
  db: Db,
  accountId: string,
  url: string,
  input: { events?: string[]; description?: string; enabled?: boolean } = {},
) {
  return createWebhookEndpoint(db, {
    accountId,
    input: createWebhookInput.parse({ url, ...input }),
    policy: { allowPrivateNetwork: true },
  });
}

/** Cancels the queued delivery jobs of an account, for suites that only look at what was queued. */
export async function cancelQueuedDeliveries(db: Db, accountId: string): Promise<void> {
  await db
    .update(jobs)
    .set({ status: 'cancelled' })
    .where(and(eq(jobs.kind, webhookDeliverJob.kind), eq(jobs.accountId, accountId), inArray(jobs.status, ['queued'])));
}

export async function deliveryRows(db: Db, endpointId: string) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.createdAt);
}
