/**
 * The Batches API (issue 14) through its route handlers with real Requests:
 * item-by-item validation (valid items start, rejected ones say why),
 * all_or_nothing, the batch's own settings, idempotency, list and get,
 * cancel and retry of a whole batch, batch.completed once, isolation, and
 * the queue's fairness between accounts. Renders are not run here
 * (tests/integration/render/batch-render.test.ts does that); every render job
 * left queued is cancelled afterwards.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/batches/route';
import { GET as getRoute } from '@/app/api/v1/batches/[batch_id]/route';
import { POST as cancelRoute } from '@/app/api/v1/batches/[batch_id]/cancel/route';
import { POST as retryRoute } from '@/app/api/v1/batches/[batch_id]/retry/route';
import { GET as getVideoRoute } from '@/app/api/v1/videos/[video_id]/route';
import { POST as createVideoRoute } from '@/app/api/v1/videos/route';
import type { Db } from '@/server/db/client';
import { batches, jobs, outboxEvents, videos } from '@/server/db/schema';
import { claimJobs } from '@/server/jobs/queue';
import { cancelVideo } from '@/server/videos/service';
import { callRoute, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';
import { uniqueKind } from '../../helpers/jobs-fixtures';
import { autoMap, csvFields, parseCsvBytes, rowToItem } from '@/components/batches/csv-import';
import { customerDataJsonSchema } from '@/remotion/templates/registry';

let db: Db;
let key: string;
let accountId: string;
let otherKey: string;
let otherAccountId: string;

const person = (first_name: string) => ({
  customer_data: { first_name, last_name: 'Lee', company: 'Acme Inc.', product_tier: 'Pro', usage_stats: { logins: 3, features_used: ['reports'] } },
});
const shared = {
  template_id: 'tmpl_welcome_message',
  ai_messaging: { tone: 'friendly', length: 'short', focus_points: ['product_benefits'] },
  aspect_ratio: '9:16',
};

async function create(body: unknown, opts: { key?: string; headers?: Record<string, string> } = {}) {
  return callRoute(createRoute, { method: 'POST', key: opts.key ?? key, body, headers: opts.headers });
}
const get = (id: string, k = key) => callRoute(getRoute, { key: k, params: { batch_id: id } });

async function cancelQueuedRenders() {
  await db.update(jobs).set({ status: 'cancelled' }).where(and(eq(jobs.kind, 'render'), eq(jobs.status, 'queued')));
}

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db);
  accountId = a.account.id;
  key = (await createKey(db, a.account.id)).secret;
  const b = await createUser(db);
  otherAccountId = b.account.id;
  otherKey = (await createKey(db, b.account.id)).secret;
});

afterAll(cancelQueuedRenders);

describe('POST /api/v1/batches', () => {
  it('starts the valid items and lists each item’s video id or its field errors, in row order', async () => {
    const res = await create({
      ...shared,
      name: 'March onboarding',
      items: [
        person('Ana'),
        { customer_data: { last_name: 'NoFirstName', company: 'X' } },
        { ...person('Ben'), title: 'Custom title for Ben', metadata: { crm_id: '42' } },
        'not an object',
        person('Cy'),
      ],
    });
    expect(res.status).toBe(201);
    const batch = res.body;
    expect(batch.id).toMatch(/^bat_[0-9a-z]{10}$/);
    expect(batch).toMatchObject({
      name: 'March onboarding',
      status: 'processing',
      template_id: 'tmpl_welcome_message',
      source: 'api',
      counts: { total: 5, accepted: 3, rejected: 2, processing: 3, published: 0, failed: 0, cancelled: 0 },
      progress: 0,
      completed_at: null,
    });
    expect(batch.estimated_completion).toMatch(/Z$/);
    expect(batch.items.map((i: { row: number; status: string }) => [i.row, i.status])).toEqual([
      [0, 'processing'],
      [1, 'rejected'],
      [2, 'processing'],
      [3, 'rejected'],
      [4, 'processing'],
    ]);
    expect(batch.items[1].errors).toEqual([expect.objectContaining({ field: 'customer_data.first_name' })]);
    expect(batch.items[1].video_id).toBeNull();
    expect(batch.items[3].errors[0].field).toBe('item');
    expect(batch.items[0].title).toBe('Welcome message for Ana');
    expect(batch.items[2].title).toBe('Custom title for Ben');
    expect(batch.items[0].share_url).toMatch(/\/v\/vid_/);

    // Batch videos are ordinary videos: same API, with the shared settings and their own data.
    const video = await callRoute(getVideoRoute, { key, params: { video_id: batch.items[2].video_id } });
    expect(video.status).toBe(200);
    expect(video.body).toMatchObject({
      status: 'processing',
      title: 'Custom title for Ben',
      aspect_ratio: '9:16',
      customer_data: { first_name: 'Ben' },
      metadata: { crm_id: '42' },
    });
    const events = await db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(events.filter((e) => e.type === 'video.created')).toHaveLength(3);

    // GET answers the same batch.
    const again = await get(batch.id);
    expect(again.status).toBe(200);
    expect(again.body.items).toHaveLength(5);
    expect(again.body.counts).toEqual(batch.counts);
  });

  it('a CSV of 100 leads read as the UI reads it, 3 without a first name: 97 videos queued with burned captions, 3 row errors', async () => {
    const lines = ['First Name,Last Name,Company,Plan,Email'];
    const bad = [9, 49, 89];
    for (let i = 0; i < 100; i++) lines.push([bad.includes(i) ? '' : `Lead${i}`, `Last${i}`, i === 2 ? '"Umbrella, Ltd."' : `Company ${i}`, 'Pro', `l${i}@example.com`].join(','));
    const csv = parseCsvBytes(new TextEncoder().encode(lines.join('\n')), 'leads.csv');
    const fields = csvFields(customerDataJsonSchema('tmpl_welcome_message') as never);
    const mapping = autoMap(csv.headers, fields);
    const items = csv.rows.map((row) => rowToItem(csv.headers, row, fields, mapping));
    const res = await create({ ...shared, captions: 'burned', items });
    expect(res.status).toBe(201);
    expect(res.body.counts).toMatchObject({ total: 100, accepted: 97, rejected: 3, processing: 97 });
    const rejected = res.body.items.filter((i: { status: string }) => i.status === 'rejected');
    expect(rejected.map((i: { row: number }) => i.row)).toEqual(bad);
    for (const item of rejected) expect(item.errors).toEqual([{ field: 'customer_data.first_name', message: 'is required' }]);
    const ids = res.body.items.filter((i: { video_id: string | null }) => i.video_id).map((i: { video_id: string }) => i.video_id);
    expect(ids).toHaveLength(97);
    // Each a video with burned captions and its own queued render.
    const rows = await db
      .select({ captions: videos.captions, status: videos.status, job: jobs.status })
      .from(videos)
      .innerJoin(jobs, and(eq(videos.renderJobId, jobs.id), eq(jobs.kind, 'render')))
      .where(inArray(videos.id, ids));
    expect(rows).toHaveLength(97);
    expect(rows.every((r) => r.captions === 'burned' && r.status === 'processing' && r.job === 'queued')).toBe(true);
    await cancelQueuedRenders();
  });

  it('all_or_nothing: one invalid item and nothing is created (422 naming items.<row>.<field>)', async () => {
    const before = await db.$count(videos, eq(videos.accountId, accountId));
    const beforeBatches = await db.$count(batches, eq(batches.accountId, accountId));
    const res = await create({ ...shared, all_or_nothing: true, items: [person('Ana'), { customer_data: { company: 'X' } }] });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ field: 'items.1.customer_data.first_name' }));
    expect(await db.$count(videos, eq(videos.accountId, accountId))).toBe(before);
    expect(await db.$count(batches, eq(batches.accountId, accountId))).toBe(beforeBatches);
  });

  it('refuses the whole batch for its own bad settings, no valid item, or too many items', async () => {
    const before = await db.$count(videos, eq(videos.accountId, accountId));
    const cases: Array<[unknown, string]> = [
      [{ ...shared, template_id: 'tmpl_nope', items: [person('A')] }, 'template_id'],
      [{ ...shared, ai_messaging: { tone: 'sarcastic' }, items: [person('A')] }, 'ai_messaging.tone'],
      [{ ...shared, ai_messaging: { length: 'short', focus_points: ['product_benefits', 'next_steps', 'pricing'] }, items: [person('A')] }, 'ai_messaging.focus_points'],
      [{ ...shared, project_id: 'proj_missing', items: [person('A')] }, 'project_id'],
      [{ ...shared, aspect_ratio: '4:3', items: [person('A')] }, 'aspect_ratio'],
      [{ ...shared, items: [] }, 'items'],
      [{ ...shared }, 'items'],
      [{ ...shared, items: Array.from({ length: 1001 }, () => person('A')) }, 'items'],
      [{ ...shared, items: [{ customer_data: {} }, { customer_data: 3 }] }, 'items.0.customer_data.first_name'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await db.$count(videos, eq(videos.accountId, accountId))).toBe(before);
    const malformed = await callRoute(createRoute, { method: 'POST', key, rawBody: '{"items": [', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
  });

  it('replays an Idempotency-Key with the same body and refuses it with another', async () => {
    const body = { ...shared, items: [person('Idem')] };
    const first = await create(body, { headers: { 'Idempotency-Key': 'batch-idem-1' } });
    expect(first.status).toBe(201);
    const replay = await create(body, { headers: { 'Idempotency-Key': 'batch-idem-1' } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(await db.$count(batches, eq(batches.id, first.body.id))).toBe(1);
    const other = await create({ ...body, items: [person('Other')] }, { headers: { 'Idempotency-Key': 'batch-idem-1' } });
    expect(other.status).toBe(409);
  });
});

describe('GET /api/v1/batches', () => {
  it('lists the account’s batches newest first with counts and pages', async () => {
    const res = await callRoute(listRoute, { key, path: '/api/v1/batches?limit=1' });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.pagination).toMatchObject({ page: 1, limit: 1, prev_page: null, next_page: 2 });
    expect(res.body.pagination.total).toBeGreaterThanOrEqual(2);
    const page2 = await callRoute(listRoute, { key, path: '/api/v1/batches?limit=1&page=2' });
    const [a] = res.body.data;
    const [b] = page2.body.data;
    expect(b.id).not.toBe(a.id);
    expect(Date.parse(a.created_at)).toBeGreaterThanOrEqual(Date.parse(b.created_at));
    expect(a).not.toHaveProperty('items');
    expect(a.counts.total).toBeGreaterThan(0);
    const bad = await callRoute(listRoute, { key, path: '/api/v1/batches?limit=500' });
    expect(bad.status).toBe(400);
  });

  it('another account sees none of them', async () => {
    const mine = await create({ ...shared, items: [person('Mine')] });
    expect((await get(mine.body.id, otherKey)).status).toBe(404);
    expect((await callRoute(cancelRoute, { method: 'POST', key: otherKey, params: { batch_id: mine.body.id } })).status).toBe(404);
    const list = await callRoute(listRoute, { key: otherKey, path: '/api/v1/batches' });
    expect(list.body.data.map((b: { id: string }) => b.id)).not.toContain(mine.body.id);
    expect((await get('bat_%00')).status).toBe(404);
  });
});

describe('cancel, retry and batch.completed', () => {
  it('cancels every processing video, completes once, and a retry reopens it', async () => {
    const created = await create({ ...shared, items: [person('A'), person('B'), person('C')] });
    const id = created.body.id;
    // One finishes on its own first (cancelled one by one): the batch is not complete yet.
    await cancelVideo(db, { accountId, id: created.body.items[0].video_id, ctx: { origin: 'http://localhost' } });
    const completedEvents = async () =>
      (await db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.type, 'batch.completed')))).filter(
        (e) => (e.payload as { batch: { id: string } }).batch.id === id,
      );
    expect(await completedEvents()).toHaveLength(0);

    const cancelled = await callRoute(cancelRoute, { method: 'POST', key, params: { batch_id: id } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', counts: { processing: 0, cancelled: 3 }, progress: 1 });
    expect(cancelled.body.completed_at).toMatch(/Z$/);
    const renderJobs = await db
      .select({ status: jobs.status })
      .from(jobs)
      .innerJoin(videos, eq(videos.renderJobId, jobs.id))
      .where(eq(videos.batchId, id));
    expect(renderJobs.every((j) => j.status === 'cancelled')).toBe(true);
    const events = await completedEvents();
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as { batch: { counts: { cancelled: number } } }).batch.counts.cancelled).toBe(3);

    expect((await callRoute(cancelRoute, { method: 'POST', key, params: { batch_id: id } })).status).toBe(409);

    const retried = await callRoute(retryRoute, { method: 'POST', key, params: { batch_id: id } });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'processing', completed_at: null, counts: { processing: 3, cancelled: 0 } });
    expect((await callRoute(retryRoute, { method: 'POST', key, params: { batch_id: id } })).status).toBe(409);
    await cancelQueuedRenders();
  });
});

describe('the queue stays fair', () => {
  it('another account’s video queued after a batch runs right after the batch’s first item, not after all of them', async () => {
    await cancelQueuedRenders();
    const batch = await create({ ...shared, items: Array.from({ length: 20 }, (_, i) => person(`P${i}`)) });
    expect(batch.status).toBe(201);
    const single = await callRoute(createVideoRoute, {
      method: 'POST',
      key: otherKey,
      body: { title: 'Just one', ...shared, ...person('Solo') },
    });
    expect(single.status).toBe(201);
    // Move these jobs to a kind of this test's own, so only this claim sees them (their order is kept).
    const kind = uniqueKind('fair');
    const ids = [...batch.body.items.map((i: { video_id: string }) => i.video_id), single.body.id];
    const rows = await db.select({ jobId: videos.renderJobId }).from(videos).where(inArray(videos.id, ids));
    await db.update(jobs).set({ kind }).where(inArray(jobs.id, rows.map((r) => r.jobId!)));

    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [job] = await claimJobs(db, { workerId: 'fairness-test', kinds: [kind], limit: 1, leaseMs: 60_000 });
      order.push(job!.accountId === otherAccountId ? 'other' : 'batch');
    }
    expect(order).toEqual(['batch', 'other', 'batch']);
    const spread = await db.select({ orderAt: jobs.orderAt }).from(jobs).where(eq(jobs.kind, kind)).orderBy(asc(jobs.orderAt));
    expect(spread.length).toBe(21);
    await db.update(jobs).set({ status: 'cancelled' }).where(eq(jobs.kind, kind));
  });
});
