/**
 * /api/v1/webhooks through the route handlers with real Requests: endpoint
 * CRUD, secret shown once and rotated, test events and redeliveries queued,
 * the delivery log paginated; exact error shapes; another account's
 * endpoints and deliveries are 404. No worker runs here (delivery.test.ts
 * sends for real): every delivery this file queues targets a closed port on
 * 127.0.0.1 and is cancelled after the test.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/webhooks/route';
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from '@/app/api/v1/webhooks/[webhook_id]/route';
import { POST as rotateRoute } from '@/app/api/v1/webhooks/[webhook_id]/rotate-secret/route';
import { POST as testRoute } from '@/app/api/v1/webhooks/[webhook_id]/test/route';
import { GET as deliveriesRoute } from '@/app/api/v1/webhooks/[webhook_id]/deliveries/route';
import { GET as deliveryRoute } from '@/app/api/v1/webhooks/[webhook_id]/deliveries/[delivery_id]/route';
import { POST as redeliverRoute } from '@/app/api/v1/webhooks/[webhook_id]/deliveries/[delivery_id]/redeliver/route';
import { GET as openapiRoute } from '@/app/api/v1/openapi.json/route';
import type { Db } from '@/server/db/client';
import { jobs, webhookEndpoints } from '@/server/db/schema';
import { MAX_ENDPOINTS_PER_ACCOUNT } from '@/server/webhooks/service';
import { callRoute, callerFor, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';
import { cancelQueuedDeliveries, createTestEndpoint } from '../../helpers/webhooks/fixtures';

let db: Db;
let key: string;
let accountId: string;
let user: { id: string; email: string };
let otherKey: string;

/** A public address literal: accepted at creation without DNS, never dialled by this file. */
const PUBLIC_URL = 'https://93.184.215.14/hooks';
/** Where deliveries queued by this file would go if a worker picked them up: nothing listens there. */
const CLOSED_LOCAL_URL = 'http://127.0.0.1:9/hooks';

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db);
  accountId = a.account.id;
  user = a.user;
  key = (await createKey(db, accountId)).secret;
  const b = await createUser(db);
  otherKey = (await createKey(db, b.account.id)).secret;
});

afterEach(async () => {
  await cancelQueuedDeliveries(db, accountId);
});

const p = (webhook_id: string) => ({ params: { webhook_id } });
const pd = (webhook_id: string, delivery_id: string) => ({ params: { webhook_id, delivery_id } });

async function create(body: unknown, k = key) {
  return callRoute(createRoute, { method: 'POST', key: k, body });
}

describe('webhook endpoints (happy)', () => {
  it('creates an endpoint subscribed to every event and shows its secret once', async () => {
    const res = await create({ url: PUBLIC_URL, description: 'CRM sync' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^wh_[0-9a-z]{16}$/),
      url: PUBLIC_URL,
      description: 'CRM sync',
      events: ['*'],
      enabled: true,
      status: 'enabled',
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      last_success_at: null,
      last_failure_at: null,
      previous_secret_expires_at: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/Z$/),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
    });
    const { secret, id } = res.body;

    const got = await callRoute(getRoute, { key, ...p(id) });
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(JSON.stringify(got.body)).not.toContain(secret);

    const list = await callRoute(listRoute, { key });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('subscribes to chosen events and updates url, description, events', async () => {
    const created = await create({ url: PUBLIC_URL, events: ['video.published', 'video.failed'] });
    expect(created.body.events).toEqual(['video.published', 'video.failed']);
    const res = await callRoute(patchRoute, {
      method: 'PATCH',
      key,
      ...p(created.body.id),
      body: { url: 'https://93.184.215.15/v2', description: 'v2', events: ['media.processed'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ url: 'https://93.184.215.15/v2', description: 'v2', events: ['media.processed'] });
  });

  it('disables and re-enables an endpoint', async () => {
    const { body } = await create({ url: PUBLIC_URL });
    const off = await callRoute(patchRoute, { method: 'PATCH', key, ...p(body.id), body: { enabled: false } });
    expect(off.body).toMatchObject({ enabled: false, status: 'disabled', disabled_reason: 'manual' });
    expect(off.body.disabled_at).toMatch(/Z$/);
    const on = await callRoute(patchRoute, { method: 'PATCH', key, ...p(body.id), body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, status: 'enabled', disabled_reason: null, disabled_at: null });
  });

  it('rotates the secret: new secret once, the previous one signs for 24 h by default or not at all with 0', async () => {
    const { body } = await create({ url: PUBLIC_URL });
    const rotated = await callRoute(rotateRoute, { method: 'POST', key, ...p(body.id) });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(body.secret);
    const expires = Date.parse(rotated.body.previous_secret_expires_at);
    expect(expires - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(expires - Date.now()).toBeLessThan(24.1 * 3600_000);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, body.id));
    expect(row).toMatchObject({ secret: rotated.body.secret, previousSecret: body.secret });

    const now = await callRoute(rotateRoute, { method: 'POST', key, ...p(body.id), body: { grace_period_hours: 0 } });
    expect(now.body.previous_secret_expires_at).toBeNull();
    const [after] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, body.id));
    expect(after).toMatchObject({ secret: now.body.secret, previousSecret: null });
  });

  it('deletes an endpoint', async () => {
    const { body } = await create({ url: PUBLIC_URL });
    expect((await callRoute(deleteRoute, { method: 'DELETE', key, ...p(body.id) })).status).toBe(204);
    expect((await callRoute(getRoute, { key, ...p(body.id) })).status).toBe(404);
    expect((await callRoute(deleteRoute, { method: 'DELETE', key, ...p(body.id) })).status).toBe(404);
  });
});

describe('test events, delivery log, redeliver (happy)', () => {
  it('queues a test event: 202 with the delivery, listed and detailed with its payload', async () => {
    const endpoint = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const sent = await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id) });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      id: expect.stringMatching(/^whd_[0-9a-z]{20}$/),
      endpoint_id: endpoint.id,
      event_id: expect.stringMatching(/^evt_/),
      event_type: 'webhook.test',
      trigger: 'test',
      redelivery_of: null,
      status: 'pending',
      attempt_count: 0,
      last_status_code: null,
      last_error: null,
      finished_at: null,
    });
    const [job] = await db.select().from(jobs).where(eq(jobs.accountId, accountId));
    expect(job).toMatchObject({ kind: 'webhook.deliver', payload: { deliveryId: sent.body.id } });

    const detail = await callRoute(deliveryRoute, { key, ...pd(endpoint.id, sent.body.id) });
    expect(detail.status).toBe(200);
    expect(detail.body.payload).toEqual({
      id: sent.body.event_id,
      type: 'webhook.test',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { endpoint_id: endpoint.id, message: 'This is a test event sent from Clipwright.' },
    });
    // No worker runs in this file; on the shared Postgres database another file's worker process may
    // already have tried the delivery (to an address that refuses), never more than once this soon.
    expect(detail.body.attempts.length).toBeLessThanOrEqual(1);
    expect(detail.body.attempts.every((a: { outcome: string }) => a.outcome !== 'succeeded')).toBe(true);

    const example = await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id), body: { event_type: 'video.published' } });
    expect(example.status).toBe(202);
    const exampleDetail = await callRoute(deliveryRoute, { key, ...pd(endpoint.id, example.body.id) });
    expect(exampleDetail.body.payload).toMatchObject({ type: 'video.published', data: { video: { status: 'published' } } });
  });

  it('redelivers: a new delivery of the same event', async () => {
    const endpoint = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const sent = await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id) });
    const again = await callRoute(redeliverRoute, { method: 'POST', key, ...pd(endpoint.id, sent.body.id) });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({
      trigger: 'redeliver',
      redelivery_of: sent.body.id,
      event_id: sent.body.event_id,
      event_type: 'webhook.test',
      status: 'pending',
    });
    expect(again.body.id).not.toBe(sent.body.id);
    const a = await callRoute(deliveryRoute, { key, ...pd(endpoint.id, sent.body.id) });
    const b = await callRoute(deliveryRoute, { key, ...pd(endpoint.id, again.body.id) });
    expect(b.body.payload).toEqual(a.body.payload);
  });

  it('paginates the log newest first by cursor, and filters by status', async () => {
    const endpoint = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id) })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/v1/webhooks/${endpoint.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await callRoute(deliveriesRoute, { key, path, ...p(endpoint.id) });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((d: { id: string }) => d.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const pending = await callRoute(deliveriesRoute, { key, path: `/x?status=pending`, ...p(endpoint.id) });
    expect(pending.body.data).toHaveLength(5);
    const failed = await callRoute(deliveriesRoute, { key, path: `/x?status=failed`, ...p(endpoint.id) });
    expect(failed.body).toEqual({ data: [], next_cursor: null });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await callRoute(async () => openapiRoute(), {})).body;
    for (const path of [
      '/api/v1/webhooks',
      '/api/v1/webhooks/{webhook_id}',
      '/api/v1/webhooks/{webhook_id}/rotate-secret',
      '/api/v1/webhooks/{webhook_id}/test',
      '/api/v1/webhooks/{webhook_id}/deliveries',
      '/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}',
      '/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas).toHaveProperty('WebhookEndpoint');
    expect(doc.components.schemas).toHaveProperty('WebhookEvent');
  });
});

describe('webhook endpoints (errors)', () => {
  const invalid = (field: string, message: string) => ({
    error: { code: 'validation_error', message: `${field}: ${message}`, details: [{ field, message }] },
  });

  it.each([
    ['no body fields', {}, invalid('url', 'is required')],
    ['not http(s)', { url: 'ftp://example.com/x' }, invalid('url', 'must be an absolute http:// or https:// URL')],
    ['loopback', { url: 'http://127.0.0.1:3000/hooks' }, invalid('url', 'points to a private or reserved address (127.0.0.1)')],
    ['decimal loopback', { url: 'http://2130706433/' }, invalid('url', 'points to a private or reserved address (127.0.0.1)')],
    ['metadata address', { url: 'http://169.254.169.254/latest' }, invalid('url', 'points to a private or reserved address (169.254.169.254)')],
    ['mapped IPv6 loopback', { url: 'http://[::ffff:7f00:1]/' }, invalid('url', 'points to a private or reserved address (::ffff:7f00:1)')],
    ['localhost.', { url: 'http://localhost./x' }, invalid('url', 'points to a local host name (localhost.)')],
    ['unresolvable host', { url: 'https://hooks.invalid/x' }, invalid('url', 'host hooks.invalid does not resolve')],
    ['credentials in the URL', { url: 'https://u:p@93.184.215.14/' }, invalid('url', 'must not contain credentials')],
    ['unknown event', { url: PUBLIC_URL, events: ['video.exploded'] }, expect.objectContaining({ error: expect.objectContaining({ code: 'validation_error', details: [expect.objectContaining({ field: 'events[0]' })] }) })],
    ['empty events', { url: PUBLIC_URL, events: [] }, invalid('events', 'must name at least one event type (or "*" for all)')],
  ])('POST refuses %s with 422 naming the field', async (_name, body, expected) => {
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual(expected);
  });

  it('refuses malformed JSON (400) and a missing key (401)', async () => {
    const bad = await callRoute(createRoute, { method: 'POST', key, rawBody: '{"url":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const anon = await callRoute(listRoute, {});
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('unauthorized');
  });

  it('PATCH refuses a private URL and bad values; the endpoint is unchanged', async () => {
    const { body } = await create({ url: PUBLIC_URL });
    const res = await callRoute(patchRoute, { method: 'PATCH', key, ...p(body.id), body: { url: 'http://10.0.0.1/x' } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(invalid('url', 'points to a private or reserved address (10.0.0.1)'));
    const bad = await callRoute(patchRoute, { method: 'PATCH', key, ...p(body.id), body: { enabled: 'no' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].field).toBe('enabled');
    expect((await callRoute(getRoute, { key, ...p(body.id) })).body).toMatchObject({ url: PUBLIC_URL, enabled: true });
  });

  it('rotate refuses a grace period beyond 7 days', async () => {
    const { body } = await create({ url: PUBLIC_URL });
    const res = await callRoute(rotateRoute, { method: 'POST', key, ...p(body.id), body: { grace_period_hours: 200 } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(invalid('grace_period_hours', 'must be between 0 and 168'));
  });

  it('a disabled endpoint gets no test event and no redelivery (409)', async () => {
    const endpoint = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const sent = await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id) });
    await callRoute(patchRoute, { method: 'PATCH', key, ...p(endpoint.id), body: { enabled: false } });
    const expected = {
      error: {
        code: 'invalid_state',
        message: expect.stringContaining('This endpoint is disabled'),
        details: [{ field: 'enabled', message: 'is false' }],
      },
    };
    const test = await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id) });
    expect(test.status).toBe(409);
    expect(test.body).toEqual(expected);
    const again = await callRoute(redeliverRoute, { method: 'POST', key, ...pd(endpoint.id, sent.body.id) });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(expected);
  });

  it('refuses bad list parameters with 400', async () => {
    const endpoint = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['status=lost', 'status'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ] as const) {
      const res = await callRoute(deliveriesRoute, { key, path: `/x?${query}`, ...p(endpoint.id) });
      expect(res.status, query).toBe(400);
      expect(res.body.error.details[0].field).toBe(field);
    }
  });

  it(`limits an account to ${MAX_ENDPOINTS_PER_ACCOUNT} endpoints`, async () => {
    const { account } = await createUser(db);
    const k = (await createKey(db, account.id)).secret;
    for (let i = 0; i < MAX_ENDPOINTS_PER_ACCOUNT; i++) expect((await create({ url: PUBLIC_URL }, k)).status).toBe(201);
    const res = await create({ url: PUBLIC_URL }, k);
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'invalid_state',
      message: `An account can have at most ${MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints; delete one first`,
    });
  });
});

describe('webhook endpoints (security)', () => {
  it("another account's endpoint and deliveries are 404 on every route, and stay untouched", async () => {
    const endpoint = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const sent = await callRoute(testRoute, { method: 'POST', key, ...p(endpoint.id) });
    const notFound = { error: { code: 'not_found', message: 'Webhook endpoint not found' } };
    const calls = [
      callRoute(getRoute, { key: otherKey, ...p(endpoint.id) }),
      callRoute(patchRoute, { method: 'PATCH', key: otherKey, ...p(endpoint.id), body: { enabled: false, url: PUBLIC_URL } }),
      callRoute(rotateRoute, { method: 'POST', key: otherKey, ...p(endpoint.id) }),
      callRoute(testRoute, { method: 'POST', key: otherKey, ...p(endpoint.id) }),
      callRoute(deliveriesRoute, { key: otherKey, ...p(endpoint.id) }),
      callRoute(deleteRoute, { method: 'DELETE', key: otherKey, ...p(endpoint.id) }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(notFound);
    }
    for (const res of [
      await callRoute(deliveryRoute, { key: otherKey, ...pd(endpoint.id, sent.body.id) }),
      await callRoute(redeliverRoute, { method: 'POST', key: otherKey, ...pd(endpoint.id, sent.body.id) }),
    ]) {
      expect(res.status).toBe(404);
    }
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row).toMatchObject({ enabled: true, url: CLOSED_LOCAL_URL, secret: endpoint.secret });
    expect((await callRoute(listRoute, { key: otherKey })).body.data.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
  });

  it("a delivery is only found under its own endpoint", async () => {
    const a = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const b = await createTestEndpoint(db, accountId, CLOSED_LOCAL_URL);
    const sent = await callRoute(testRoute, { method: 'POST', key, ...p(a.id) });
    const res = await callRoute(deliveryRoute, { key, ...pd(b.id, sent.body.id) });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'Delivery not found' } });
  });

  it('the tRPC router acts only in the signed-in user\'s account and never lists secrets', async () => {
    const trpc = callerFor(db, user);
    const created = await trpc.webhooks.create({ url: PUBLIC_URL, events: ['*'], enabled: true });
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await trpc.webhooks.list();
    expect(listed.map((e) => e.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const stranger = await createUser(db);
    await expect(callerFor(db, stranger.user).webhooks.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      callerFor(db, stranger.user).webhooks.update({ id: created.id, patch: { enabled: false } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
