/**
 * Webhook endpoints (create, list, get, update, delete, rotate secret) and
 * their delivery log (list, detail, redeliver, send test event). Every
 * statement is scoped to the caller's account; another account's endpoint or
 * delivery is 404 like a missing one.
 *
 * A delivery row and its `webhook.deliver` job are created in one
 * transaction (queueDelivery), by the outbox consumer for platform events and
 * here for test events and redeliveries.
 */
import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  type WebhookDelivery,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
} from '../db/schema';
import { newEventId } from '../jobs/outbox';
import { enqueueJob } from '../jobs/queue';
import { checkedOutput } from '../lib/output';
import { AppError } from '../lib/errors';
import { randomString } from '../lib/ids';
import { assertPublicHttpUrl, UnsafeUrlError, type OutboundPolicy } from '../lib/ssrf';
import { isoOrNull, isoSeconds } from '../lib/time';
import { exampleEventData } from './events';
import { webhookDeliverJob } from './jobs';
import {
  attemptOutput,
  deliveryDetailOutput,
  deliveryOutput,
  webhookEndpointOutput,
  webhookEndpointWithSecret,
  type AttemptOutput,
  type CreateWebhookInput,
  type DeliveryDetailOutput,
  type DeliveryListResponse,
  type DeliveryOutput,
  type DisabledReason,
  type ListDeliveriesQuery,
  type UpdateWebhookInput,
  type WebhookEndpointOutput,
  type WebhookEndpointWithSecret,
  type WebhookPayload,
} from './schemas';
import { activeSecrets, newWebhookSecret } from './signing';
import { ensureSweepScheduled } from './sweep';

/** As Stripe's per-account limit (16): enough for real integrations, bounded fan-out per event. */
export const MAX_ENDPOINTS_PER_ACCOUNT = 20;

export const newWebhookId = () => `wh_${randomString(16)}`;
export const newDeliveryId = () => `whd_${randomString(20)}`;
export const newAttemptId = () => `wha_${randomString(20)}`;

type Trigger = WebhookDelivery['trigger'];

export function endpointStatus(row: WebhookEndpoint): WebhookEndpointOutput['status'] {
  if (!row.enabled) return 'disabled';
  return row.failingSince ? 'failing' : 'enabled';
}

export function toEndpointOutput(row: WebhookEndpoint, now: Date = new Date()): WebhookEndpointOutput {
  const [, previous] = activeSecrets(row, now);
  return webhookEndpointOutput.parse({
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.eventTypes,
    enabled: row.enabled,
    status: endpointStatus(row),
    disabled_reason: row.enabled ? null : ((row.disabledReason as DisabledReason | null) ?? 'manual'),
    disabled_at: row.enabled ? null : isoOrNull(row.disabledAt),
    failing_since: isoOrNull(row.failingSince),
    last_success_at: isoOrNull(row.lastSuccessAt),
    last_failure_at: isoOrNull(row.lastFailureAt),
    previous_secret_expires_at: previous ? isoOrNull(row.previousSecretExpiresAt) : null,
    created_at: isoSeconds(row.createdAt),
    updated_at: isoSeconds(row.updatedAt),
  });
}

function withSecret(row: WebhookEndpoint): WebhookEndpointWithSecret {
  return webhookEndpointWithSecret.parse({ ...toEndpointOutput(row), secret: row.secret });
}

export function toDeliveryOutput(row: WebhookDelivery): DeliveryOutput {
  return checkedOutput(deliveryOutput, {
    id: row.id,
    endpoint_id: row.endpointId,
    event_id: row.eventId,
    event_type: row.eventType,
    trigger: row.trigger,
    redelivery_of: row.redeliveryOf,
    status: row.status,
    attempt_count: row.attempts,
    next_attempt_at: row.status === 'pending' ? isoOrNull(row.nextAttemptAt) : null,
    last_status_code: row.lastStatusCode,
    last_error: row.lastErrorCode,
    created_at: isoSeconds(row.createdAt),
    updated_at: isoSeconds(row.updatedAt),
    finished_at: isoOrNull(row.finishedAt),
  });
}

export function toAttemptOutput(row: WebhookDeliveryAttempt): AttemptOutput {
  return attemptOutput.parse({
    number: row.number,
    url: row.url,
    outcome: row.outcome,
    status_code: row.statusCode,
    duration_ms: row.durationMs,
    response_body: row.responseBody,
    response_truncated: row.responseTruncated,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    next_retry_at: isoOrNull(row.nextRetryAt),
    started_at: isoSeconds(row.startedAt),
    finished_at: isoOrNull(row.finishedAt),
  });
}

/** The exact bytes every attempt of a delivery sends. */
export function serializePayload(payload: WebhookPayload): string {
  return JSON.stringify({ id: payload.id, type: payload.type, timestamp: payload.timestamp, data: payload.data });
}

/** SSRF check at creation and on URL change: a refused URL is a 422 naming `url`. */
async function checkEndpointUrl(url: string, policy?: OutboundPolicy): Promise<void> {
  try {
    await assertPublicHttpUrl(url, policy);
  } catch (err) {
    if (err instanceof UnsafeUrlError) throw AppError.invalidField('url', err.message);
    throw err;
  }
}

async function getEndpointRow(db: Db, params: { accountId: string; id: string }): Promise<WebhookEndpoint> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, params.id), eq(webhookEndpoints.accountId, params.accountId)))
    .limit(1);
  if (!row) throw AppError.notFound('Webhook endpoint');
  return row;
}

function assertDeliverable(endpoint: WebhookEndpoint, action: string): void {
  if (!endpoint.enabled) {
    throw new AppError('invalid_state', `This endpoint is disabled: enable it before you ${action}`, [
      { field: 'enabled', message: 'is false' },
    ]);
  }
}

/**
 * Creates a delivery and its job in the caller's transaction. For platform
 * events the job's dedupe key `${eventId}:${endpointId}` and the unique
 * (event, endpoint) index make a second fan-out of the same event a no-op
 * (returns null). `runAt` lets event deliveries queue in event order.
 */
export async function queueDelivery(
  tx: Db,
  params: {
    endpoint: Pick<WebhookEndpoint, 'id' | 'accountId'>;
    eventId: string;
    eventType: string;
    body: string;
    trigger: Trigger;
    redeliveryOf?: string;
    runAt?: Date;
  },
): Promise<WebhookDelivery | null> {
  const id = newDeliveryId();
  const { job, created } = await enqueueJob(tx, {
    kind: webhookDeliverJob,
    payload: { deliveryId: id },
    accountId: params.endpoint.accountId,
    dedupeKey: params.trigger === 'event' ? `${params.eventId}:${params.endpoint.id}` : undefined,
    runAt: params.runAt,
  });
  if (!created) return null;
  const now = new Date();
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({
      id,
      accountId: params.endpoint.accountId,
      endpointId: params.endpoint.id,
      eventId: params.eventId,
      eventType: params.eventType,
      body: params.body,
      trigger: params.trigger,
      redeliveryOf: params.redeliveryOf ?? null,
      jobId: job.id,
      nextAttemptAt: job.runAt,
      // Set here, not by now(): millisecond values make (created_at, id) cursors exact.
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function createWebhookEndpoint(
  db: Db,
  params: { accountId: string; input: CreateWebhookInput; policy?: OutboundPolicy },
): Promise<WebhookEndpointWithSecret> {
  const { input } = params;
  await checkEndpointUrl(input.url, params.policy);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await tx.$count(webhookEndpoints, eq(webhookEndpoints.accountId, params.accountId));
    if (existing >= MAX_ENDPOINTS_PER_ACCOUNT) {
      throw new AppError(
        'invalid_state',
        `An account can have at most ${MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints; delete one first`,
      );
    }
    const now = new Date();
    const [inserted] = await tx
      .insert(webhookEndpoints)
      .values({
        id: newWebhookId(),
        accountId: params.accountId,
        url: input.url,
        description: input.description ?? '',
        eventTypes: input.events,
        enabled: input.enabled,
        disabledReason: input.enabled ? null : 'manual',
        disabledAt: input.enabled ? null : now,
        secret: newWebhookSecret(),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await ensureSweepScheduled(tx);
    return inserted!;
  });
  return withSecret(row);
}

/** The account's endpoints, oldest first, from webhook_endpoints_account_id_created_at_idx (exported for the EXPLAIN test). */
export function endpointsQuery(db: Db, params: { accountId: string }) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.accountId, params.accountId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id))
    .limit(1000);
}

export async function listWebhookEndpoints(db: Db, params: { accountId: string }): Promise<WebhookEndpointOutput[]> {
  const rows = await endpointsQuery(db, params);
  const now = new Date();
  return rows.map((r) => toEndpointOutput(r, now));
}

export async function getWebhookEndpoint(db: Db, params: { accountId: string; id: string }): Promise<WebhookEndpointOutput> {
  return toEndpointOutput(await getEndpointRow(db, params));
}

/**
 * Changes url, description, events or enabled. Disabling records `manual`;
 * enabling clears the disabled reason and the failure streak, so an endpoint
 * disabled for failing gets a fresh five days.
 */
export async function updateWebhookEndpoint(
  db: Db,
  params: { accountId: string; id: string; input: UpdateWebhookInput; policy?: OutboundPolicy },
): Promise<WebhookEndpointOutput> {
  const { input } = params;
  if (input.url !== undefined) {
    await getEndpointRow(db, params);
    await checkEndpointUrl(input.url, params.policy);
  }
  const e = webhookEndpoints;
  const patch: Partial<typeof webhookEndpoints.$inferInsert> = { updatedAt: new Date() };
  if (input.url !== undefined) patch.url = input.url;
  if (input.description !== undefined) patch.description = input.description;
  if (input.events !== undefined) patch.eventTypes = input.events;
  if (input.enabled === true) {
    Object.assign(patch, {
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: sql`case when ${e.enabled} then ${e.failingSince} else null end`,
    });
  } else if (input.enabled === false) {
    Object.assign(patch, {
      enabled: false,
      disabledReason: sql`case when ${e.enabled} then 'manual' else ${e.disabledReason} end`,
      disabledAt: sql`case when ${e.enabled} then now() else ${e.disabledAt} end`,
    });
  }
  const [row] = await db
    .update(e)
    .set(patch)
    .where(and(eq(e.id, params.id), eq(e.accountId, params.accountId)))
    .returning();
  if (!row) throw AppError.notFound('Webhook endpoint');
  return toEndpointOutput(row);
}

/** Deletes the endpoint with its delivery log; its queued deliveries find nothing to send. */
export async function deleteWebhookEndpoint(db: Db, params: { accountId: string; id: string }): Promise<void> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, params.id), eq(webhookEndpoints.accountId, params.accountId)))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw AppError.notFound('Webhook endpoint');
}

/**
 * Issues a new signing secret (returned once). For `gracePeriodHours` the
 * previous secret keeps signing beside it, so receivers can switch without
 * dropping a request; 0 retires it at once.
 */
export async function rotateWebhookSecret(
  db: Db,
  params: { accountId: string; id: string; gracePeriodHours: number },
): Promise<WebhookEndpointWithSecret> {
  const e = webhookEndpoints;
  const graceMs = Math.round(params.gracePeriodHours * 3600_000);
  const [row] = await db
    .update(e)
    .set({
      secret: newWebhookSecret(),
      // The right-hand side sees the row before the update: the outgoing secret.
      previousSecret: graceMs > 0 ? sql`${e.secret}` : null,
      previousSecretExpiresAt: graceMs > 0 ? sql`now() + ${graceMs}::double precision * interval '1 millisecond'` : null,
      updatedAt: new Date(),
    })
    .where(and(eq(e.id, params.id), eq(e.accountId, params.accountId)))
    .returning();
  if (!row) throw AppError.notFound('Webhook endpoint');
  return withSecret(row);
}

/**
 * Sends a test event to the endpoint: `webhook.test` by default, or an
 * example of any event type (regardless of the endpoint's subscriptions).
 */
export async function sendTestEvent(
  db: Db,
  params: { accountId: string; id: string; eventType: Parameters<typeof exampleEventData>[0] },
): Promise<DeliveryOutput> {
  const endpoint = await getEndpointRow(db, params);
  assertDeliverable(endpoint, 'send a test event');
  const eventId = newEventId();
  const body = serializePayload({
    id: eventId,
    type: params.eventType,
    timestamp: new Date().toISOString(),
    data: exampleEventData(params.eventType, endpoint.id),
  });
  const row = await db.transaction((tx) =>
    queueDelivery(tx as unknown as Db, { endpoint, eventId, eventType: params.eventType, body, trigger: 'test' }),
  );
  return toDeliveryOutput(row!);
}

/**
 * Cursor: the last row's created_at in microseconds (a string; a number in
 * milliseconds from older cursors) and id. Microseconds because the
 * deliveries of one outbox batch share one timestamp to the µs: a cursor cut
 * to the millisecond would skip the rest of them.
 */
type Cursor = { micros: string; id: string };

function encodeCursor(row: { createdMicros: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdMicros, row.id])).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && /^\d{1,19}$/.test(at) && typeof id === 'string') return { micros: at, id };
    if (typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 && typeof id === 'string') return { micros: String(at * 1000), id };
  } catch {
    /* reported below */
  }
  throw new AppError('bad_request', 'cursor: is not a cursor returned by this endpoint', [
    { field: 'cursor', message: 'is not a cursor returned by this endpoint' },
  ]);
}

/**
 * The query behind one page of an endpoint's delivery log: newest first,
 * keyset on (created_at, id), read from webhook_deliveries_endpoint_created_idx
 * (or its status sibling) in that order, one row more than the page.
 * Exported for the EXPLAIN test (tests/integration/db/list-indexes.test.ts).
 */
export function deliveryPageQuery(db: Db, params: { accountId: string; endpointId: string; query: ListDeliveriesQuery }) {
  const { limit, status } = params.query;
  const cursor = params.query.cursor ? decodeCursor(params.query.cursor) : null;
  const d = webhookDeliveries;
  return db
    .select({
      delivery: d,
      createdMicros: sql<string>`(extract(epoch from ${d.createdAt}) * 1000000)::bigint`.mapWith(String),
    })
    .from(d)
    .where(
      and(
        eq(d.accountId, params.accountId),
        eq(d.endpointId, params.endpointId),
        status ? eq(d.status, status) : undefined,
        // A row comparison, so the index serves it as one range.
        cursor
          ? sql`(${d.createdAt}, ${d.id}) < (timestamptz 'epoch' + ${cursor.micros}::bigint * interval '1 microsecond', ${cursor.id})`
          : undefined,
      ),
    )
    // endpoint_id leads the order (it is fixed by the filter, so the order is the same): only the
    // endpoint's own indexes can give it, and the planner never reads the global created_at index instead.
    .orderBy(desc(d.endpointId), desc(d.createdAt), desc(d.id))
    .limit(limit + 1);
}

/** The endpoint's deliveries, newest first, by cursor (stable while new deliveries arrive). */
export async function listDeliveries(
  db: Db,
  params: { accountId: string; endpointId: string; query: ListDeliveriesQuery },
): Promise<DeliveryListResponse> {
  await getEndpointRow(db, { accountId: params.accountId, id: params.endpointId });
  const { limit } = params.query;
  const rows = await deliveryPageQuery(db, params);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => toDeliveryOutput(r.delivery)),
    next_cursor: rows.length > limit && last ? encodeCursor({ createdMicros: last.createdMicros, id: last.delivery.id }) : null,
  };
}

async function getDeliveryRow(
  db: Db,
  params: { accountId: string; endpointId: string; deliveryId: string },
): Promise<WebhookDelivery> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.id, params.deliveryId),
        eq(webhookDeliveries.endpointId, params.endpointId),
        eq(webhookDeliveries.accountId, params.accountId),
      ),
    )
    .limit(1);
  if (!row) throw AppError.notFound('Delivery');
  return row;
}

/** One delivery with the payload it sends and every attempt, oldest first. */
export async function getDelivery(
  db: Db,
  params: { accountId: string; endpointId: string; deliveryId: string },
): Promise<DeliveryDetailOutput> {
  const row = await getDeliveryRow(db, params);
  const attempts = await db
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, row.id))
    .orderBy(asc(webhookDeliveryAttempts.number), asc(webhookDeliveryAttempts.startedAt));
  return deliveryDetailOutput.parse({
    ...toDeliveryOutput(row),
    payload: JSON.parse(row.body),
    attempts: attempts.map(toAttemptOutput),
  });
}

/**
 * Sends a delivery's event to its endpoint again, as a new delivery with its
 * own log; same body and same `webhook-id`, so a receiver that already
 * processed it can recognise it.
 */
export async function redeliver(
  db: Db,
  params: { accountId: string; endpointId: string; deliveryId: string },
): Promise<DeliveryOutput> {
  const endpoint = await getEndpointRow(db, { accountId: params.accountId, id: params.endpointId });
  const original = await getDeliveryRow(db, params);
  assertDeliverable(endpoint, 'redeliver');
  const row = await db.transaction((tx) =>
    queueDelivery(tx as unknown as Db, {
      endpoint,
      eventId: original.eventId,
      eventType: original.eventType,
      body: original.body,
      trigger: 'redeliver',
      redeliveryOf: original.id,
    }),
  );
  return toDeliveryOutput(row!);
}
