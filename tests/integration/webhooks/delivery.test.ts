/**
 * Webhook delivery for real: the outbox, the jobs table, a worker and a real
 * HTTP receiver on 127.0.0.1 that verifies every request with the
 * `standardwebhooks` library. Covers a video's life in order, retries with
 * the log of each attempt, the timeout, 410, Retry-After, disabling, secret
 * rotation, the SSRF check at delivery time (incl. DNS rebinding),
 * redelivery, the 30-day sweep, and kill -9 of a worker process mid-request
 * (Postgres only: a child process needs a database it can share).
 *
 * Renders are never run: a draft's render job is parked (queued an hour
 * ahead) before it is submitted, publishing is simulated by the state change
 * + writeVideoEvent in one transaction, and failing by the render job's own
 * onRenderFailed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, videos, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '@/server/db/schema';
import { writeOutboxEvent } from '@/server/jobs/outbox';
import { cancelJob, enqueueJob } from '@/server/jobs/queue';
import { onRenderFailed } from '@/server/render/render-video';
import { renderVideoJob } from '@/server/render/render-job';
import { adjustVideoCount } from '@/server/videos/counters';
import { createVideoInput, videoDetail } from '@/server/videos/schemas';
import { createVideo, deleteVideo, submitVideo, writeVideoEvent } from '@/server/videos/service';
import { WEBHOOK_USER_AGENT } from '@/server/webhooks/deliver';
import { fanOutEvent } from '@/server/webhooks/outbox-consumer';
import {
  getDelivery,
  getWebhookEndpoint,
  listDeliveries,
  redeliver,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
  newAttemptId,
  newDeliveryId,
} from '@/server/webhooks/service';
import { handleWebhookSweep, SWEEP_INTERVAL_MS, sweepWebhookLogs } from '@/server/webhooks/sweep';
import { appOrigin } from '@/server/lib/urls';
import { createUser } from '../../helpers/factories';
import { testDb, testDbDriver, testDbUrl } from '../../helpers/db';
import { sleep, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { createTestEndpoint, TEST_RETRY_WAIT_MS, webhookTestRegistry } from '../../helpers/webhooks/fixtures';
import { startReceiver, verifyWith, type Receiver } from '../../helpers/webhooks/receiver';

let db: Db;
let accountId: string;
const receivers: Receiver[] = [];
const endpointIds: string[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
  accountId = (await createUser(db)).account.id;
});

afterEach(async () => {
  // Deleting the endpoints drops their deliveries; any job left finds nothing to send.
  if (endpointIds.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds.splice(0)));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
// Registered after the clean-up above, so its own after-hook (stop the workers) runs first.
const startWorker = useTestWorkers();

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function endpoint(url: string, input: Parameters<typeof createTestEndpoint>[3] = {}, account = accountId) {
  const e = await createTestEndpoint(db, account, url, input);
  endpointIds.push(e.id);
  return e;
}

function deliver(overrides: Parameters<typeof webhookTestRegistry>[0] = {}) {
  return startWorker({ db, registry: webhookTestRegistry(overrides), pollMs: 50 });
}

async function settled(endpointId: string, deliveryId: string, account = accountId) {
  return waitFor(
    `delivery ${deliveryId} to finish`,
    async () => {
      const d = await getDelivery(db, { accountId: account, endpointId, deliveryId });
      return d.status === 'pending' ? null : d;
    },
    { timeoutMs: 30_000, intervalMs: 25 },
  );
}

const sarah = {
  title: 'Welcome Message for Sarah',
  template_id: 'tmpl_welcome_message',
  customer_data: { first_name: 'Sarah', last_name: 'Johnson', company: 'Acme Inc.', product_tier: 'Enterprise' },
  ai_messaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] },
  metadata: { crm_id: 'c_42' },
};
const ctx = { origin: 'http://localhost:3000' };

/** A draft whose render job is parked an hour ahead, so submitting it queues nothing a worker would run. */
async function draftWithParkedRender(account: string, title: string) {
  const created = await createVideo(db, {
    accountId: account,
    input: createVideoInput.parse({ ...sarah, title, draft: true }),
    ctx,
  });
  const id = (created.body as { id: string }).id;
  const { job } = await enqueueJob(db, {
    kind: renderVideoJob,
    payload: { videoId: id },
    accountId: account,
    dedupeKey: id,
    delayMs: 3600_000,
  });
  return { id, renderJobId: job.id };
}

/** What the render job's commit does on success, minus the render: state change + event in one transaction. */
async function simulatePublish(videoId: string) {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const now = new Date();
    const [published] = await tx
      .update(videos)
      .set({
        status: 'published',
        progress: 1,
        durationSeconds: 24.5,
        width: 720,
        height: 1280,
        videoKey: `videos/${videoId}.mp4`,
        thumbnailKey: `thumbnails/${videoId}.jpg`,
        publishedAt: now,
        updatedAt: now,
      })
      .where(and(eq(videos.id, videoId), eq(videos.status, 'processing')))
      .returning();
    await adjustVideoCount(tx, published!.accountId, 'processing', 'published');
    await writeVideoEvent(tx, 'video.published', published!);
  });
}

describe("a video's life", () => {
  it('produces video.created, processing, published / failed, deleted in order, signed, to subscribed enabled endpoints only', async () => {
    const { account } = await createUser(db);
    const all = await receiver();
    const publishedOnly = await receiver();
    const disabled = await receiver();
    const eAll = await endpoint(all.url, { description: 'everything' }, account.id);
    const ePublished = await endpoint(publishedOnly.url, { events: ['video.published'] }, account.id);
    await endpoint(disabled.url, { enabled: false }, account.id);

    // Each step commits on its own; the pauses keep their event times distinct to the millisecond.
    const a = await draftWithParkedRender(account.id, 'Video A');
    await sleep(3);
    await submitVideo(db, { accountId: account.id, id: a.id, ctx });
    await sleep(3);
    await simulatePublish(a.id);
    await sleep(3);
    const b = await draftWithParkedRender(account.id, 'Video B');
    await sleep(3);
    await submitVideo(db, { accountId: account.id, id: b.id, ctx });
    await sleep(3);
    const [bJob] = await db.select().from(jobs).where(eq(jobs.id, b.renderJobId));
    await db.transaction((tx) =>
      onRenderFailed(tx as unknown as Db, bJob!, { code: 'render_timeout', message: 'The render took too long', permanent: true }),
    );
    await sleep(3);
    await deleteVideo(db, { accountId: account.id, id: a.id });
    for (const id of [a.renderJobId, b.renderJobId]) await cancelJob(db, { id });

    // The worker starts after everything happened: the whole backlog is dispatched in one batch.
    deliver();
    const received = await all.waitForRequests(7);
    const payloads = received.map((r) => verifyWith(eAll.secret, r));
    expect(payloads.map((p) => [p.data.video.id, p.type])).toEqual([
      [a.id, 'video.created'],
      [a.id, 'video.processing'],
      [a.id, 'video.published'],
      [b.id, 'video.created'],
      [b.id, 'video.processing'],
      [b.id, 'video.failed'],
      [a.id, 'video.deleted'],
    ]);
    expect(payloads.map((p) => p.data.video.status)).toEqual([
      'draft',
      'processing',
      'published',
      'draft',
      'processing',
      'failed',
      'published',
    ]);
    for (const [i, p] of payloads.entries()) {
      expect(Object.keys(p).sort()).toEqual(['data', 'id', 'timestamp', 'type']);
      expect(p.id).toMatch(/^evt_[0-9a-z]{20}$/);
      expect(received[i]!.headers['webhook-id']).toBe(p.id);
      expect(received[i]!.headers['content-type']).toBe('application/json');
      expect(received[i]!.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
      expect(Number.isNaN(Date.parse(p.timestamp))).toBe(false);
      // The video exactly as GET /api/v1/videos/{id} shapes it.
      expect(videoDetail.parse(p.data.video)).toEqual(p.data.video);
    }
    const published = payloads[2]!.data.video;
    expect(published).toMatchObject({
      title: 'Video A',
      duration: 24.5,
      url: `${appOrigin()}/files/videos/${a.id}.mp4`,
      thumbnail: `${appOrigin()}/files/thumbnails/${a.id}.jpg`,
      metadata: { crm_id: 'c_42' },
    });
    expect(payloads[5]!.data.video.error).toEqual({ code: 'render_timeout', message: 'The render took too long' });
    const timestamps = payloads.map((p) => Date.parse(p.timestamp));
    expect(timestamps).toEqual([...timestamps].sort((x, y) => x - y));

    const onlyPublished = await publishedOnly.waitForRequests(1);
    expect(verifyWith(ePublished.secret, onlyPublished[0]!)).toMatchObject({ type: 'video.published', id: payloads[2]!.id });

    // Every delivery succeeded at the first attempt (recorded once the receiver has answered); nothing went to the disabled endpoint.
    const log = await waitFor('the deliveries to be recorded as succeeded', async () => {
      const page = await listDeliveries(db, { accountId: account.id, endpointId: eAll.id, query: { limit: 100 } });
      return page.data.every((d) => d.status !== 'pending') ? page : null;
    });
    expect(log.data).toHaveLength(7);
    expect(log.data.every((d) => d.status === 'succeeded' && d.attempt_count === 1 && d.last_status_code === 200)).toBe(true);
    await sleep(300);
    expect(publishedOnly.requests).toHaveLength(1);
    expect(all.requests).toHaveLength(7);
    expect(disabled.requests).toHaveLength(0);
  });

  it('media events are delivered too, with the payload the media domain wrote', async () => {
    const { account } = await createUser(db);
    const r = await receiver();
    const e = await endpoint(r.url, { events: ['media.processed', 'media.failed'] }, account.id);
    const data = { media_id: '1882412341234567890', media_key: '13_1882412341234567890', kind: 'video', duration_ms: 3000, width: 640, height: 360, transcoded: false };
    const event = await writeOutboxEvent(db, { accountId: account.id, type: 'media.processed', payload: data });
    deliver();
    const [req] = await r.waitForRequests(1);
    expect(verifyWith(e.secret, req!)).toEqual({ id: event.id, type: 'media.processed', timestamp: event.createdAt.toISOString(), data });
  });
});

describe('retries and the delivery log', () => {
  it('a receiver failing twice gets the event exactly once more per retry; the log shows each attempt', async () => {
    const r = await receiver((_req, i) => (i < 2 ? { status: 500, body: `boom ${i + 1}` } : { status: 204 }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver();
    const done = await settled(e.id, queued.id);
    await sleep(TEST_RETRY_WAIT_MS * 4);
    expect(r.requests).toHaveLength(3);
    const ids = r.requests.map((q) => q.headers['webhook-id']);
    expect(new Set(ids)).toEqual(new Set([queued.event_id]));
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
    for (const q of r.requests) expect(verifyWith(e.secret, q).type).toBe('webhook.test');
    for (let i = 1; i < 3; i++) expect(r.requests[i]!.at - r.requests[i - 1]!.at).toBeGreaterThanOrEqual(TEST_RETRY_WAIT_MS - 10);

    expect(done).toMatchObject({ status: 'succeeded', attempt_count: 3, last_status_code: 204, last_error: null, next_attempt_at: null });
    expect(done.attempts).toEqual([
      expect.objectContaining({ number: 1, outcome: 'failed', status_code: 500, response_body: 'boom 1', error: { code: 'http_error', message: 'The endpoint answered HTTP 500; only 2xx counts as delivered' }, next_retry_at: expect.any(String) }),
      expect.objectContaining({ number: 2, outcome: 'failed', status_code: 500, response_body: 'boom 2', next_retry_at: expect.any(String) }),
      expect.objectContaining({ number: 3, outcome: 'succeeded', status_code: 204, response_body: '', error: null, next_retry_at: null }),
    ]);
    for (const a of done.attempts) {
      expect(a.url).toBe(r.url);
      expect(a.duration_ms).toBeGreaterThanOrEqual(0);
      expect(a.duration_ms).toBeLessThan(1000);
    }
    const after = await getWebhookEndpoint(db, { accountId, id: e.id });
    expect(after).toMatchObject({ status: 'enabled', failing_since: null, last_success_at: expect.any(String), last_failure_at: expect.any(String) });
  });

  it('keeps 2 KB of a long answer', async () => {
    const r = await receiver(() => ({ status: 500, body: 'x'.repeat(10_000) }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver();
    await r.waitForRequests(1);
    const d = await waitFor('the first attempt to be logged', async () => {
      const detail = await getDelivery(db, { accountId, endpointId: e.id, deliveryId: queued.id });
      return detail.attempts[0]?.outcome === 'failed' ? detail : null;
    });
    expect(d.attempts[0]).toMatchObject({ response_truncated: true, status_code: 500 });
    expect(d.attempts[0]!.response_body).toHaveLength(2048);
  });

  it('a receiver that hangs is cut at the timeout, and the retry goes through', async () => {
    const r = await receiver((_req, i) => (i === 0 ? 'hang' : { status: 200, body: 'ok' }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver({ timeoutMs: 500 });
    const done = await settled(e.id, queued.id);
    expect(done.status).toBe('succeeded');
    expect(done.attempts[0]).toMatchObject({ outcome: 'failed', status_code: null, error: { code: 'timeout', message: 'no complete response within 500 ms' } });
    expect(done.attempts[0]!.duration_ms).toBeGreaterThanOrEqual(490);
    expect(done.attempts[0]!.duration_ms).toBeLessThan(3000);
    // The receiver saw the connection closed by the sender (not left hanging). Its own clock starts when
    // its handler runs, which a busy event loop delays, so only the sender's duration above is exact.
    expect(r.requests[0]!.closedAt).toBeGreaterThanOrEqual(r.requests[0]!.at);
    expect(done.attempts[1]).toMatchObject({ outcome: 'succeeded', status_code: 200 });
  });

  it('Retry-After is honoured', async () => {
    const r = await receiver((_req, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver();
    const done = await settled(e.id, queued.id);
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(1_950);
    const first = done.attempts[0]!;
    expect(first).toMatchObject({ status_code: 429, error: { code: 'http_error' } });
    expect(Date.parse(first.next_retry_at!) - Date.parse(first.started_at)).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up after the last scheduled attempt', async () => {
    const r = await receiver(() => ({ status: 503, body: 'down' }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver();
    const done = await settled(e.id, queued.id);
    expect(done).toMatchObject({ status: 'failed', attempt_count: 11, last_status_code: 503, last_error: 'http_error' });
    expect(done.attempts).toHaveLength(11);
    expect(done.attempts.slice(0, 10).every((a) => a.next_retry_at !== null)).toBe(true);
    expect(done.attempts[10]!.next_retry_at).toBeNull();
    expect(r.requests).toHaveLength(11);
    // One bad delivery does not disable the endpoint: it is flagged failing.
    expect(await getWebhookEndpoint(db, { accountId, id: e.id })).toMatchObject({ enabled: true, status: 'failing', failing_since: expect.any(String) });
  });

  it('a redirect is a failure and is not followed', async () => {
    const target = await receiver();
    const r = await receiver(() => ({ status: 302, headers: { location: target.url } }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver();
    await r.waitForRequests(1);
    const d = await waitFor('the redirect to be logged', async () => {
      const detail = await getDelivery(db, { accountId, endpointId: e.id, deliveryId: queued.id });
      return detail.attempts[0]?.outcome === 'failed' ? detail : null;
    });
    expect(d.attempts[0]!.error!.code).toBe('redirect_not_followed');
    expect(d.attempts[0]!.error!.message).toContain(target.url);
    expect(target.requests).toHaveLength(0);
  });
});

describe('disabling', () => {
  it('410 Gone disables the endpoint at once; it then gets no new deliveries', async () => {
    const { account } = await createUser(db);
    const r = await receiver(() => ({ status: 410, body: 'gone' }));
    const e = await endpoint(r.url, {}, account.id);
    const queued = await sendTestEvent(db, { accountId: account.id, id: e.id, eventType: 'webhook.test' });
    deliver();
    const done = await settled(e.id, queued.id, account.id);
    expect(done).toMatchObject({ status: 'failed', attempt_count: 1, last_status_code: 410, last_error: 'endpoint_gone' });
    expect(await getWebhookEndpoint(db, { accountId: account.id, id: e.id })).toMatchObject({
      enabled: false,
      status: 'disabled',
      disabled_reason: 'endpoint_gone',
      disabled_at: expect.any(String),
    });
    const event = await writeOutboxEvent(db, { accountId: account.id, type: 'video.created', payload: { video: { id: 'vid_0000000000' } } });
    await waitFor('the event to be dispatched', async () => {
      const [row] = await db.select().from(outboxEvents).where(eq(outboxEvents.id, event.id));
      return row?.processedAt;
    });
    expect(await db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, e.id))).toBe(1);
    await sleep(200);
    expect(r.requests).toHaveLength(1);
  });

  it('an endpoint whose attempts have all failed for 5 days is disabled on its next failure', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const e = await endpoint(r.url);
    await db
      .update(webhookEndpoints)
      .set({ failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000) })
      .where(eq(webhookEndpoints.id, e.id));
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver();
    const done = await settled(e.id, queued.id);
    expect(done).toMatchObject({ status: 'failed', attempt_count: 1, last_error: 'endpoint_disabled' });
    expect(await getWebhookEndpoint(db, { accountId, id: e.id })).toMatchObject({ enabled: false, status: 'disabled', disabled_reason: 'failing' });
    expect(r.requests).toHaveLength(1);

    // Enabling it again starts a fresh streak.
    const enabled = await updateWebhookEndpoint(db, { accountId, id: e.id, input: { enabled: true } });
    expect(enabled).toMatchObject({ status: 'enabled', failing_since: null, disabled_reason: null });
  });

  it('a failing endpoint (less than 5 days) stays enabled, flagged, until a success clears it', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? { status: 200 } : { status: 500 }));
    const e = await endpoint(r.url);
    const since = new Date(Date.now() - 4 * 86_400_000);
    await db.update(webhookEndpoints).set({ failingSince: since }).where(eq(webhookEndpoints.id, e.id));
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver({ retrySchedule: Array(10).fill(400) });
    await r.waitForRequests(1);
    await waitFor('the failure to be recorded', async () => {
      const out = await getWebhookEndpoint(db, { accountId, id: e.id });
      return out.last_failure_at ? out : null;
    });
    expect(await getWebhookEndpoint(db, { accountId, id: e.id })).toMatchObject({
      enabled: true,
      status: 'failing',
      failing_since: since.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    healthy = true;
    expect((await settled(e.id, queued.id)).status).toBe('succeeded');
    expect(await getWebhookEndpoint(db, { accountId, id: e.id })).toMatchObject({ status: 'enabled', failing_since: null });
  });

  it("an endpoint disabled while a delivery waits for its retry: the retry sends nothing", async () => {
    const r = await receiver(() => ({ status: 500 }));
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver({ retrySchedule: Array(10).fill(500) });
    await r.waitForRequests(1);
    await updateWebhookEndpoint(db, { accountId, id: e.id, input: { enabled: false } });
    const done = await settled(e.id, queued.id);
    expect(done).toMatchObject({ status: 'failed', last_error: 'endpoint_disabled' });
    expect(r.requests).toHaveLength(1);
  });
});

describe('deleting an endpoint', () => {
  it('while its deliveries are being sent: the delete goes through and the remaining jobs send nothing', async () => {
    const r = await receiver(async () => {
      await sleep(40);
      return { status: 200 };
    });
    const e = await createTestEndpoint(db, accountId, r.url);
    for (let i = 0; i < 8; i++) await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    const jobIds = (await db.select({ jobId: webhookDeliveries.jobId }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, e.id))).map(
      (d) => d.jobId!,
    );
    startWorker({ db, registry: webhookTestRegistry(), pollMs: 50, concurrency: 2 });
    await r.waitForRequests(2);
    await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, e.id));
    const sentBeforeDelete = r.requests.length;
    await waitFor('every delivery job to finish', async () => {
      const rows = await db.select({ status: jobs.status }).from(jobs).where(inArray(jobs.id, jobIds));
      return rows.every((j) => j.status === 'succeeded') ? rows : null;
    });
    // At most the requests already in flight when the endpoint went away.
    expect(r.requests.length).toBeLessThanOrEqual(sentBeforeDelete + 2);
    expect(r.requests.length).toBeLessThan(8);
  });
});

describe('SSRF at delivery time', () => {
  it('a private target is refused when sending (unsafe_url), nothing is sent, retries likewise', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver({ policy: { allowPrivateNetwork: false } });
    const done = await settled(e.id, queued.id);
    expect(done).toMatchObject({ status: 'failed', attempt_count: 11, last_error: 'unsafe_url', last_status_code: null });
    expect(done.attempts.every((a) => a.error?.code === 'unsafe_url' && a.status_code === null)).toBe(true);
    expect(done.attempts[0]!.error!.message).toBe('points to a private or reserved address (127.0.0.1)');
    expect(r.requests).toHaveLength(0);
  });

  it('DNS rebinding: a name that resolved to a public address at creation and to 127.0.0.1 when sending is refused', async () => {
    const r = await receiver();
    const url = `http://hooks.customer.example:${r.port}/hooks`;
    const { createWebhookEndpoint } = await import('@/server/webhooks/service');
    const e = await createWebhookEndpoint(db, {
      accountId,
      input: { url, events: ['*'], enabled: true },
      policy: { allowPrivateNetwork: false, resolve: async () => [{ address: '93.184.215.14', family: 4 }] },
    });
    endpointIds.push(e.id);
    const queued = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    deliver({ policy: { allowPrivateNetwork: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] } });
    const d = await waitFor('the refused attempt to be logged', async () => {
      const detail = await getDelivery(db, { accountId, endpointId: e.id, deliveryId: queued.id });
      return detail.attempts[0]?.outcome === 'failed' ? detail : null;
    });
    expect(d.attempts[0]!.error).toEqual({
      code: 'unsafe_url',
      message: 'hooks.customer.example resolves to a private or reserved address (127.0.0.1)',
    });
    expect(r.requests).toHaveLength(0);
  });
});

describe('signing secrets', () => {
  it('during a rotation both secrets verify; after a rotation without grace only the new one does', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    const rotated = await rotateWebhookSecret(db, { accountId, id: e.id, gracePeriodHours: 24 });
    deliver();
    const first = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    await settled(e.id, first.id);
    const [during] = r.requests;
    expect(during!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifyWith(e.secret, during!).id).toBe(first.event_id);
    expect(verifyWith(rotated.secret, during!).id).toBe(first.event_id);

    const again = await rotateWebhookSecret(db, { accountId, id: e.id, gracePeriodHours: 0 });
    const second = await sendTestEvent(db, { accountId, id: e.id, eventType: 'webhook.test' });
    await settled(e.id, second.id);
    const after = r.requests[1]!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verifyWith(again.secret, after).id).toBe(second.event_id);
    expect(() => new Webhook(rotated.secret).verify(after.body, after.headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(e.secret).verify(after.body, after.headers)).toThrow(WebhookVerificationError);
  });
});

describe('test events and redelivery', () => {
  it('redeliver sends the same event again (same webhook-id and body) as a new delivery', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    deliver();
    const first = await sendTestEvent(db, { accountId, id: e.id, eventType: 'video.published' });
    await settled(e.id, first.id);
    const again = await redeliver(db, { accountId, endpointId: e.id, deliveryId: first.id });
    expect((await settled(e.id, again.id)).status).toBe('succeeded');
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]!.headers['webhook-id']).toBe(r.requests[0]!.headers['webhook-id']);
    expect(r.requests[1]!.body).toBe(r.requests[0]!.body);
    expect(verifyWith(e.secret, r.requests[1]!)).toMatchObject({ type: 'video.published', data: { video: { id: 'vid_example000' } } });
  });
});

describe('log retention', () => {
  it('the sweep deletes finished deliveries older than 30 days with their attempts, and schedules itself', async () => {
    const e = await endpoint('http://127.0.0.1:9/hooks');
    const day = 86_400_000;
    const rows = [
      { age: 31 * day, status: 'succeeded' as const },
      { age: 45 * day, status: 'failed' as const },
      { age: 29 * day, status: 'succeeded' as const },
      { age: 31 * day, status: 'pending' as const },
    ].map(({ age, status }) => ({
      id: newDeliveryId(),
      accountId,
      endpointId: e.id,
      eventId: 'evt_old',
      eventType: 'webhook.test',
      body: '{}',
      trigger: 'test' as const,
      status,
      createdAt: new Date(Date.now() - age),
    }));
    await db.insert(webhookDeliveries).values(rows);
    await db.insert(webhookDeliveryAttempts).values(rows.map((d) => ({ id: newAttemptId(), deliveryId: d.id, number: 1, url: 'x', outcome: 'failed' })));
    await db
      .update(webhookEndpoints)
      .set({ previousSecret: 'whsec_old', previousSecretExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(webhookEndpoints.id, e.id));

    const commit = await handleWebhookSweep();
    const result = await db.transaction((tx) => commit(tx as unknown as Db));
    expect(result.deliveriesDeleted).toBeGreaterThanOrEqual(2);
    const left = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, e.id));
    expect(left.map((d) => d.id).sort()).toEqual([rows[2]!.id, rows[3]!.id].sort());
    expect(await db.$count(webhookDeliveryAttempts, inArray(webhookDeliveryAttempts.deliveryId, rows.map((r) => r.id)))).toBe(2);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, e.id));
    expect(row).toMatchObject({ previousSecret: null, previousSecretExpiresAt: null });

    const slot = Math.floor(Date.now() / SWEEP_INTERVAL_MS) + 1;
    const [next] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'webhook.sweep'), eq(jobs.dedupeKey, `slot:${slot}`)));
    expect(next).toMatchObject({ status: 'queued', runAt: new Date(slot * SWEEP_INTERVAL_MS) });
    expect(await sweepWebhookLogs(db, { retentionMs: 30 * day })).toMatchObject({ secretsExpired: 0 });
  });
});

describe('fan-out', () => {
  it('an event is fanned out once per endpoint, however often it is offered', async () => {
    const { account } = await createUser(db);
    const e = await endpoint('http://127.0.0.1:9/hooks', {}, account.id);
    const event = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      return writeOutboxEvent(tx, { accountId: account.id, type: 'video.deleted', payload: { video: { id: 'vid_0000000001' } } });
    });
    expect(await fanOutEvent(db, event)).toBe(1);
    expect(await fanOutEvent(db, event)).toBe(0);
    expect(await db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, e.id))).toBe(1);
    await db.update(outboxEvents).set({ processedAt: new Date() }).where(eq(outboxEvents.id, event.id));
  });
});

const onPostgres = testDbDriver() === 'postgres';
const CHILD = path.resolve(import.meta.dirname, '../../helpers/webhooks/child-worker.ts');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
});

describe.skipIf(!onPostgres)('kill -9 of the worker mid-delivery (Postgres)', () => {
  it('loses nothing: the delivery is sent again by another worker and the log shows the interrupted attempt', async () => {
    const { account } = await createUser(db);
    const r = await receiver((_req, i) => (i === 0 ? 'hang' : { status: 200, body: 'ok' }));
    const e = await endpoint(r.url, {}, account.id);

    const child = spawn('npx', ['tsx', CHILD], {
      cwd: process.cwd(),
      env: { ...process.env, CHILD_DB_URL: await testDbUrl(), CHILD_LEASE_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const ready = await waitFor('the child worker to be ready', () => {
      const line = output.split('\n').find((l) => l.startsWith('{"event":"ready"'));
      return line ? (JSON.parse(line) as { pid: number }) : null;
    }, { timeoutMs: 60_000 }).catch((err) => {
      throw new Error(`${(err as Error).message}\n--- child output ---\n${output}`);
    });

    // A real event through the outbox: the child dispatches it and starts the delivery, which hangs.
    const created = await createVideo(db, { accountId: account.id, input: createVideoInput.parse({ ...sarah, draft: true }), ctx });
    const [hanging] = await r.waitForRequests(1, 30_000);
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, e.id));
    const [job] = await db.select().from(jobs).where(eq(jobs.id, delivery!.jobId!));
    expect(job).toMatchObject({ status: 'running', lockedBy: `child:${ready.pid}` });

    process.kill(ready.pid, 'SIGKILL');
    await exited;

    deliver();
    const done = await settled(e.id, delivery!.id, account.id);
    expect(done).toMatchObject({ status: 'succeeded', attempt_count: 2, event_type: 'video.created' });
    expect(done.attempts.map((a) => a.outcome)).toEqual(['interrupted', 'succeeded']);
    expect(done.attempts[0]!.error!.code).toBe('interrupted');
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]!.headers['webhook-id']).toBe(hanging!.headers['webhook-id']);
    expect(verifyWith(e.secret, r.requests[1]!)).toMatchObject({
      type: 'video.created',
      data: { video: { id: (created.body as { id: string }).id } },
    });
    expect(await db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, e.id))).toBe(1);
    const [after] = await db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(after).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});
