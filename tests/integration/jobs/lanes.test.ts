/**
 * Worker lanes (server/jobs/lanes.ts): one process runs a heavy lane (renders,
 * transcodes: WORKER_CONCURRENCY at once) and a light lane (webhooks,
 * housekeeping) beside it, so light work never waits behind a render. Test
 * kinds stand in for both: the heavy handler blocks until the test lets it go.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/server/db/client';
import { createJobRegistry } from '@/server/jobs/kinds';
import { LaneWorkers } from '@/server/jobs/lanes';
import { writeOutboxEvent } from '@/server/jobs/outbox';
import { enqueueJob, getJob } from '@/server/jobs/queue';
import { defineJobKind, JobRegistry, type JobKindHandlers } from '@/server/jobs/registry';
import { testDb } from '../../helpers/db';
import { createTestAccount, deferred, sleep, uniqueKind, useTestLaneWorkers, waitFor } from '../../helpers/jobs-fixtures';

let db: Db;
let accountId: string;
beforeAll(async () => {
  db = (await testDb()).db;
  accountId = await createTestAccount(db);
});

const startLaneWorkers = useTestLaneWorkers();
const payload = z.object({ n: z.number().int() });
type Handlers = JobKindHandlers<{ n: number }>;

/** A registry with one heavy and one light test kind. */
function setup(heavy: Handlers, light: Handlers) {
  const heavyKind = defineJobKind({ kind: uniqueKind('heavy'), payload });
  const lightKind = defineJobKind({ kind: uniqueKind('light'), payload });
  const registry = new JobRegistry().register(heavyKind, { ...heavy, lane: 'heavy' }).register(lightKind, light);
  return { heavyKind, lightKind, registry };
}

const jobRow = (id: string) => getJob(db, id).then((j) => j!);
const statusOf = (id: string) => jobRow(id).then((j) => j.status);
const succeeded = (id: string, timeoutMs = 5_000) =>
  waitFor(`job ${id} to succeed`, async () => (await statusOf(id)) === 'succeeded', { timeoutMs });

/** Runs until its signal is aborted (a stand-in for a render), reporting that it started. */
function blockUntilAborted(onStart?: (n: number) => void): Handlers['handle'] {
  return ({ payload: { n }, signal }) => {
    onStart?.(n);
    return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  };
}

describe('lanes: which kind runs where', () => {
  it('renders and transcodes are heavy; webhooks, sweeps and expiries are light', () => {
    const registry = createJobRegistry();
    expect(registry.kinds('heavy')).toEqual(expect.arrayContaining(['render', 'media.process']));
    expect(registry.kinds('light')).toEqual(expect.arrayContaining(['webhook.deliver', 'webhook.sweep', 'media.expire']));
    expect(registry.kinds('light')).not.toEqual(expect.arrayContaining(['render']));
    expect(registry.kinds('light')).not.toEqual(expect.arrayContaining(['media.process']));
    expect([...registry.kinds('heavy'), ...registry.kinds('light')].sort()).toEqual(registry.kinds().sort());
  });

  it('one worker per lane; exactly one of them dispatches the outbox', () => {
    const registry = createJobRegistry();
    const both = new LaneWorkers({ db, registry });
    expect([...both.workers.keys()].sort()).toEqual(['heavy', 'light']);
    expect([...both.workers].filter(([, w]) => w.dispatchesOutbox).map(([lane]) => lane)).toEqual(['light']);
    expect(both.workers.get('heavy')!.id).toMatch(/:heavy$/);

    const heavyOnly = new LaneWorkers({ db, registry, lanes: ['heavy'] });
    expect([...heavyOnly.workers.keys()]).toEqual(['heavy']);
    expect(heavyOnly.workers.get('heavy')!.dispatchesOutbox).toBe(true);

    const lightOnly = new LaneWorkers({ db, registry, lanes: ['light'] });
    expect([...lightOnly.workers.keys()]).toEqual(['light']);
    expect(lightOnly.workers.get('light')!.dispatchesOutbox).toBe(true);

    // A lane with no kinds and no outbox to dispatch gets no worker.
    const lightKinds = new JobRegistry().register(defineJobKind({ kind: uniqueKind('only-light'), payload }), {
      handle: async () => undefined,
    });
    expect([...new LaneWorkers({ db, registry: lightKinds }).workers.keys()]).toEqual(['light']);
  });
});

describe('lanes: light work does not wait behind heavy work', () => {
  it('a light job completes while a heavy job runs, and an outbox event becomes light work meanwhile', async () => {
    const heavyStarted = deferred();
    const release = deferred();
    const lightRuns: number[] = [];
    const { heavyKind, lightKind, registry } = setup(
      {
        handle: async () => {
          heavyStarted.resolve();
          await release.promise;
          return async () => ({ done: true });
        },
      },
      { handle: async ({ payload: { n } }) => void lightRuns.push(n) },
    );
    const type = uniqueKind('lane-event');
    registry.registerOutboxConsumer({
      name: 'lane-test',
      types: [type],
      consume: async (tx) => void (await enqueueJob(tx, { kind: lightKind, payload: { n: 2 } })),
    });
    // Both lanes at concurrency 1: before lanes, one slot meant the light job waited for the render.
    startLaneWorkers({ db, registry, concurrency: { heavy: 1, light: 1 } });

    const heavy = (await enqueueJob(db, { kind: heavyKind, payload: { n: 0 } })).job;
    await heavyStarted.promise;
    const light = (await enqueueJob(db, { kind: lightKind, payload: { n: 1 } })).job;
    await succeeded(light.id, 3_000);
    await db.transaction(async (tx) => writeOutboxEvent(tx as unknown as Db, { accountId, type, payload: {} }));
    await waitFor('the outbox event to become a light job that runs', () => lightRuns.includes(2), { timeoutMs: 3_000 });

    expect(lightRuns).toEqual([1, 2]);
    expect(await statusOf(heavy.id)).toBe('running');
    release.resolve();
    await succeeded(heavy.id);
  });

  it('heavy jobs respect their concurrency (never two at once) while light jobs run side by side', async () => {
    let heavyRunning = 0;
    let heavyMax = 0;
    const heavyOrder: number[] = [];
    const lightStarted = new Set<number>();
    const releaseLight = deferred();
    const { heavyKind, lightKind, registry } = setup(
      {
        handle: async ({ payload: { n } }) => {
          heavyRunning++;
          heavyMax = Math.max(heavyMax, heavyRunning);
          heavyOrder.push(n);
          await sleep(150);
          heavyRunning--;
        },
      },
      {
        handle: async ({ payload: { n } }) => {
          lightStarted.add(n);
          await releaseLight.promise;
        },
      },
    );
    const heavyIds: string[] = [];
    for (let n = 0; n < 3; n++) heavyIds.push((await enqueueJob(db, { kind: heavyKind, payload: { n } })).job.id);
    const lightIds: string[] = [];
    for (let n = 0; n < 3; n++) lightIds.push((await enqueueJob(db, { kind: lightKind, payload: { n } })).job.id);
    startLaneWorkers({ db, registry, concurrency: { heavy: 1, light: 3 }, pollMs: 20 });

    // All three light jobs hold a slot at once, while the heavy ones go one by one.
    await waitFor('the three light jobs to run at once', () => lightStarted.size === 3, { timeoutMs: 3_000 });
    for (const id of heavyIds) await succeeded(id);
    expect(heavyMax).toBe(1);
    expect(heavyOrder.sort()).toEqual([0, 1, 2]);
    releaseLight.resolve();
    for (const id of lightIds) await succeeded(id);
  });
});

describe('lanes: graceful stop', () => {
  it('stop() lets jobs of both lanes finish within the grace period and releases the rest', async () => {
    const started = new Set<string>();
    const heavyFinishes = deferred();
    const { heavyKind, lightKind, registry } = setup(
      {
        handle: async ({ payload: { n }, signal }) => {
          started.add(`heavy${n}`);
          await heavyFinishes.promise;
          if (signal.aborted) throw signal.reason;
          return async () => ({ finished: n });
        },
      },
      {
        handle: async (ctx) => {
          started.add(`light${ctx.payload.n}`);
          // Light job 0 finishes within the grace period; 1 and 2 run until aborted.
          if (ctx.payload.n === 0) return void (await sleep(200));
          return blockUntilAborted()(ctx);
        },
      },
    );
    const heavy = (await enqueueJob(db, { kind: heavyKind, payload: { n: 0 } })).job;
    const lights = [];
    for (let n = 0; n < 3; n++) lights.push((await enqueueJob(db, { kind: lightKind, payload: { n } })).job);
    const workers = startLaneWorkers({ db, registry, concurrency: { heavy: 1, light: 3 }, pollMs: 20 });
    await waitFor('a job in every slot', () => started.size === 4, { timeoutMs: 3_000 });
    expect(workers.activeJobs()).toHaveLength(4);

    // The heavy job finishes during the grace period; the blocked light jobs outlast it.
    setTimeout(() => heavyFinishes.resolve(), 100);
    await workers.stop({ graceMs: 600 });

    expect(workers.activeJobs()).toHaveLength(0);
    expect(await jobRow(heavy.id)).toMatchObject({ status: 'succeeded', result: { finished: 0 } });
    expect(await jobRow(lights[0]!.id)).toMatchObject({ status: 'succeeded' });
    for (const light of lights.slice(1)) {
      expect(await jobRow(light.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    }
  });

  it('stop() releases a heavy job that outlasts the grace period, without counting the attempt', async () => {
    const started = deferred();
    const { heavyKind, registry } = setup({ handle: blockUntilAborted(() => started.resolve()) }, { handle: async () => undefined });
    const heavy = (await enqueueJob(db, { kind: heavyKind, payload: { n: 0 } })).job;
    const workers = startLaneWorkers({ db, registry, pollMs: 20 });
    await started.promise;
    await workers.stop({ graceMs: 100 });
    expect(await jobRow(heavy.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });
});
