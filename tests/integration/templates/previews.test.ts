/**
 * Template previews through the real machinery: the API answers
 * `preview_thumbnail: null` while no preview of the current template version
 * is stored (one of an older version does not count), enqueueing at worker
 * start makes one `template.preview` job per template and version however
 * often it runs, and a worker running those jobs (real bundle, real Chromium,
 * scale 0.25) stores JPEG stills the API then links to and /files serves.
 * Storage is a private temp folder, so earlier runs leave nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as templatesRoute } from '@/app/api/v1/templates/route';
import { GET as templateRoute } from '@/app/api/v1/templates/[template_id]/route';
import { GET as filesRoute } from '@/app/files/[...key]/route';
import { templates } from '@/remotion/templates/registry';
import type { Db } from '@/server/db/client';
import { jobs } from '@/server/db/schema';
import { createJobRegistry } from '@/server/jobs/kinds';
import { cancelJob } from '@/server/jobs/queue';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { getStorage, LocalStorageDriver, setStorage, type StorageDriver } from '@/server/storage';
import { templatePreviewJob } from '@/server/templates/preview-job';
import { enqueueMissingTemplatePreviews, templatePreviewKey } from '@/server/templates/previews';
import { testDb } from '../../helpers/db';
import { callRoute, createKey, createUser } from '../../helpers/factories';
import { useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { jpegSize } from '../../helpers/media-files';

const startWorker = useTestWorkers();
const root = mkdtempSync(path.join(os.tmpdir(), 'cw-template-previews-'));
let db: Db;
let key: string;
let version: string;
let previous: StorageDriver;

beforeAll(async () => {
  db = (await testDb()).db;
  const user = await createUser(db);
  key = (await createKey(db, user.account.id)).secret;
  previous = getStorage();
  setStorage(new LocalStorageDriver({ root, publicBaseUrl: '/files' }));
  overrideRenderSettings({ scale: 0.25 });
  // Bundling (only when build/ is missing or stale) must not count against the render test.
  ({ version } = await ensureRemotionBundle());
  // `npm run worker` processes spawned by other files enqueue previews at start: start from none.
  for (const job of await activePreviewJobs()) await cancelJob(db, { id: job.id });
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  setStorage(previous);
  await closeSharedBrowser();
  rmSync(root, { recursive: true, force: true });
});

async function activePreviewJobs() {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, templatePreviewJob.kind), inArray(jobs.status, ['queued', 'running'])));
}

async function readStored(storageKey: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await getStorage().read(storageKey)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('template previews', () => {
  it('are null while no preview of the current template version is stored', async () => {
    // A preview drawn by another template version must never be shown.
    await getStorage().put(templatePreviewKey('tmpl_welcome_message', '0000000000000000', '9:16'), Buffer.from([0xff, 0xd8, 0xff]));
    const list = await callRoute(templatesRoute, { key });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(templates.length);
    for (const t of list.body.data) expect(t.preview_thumbnail).toBeNull();
    const one = await callRoute(templateRoute, { key, params: { template_id: 'tmpl_welcome_message' } });
    expect(one.status).toBe(200);
    expect(one.body.preview_thumbnail).toBeNull();
  });

  it('enqueues one job per template and version, however often workers start', async () => {
    // Delayed, as at worker start, so no worker of this run can take them before they are cancelled.
    const first = await enqueueMissingTemplatePreviews(db, { delayMs: 3_600_000 });
    const second = await enqueueMissingTemplatePreviews(db, { delayMs: 3_600_000 });
    try {
      expect(first.version).toBe(version);
      expect(first.previews.map((p) => p.templateId)).toEqual(templates.map((t) => t.id));
      expect(first.previews.every((p) => p.created)).toBe(true);
      expect(second.previews.map((p) => [p.templateId, p.jobId, p.created])).toEqual(
        first.previews.map((p) => [p.templateId, p.jobId, false]),
      );
      const active = await activePreviewJobs();
      expect(active).toHaveLength(templates.length);
      for (const job of active) {
        const payload = job.payload as { templateId: string; version: string };
        expect(payload.version).toBe(version);
        expect(job.dedupeKey).toBe(`${payload.templateId}:${version}`);
        // Claimed after customer renders (0) and housekeeping (10).
        expect(job.priority).toBeGreaterThan(10);
        expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
      }
    } finally {
      for (const p of first.previews) await cancelJob(db, { id: p.jobId });
    }
  });

  it(
    'are rendered by the worker as JPEG stills that the API links to and /files serves',
    async () => {
      const { previews } = await enqueueMissingTemplatePreviews(db);
      expect(previews).toHaveLength(templates.length);
      startWorker({ db, registry: createJobRegistry(), kinds: [templatePreviewJob.kind], leaseMs: 30_000 });
      const ids = previews.map((p) => p.jobId);
      const done = await waitFor(
        'the preview jobs to finish',
        async () => {
          const rows = await db.select().from(jobs).where(inArray(jobs.id, ids));
          return rows.every((r) => r.status === 'succeeded' || r.status === 'failed') && rows;
        },
        { timeoutMs: 150_000, intervalMs: 200 },
      );
      expect(done.map((r) => [r.status, r.lastError])).toEqual(ids.map(() => ['succeeded', null]));

      const list = await callRoute(templatesRoute, { key });
      for (const t of list.body.data as Array<{ id: string; preview_thumbnail: string | null }>) {
        const storageKey = templatePreviewKey(t.id, version, '9:16');
        expect(t.preview_thumbnail).toBe(`http://localhost/files/${storageKey}`);
        const bytes = await readStored(storageKey);
        expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        // 720×1280 at the render scale of 0.25.
        expect(jpegSize(bytes)).toEqual({ width: 180, height: 320 });
      }

      const one = await callRoute(templateRoute, { key, params: { template_id: 'tmpl_usage_recap' } });
      const url = new URL(one.body.preview_thumbnail);
      const res = await filesRoute(new Request(url), {
        params: Promise.resolve({ key: url.pathname.replace(/^\/files\//, '').split('/') }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');

      // Once stored, a worker start enqueues nothing more for this version.
      expect((await enqueueMissingTemplatePreviews(db)).previews).toEqual([]);
    },
    180_000,
  );
});
