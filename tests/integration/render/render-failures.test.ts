/**
 * Inputs that can never render, through the real worker, handler and
 * renderer: each video ends `failed` with its own error code after a single
 * attempt (retrying cannot help), a `video.failed` event is written, and
 * nothing is left behind: no file in storage, no temp folder.
 *
 * The first two are rows the API would refuse today, written as if the
 * template had changed after the video was created. Renders are scaled down
 * (overrideRenderSettings), and the process's TMPDIR points at a folder of
 * this file's own, so "no temp folder left" is not confused with the renders
 * of files running in parallel.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { outboxEvents, videos } from '@/server/db/schema';
import { getJob } from '@/server/jobs/queue';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { thumbnailFileKey, videoFileKey } from '@/server/render/render-video';
import { closeSharedBrowser, overrideRenderSettings, type RenderSettings } from '@/server/render/renderer';
import { getStorage } from '@/server/storage';
import { testDb } from '../../helpers/db';
import { createTestAccount, useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { createTestVideo, SARAH, testRenderKind, testRenderRegistry } from '../../helpers/render-jobs';

const startTestWorker = useTestWorkers();
const SCALE = 0.25;

// A PNG that passes the signature check (server/render/brand.ts) but is corrupt after it,
// like a logo cut short by a broken upload: only the browser can tell, when it fails to decode it.
const CORRUPT_PNG = `data:image/png;base64,${Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452deadbeef', 'hex'),
]).toString('base64')}`;

let db: Db;
let tmp: string;
let savedTmpdir: string | undefined;

beforeAll(async () => {
  db = (await testDb()).db;
  await ensureRemotionBundle();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-failures-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  overrideRenderSettings({ scale: SCALE });
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  // The browser keeps its profile under TMPDIR: close it before the folder goes.
  await closeSharedBrowser();
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(tmp, { recursive: true, force: true });
});

interface FailureCase {
  name: string;
  input?: Parameters<typeof createTestVideo>[1]['input'];
  tamper?: (tx: Db, videoId: string) => Promise<void>;
  settings?: Partial<RenderSettings>;
  code: string;
  message: RegExp;
}

const cases: FailureCase[] = [
  {
    name: 'customer_data that no longer fits the template schema',
    tamper: async (tx, id) => {
      await tx.update(videos).set({ customerData: { company: 'Acme Inc.', first_name: 42 } }).where(eq(videos.id, id));
    },
    code: 'invalid_customer_data',
    message: /^customer_data does not fit tmpl_welcome_message: customer_data\.first_name: /,
  },
  {
    name: 'a template that no longer exists',
    tamper: async (tx, id) => {
      await tx.update(videos).set({ templateId: 'tmpl_spring_sale_2019' }).where(eq(videos.id, id));
    },
    code: 'template_not_found',
    message: /^Template "tmpl_spring_sale_2019" does not exist; available: tmpl_welcome_message, /,
  },
  {
    name: 'a template that throws while rendering (a logo the browser cannot decode)',
    input: { customer_data: { ...SARAH, brand_color: '#E4572E', logo_url: CORRUPT_PNG } },
    code: 'template_error',
    message: /^The template failed to render( frame \d+)?: Error loading image with src: data:image\/png;base64,iVBOR/,
  },
  {
    name: 'a render that exceeds its timeout',
    settings: { timeoutMs: 2_000 },
    code: 'render_timeout',
    message: /^Render took longer than 2 s and was stopped$/,
  },
];

describe('videos that cannot render fail at once, with a code, leaving nothing behind', () => {
  it.each(cases)('$name → $code', async ({ input, tamper, settings, code, message }) => {
    const accountId = await createTestAccount(db);
    const kind = testRenderKind();
    const { video, jobId } = await createTestVideo(db, { accountId, kind, input, tamper });
    overrideRenderSettings({ scale: SCALE, ...settings });
    try {
      startTestWorker({ db, registry: testRenderRegistry(kind), leaseMs: 30_000, listen: false });
      const failed = await waitFor(
        `video ${video.id} to fail`,
        async () => {
          const [row] = await db.select().from(videos).where(eq(videos.id, video.id));
          return row?.status === 'failed' || row?.status === 'published' ? row : null;
        },
        { timeoutMs: 90_000, intervalMs: 100 },
      );
      expect(failed).toMatchObject({ status: 'failed', errorCode: code, videoKey: null, thumbnailKey: null });
      expect(failed.errorMessage).toMatch(message);

      // One attempt: the job failed for good instead of going back to the queue.
      const job = await getJob(db, jobId);
      expect(job).toMatchObject({ status: 'failed', attempts: 1, lastError: { code } });

      const events = await db
        .select({ type: outboxEvents.type, payload: outboxEvents.payload })
        .from(outboxEvents)
        .where(eq(outboxEvents.accountId, accountId))
        .orderBy(outboxEvents.seq);
      expect(events.map((e) => e.type)).toEqual(['video.created', 'video.processing', 'video.failed']);
      expect((events[2]!.payload as { video: { error: unknown } }).video.error).toEqual({
        code,
        message: failed.errorMessage,
      });

      const storage = getStorage();
      expect(await storage.exists(videoFileKey(video.id))).toBe(false);
      expect(await storage.exists(thumbnailFileKey(video.id))).toBe(false);
      expect(readdirSync(tmp).filter((name) => name.startsWith('cw-render-'))).toEqual([]);
      // Remotion removes its own folders a moment after a cancelled render; only the browser's profile stays.
      await waitFor('the renderer to remove its temp folders', () =>
        readdirSync(tmp).every((name) => name.startsWith('puppeteer_dev_chrome_profile-')),
      );
    } finally {
      overrideRenderSettings({ scale: SCALE });
    }
  });
});
