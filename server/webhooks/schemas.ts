/**
 * Webhooks: request and response shapes shared by the REST handlers, tRPC
 * and the OpenAPI document. Outputs are parsed too, so the stored secret
 * never leaves except where a response schema names it (create, rotate).
 */
import { z } from 'zod';
import { required } from '../lib/errors';
import { ALL_EVENTS, TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from './events';

export const webhookIdSchema = z.string().regex(/^wh_[0-9a-z]{16}$/, 'must be a webhook endpoint id like wh_0123456789abcdef');
export const deliveryIdSchema = z
  .string()
  .regex(/^whd_[0-9a-z]{20}$/, 'must be a delivery id like whd_0123456789abcdefghij');

export const MAX_URL_LENGTH = 2048;

export const webhookUrlSchema = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'is required')
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an absolute http:// or https:// URL');

const eventTypeOrAll = z.enum([ALL_EVENTS, ...WEBHOOK_EVENT_TYPES], {
  error: `must be "*" or one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
});

/** `*` or one event type: what an endpoint can subscribe to. */
export type SubscribableEvent = z.infer<typeof eventTypeOrAll>;

export function isSubscribableEvent(value: string): value is SubscribableEvent {
  return eventTypeOrAll.safeParse(value).success;
}

export const webhookEventsSchema = z
  .array(eventTypeOrAll, { error: 'must be an array of event types' })
  .min(1, 'must name at least one event type (or "*" for all)')
  .max(WEBHOOK_EVENT_TYPES.length + 1)
  // "*" already means everything: store it alone so the list says what it means.
  .transform((list) => (list.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(list)]));

const description = z.string().trim().max(500, 'must be at most 500 characters');

export const createWebhookInput = z.object({
  url: webhookUrlSchema,
  description: description.optional(),
  events: webhookEventsSchema.default([ALL_EVENTS]),
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const updateWebhookInput = z
  .object({
    url: webhookUrlSchema,
    description,
    events: webhookEventsSchema,
    enabled: z.boolean({ error: 'must be true or false' }),
  })
  .partial();
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const DEFAULT_GRACE_PERIOD_HOURS = 24;

export const rotateSecretInput = z.object({
  // How long the previous secret keeps signing beside the new one (0 = stop now), as Stripe's "roll secret".
  grace_period_hours: z
    .number({ error: 'must be a number of hours between 0 and 168' })
    .min(0, 'must be between 0 and 168')
    .max(168, 'must be between 0 and 168')
    .default(DEFAULT_GRACE_PERIOD_HOURS),
});

export const testEventTypeSchema = z.enum([TEST_EVENT_TYPE, ...WEBHOOK_EVENT_TYPES], {
  error: `must be ${TEST_EVENT_TYPE} or one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
});

export type TestEventType = z.infer<typeof testEventTypeSchema>;

export const sendTestEventInput = z.object({
  event_type: testEventTypeSchema.default(TEST_EVENT_TYPE),
});

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export const listDeliveriesQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer between 1 and 100' })
    .int('must be an integer between 1 and 100')
    .min(1, 'must be an integer between 1 and 100')
    .max(100, 'must be an integer between 1 and 100')
    .default(20),
  cursor: z.string().max(200).optional(),
  status: z.enum(DELIVERY_STATUSES, { error: `must be one of: ${DELIVERY_STATUSES.join(', ')}` }).optional(),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

export const ENDPOINT_STATUSES = ['enabled', 'failing', 'disabled'] as const;
export const DISABLED_REASONS = ['manual', 'endpoint_gone', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

export const webhookEndpointOutput = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  /** enabled, failing (enabled, but every attempt since failing_since failed) or disabled. */
  status: z.enum(ENDPOINT_STATUSES),
  disabled_reason: z.enum(DISABLED_REASONS).nullable(),
  disabled_at: z.string().nullable(),
  failing_since: z.string().nullable(),
  last_success_at: z.string().nullable(),
  last_failure_at: z.string().nullable(),
  /** While set, the previous secret still signs beside the current one. */
  previous_secret_expires_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookEndpointOutput = z.infer<typeof webhookEndpointOutput>;

/** Create and rotate answer with the signing secret: the only times it is shown. */
export const webhookEndpointWithSecret = webhookEndpointOutput.extend({ secret: z.string() });
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecret>;

export const webhookEndpointList = z.object({ data: z.array(webhookEndpointOutput) });

export const deliveryOutput = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  /** event (from the platform), test (Send test event) or redeliver. */
  trigger: z.enum(['event', 'test', 'redeliver']),
  redelivery_of: z.string().nullable(),
  /** pending (first attempt or a retry is scheduled), succeeded, failed (no more attempts). */
  status: z.enum(DELIVERY_STATUSES),
  attempt_count: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
});
export type DeliveryOutput = z.infer<typeof deliveryOutput>;

export const ATTEMPT_OUTCOMES = ['in_flight', 'succeeded', 'failed', 'interrupted'] as const;

export const attemptOutput = z.object({
  number: z.number().int(),
  url: z.string(),
  /** in_flight (sending now), succeeded (2xx), failed, interrupted (the worker stopped mid-attempt; retried). */
  outcome: z.enum(ATTEMPT_OUTCOMES),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int().nullable(),
  /** The first 2 KB of the receiver's answer. */
  response_body: z.string().nullable(),
  response_truncated: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  next_retry_at: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type AttemptOutput = z.infer<typeof attemptOutput>;

export const deliveryDetailOutput = deliveryOutput.extend({
  /** The event exactly as sent: { id, type, timestamp, data }. */
  payload: z.unknown(),
  attempts: z.array(attemptOutput),
});
export type DeliveryDetailOutput = z.infer<typeof deliveryDetailOutput>;

export const deliveryListResponse = z.object({
  data: z.array(deliveryOutput),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next_cursor: z.string().nullable(),
});
export type DeliveryListResponse = z.infer<typeof deliveryListResponse>;

/** The JSON body every delivery carries (Standard Webhooks payload plus the event id). */
export const webhookPayloadSchema = z.object({
  id: z.string(),
  type: z.string(),
  timestamp: z.string(),
  data: z.unknown(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
