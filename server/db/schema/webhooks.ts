/**
 * Webhooks (server/webhooks): endpoints an account registers, one delivery
 * per (event, endpoint) or manual send, and one row per HTTP attempt.
 *
 * The signing secret is stored as is because every attempt must compute an
 * HMAC with it; it is shown to the customer once (create, rotate). During a
 * rotation the previous secret keeps signing until `previous_secret_expires_at`.
 *
 * `webhook_deliveries.body` is the exact JSON sent, fixed when the delivery is
 * created: every retry and every redelivery sends the same bytes under the
 * same `webhook-id`, so receivers can deduplicate.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    // `*` subscribes to every event type, including ones added later.
    eventTypes: text('event_types').array().notNull().default(sql`'{*}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true, mode: 'date' }),
    // manual | endpoint_gone (answered 410) | failing (every attempt failed for days)
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    // Start of the current run of failed attempts; cleared by any success.
    failingSince: timestamp('failing_since', { withTimezone: true, mode: 'date' }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true, mode: 'date' }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // The endpoint list, oldest first (ORDER BY created_at, id).
  (t) => [index('webhook_endpoints_account_id_created_at_idx').on(t.accountId, t.createdAt, t.id)],
);

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);
export const webhookDeliveryTrigger = pgEnum('webhook_delivery_trigger', ['event', 'test', 'redeliver']);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    trigger: webhookDeliveryTrigger('trigger').notNull().default('event'),
    redeliveryOf: text('redelivery_of'),
    status: webhookDeliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    lastStatusCode: integer('last_status_code'),
    lastErrorCode: text('last_error_code'),
    jobId: text('job_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // The delivery log of an endpoint, newest first, and filtered by status: ascending, walked backwards
    // (not `.desc()`: see schema/index.ts).
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt, t.id),
    index('webhook_deliveries_endpoint_status_created_idx').on(t.endpointId, t.status, t.createdAt, t.id),
    index('webhook_deliveries_created_at_idx').on(t.createdAt),
    // An event is fanned out to an endpoint once; redeliveries and tests are extra rows.
    uniqueIndex('webhook_deliveries_event_endpoint_key')
      .on(t.eventId, t.endpointId)
      .where(sql`trigger = 'event'`),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    // 1-based position in this delivery's log.
    number: integer('number').notNull(),
    url: text('url').notNull(),
    // in_flight until the attempt finished; one left in_flight by a dead worker is marked interrupted.
    outcome: text('outcome').notNull().default('in_flight'),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms'),
    responseBody: text('response_body'),
    responseTruncated: boolean('response_truncated').notNull().default(false),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    nextRetryAt: timestamp('next_retry_at', { withTimezone: true, mode: 'date' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('webhook_delivery_attempts_delivery_number_idx').on(t.deliveryId, t.number)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttempt = typeof webhookDeliveryAttempts.$inferSelect;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatus.enumValues)[number];
