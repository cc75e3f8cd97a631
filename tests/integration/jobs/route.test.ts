/**
 * The background jobs route (WORKER_MODE=route, app/api/jobs/run): CRON_SECRET
 * authentication, one bounded run of the real lane workers over the real
 * queue (test kinds, so other suites' jobs in the shared database are never
 * touched), the time budget, the deadline, the summary, and the triggers it
 * sends to itself (a local HTTP server stands in for APP_URL and records them).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJobsRunHandler } from '@/app/api/jobs/run/handler';
import { GET as routeGET, POST as routePOST } from '@/app/api/jobs/run/route';
import { installJobsRouteTrigger, sendJobsRunRequest, uninstallJobsRouteTrigger } from '@/app/api/jobs/run/trigger';
import type { Db } from '@/server/db/client';
import { resetEnvCache } from '@/server/env';
import { writeOutboxEvent } from '@/server/jobs/outbox';
import { enqueueJob, getJob } from '@/server/jobs/queue';
import { defineJobKind, JobRegistry, type JobKindHandlers } from '@/server/jobs/registry';
import { runInJobsRoute } from '@/server/jobs/route-scope';
import { testDb } from '../../helpers/db';
import { createTestAccount, sleep, uniqueKind, waitFor } from '../../helpers/jobs-fixtures';

const SECRET = 'route-test-secret-0123456789abcdef';
const savedEnv = { ...process.env };
let db: Db;
let accountId: string;

/** Stands in for APP_URL: answers 202 like the route does for `Prefer: respond-async`, and records each call. */
let recorder: http.Server;
let calls: { method: string; path: string; headers: http.IncomingHttpHeaders }[] = [];
let recorderUrl: string;

beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
  recorder = http.createServer((req, res) => {
    calls.push({ method: req.method!, path: req.url!, headers: req.headers });
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  process.env.CRON_SECRET = SECRET;
  process.env.APP_URL = recorderUrl;
  resetEnvCache();
});

afterEach(() => {
  uninstallJobsRouteTrigger();
});

afterAll(async () => {
  process.env = { ...savedEnv };
  resetEnvCache();
  await new Promise<void>((resolve) => recorder.close(() => resolve()));
});

const payload = z.object({ n: z.number().int() });
type Handlers = JobKindHandlers<{ n: number }>;

function registryOf(handlers: Handlers, opts: { lane?: 'heavy' | 'light'; maxAttempts?: number } = {}) {
  const kind = defineJobKind({ kind: uniqueKind('route'), payload, maxAttempts: opts.maxAttempts, backoff: { baseMs: 0, capMs: 0 } });
  return { kind, registry: new JobRegistry().register(kind, { ...handlers, lane: opts.lane ?? 'heavy' }) };
}

const TIMINGS = { pollMs: 50, leaseMs: 5_000, scheduleHousekeeping: false } as const;

function request(method: 'GET' | 'POST', headers: Record<string, string> = {}) {
  return new Request('http://localhost/api/jobs/run', { method, headers });
}
const withSecret = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${SECRET}`, ...extra });

async function waitForCalls(n: number, timeoutMs = 5_000) {
  await waitFor(`${n} trigger request(s)`, () => calls.length >= n, { timeoutMs });
  // Anything extra would arrive right behind.
  await sleep(200);
}

describe('POST|GET /api/jobs/run: authentication', () => {
  it.each([
    ['no Authorization header', {}, /Missing credentials.*Authorization: Bearer <CRON_SECRET>/],
    ['a wrong secret', { authorization: 'Bearer not-the-secret-at-all-000000' }, /Invalid credentials/],
    ['the secret with one character more', { authorization: `Bearer ${SECRET}x` }, /Invalid credentials/],
    ['the secret as Basic credentials', { authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}` }, /Missing credentials/],
    ['an API key', { authorization: `Bearer cwk_${'A'.repeat(40)}` }, /Invalid credentials/],
  ])('401 with %s, on GET and POST, before anything runs', async (_what, headers, message) => {
    for (const handler of [routeGET, routePOST]) {
      const res = await handler(request('POST', headers));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const body = await res.json();
      expect(body).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(message) } });
    }
  });

  it('401 naming CRON_SECRET when the server has none (the route is disabled)', async () => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
    try {
      const res = await routePOST(request('POST', withSecret()));
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/disabled: set CRON_SECRET/);
    } finally {
      process.env.CRON_SECRET = SECRET;
      resetEnvCache();
    }
  });
});

describe('a run of the jobs route', () => {
  it('runs the queued jobs, stops as soon as nothing is left, and says no work remains', async () => {
    const ran: number[] = [];
    const { kind, registry } = registryOf({ handle: async ({ payload: { n } }) => void ran.push(n) });
    const ids = [];
    for (let n = 1; n <= 3; n++) ids.push((await enqueueJob(db, { kind, payload: { n }, accountId })).job.id);
    calls = [];
    const handler = createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 20_000 } });

    const started = Date.now();
    const res = await handler(request('GET', withSecret()));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({
      jobs_run: 3,
      succeeded: 3,
      retried: 0,
      failed: 0,
      stopped_by: 'idle',
      work_remains: false,
      due_jobs: 0,
      retriggered: false,
      budget_ms: 20_000,
    });
    // Idle, not the 20 s budget.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ran.sort()).toEqual([1, 2, 3]);
    for (const id of ids) expect((await getJob(db, id))!.status).toBe('succeeded');
    // Nothing left: no trigger for another run.
    await sleep(300);
    expect(calls).toEqual([]);
  });

  it('claims only within the budget, lets the running job finish, reports the rest and triggers the next run', async () => {
    const { kind, registry } = registryOf({ handle: () => sleep(400) });
    const ids = [];
    for (let n = 0; n < 10; n++) ids.push((await enqueueJob(db, { kind, payload: { n }, accountId })).job.id);
    calls = [];
    const handler = createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 1_000 } });

    const started = Date.now();
    const body = await (await handler(request('POST', withSecret()))).json();
    const elapsed = Date.now() - started;
    // One at a time (heavy lane, WORKER_CONCURRENCY=1): claims in [0, 1 s), each 400 ms.
    expect(body.stopped_by).toBe('budget');
    expect(body.jobs_run).toBeGreaterThanOrEqual(2);
    expect(body.jobs_run).toBeLessThanOrEqual(4);
    expect(body.succeeded).toBe(body.jobs_run);
    // The job claimed last ran to its end: none left running, none released.
    expect(body.released).toBe(0);
    expect(elapsed).toBeLessThan(1_000 + 400 + 1_500);
    const statuses = await Promise.all(ids.map(async (id) => (await getJob(db, id))!.status));
    expect(statuses.filter((s) => s === 'succeeded')).toHaveLength(body.jobs_run);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(10 - body.jobs_run);
    expect(body).toMatchObject({ work_remains: true, due_jobs: 10 - body.jobs_run, retriggered: true });

    // The next run was asked for: one POST to APP_URL/api/jobs/run, with the secret, answered at once.
    await waitForCalls(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/jobs/run' });
    expect(calls[0]!.headers).toMatchObject({ authorization: `Bearer ${SECRET}`, prefer: 'respond-async', 'x-clipwright-trigger': 'continue' });

    // The next run takes the rest.
    const rest = await (await createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 20_000 } })(request('GET', withSecret()))).json();
    expect(rest).toMatchObject({ jobs_run: 10 - body.jobs_run, work_remains: false });
  });

  it('aborts a job still running at the deadline: a counted attempt (route_deadline), retried, then failed', async () => {
    const started: number[] = [];
    const { kind, registry } = registryOf(
      {
        // A render that takes longer than the function may run: it stops only when aborted.
        handle: ({ payload: { n }, signal }) => {
          started.push(n);
          return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        },
      },
      { maxAttempts: 2 },
    );
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    calls = [];
    const handler = createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 300, deadlineMs: 1_000 } });

    const first = await (await handler(request('POST', withSecret()))).json();
    expect(first).toMatchObject({ jobs_run: 1, retried: 1, failed: 0, work_remains: true });
    let row = (await getJob(db, job.id))!;
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'route_deadline' } });
    expect(row.lastError!.message).toMatch(/maxDuration/);

    const second = await (await handler(request('POST', withSecret()))).json();
    expect(second).toMatchObject({ jobs_run: 1, failed: 1, work_remains: false });
    row = (await getJob(db, job.id))!;
    expect(row).toMatchObject({ status: 'failed', attempts: 2, lastError: { code: 'route_deadline' } });
    expect(started).toEqual([1, 1]);
  });

  it('runs only the lanes of WORKER_LANES: with light only, queued renders are not work left for the route', async () => {
    const heavyKind = defineJobKind({ kind: uniqueKind('route-heavy'), payload });
    const lightKind = defineJobKind({ kind: uniqueKind('route-light'), payload });
    const registry = new JobRegistry()
      .register(heavyKind, { handle: async () => undefined, lane: 'heavy' })
      .register(lightKind, { handle: async () => undefined });
    const heavy = (await enqueueJob(db, { kind: heavyKind, payload: { n: 1 }, accountId })).job;
    const light = (await enqueueJob(db, { kind: lightKind, payload: { n: 2 }, accountId })).job;
    calls = [];
    const handler = createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 20_000, lanes: ['light'] } });
    const body = await (await handler(request('GET', withSecret()))).json();
    expect(body).toMatchObject({ jobs_run: 1, work_remains: false, due_jobs: 0, retriggered: false });
    expect((await getJob(db, light.id))!.status).toBe('succeeded');
    expect((await getJob(db, heavy.id))!.status).toBe('queued');
    await sleep(300);
    expect(calls).toEqual([]);
  });

  it('dispatches the outbox events its consumers want; an event no consumer wants is not work left', async () => {
    const tag = uniqueKind('evt').replace(/^test\./, '').replace(/\./g, '_');
    const wanted = `routetest.${tag}_wanted`;
    const unwanted = `routetest.${tag}_unwanted`;
    const consumed: string[] = [];
    const { registry } = registryOf({ handle: async () => undefined });
    registry.registerOutboxConsumer({ name: `route-test-${tag}`, types: [wanted], consume: async (_tx, event) => void consumed.push(event.type) });
    await writeOutboxEvent(db, { accountId, type: unwanted, payload: {} });
    await writeOutboxEvent(db, { accountId, type: wanted, payload: {} });
    calls = [];
    const handler = createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 20_000 } });
    const body = await (await handler(request('GET', withSecret()))).json();
    expect(consumed).toEqual([wanted]);
    expect(body).toMatchObject({ outbox_events: 1, stopped_by: 'idle', work_remains: false, due_events: 0, retriggered: false });
  });

  it('answers 202 at once to Prefer: respond-async and runs the jobs after the response', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { kind, registry } = registryOf({ handle: () => gate });
    const { job } = await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    const handler = createJobsRunHandler({ registry: () => registry, run: { ...TIMINGS, budgetMs: 20_000 } });

    const res = await handler(request('POST', withSecret({ prefer: 'respond-async' })));
    expect(res.status).toBe(202);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    expect(await res.json()).toEqual({ status: 'accepted' });
    await waitFor('the job to be claimed', async () => (await getJob(db, job.id))!.status === 'running');
    release();
    await waitFor('the job to succeed', async () => (await getJob(db, job.id))!.status === 'succeeded');
  });
});

describe('enqueue → trigger (WORKER_MODE=route)', () => {
  const routeEnv = () => {
    process.env.WORKER_MODE = 'route';
    // Route mode demands Postgres; nothing here opens a connection from it (the test database is installed).
    process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/unused';
    resetEnvCache();
  };
  afterEach(() => {
    process.env.WORKER_MODE = savedEnv.WORKER_MODE;
    if (savedEnv.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedEnv.DATABASE_URL;
    if (savedEnv.WORKER_MODE === undefined) delete process.env.WORKER_MODE;
    resetEnvCache();
  });

  it('an enqueue makes one POST to the route; a delayed job makes none (the cron runs it)', async () => {
    routeEnv();
    installJobsRouteTrigger();
    const { kind } = registryOf({ handle: async () => undefined });
    calls = [];
    await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    await waitForCalls(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/jobs/run' });
    expect(calls[0]!.headers).toMatchObject({ authorization: `Bearer ${SECRET}`, prefer: 'respond-async', 'x-clipwright-trigger': 'enqueue' });

    calls = [];
    await enqueueJob(db, { kind, payload: { n: 9 }, accountId, delayMs: 60_000 });
    await sleep(300);
    expect(calls).toEqual([]);
  });

  it('requests asked for together (the after() callbacks of one response) make one POST', async () => {
    routeEnv();
    calls = [];
    const sent = await Promise.all([sendJobsRunRequest('enqueue'), sendJobsRunRequest('enqueue'), sendJobsRunRequest('enqueue')]);
    expect(sent).toEqual([true, true, true]);
    await waitForCalls(1);
    expect(calls).toHaveLength(1);
  });

  it('reports a trigger that did not get through (the cron is the safety net)', async () => {
    routeEnv();
    process.env.APP_URL = 'http://127.0.0.1:9';
    resetEnvCache();
    try {
      expect(await sendJobsRunRequest('enqueue')).toBe(false);
    } finally {
      process.env.APP_URL = recorderUrl;
      resetEnvCache();
    }
  });

  it('what a run enqueues itself does not trigger another run', async () => {
    routeEnv();
    installJobsRouteTrigger();
    const { kind } = registryOf({ handle: async () => undefined });
    calls = [];
    await runInJobsRoute(() => enqueueJob(db, { kind, payload: { n: 1 }, accountId }));
    await sleep(300);
    expect(calls).toEqual([]);
  });

  it('installs nothing outside route mode', async () => {
    installJobsRouteTrigger();
    const { kind } = registryOf({ handle: async () => undefined });
    calls = [];
    await enqueueJob(db, { kind, payload: { n: 1 }, accountId });
    await sleep(300);
    expect(calls).toEqual([]);
  });
});
