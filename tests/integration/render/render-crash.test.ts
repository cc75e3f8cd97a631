/**
 * kill -9 of a render worker mid-render. A worker process (the production
 * render handler, JOB_LEASE_SECONDS=10, RENDER_SCALE=0.25) takes a video
 * created through createVideo and is killed with SIGKILL, together with its
 * Chromium and ffmpeg, as a container runtime would, once progress is
 * persisted. A worker in this process then takes the job over once the dead
 * worker's lease has lapsed, and the video is published exactly once.
 * Postgres only: two processes share the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { outboxEvents, videos } from '@/server/db/schema';
import { getJob } from '@/server/jobs/queue';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { thumbnailFileKey, videoFileKey } from '@/server/render/render-video';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { getStorage } from '@/server/storage';
import { testDb, testDbDriver, testDbUrl } from '../../helpers/db';
import { createTestAccount, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { jpegSize, probeVideo } from '../../helpers/media-files';
import { createTestVideo, testRenderKind, testRenderRegistry } from '../../helpers/render-jobs';

const CHILD = path.resolve(import.meta.dirname, '../../helpers/render-child-worker.ts');
const SCALE = 0.25;
const LEASE_SECONDS = 10;

const startTestWorker = useTestWorkers();
const children: ChildProcess[] = [];
let db: Db;
let tmp: string;

/** `root` and every process below it (Chromium runs in a session of its own, so no process group covers it). */
function processTree(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      childrenOf.set(ppid, [...(childrenOf.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* the process ended while listing */
    }
  }
  const tree: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(childrenOf.get(pid) ?? []));
  }
  return tree;
}

/** Gone, or a zombie nobody has reaped yet (PID 1 of a container may not). */
function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function killTree(pids: number[]) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

beforeAll(async () => {
  if (testDbDriver() !== 'postgres') return;
  db = (await testDb()).db;
  await ensureRemotionBundle();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-crash-'));
}, 240_000);

afterAll(async () => {
  for (const child of children.splice(0)) if (child.pid) killTree(processTree(child.pid));
  overrideRenderSettings(null);
  await closeSharedBrowser();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.runIf(testDbDriver() === 'postgres')('a render worker killed mid-render (Postgres)', () => {
  it('runs the job again after the lease lapses and publishes the video exactly once', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const { video, jobId } = await createTestVideo(db, { accountId, kind });
    // What a killed render leaves (its temp folder, the browser profile) stays in this test's folder.
    const childTmp = path.join(tmp, 'child');
    mkdirSync(childTmp);

    const child = spawn('npx', ['tsx', CHILD], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        CHILD_DB_URL: await testDbUrl(),
        CHILD_KIND: kind.kind,
        DATABASE_URL: await testDbUrl(),
        JOB_LEASE_SECONDS: String(LEASE_SECONDS),
        RENDER_SCALE: String(SCALE),
        TMPDIR: childTmp,
        // The built-in script writer: deterministic, no network.
        AI_BASE_URL: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // Mid-render: the attempt has persisted progress and is not done.
    const running = await waitFor(
      'the child worker to persist render progress',
      async () => {
        if (child.exitCode !== null) throw new Error(`the child worker exited early:\n${output}`);
        const job = await getJob(db, jobId);
        return job?.status === 'running' && job.progress > 0 ? job : null;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    ).catch((err) => {
      throw new Error(`${(err as Error).message}\n--- child output ---\n${output}`);
    });
    expect(running.lockedBy).toMatch(/^render-child:\d+$/);
    const workerPid = Number(running.lockedBy!.split(':')[1]);
    const tree = processTree(workerPid);
    process.kill(workerPid, 'SIGKILL');
    // Its Chromium and ffmpeg die with it, as in a container; left alone they would outlive the test.
    killTree(tree.slice(1));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) await exited;
    await waitFor('the killed worker and its browser to be gone', () => tree.every(isDead), { timeoutMs: 10_000 });

    const afterKill = (await getJob(db, jobId))!;
    expect(afterKill).toMatchObject({ status: 'running', attempts: 1 });
    expect(afterKill.progress).toBeLessThan(1);
    const [stillProcessing] = await db.select().from(videos).where(eq(videos.id, video.id));
    expect(stillProcessing).toMatchObject({ status: 'processing', videoKey: null });
    const storage = getStorage();
    expect(await storage.exists(videoFileKey(video.id))).toBe(false);

    overrideRenderSettings({ scale: SCALE });
    startTestWorker({ db, registry: testRenderRegistry(kind), leaseMs: 30_000, pollMs: 200, listen: false });
    const published = await waitFor(
      `video ${video.id} to be published`,
      async () => {
        const [row] = await db.select().from(videos).where(eq(videos.id, video.id));
        if (row?.status === 'failed') throw new Error(`the video failed: ${row.errorCode}: ${row.errorMessage}`);
        return row?.status === 'published' ? row : null;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );

    // The second attempt started only once the dead worker's lease had lapsed, and finished the job.
    const job = (await getJob(db, jobId))!;
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(job.startedAt!.getTime()).toBeGreaterThanOrEqual(afterKill.leaseExpiresAt!.getTime());

    // Published once: one event, one file of each kind, sane numbers.
    const events = await db
      .select({ type: outboxEvents.type })
      .from(outboxEvents)
      .where(eq(outboxEvents.accountId, accountId))
      .orderBy(outboxEvents.seq);
    expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.published']);
    expect(published).toMatchObject({
      progress: 1,
      width: 720 * SCALE,
      height: 1280 * SCALE,
      videoKey: videoFileKey(video.id),
      thumbnailKey: thumbnailFileKey(video.id),
      errorCode: null,
    });
    expect(published.durationSeconds).toBeGreaterThanOrEqual(13);
    expect(published.durationSeconds).toBeLessThanOrEqual(17);
    expect(published.renderMs).toBeGreaterThan(0);
    expect(published.renderMs).toBeLessThan(120_000);

    const keys = async (prefix: string) => {
      const found: string[] = [];
      for await (const object of storage.list(prefix)) found.push(object.key);
      return found;
    };
    expect(await keys(`videos/${video.id}`)).toEqual([videoFileKey(video.id)]);
    expect(await keys(`thumbnails/${video.id}`)).toEqual([thumbnailFileKey(video.id)]);

    const mp4 = path.join(tmp, 'crash.mp4');
    await storage.downloadToFile(videoFileKey(video.id), mp4);
    const probed = await probeVideo(mp4);
    expect(probed).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 180, height: 320, faststart: true });
    expect(probed.decodedFrames).toBe(Math.round(published.durationSeconds! * 30));
    expect(probed.durationSeconds).toBeCloseTo(published.durationSeconds!, 1);
    const jpeg = path.join(tmp, 'crash.jpg');
    await storage.downloadToFile(thumbnailFileKey(video.id), jpeg);
    expect(jpegSize(readFileSync(jpeg))).toEqual({ width: 180, height: 320 });
  }, 300_000);
});
