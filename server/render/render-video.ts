/**
 * The `render` job: script → MP4 + thumbnail → storage → published.
 *
 * The handler writes the script (once, stored on the video so a re-render is
 * reproducible), renders into a temp folder, and copies both files to storage
 * under their final keys only once complete. The commit function then moves
 * the video processing → published, updates the counters, adds it to the
 * account library and writes `video.published`, in the transaction that
 * completes the job. When the job fails for good, onFinalFailure moves the
 * video to `failed` with a machine-readable code and writes `video.failed`.
 *
 * Failures that retrying cannot help fail at once (PermanentJobError):
 * `template_not_found` (the template was removed since the video was
 * created), `invalid_customer_data` (customer_data no longer fits the
 * template's schema), `invalid_input` (other stored input the script writer
 * refuses), `invalid_props` (props the composition refuses), `template_error`
 * (the composition threw while rendering) and `render_timeout`. Anything else
 * (a crashed browser, a storage outage) is retried with backoff.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Brand, CompositionProps } from '../../remotion/props';
import { scriptSchema, type Script } from '../../remotion/script';
import { getTemplate, TEMPLATE_IDS, validateCustomerData } from '../../remotion/templates/registry';
import { getDb, type Db } from '../db/client';
import { videos, type Job, type Video } from '../db/schema';
import { PermanentJobError, type JobFailure } from '../jobs/errors';
import type { CommitFn, JobContext } from '../jobs/registry';
import { addRenderedVideoToLibrary } from '../library/service';
import { errorFields, logger } from '../lib/logger';
import { getStorage } from '../storage';
import { adjustVideoCount } from '../videos/counters';
import { writeVideoEvent } from '../videos/service';
import { resolveBrand } from './brand';
import { withBrandDefaults, writeScriptWithKit } from '../brand/service';
import { permanentRenderFailure } from './failures';
import { renderVideoFiles } from './renderer';

export const videoFileKey = (videoId: string) => `videos/${videoId}.mp4`;
export const thumbnailFileKey = (videoId: string) => `thumbnails/${videoId}.jpg`;

type Payload = { videoId: string };

async function loadProcessingVideo(db: Db, videoId: string): Promise<Video | null> {
  const [row] = await db
    .select()
    .from(videos)
    .where(and(eq(videos.id, videoId), eq(videos.status, 'processing'), isNull(videos.deletedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * The API validated the input when the video was created, but templates
 * change (removed, or a field became required) and rows can be written by
 * other means: check again, and say precisely what no longer fits.
 */
function assertRenderableInput(row: Video): void {
  if (!getTemplate(row.templateId)) {
    throw new PermanentJobError(
      'template_not_found',
      `Template "${row.templateId}" does not exist; available: ${TEMPLATE_IDS.join(', ')}`,
    );
  }
  const data = validateCustomerData(row.templateId, row.customerData);
  if (!data.ok) {
    throw new PermanentJobError(
      'invalid_customer_data',
      `customer_data does not fit ${row.templateId}: ${data.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    );
  }
}

/** The stored script, or a new one written (and stored) now, with the brand kit's CTA label. */
async function ensureScript(db: Db, row: Video, signal: AbortSignal): Promise<Script> {
  const stored = scriptSchema.safeParse(row.script);
  if (stored.success) return stored.data;
  const { script, writer } = await writeScriptWithKit(row.brandKit, { templateId: row.templateId, customerData: row.customerData, aiMessaging: row.aiMessaging }, { signal });
  await db
    .update(videos)
    .set({ script: script as unknown as Record<string, unknown>, updatedAt: new Date() })
    .where(and(eq(videos.id, row.id), isNull(videos.script)));
  logger.info('script written', { videoId: row.id, writer });
  return script;
}

function progressWriter(db: Db, videoId: string, ctx: JobContext<Payload>) {
  let lastWrite = 0;
  return (progress: number) => {
    ctx.setProgress(progress);
    const now = Date.now();
    if (now - lastWrite < 1000 && progress < 1) return;
    lastWrite = now;
    db.update(videos)
      .set({ progress: Math.round(progress * 1000) / 1000 })
      .where(and(eq(videos.id, videoId), eq(videos.status, 'processing')))
      .catch((err) => logger.warn('could not save render progress', { videoId, ...errorFields(err) }));
  };
}

export async function handleRenderJob(ctx: JobContext<Payload>): Promise<CommitFn | void> {
  const db = await getDb();
  const row = await loadProcessingVideo(db, ctx.payload.videoId);
  // Deleted, or already finished by an earlier attempt: nothing to do.
  if (!row) return;

  assertRenderableInput(row);
  let props: CompositionProps;
  try {
    // The caller's customer_data with the brand kit's colour, logo and CTA link where it left them out.
    const customerData = withBrandDefaults(row.customerData, row.brandKit);
    const script = await ensureScript(db, row, ctx.signal);
    const brand: Brand = await resolveBrand(customerData);
    props = {
      template_id: row.templateId,
      customer_data: customerData,
      script,
      aspect_ratio: row.aspectRatio as CompositionProps['aspect_ratio'],
      resolution: row.resolution as CompositionProps['resolution'],
      brand,
    };
    await db
      .update(videos)
      .set({ renderStartedAt: new Date(), progress: 0, brand })
      .where(eq(videos.id, row.id));
  } catch (err) {
    if ((err as { code?: string }).code === 'validation_error') {
      throw new PermanentJobError('invalid_input', (err as Error).message, { cause: err });
    }
    throw err;
  }

  const started = Date.now();
  let out;
  try {
    out = await renderVideoFiles({ props, signal: ctx.signal, onProgress: progressWriter(db, row.id, ctx) });
  } catch (err) {
    throw permanentRenderFailure(err) ?? err;
  }
  try {
    const storage = getStorage();
    // Both files are complete on disk; each put is atomic, so no partial file is ever public.
    await storage.putFile(thumbnailFileKey(row.id), out.thumbnailPath, { contentType: 'image/jpeg' });
    await storage.putFile(videoFileKey(row.id), out.videoPath, { contentType: 'video/mp4' });
  } finally {
    await out.cleanup();
  }
  const renderMs = Date.now() - started;
  const result = {
    engine: out.engine,
    durationSeconds: out.durationSeconds,
    width: out.width,
    height: out.height,
    sizeBytes: out.sizeBytes,
    renderMs,
    templateVersion: out.templateVersion,
    timings: out.timings,
  };

  return async (tx) => {
    const now = new Date();
    const [published] = await tx
      .update(videos)
      .set({
        status: 'published',
        progress: 1,
        durationSeconds: out.durationSeconds,
        width: out.width,
        height: out.height,
        sizeBytes: out.sizeBytes,
        videoKey: videoFileKey(row.id),
        thumbnailKey: thumbnailFileKey(row.id),
        templateVersion: out.templateVersion,
        renderMs,
        publishedAt: now,
        updatedAt: now,
        errorCode: null,
        errorMessage: null,
      })
      .where(and(eq(videos.id, row.id), eq(videos.status, 'processing'), isNull(videos.deletedAt)))
      .returning();
    if (!published) {
      const [gone] = await tx.select({ deletedAt: videos.deletedAt, status: videos.status }).from(videos).where(eq(videos.id, row.id));
      if (gone?.deletedAt || gone?.status === 'cancelled') {
        // Deleted or cancelled while it rendered: the files just stored must not stay (or become) public.
        const storage = getStorage();
        await storage.delete(videoFileKey(row.id));
        await storage.delete(thumbnailFileKey(row.id));
      }
      return { ...result, skipped: 'video no longer processing' };
    }
    await adjustVideoCount(tx, published.accountId, 'processing', 'published');
    await addRenderedVideoToLibrary(tx, {
      accountId: published.accountId,
      videoId: published.id,
      title: published.title,
      videoKey: videoFileKey(published.id),
      posterKey: thumbnailFileKey(published.id),
      durationMs: Math.round(out.durationSeconds * 1000),
      width: out.width,
      height: out.height,
      aspectRatio: published.aspectRatio,
      sizeBytes: out.sizeBytes,
    });
    await writeVideoEvent(tx, 'video.published', published);
    return result;
  };
}

/** The render failed for good: the video says why, and the outbox tells webhooks. */
export async function onRenderFailed(tx: Db, job: Job, failure: JobFailure): Promise<void> {
  const videoId = (job.payload as Partial<Payload> | null)?.videoId;
  if (!videoId) return;
  const [failed] = await tx
    .update(videos)
    .set({ status: 'failed', errorCode: failure.code, errorMessage: failure.message, updatedAt: new Date() })
    .where(and(eq(videos.id, videoId), eq(videos.status, 'processing'), isNull(videos.deletedAt)))
    .returning();
  if (!failed) return;
  await adjustVideoCount(tx, failed.accountId, 'processing', 'failed');
  await writeVideoEvent(tx, 'video.failed', failed);
}
