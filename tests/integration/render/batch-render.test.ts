/**
 * A batch from the API rendered for real (issue 14): of three rows one is
 * refused with its field error; the other two render on a worker (a test
 * kind, small scale), are published with their captions file, and the batch
 * completes once: GET shows the counts and progress 1, and exactly one
 * `batch.completed` event carries them.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { jobs, outboxEvents, videos } from '@/server/db/schema';
import { createBatch, getBatch } from '@/server/batches/service';
import { createBatchInput } from '@/server/batches/schemas';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { testDb } from '../../helpers/db';
import { createTestAccount, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { SARAH, testRenderKind, testRenderRegistry } from '../../helpers/render-jobs';

const startTestWorker = useTestWorkers();
let db: Db;
const ctx = { origin: 'http://localhost' };

beforeAll(async () => {
  db = (await testDb()).db;
  await ensureRemotionBundle();
  overrideRenderSettings({ scale: 0.25 });
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  await closeSharedBrowser();
});

describe('a batch rendered end to end', () => {
  it('publishes the valid rows, lists the bad one, and completes once', async () => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const input = createBatchInput.parse({
      template_id: 'tmpl_welcome_message',
      ai_messaging: { tone: 'friendly', length: 'short', focus_points: [] },
      aspect_ratio: '9:16',
      captions: 'sidecar',
      items: [{ customer_data: SARAH }, { customer_data: { company: 'No name' } }, { customer_data: { ...SARAH, first_name: 'Miguel' } }],
    });
    // Created and moved to this test's job kind in one transaction, so no other file's worker takes them.
    const batchId = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const created = await createBatch(tx, { accountId, input, ctx });
      const body = created.body as { id: string; items: Array<{ video_id: string | null }> };
      const ids = body.items.map((i) => i.video_id).filter((id): id is string => !!id);
      const rows = await tx.select({ jobId: videos.renderJobId }).from(videos).where(inArray(videos.id, ids));
      await tx.update(jobs).set({ kind: kind.kind }).where(inArray(jobs.id, rows.map((r) => r.jobId!)));
      return body.id;
    });
    startTestWorker({ db, registry: testRenderRegistry(kind), leaseMs: 10_000, listen: false });

    const done = await waitFor(
      'the batch to complete',
      async () => {
        const b = await getBatch(db, { accountId, id: batchId, ctx });
        return b.status === 'completed' ? b : null;
      },
      { timeoutMs: 240_000, intervalMs: 500 },
    );
    expect(done.counts).toEqual({ total: 3, accepted: 2, rejected: 1, processing: 0, published: 2, failed: 0, cancelled: 0 });
    expect(done.progress).toBe(1);
    expect(done.estimated_completion).toBeNull();
    expect(done.items.map((i) => i.status)).toEqual(['published', 'rejected', 'published']);
    expect(done.items[1]!.errors).toEqual([{ field: 'customer_data.first_name', message: 'is required' }]);
    expect(done.items[0]!.url).toMatch(/^http:\/\/localhost\/.+\.mp4$/);

    const [video] = await db.select().from(videos).where(eq(videos.id, done.items[2]!.video_id!));
    expect(video).toMatchObject({ status: 'published', batchId, batchRow: 2, captions: 'sidecar' });
    expect(video!.captionsKey).toBeTruthy();

    const events = await db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.type, 'batch.completed')));
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as { batch: { id: string; counts: { published: number } } }).batch).toMatchObject({ id: batchId, counts: { published: 2 } });
  }, 300_000);
});
