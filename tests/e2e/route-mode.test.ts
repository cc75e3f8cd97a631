/**
 * WORKER_MODE=route against the production build, as on a serverless host:
 * a fresh Postgres database, NO worker process and no job loop in the web
 * process. The seed 000 request is published with nothing but HTTP calls to
 * the app: the video POST triggers POST /api/jobs/run after its response
 * (after()), and that run renders it. Then the cron path: a GET with the
 * CRON_SECRET runs a job that no enqueue triggered (one whose run_at came
 * due later, like a retry after backoff or the hourly sweep).
 * Runs only where a Postgres server answers (TEST_DATABASE_URL).
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { seedCreateVideoRequest as seedRequest } from '../helpers/seed-000';

const base = process.env.TEST_DATABASE_URL;
const key = `cwk_${'RouteMode0Test1Key'.repeat(3)}`;
const cronSecret = 'e2e-route-mode-cron-secret-0123456789';
let app: AppServer;
let dbName: string;
let dbUrl: string;

describe.skipIf(!base)('WORKER_MODE=route on Postgres, no worker process', () => {
  beforeAll(async () => {
    dbName = `test_route_mode_${process.pid}`;
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.unsafe(`create database "${dbName}"`);
    await admin.end();
    const url = new URL(base!);
    url.pathname = `/${dbName}`;
    dbUrl = url.toString();
    app = await startApp({
      DATABASE_URL: dbUrl,
      WORKER_MODE: 'route',
      CRON_SECRET: cronSecret,
      BOOTSTRAP_EMAIL: 'route@example.com',
      BOOTSTRAP_PASSWORD: 'bootstrap-password',
      BOOTSTRAP_API_KEY: key,
      RENDER_SCALE: '0.25',
    });
  }, 120_000);

  afterAll(async () => {
    await app?.cleanup();
    if (!base) return;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  });

  const auth = { authorization: `Bearer ${key}` };

  it('runs no job loop at start and refuses the jobs route without the secret', async () => {
    expect(app.logs()).toMatch(/jobs run in the background route \(WORKER_MODE=route\)/);
    expect(app.logs()).not.toMatch(/job worker started/);
    for (const headers of [{}, { authorization: 'Bearer wrong-secret-wrong-secret' }, auth]) {
      const res = await fetch(`${app.url}/api/jobs/run`, { method: 'POST', headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it(
    'publishes the seed request with HTTP calls only: the POST triggers the jobs route, which renders it',
    async () => {
      const posted = Date.now();
      const res = await fetch(`${app.url}/api/v1/videos`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: seedRequest,
      });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created).toMatchObject({ title: 'Welcome Message for Sarah', status: 'processing', template_id: 'tmpl_welcome_message' });

      let video: any;
      for (let i = 0; i < 300; i++) {
        video = await (await fetch(`${app.url}/api/v1/videos/${created.id}`, { headers: auth })).json();
        if (video.status !== 'processing') break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(video.status, JSON.stringify(video.error ?? null)).toBe('published');
      expect(typeof video.duration).toBe('number');
      expect(video.url).toBe(`${app.url}/files/videos/${created.id}.mp4`);
      const mp4 = Buffer.from(await (await fetch(video.url)).arrayBuffer());
      expect(mp4.subarray(4, 8).toString()).toBe('ftyp');
      const jpg = Buffer.from(await (await fetch(video.thumbnail)).arrayBuffer());
      expect(jpg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

      // The route did it (no other runner exists): the render job's lease holder was a route run's worker,
      // started by the POST's trigger (the run goes on with the template previews that came due meanwhile).
      expect(app.logs()).toMatch(/"msg":"job worker started","workerId":"route:/);
      const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
      try {
        const [render] = await sql<{ status: string; locked_by: string; started_at: Date }[]>`
          select status, locked_by, started_at from jobs where kind = 'render' and payload->>'videoId' = ${created.id}`;
        expect(render).toMatchObject({ status: 'succeeded' });
        expect(render!.locked_by).toMatch(/^route:/);
        console.log(`POST → render started in ${render!.started_at.getTime() - posted} ms; → published in ${Date.now() - posted} ms`);
      } finally {
        await sql.end();
      }
    },
    360_000,
  );

  it(
    'the cron path: GET with the secret runs a job that came due without a trigger, and reports the run',
    async () => {
      const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
      let sweepId: string;
      try {
        // The hourly sweep each run queues for the next hour: make it due now, as time would.
        const rows = await sql<{ id: string }[]>`
          update jobs set run_at = now() - interval '1 second'
          where kind = 'jobs.sweep' and status = 'queued' returning id`;
        expect(rows.length).toBe(1);
        sweepId = rows[0]!.id;
      } finally {
        await sql.end();
      }
      // Wait out a run still going (template previews come due 15 s after the first run).
      let body: any;
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${app.url}/api/jobs/run`, { headers: { authorization: `Bearer ${cronSecret}` } });
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        body = await res.json();
        const check = postgres(dbUrl, { max: 1, onnotice: () => {} });
        const [sweep] = await check<{ status: string }[]>`select status from jobs where id = ${sweepId}`;
        await check.end();
        if (sweep!.status === 'succeeded') break;
      }
      expect(body).toEqual({
        jobs_run: expect.any(Number),
        succeeded: expect.any(Number),
        retried: expect.any(Number),
        failed: 0,
        released: 0,
        outbox_events: expect.any(Number),
        stopped_by: expect.stringMatching(/^(idle|budget)$/),
        elapsed_ms: expect.any(Number),
        budget_ms: 180_000,
        work_remains: expect.any(Boolean),
        due_jobs: expect.any(Number),
        due_events: expect.any(Number),
        retriggered: expect.any(Boolean),
      });
      const check = postgres(dbUrl, { max: 1, onnotice: () => {} });
      try {
        const [sweep] = await check<{ status: string; locked_by: string }[]>`select status, locked_by from jobs where id = ${sweepId}`;
        expect(sweep).toMatchObject({ status: 'succeeded' });
        expect(sweep!.locked_by).toMatch(/^route:/);
      } finally {
        await check.end();
      }
    },
    240_000,
  );
});
