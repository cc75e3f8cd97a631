/**
 * The `webhook.deliver` handler: one job attempt = one signed HTTP POST.
 *
 * Each attempt is logged before the request leaves (outcome `in_flight`), so
 * a worker killed mid-request leaves a trace; the next attempt marks it
 * `interrupted` and sends again (at-least-once: receivers deduplicate on
 * `webhook-id`). Only a 2xx counts; redirects are not followed. A success is
 * recorded in the job's completion transaction. A failure is recorded, the
 * endpoint's failure streak extended, and the job retried after the webhook
 * schedule (or the receiver's Retry-After). 410 Gone disables the endpoint at
 * once; an endpoint whose attempts have all failed for five days is disabled
 * on its next failure. A disabled endpoint gets no request: its pending
 * deliveries fail with `endpoint_disabled`.
 */
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { executedRows, getDb, type Db } from '../db/client';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, type Job } from '../db/schema';
import { PermanentJobError, RetryableJobError, type JobFailure } from '../jobs/errors';
import type { CommitFn, JobContext, JobKindHandlers } from '../jobs/registry';
import { safeRequest, type OutboundPolicy, type SafeResponse } from '../lib/ssrf';
import {
  DEFAULT_JITTER_RATIO,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_SCHEDULE_MS,
  nextRetryDelayMs,
  parseRetryAfterMs,
} from './retry';
import { newAttemptId } from './service';
import { activeSecrets, signatureHeaders } from './signing';

/** The whole request (DNS, connect, TLS, headers, body) must finish within this. */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** How much of a receiver's answer the log keeps. */
export const MAX_LOGGED_RESPONSE_BYTES = 2048;
/** An endpoint whose every attempt failed for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600_000;
export const WEBHOOK_USER_AGENT = 'Clipwright-Webhooks/1.0 (+https://www.standardwebhooks.com)';

export interface WebhookDeliveryOptions {
  timeoutMs: number;
  /** Waits between attempts (see retry.ts); the kind's maxAttempts bounds the count. */
  retrySchedule: readonly number[];
  jitterRatio: number;
  maxRetryAfterMs: number;
  disableAfterFailingMs: number;
  maxResponseBytes: number;
  /** Private targets and DNS (default: ALLOW_PRIVATE_NETWORK_TARGETS and the system resolver). */
  policy?: OutboundPolicy;
  random?: () => number;
}

export const DEFAULT_DELIVERY_OPTIONS: Readonly<WebhookDeliveryOptions> = Object.freeze({
  timeoutMs: WEBHOOK_TIMEOUT_MS,
  retrySchedule: DEFAULT_RETRY_SCHEDULE_MS,
  jitterRatio: DEFAULT_JITTER_RATIO,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
  disableAfterFailingMs: DISABLE_AFTER_FAILING_MS,
  maxResponseBytes: MAX_LOGGED_RESPONSE_BYTES,
});

type Payload = { deliveryId: string };

interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  responseTruncated: boolean;
  errorCode: string | null;
  errorMessage: string | null;
}

/** Postgres text cannot hold NUL; a receiver's body may contain anything. */
function loggableBody(res: SafeResponse): string {
  return res.body.toString('utf8').replace(/\u0000/g, '');
}

function describeHttpFailure(res: SafeResponse): { code: string; message: string } {
  if (res.status === 410) return { code: 'endpoint_gone', message: 'The endpoint answered 410 Gone; it has been disabled' };
  if (res.status >= 300 && res.status < 400) {
    const location = typeof res.headers.location === 'string' ? ` to ${res.headers.location.slice(0, 500)}` : '';
    return {
      code: 'redirect_not_followed',
      message: `The endpoint answered ${res.status} (redirect${location}); redirects are not followed: register the final URL`,
    };
  }
  return { code: 'http_error', message: `The endpoint answered HTTP ${res.status}; only 2xx counts as delivered` };
}

/** Attempts left `in_flight` by a worker that died are closed as interrupted. */
async function closeInterruptedAttempts(db: Db, deliveryId: string): Promise<void> {
  await db
    .update(webhookDeliveryAttempts)
    .set({
      outcome: 'interrupted',
      errorCode: 'interrupted',
      errorMessage: 'The worker stopped during this attempt (crash, restart or lost lease); the delivery was retried',
      finishedAt: sql`now()`,
    })
    .where(and(eq(webhookDeliveryAttempts.deliveryId, deliveryId), eq(webhookDeliveryAttempts.outcome, 'in_flight')));
}

/**
 * Logs the attempt as in flight before anything is sent; null when the
 * delivery is gone (endpoint deleted) or finished. One statement (counted,
 * then logged, atomically), as every delivery runs it.
 */
async function startAttempt(db: Db, deliveryId: string, url: string): Promise<string | null> {
  const d = webhookDeliveries;
  const a = webhookDeliveryAttempts;
  const col = (c: { name: string }) => sql.identifier(c.name);
  const id = newAttemptId();
  // Raw SQL: drizzle's insert … select wants every column of the table in order.
  const result: unknown = await db.execute(sql`
    with counted as (
      update ${d} set ${col(d.attempts)} = ${d.attempts} + 1, ${col(d.nextAttemptAt)} = null, ${col(d.updatedAt)} = now()
      where ${d.id} = ${deliveryId} and ${d.status} = 'pending'
      returning ${d.attempts}
    )
    insert into ${a} (${col(a.id)}, ${col(a.deliveryId)}, ${col(a.number)}, ${col(a.url)})
    select ${id}, ${deliveryId}, counted.attempts, ${url} from counted
    returning ${col(a.id)}`);
  return executedRows(result).length > 0 ? id : null;
}

function attemptColumns(result: AttemptResult) {
  return {
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    responseBody: result.responseBody,
    responseTruncated: result.responseTruncated,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage,
    finishedAt: sql`now()`,
  };
}

/**
 * Records a success in the job's completion transaction. Rows are written
 * endpoint → delivery → attempt, the order in which deleting an endpoint
 * cascades, so a delete racing a delivery waits instead of deadlocking.
 */
function commitSuccess(ids: { deliveryId: string; attemptId: string; endpointId: string }, result: AttemptResult): CommitFn {
  return async (tx) => {
    const e = webhookEndpoints;
    // A busy healthy endpoint would otherwise be rewritten on every delivery: refresh last_success_at once a minute.
    await tx
      .update(e)
      .set({ failingSince: null, lastSuccessAt: sql`now()` })
      .where(
        and(
          eq(e.id, ids.endpointId),
          or(isNotNull(e.failingSince), isNull(e.lastSuccessAt), lt(e.lastSuccessAt, sql`now() - interval '1 minute'`)),
        ),
      );
    await tx
      .update(webhookDeliveries)
      .set({
        status: 'succeeded',
        lastStatusCode: result.statusCode,
        lastErrorCode: null,
        nextAttemptAt: null,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(webhookDeliveries.id, ids.deliveryId), eq(webhookDeliveries.status, 'pending')));
    await tx
      .update(webhookDeliveryAttempts)
      .set({ outcome: 'succeeded', ...attemptColumns(result) })
      .where(eq(webhookDeliveryAttempts.id, ids.attemptId));
    return { statusCode: result.statusCode, durationMs: result.durationMs };
  };
}

/**
 * Records a failed attempt, extends the endpoint's failure streak and
 * disables it when the receiver said 410 or the streak is too long. Returns
 * whether the endpoint is disabled now.
 */
async function recordFailure(
  db: Db,
  params: {
    ids: { deliveryId: string; attemptId: string; endpointId: string };
    result: AttemptResult;
    nextRetryAt: Date | null;
    gone: boolean;
    disableAfterFailingMs: number;
  },
): Promise<boolean> {
  const { ids, result } = params;
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // Endpoint → delivery → attempt: the cascade order of an endpoint delete (see commitSuccess).
    const e = webhookEndpoints;
    const streakTooLong = sql`(${e.failingSince} is not null and ${e.failingSince} < now() - ${params.disableAfterFailingMs}::double precision * interval '1 millisecond')`;
    const disableNow = params.gone ? sql`${e.enabled}` : sql`(${e.enabled} and ${streakTooLong})`;
    const reason = params.gone ? 'endpoint_gone' : 'failing';
    const [after] = await tx
      .update(e)
      .set({
        failingSince: sql`coalesce(${e.failingSince}, now())`,
        lastFailureAt: sql`now()`,
        enabled: sql`case when ${disableNow} then false else ${e.enabled} end`,
        disabledReason: sql`case when ${disableNow} then ${reason}::text else ${e.disabledReason} end`,
        disabledAt: sql`case when ${disableNow} then now() else ${e.disabledAt} end`,
        updatedAt: sql`now()`,
      })
      .where(eq(e.id, ids.endpointId))
      .returning({ enabled: e.enabled });
    await tx
      .update(webhookDeliveries)
      .set({
        lastStatusCode: result.statusCode,
        lastErrorCode: result.errorCode,
        nextAttemptAt: params.nextRetryAt,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookDeliveries.id, ids.deliveryId));
    await tx
      .update(webhookDeliveryAttempts)
      .set({ outcome: 'failed', nextRetryAt: params.nextRetryAt, ...attemptColumns(result) })
      .where(eq(webhookDeliveryAttempts.id, ids.attemptId));
    return after ? !after.enabled : false;
  });
}

async function runAttempt(ctx: JobContext<Payload>, options: WebhookDeliveryOptions): Promise<CommitFn | void> {
  const db = await getDb();
  const [found] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, ctx.payload.deliveryId))
    .limit(1);
  // Deleted with its endpoint, or already finished by an earlier attempt: nothing to send.
  if (!found || found.delivery.status !== 'pending') return;
  const { delivery, endpoint } = found;
  // Only an earlier attempt can have been left in flight.
  if (delivery.attempts > 0) await closeInterruptedAttempts(db, delivery.id);
  if (!endpoint.enabled) {
    throw new PermanentJobError('endpoint_disabled', 'The endpoint is disabled; nothing was sent');
  }

  const attemptId = await startAttempt(db, delivery.id, endpoint.url);
  if (!attemptId) return;
  const ids = { deliveryId: delivery.id, attemptId, endpointId: endpoint.id };
  const headers = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    ...signatureHeaders({ messageId: delivery.eventId, body: delivery.body, secrets: activeSecrets(endpoint) }),
  };
  const started = performance.now();
  let response: SafeResponse | null = null;
  let error: { code: string; message: string } | null = null;
  try {
    response = await safeRequest(endpoint.url, {
      method: 'POST',
      headers,
      body: delivery.body,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxResponseBytes,
      signal: ctx.signal,
      policy: options.policy,
    });
  } catch (err) {
    if (ctx.signal.aborted) {
      // Shutdown or lost lease: the worker gives the job back; the log says this attempt was cut.
      await closeInterruptedAttempts(db, delivery.id);
      throw err;
    }
    const code = (err as { code?: unknown }).code;
    error = { code: typeof code === 'string' ? code : 'network_error', message: (err as Error).message };
  }
  const durationMs = Math.round(performance.now() - started);
  const ok = response !== null && response.status >= 200 && response.status < 300;
  const httpFailure = response && !ok ? describeHttpFailure(response) : null;
  const result: AttemptResult = {
    statusCode: response?.status ?? null,
    durationMs,
    responseBody: response ? loggableBody(response) : null,
    responseTruncated: response?.truncated ?? false,
    errorCode: error?.code ?? httpFailure?.code ?? null,
    errorMessage: error?.message ?? httpFailure?.message ?? null,
  };
  if (ok) return commitSuccess(ids, result);

  const gone = response?.status === 410;
  const lastAttempt = ctx.job.attempts >= ctx.job.maxAttempts;
  const delayMs =
    gone || lastAttempt
      ? null
      : nextRetryDelayMs({
          failedAttempt: ctx.attempt,
          schedule: options.retrySchedule,
          jitterRatio: options.jitterRatio,
          retryAfterMs: response ? parseRetryAfterMs(response.headers['retry-after']) : null,
          maxRetryAfterMs: options.maxRetryAfterMs,
          random: options.random,
        });
  const disabled = await recordFailure(db, {
    ids,
    result,
    nextRetryAt: delayMs === null ? null : new Date(Date.now() + delayMs),
    gone,
    disableAfterFailingMs: options.disableAfterFailingMs,
  });
  const failure = { code: result.errorCode ?? 'http_error', message: result.errorMessage ?? 'delivery failed' };
  if (gone) throw new PermanentJobError('endpoint_gone', failure.message);
  if (disabled) {
    throw new PermanentJobError('endpoint_disabled', `${failure.message}; the endpoint is now disabled`);
  }
  throw new RetryableJobError(failure.message, { code: failure.code, delayMs: delayMs ?? undefined });
}

/** The delivery gave up (attempts exhausted, endpoint gone or disabled): it is marked failed. */
export async function onDeliveryFailed(tx: Db, job: Job, failure: JobFailure): Promise<void> {
  const deliveryId = (job.payload as Partial<Payload> | null)?.deliveryId;
  if (typeof deliveryId !== 'string') return;
  const d = webhookDeliveries;
  await tx
    .update(d)
    .set({
      status: 'failed',
      nextAttemptAt: null,
      lastErrorCode: failure.code === 'lease_expired' ? 'interrupted' : failure.code,
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(d.id, deliveryId), eq(d.status, 'pending')));
  // A last attempt whose worker died is still in flight in the log.
  await closeInterruptedAttempts(tx, deliveryId);
}

/**
 * The handlers for `webhook.deliver`; options default to the production
 * values (15 s timeout, the ~3-day schedule, 5 days to disable).
 */
export function createWebhookDeliveryHandlers(overrides: Partial<WebhookDeliveryOptions> = {}): JobKindHandlers<Payload> {
  const options: WebhookDeliveryOptions = { ...DEFAULT_DELIVERY_OPTIONS, ...overrides };
  return { handle: (ctx) => runAttempt(ctx, options), onFinalFailure: onDeliveryFailed };
}
