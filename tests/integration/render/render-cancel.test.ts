/**
 * Cancelling a render that is running (issue 14): the video is `cancelled` at
 * once; the worker's render notices within seconds (its lease renewal fails),
 * stops, frees the worker for the next job, and no file is left in storage;
 * the video's render can then run again.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, videos } from '@/server/db/schema';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { thumbnailFileKey, videoFileKey } from '@/server/render/render-video';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { getStorage } from '@/server/storage';
import { cancelVideo, retryVideo } from '@/server/videos/service';
import { testDb } from '../../helpers/db';
import { createTestAccount, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { createTestVideo, testRenderKind, testRenderRegistry } from '../../helpers/render-jobs';

const startTestWorker = useTestWorkers();
let db: Db;

beforeAll(async () => {
  db = (await testDb()).db;
  await ensureRemotionBundle();
  overrideRenderSettings({ scale: 0.25 });
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  await closeSharedBrowser();
});

describe('cancelling a running render', () => {
  it('stops it within seconds, frees the worker, leaves no file, and can render again', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    // A long script: the render is still running when it is cancelled.
    const { video, jobId } = await createTestVideo(db, { accountId, kind, input: { ai_messaging: { tone: 'friendly', length: 'long', focus_points: [] } } });
    startTestWorker({ db, registry: testRenderRegistry(kind), leaseMs: 3_000, listen: false });

    await waitFor('render to start', async () => {
      const [row] = await db.select({ progress: videos.progress, started: videos.renderStartedAt }).from(videos).where(eq(videos.id, video.id));
      return row?.started && row.progress > 0 ? row : null;
    }, { timeoutMs: 120_000, intervalMs: 50 });

    const cancelledAt = Date.now();
    const out = await cancelVideo(db, { accountId, id: video.id, ctx: { origin: 'http://localhost' } });
    expect(out.status).toBe('cancelled');

    const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
    expect(job?.status).toBe('cancelled');
    // The worker (one job at a time) is free again: the next video's render starts.
    const next = await createTestVideo(db, { accountId, kind });
    const freed = await waitFor('the next render to start', async () => {
      const [row] = await db.select({ started: videos.renderStartedAt }).from(videos).where(eq(videos.id, next.video.id));
      return row?.started ? Date.now() : null;
    }, { timeoutMs: 60_000, intervalMs: 50 });
    expect(freed - cancelledAt).toBeLessThan(20_000);

    // No file, now or once the render's own cleanup has run.
    await new Promise((r) => setTimeout(r, 2_000));
    const storage = getStorage();
    expect(await storage.stat(videoFileKey(video.id))).toBeNull();
    expect(await storage.stat(thumbnailFileKey(video.id))).toBeNull();
    const [row] = await db.select().from(videos).where(eq(videos.id, video.id));
    expect(row).toMatchObject({ status: 'cancelled', videoKey: null, thumbnailKey: null });

    // Rendered again on request: a new job of the production kind (not picked up by this test's worker).
    const again = await retryVideo(db, { accountId, id: video.id, ctx: { origin: 'http://localhost' } });
    expect(again.status).toBe('processing');
  }, 240_000);
});
