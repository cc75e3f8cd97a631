/**
 * The Videos API of seed 000 through its route handlers with real Requests:
 * shapes, pagination, validation, state transitions, idempotency, isolation.
 * Renders are not run here (render-flow.test.ts does that); videos created
 * with a render job are deleted afterwards so no other suite's worker picks
 * their jobs up.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/videos/route';
import { DELETE as deleteRoute, GET as getRoute } from '@/app/api/v1/videos/[video_id]/route';
import { POST as retryRoute } from '@/app/api/v1/videos/[video_id]/retry/route';
import { POST as cancelRoute } from '@/app/api/v1/videos/[video_id]/cancel/route';
import { POST as submitRoute } from '@/app/api/v1/videos/[video_id]/submit/route';
import { GET as templatesRoute } from '@/app/api/v1/templates/route';
import { GET as templateRoute } from '@/app/api/v1/templates/[template_id]/route';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, videos } from '@/server/db/schema';
import { callRoute, callerFor, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
let key: string;
let accountId: string;
let otherKey: string;
const created: string[] = [];

const sarah = {
  title: 'Welcome Message for Sarah',
  template_id: 'tmpl_welcome_message',
  customer_data: {
    first_name: 'Sarah',
    last_name: 'Johnson',
    company: 'Acme Inc.',
    product_tier: 'Enterprise',
    usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
  },
  ai_messaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] },
  aspect_ratio: '9:16',
};

async function create(body: unknown, opts: { key?: string; headers?: Record<string, string> } = {}) {
  const res = await callRoute(createRoute, { method: 'POST', key: opts.key ?? key, body, headers: opts.headers });
  if (res.status === 201 && res.body?.id) created.push(res.body.id);
  return res;
}

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db);
  accountId = a.account.id;
  key = (await createKey(db, a.account.id)).secret;
  const b = await createUser(db);
  otherKey = (await createKey(db, b.account.id)).secret;
});

afterAll(async () => {
  // Leave no render job behind for a worker of another suite.
  if (created.length) {
    await db.update(jobs).set({ status: 'cancelled' }).where(and(eq(jobs.kind, 'render'), inArray(jobs.status, ['queued'])));
  }
});

describe('POST /api/v1/videos (happy)', () => {
  it('accepts the seed example verbatim and answers 201 with the seed response shape', async () => {
    const res = await create(sarah);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      ['aspect_ratio', 'created_at', 'estimated_completion', 'id', 'status', 'template_id', 'title'].sort(),
    );
    expect(res.body).toMatchObject({
      title: 'Welcome Message for Sarah',
      status: 'processing',
      template_id: 'tmpl_welcome_message',
      aspect_ratio: '9:16',
    });
    expect(res.body.id).toMatch(/^vid_[0-9a-z]{10}$/);
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.estimated_completion).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(res.body.estimated_completion)).toBeGreaterThan(Date.parse(res.body.created_at));

    const job = await db.select().from(jobs).where(eq(jobs.dedupeKey, res.body.id));
    expect(job).toHaveLength(1);
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['video.created', 'video.processing']));
  });

  it('returns the full seed object on GET, with analytics zeroed and url/thumbnail/duration null until published', async () => {
    const { body } = await create({ ...sarah, project_id: null });
    const res = await callRoute(getRoute, { key, params: { video_id: body.id } });
    expect(res.status).toBe(200);
    const seedKeys = [
      'id', 'title', 'status', 'duration', 'created_at', 'updated_at', 'template_id', 'project_id', 'aspect_ratio',
      'url', 'thumbnail', 'customer_data', 'ai_messaging', 'analytics',
    ];
    for (const k of seedKeys) expect(res.body).toHaveProperty(k);
    expect(res.body).toMatchObject({
      status: 'processing',
      duration: null,
      url: null,
      thumbnail: null,
      project_id: null,
      customer_data: sarah.customer_data,
      ai_messaging: sarah.ai_messaging,
      analytics: { views: 0, completion_rate: 0, engagement_score: 0, average_watch_time: 0 },
    });
    expect(res.body.share_url).toBe(`http://localhost/v/${body.id}`);
  });

  it('estimates later completion when more renders are queued ahead', async () => {
    const first = await create(sarah);
    const second = await create(sarah);
    expect(Date.parse(second.body.estimated_completion)).toBeGreaterThanOrEqual(Date.parse(first.body.estimated_completion));
  });
});

describe('drafts, submit, retry, delete', () => {
  it('creates a draft without rendering, submits it once, refuses invalid transitions with 409', async () => {
    const draft = await create({ ...sarah, draft: true });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', estimated_completion: null });
    expect(await db.$count(jobs, eq(jobs.dedupeKey, draft.body.id))).toBe(0);

    const retry = await callRoute(retryRoute, { method: 'POST', key, params: { video_id: draft.body.id } });
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('invalid_state');

    const submitted = await callRoute(submitRoute, { method: 'POST', key, params: { video_id: draft.body.id } });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('processing');
    expect(await db.$count(jobs, eq(jobs.dedupeKey, draft.body.id))).toBe(1);

    const again = await callRoute(submitRoute, { method: 'POST', key, params: { video_id: draft.body.id } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'invalid_state', details: [{ field: 'status', message: 'is processing' }] });
  });

  it('retries a failed video', async () => {
    const { body } = await create(sarah);
    await db.update(videos).set({ status: 'failed', errorCode: 'render_timeout', errorMessage: 'x' }).where(eq(videos.id, body.id));
    await db.update(jobs).set({ status: 'failed' }).where(eq(jobs.dedupeKey, body.id));
    const failed = await callRoute(getRoute, { key, params: { video_id: body.id } });
    expect(failed.body.error).toEqual({ code: 'render_timeout', message: 'x' });
    const res = await callRoute(retryRoute, { method: 'POST', key, params: { video_id: body.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'processing', error: null });
  });

  it('cancels a queued render: cancelled at once, its job cancelled, an event; only processing videos; retry renders again', async () => {
    const { body } = await create(sarah);
    const [before] = await db.select().from(jobs).where(eq(jobs.dedupeKey, body.id));
    expect(before?.status).toBe('queued');
    const res = await callRoute(cancelRoute, { method: 'POST', key, params: { video_id: body.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: body.id, status: 'cancelled', error: null, url: null });
    const [job] = await db.select().from(jobs).where(eq(jobs.id, before!.id));
    expect(job?.status).toBe('cancelled');
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.type, 'video.cancelled'));
    expect(events.some((e) => JSON.stringify(e.payload).includes(body.id))).toBe(true);
    const listed = await callRoute(listRoute, { key, path: '/api/v1/videos?status=cancelled' });
    expect(listed.body.data.map((v: { id: string }) => v.id)).toContain(body.id);

    const again = await callRoute(cancelRoute, { method: 'POST', key, params: { video_id: body.id } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/only processing videos can be cancelled/);
    const draft = await create({ ...sarah, draft: true });
    expect((await callRoute(cancelRoute, { method: 'POST', key, params: { video_id: draft.body.id } })).status).toBe(409);

    const retried = await callRoute(retryRoute, { method: 'POST', key, params: { video_id: body.id } });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('processing');
    expect(await db.$count(jobs, and(eq(jobs.dedupeKey, body.id), eq(jobs.status, 'queued')))).toBe(1);
  });

  it('deletes a video: 204, then 404 everywhere, and the total drops', async () => {
    const before = (await callRoute(listRoute, { key, path: '/api/v1/videos' })).body.pagination.total;
    const { body } = await create({ ...sarah, draft: true });
    const del = await callRoute(deleteRoute, { method: 'DELETE', key, params: { video_id: body.id } });
    expect(del.status).toBe(204);
    expect((await callRoute(getRoute, { key, params: { video_id: body.id } })).status).toBe(404);
    expect((await callRoute(deleteRoute, { method: 'DELETE', key, params: { video_id: body.id } })).status).toBe(404);
    expect((await callRoute(listRoute, { key, path: '/api/v1/videos' })).body.pagination.total).toBe(before);
  });
});

describe('GET /api/v1/videos pagination and filters', () => {
  it('pages with page/limit, next_page/prev_page and a status filter', async () => {
    const u = await createUser(db);
    const k = (await createKey(db, u.account.id)).secret;
    for (let i = 0; i < 5; i++) {
      const r = await callRoute(createRoute, { method: 'POST', key: k, body: { ...sarah, title: `Video ${i}`, draft: true } });
      expect(r.status).toBe(201);
    }
    const page1 = await callRoute(listRoute, { key: k, path: '/api/v1/videos?limit=2' });
    expect(page1.status).toBe(200);
    expect(page1.body.pagination).toEqual({ total: 5, page: 1, limit: 2, next_page: 2, prev_page: null });
    expect(page1.body.data.map((v: { title: string }) => v.title)).toEqual(['Video 4', 'Video 3']);
    expect(Object.keys(page1.body.data[0]).sort()).toEqual(
      ['created_at', 'duration', 'id', 'status', 'thumbnail', 'title', 'url'].sort(),
    );
    const page3 = await callRoute(listRoute, { key: k, path: '/api/v1/videos?limit=2&page=3' });
    expect(page3.body.pagination).toEqual({ total: 5, page: 3, limit: 2, next_page: null, prev_page: 2 });
    expect(page3.body.data).toHaveLength(1);
    const beyond = await callRoute(listRoute, { key: k, path: '/api/v1/videos?limit=2&page=9' });
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.pagination).toMatchObject({ next_page: null, prev_page: 3 });

    const drafts = await callRoute(listRoute, { key: k, path: '/api/v1/videos?status=draft' });
    expect(drafts.body.pagination).toEqual({ total: 5, page: 1, limit: 20, next_page: null, prev_page: null });
    const published = await callRoute(listRoute, { key: k, path: '/api/v1/videos?status=published' });
    expect(published.body).toEqual({ data: [], pagination: { total: 0, page: 1, limit: 20, next_page: null, prev_page: null } });
  });

  const badQueries: Array<[string, string]> = [
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=1.5', 'page'],
    ['status=done', 'status'],
  ];
  it.each(badQueries)('?%s → 400 naming %s', async (query, field) => {
    const res = await callRoute(listRoute, { key, path: `/api/v1/videos?${query}` });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.details[0].field).toBe(field);
  });
});

describe('POST /api/v1/videos (errors)', () => {
  // `message`: the detail's message for `field`, where what it says matters (missing vs. the wrong type).
  const cases: Array<{ name: string; body?: unknown; raw?: string; status: number; code: string; field?: string; message?: string }> = [
    { name: 'malformed JSON', raw: '{"title": ', status: 400, code: 'invalid_json' },
    { name: 'missing title', body: { ...sarah, title: undefined }, status: 422, code: 'validation_error', field: 'title', message: 'is required' },
    { name: 'title a number', body: { ...sarah, title: 5 }, status: 422, code: 'validation_error', field: 'title', message: 'must be a string' },
    {
      // Every field's error at once, ai_messaging's included (it used to wait until the others were fixed).
      name: 'a bad title and a bad tone',
      body: { ...sarah, title: 5, ai_messaging: { ...sarah.ai_messaging, tone: 'sarcastic' } },
      status: 422,
      code: 'validation_error',
      field: 'ai_messaging.tone',
    },
    { name: 'empty title', body: { ...sarah, title: '  ' }, status: 422, code: 'validation_error', field: 'title' },
    { name: 'missing template_id', body: { ...sarah, template_id: undefined }, status: 422, code: 'validation_error', field: 'template_id' },
    { name: 'unknown template', body: { ...sarah, template_id: 'tmpl_nope' }, status: 422, code: 'validation_error', field: 'template_id' },
    { name: 'missing customer_data', body: { ...sarah, customer_data: undefined }, status: 422, code: 'validation_error', field: 'customer_data', message: 'is required' },
    { name: 'customer_data not an object', body: { ...sarah, customer_data: 'Sarah' }, status: 422, code: 'validation_error', field: 'customer_data', message: 'must be an object' },
    {
      name: 'customer_data missing first_name',
      body: { ...sarah, customer_data: { company: 'Acme' } },
      status: 422,
      code: 'validation_error',
      field: 'customer_data.first_name',
    },
    { name: 'bad aspect_ratio', body: { ...sarah, aspect_ratio: '4:3' }, status: 422, code: 'validation_error', field: 'aspect_ratio' },
    {
      // The template's fields are listed with the others' too, not only once those are fixed.
      name: 'a bad aspect_ratio and no first name',
      body: { ...sarah, aspect_ratio: '4:3', customer_data: { company: 'Acme' } },
      status: 422,
      code: 'validation_error',
      field: 'customer_data.first_name',
      message: 'is required',
    },
    ...['javascript:alert(1)', 'acme.com/start', 'ftp://acme.com/file', 'https://'].map((cta_url) => ({
      name: `cta_url ${cta_url}`,
      body: { ...sarah, customer_data: { ...sarah.customer_data, cta_url } },
      status: 422,
      code: 'validation_error',
      field: 'customer_data.cta_url',
    })),
    {
      name: 'bad tone',
      body: { ...sarah, ai_messaging: { ...sarah.ai_messaging, tone: 'sarcastic' } },
      status: 422,
      code: 'validation_error',
      field: 'ai_messaging.tone',
    },
    {
      name: 'bad length',
      body: { ...sarah, ai_messaging: { ...sarah.ai_messaging, length: 'epic' } },
      status: 422,
      code: 'validation_error',
      field: 'ai_messaging.length',
    },
    {
      name: 'focus_points not an array',
      body: { ...sarah, ai_messaging: { ...sarah.ai_messaging, focus_points: 'next_steps' } },
      status: 422,
      code: 'validation_error',
      field: 'ai_messaging.focus_points',
    },
    {
      name: 'too many focus points',
      body: { ...sarah, ai_messaging: { ...sarah.ai_messaging, focus_points: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      status: 422,
      code: 'validation_error',
      field: 'ai_messaging.focus_points',
    },
    {
      // Two scenes cannot carry three points: refused naming the field and the lengths that can, never dropped silently.
      name: 'more focus points than a short video has scenes',
      body: { ...sarah, ai_messaging: { tone: 'friendly', length: 'short', focus_points: ['product_benefits', 'next_steps', 'support'] } },
      status: 422,
      code: 'validation_error',
      field: 'ai_messaging.focus_points',
    },
    { name: 'unknown project', body: { ...sarah, project_id: 'proj_missing123' }, status: 422, code: 'validation_error', field: 'project_id' },
    { name: 'malformed project id', body: { ...sarah, project_id: 'nope' }, status: 422, code: 'validation_error', field: 'project_id' },
  ];

  it('lists every field in one answer: the format, the template\'s customer_data and ai_messaging together', async () => {
    const res = await callRoute(createRoute, {
      method: 'POST',
      key,
      body: { ...sarah, aspect_ratio: '4:3', customer_data: { company: 'Acme' }, ai_messaging: { ...sarah.ai_messaging, tone: 'sarcastic' } },
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['ai_messaging.tone', 'aspect_ratio', 'customer_data.first_name']);
  });

  it.each(cases)('$name → $status $code', async ({ body, raw, status, code, field, message }) => {
    const before = await db.$count(videos, eq(videos.accountId, accountId));
    const res = await callRoute(createRoute, {
      method: 'POST',
      key,
      body,
      rawBody: raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (field) expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    if (message) expect(res.body.error.details).toContainEqual({ field, message });
    expect(await db.$count(videos, eq(videos.accountId, accountId))).toBe(before);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await callRoute(createRoute, {
      method: 'POST',
      key,
      body: { ...sarah, customer_data: { ...sarah.customer_data, notes: 'x'.repeat(300_000) } },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses a missing API key with 401', async () => {
    const res = await callRoute(createRoute, { method: 'POST', body: sarah });
    expect(res.status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and renders once', async () => {
    const headers = { 'idempotency-key': `idem-${Date.now()}` };
    const first = await create(sarah, { headers });
    const second = await create(sarah, { headers });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await db.$count(jobs, eq(jobs.dedupeKey, first.body.id))).toBe(1);
  });

  it('refuses the same key with a different body (409), and nothing is created', async () => {
    const headers = { 'idempotency-key': `idem-diff-${Date.now()}` };
    await create(sarah, { headers });
    const before = await db.$count(videos, eq(videos.accountId, accountId));
    const res = await create({ ...sarah, title: 'Another' }, { headers });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('idempotency_conflict');
    expect(await db.$count(videos, eq(videos.accountId, accountId))).toBe(before);
  });

  it('creates exactly one video under concurrent duplicates', async () => {
    const u = await createUser(db);
    const k = (await createKey(db, u.account.id)).secret;
    const headers = { 'idempotency-key': 'concurrent-1' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => callRoute(createRoute, { method: 'POST', key: k, body: sarah, headers })),
    );
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    created.push(results[0]!.body.id);
    expect(await db.$count(videos, eq(videos.accountId, u.account.id))).toBe(1);
    expect(await db.$count(jobs, eq(jobs.dedupeKey, results[0]!.body.id))).toBe(1);
  });

  it('scopes keys per account', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const mine = await create(sarah, { headers });
    const theirs = await create(sarah, { headers, key: otherKey });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });
});

describe('isolation', () => {
  it("another account's video is 404 on every endpoint", async () => {
    const { body } = await create({ ...sarah, draft: true });
    for (const [route, method] of [
      [getRoute, 'GET'],
      [submitRoute, 'POST'],
      [retryRoute, 'POST'],
      [deleteRoute, 'DELETE'],
    ] as const) {
      const res = await callRoute(route, { method, key: otherKey, params: { video_id: body.id } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'Video not found' } });
    }
    const list = await callRoute(listRoute, { key: otherKey, path: '/api/v1/videos' });
    expect(list.body.data.map((v: { id: string }) => v.id)).not.toContain(body.id);
    expect((await callRoute(getRoute, { key, params: { video_id: body.id } })).body.status).toBe('draft');
  });

  it('the tRPC videos router is scoped the same way', async () => {
    const a = await createUser(db);
    const b = await createUser(db);
    const video = await callerFor(db, a.user).videos.create({ ...sarah, aspect_ratio: '9:16', draft: true, resolution: 'standard' });
    await expect(callerFor(db, b.user).videos.get({ id: video.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('templates', () => {
  it('lists templates with the JSON Schema of their customer_data', async () => {
    const res = await callRoute(templatesRoute, { key });
    expect(res.status).toBe(200);
    const ids = res.body.data.map((t: { id: string }) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['tmpl_welcome_message', 'tmpl_product_demo']));
    const one = await callRoute(templateRoute, { key, params: { template_id: 'tmpl_welcome_message' } });
    expect(one.body.customer_data_schema.required).toContain('first_name');
    expect(one.body.aspect_ratios).toEqual(['9:16', '16:9', '1:1']);
    // How many focus points each length holds (one per scene), for clients to say so before a create.
    expect(one.body.scenes).toEqual({ short: 2, medium: 4, long: 8 });
    expect((await callRoute(templateRoute, { key, params: { template_id: 'tmpl_x' } })).status).toBe(404);
  });
});
