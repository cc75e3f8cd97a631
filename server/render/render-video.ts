/**
 * The `render` job: script → MP4 + thumbnail (per format) + captions →
 * storage → published.
 *
 * The handler writes the script (once, stored on the video so a re-render is
 * reproducible), renders each format of the video (its own aspect ratio
 * first, then the other `aspect_ratios`, videos/renditions.ts) into temp
 * folders, with the captions burned in when asked, and copies every file to
 * storage under its final key only once all are complete, with the WebVTT
 * captions (videos/webvtt.ts) beside the MP4 unless captions are off. The commit function then moves
 * the video processing → published, updates the counters, adds it to the
 * account library and writes `video.published`, in the transaction that
 * completes the job. When the job fails for good, onFinalFailure moves the
 * video to `failed` with a machine-readable code and writes `video.failed`.
 *
 * A video at least RENDER_CHUNK_MIN_SECONDS long, with RENDER_CHUNK_SECONDS
 * set, is not drawn here: the handler queues its frame-range chunks for every
 * heavy-lane worker (render-chunks.ts) and the join publishes it through
 * publishRenderOutputs, the same path as below.
 *
 * With RENDER_BACKEND=lambda the formats are rendered on Remotion Lambda
 * instead: this job starts them (lambda-render.ts) and a `render.lambda` job
 * publishes their files through publishRenderOutputs too (lambda-poll.ts).
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
import { getEnv } from '../env';
import { permanentRenderFailure } from './failures';
import { startLambdaRender } from './lambda-render';
import { fanOutRender, planChunkedRender } from './render-chunks';
import { engineFor, renderSettings, renderVideoFiles, type RenderOutput } from './renderer';
import { captionsFileKey, formatsOfRow, mainFileKeys, renditionFileKeys, type StoredRendition } from '../videos/renditions';
import { webVttForScript } from '../videos/webvtt';

/** The video's own format's files (other formats: videos/renditions.ts renditionFileKeys). */
export const videoFileKey = (videoId: string) => mainFileKeys(videoId).video;
export const thumbnailFileKey = (videoId: string) => mainFileKeys(videoId).thumbnail;

type Payload = { videoId: string };

/** The video if it still waits for its render (processing, not deleted); else null. */
export async function loadProcessingVideo(db: Db, videoId: string): Promise<Video | null> {
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

/** Reports progress to the job at once and to the video at most once a second (and at 1). */
export function progressWriter(db: Db, videoId: string, ctx: Pick<JobContext<unknown>, 'setProgress'>) {
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

/**
 * The props the composition receives: the stored script (or one written now),
 * the brand kit's defaults, the resolved brand; marks the render started.
 */
export async function prepareRenderProps(db: Db, row: Video, signal: AbortSignal): Promise<CompositionProps> {
  assertRenderableInput(row);
  let props: CompositionProps;
  try {
    // The caller's customer_data with the brand kit's colour, logo and CTA link where it left them out.
    const customerData = withBrandDefaults(row.customerData, row.brandKit);
    const script = await ensureScript(db, row, signal);
    const brand: Brand = await resolveBrand(customerData);
    props = {
      template_id: row.templateId,
      customer_data: customerData,
      script,
      aspect_ratio: row.aspectRatio as CompositionProps['aspect_ratio'],
      resolution: row.resolution as CompositionProps['resolution'],
      brand,
      ...(row.captions === 'burned' ? { burned_captions: true } : {}),
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
  return props;
}

export async function handleRenderJob(
  ctx: JobContext<Payload>,
  options: { backend?: 'local' | 'lambda'; lambdaPollKind?: Parameters<typeof startLambdaRender>[0]['pollKind'] } = {},
): Promise<CommitFn | void> {
  const db = await getDb();
  const row = await loadProcessingVideo(db, ctx.payload.videoId);
  // Deleted, or already finished by an earlier attempt: nothing to do.
  if (!row) return;

  const props = await prepareRenderProps(db, row, ctx.signal);
  const formats = formatsOfRow(row);
  if ((options.backend ?? getEnv().RENDER_BACKEND) === 'lambda') {
    return startLambdaRender({ row, props, formats, signal: ctx.signal, pollKind: options.lambdaPollKind });
  }
  // A long video with RENDER_CHUNK_SECONDS set: chunks for every heavy worker instead of one render here.
  const chunked = planChunkedRender({ props, formats });
  if (chunked) return fanOutRender(ctx.job, row, props, formats, chunked, engineFor(props.template_id, renderSettings().engine).engine);

  // Every format in turn, the video's own first, each into its own temp folder; nothing is stored until all
  // are done, so a cancel or a failure midway leaves no file.
  const started = Date.now();
  const onProgress = progressWriter(db, row.id, ctx);
  const outs: RenderOutput[] = [];
  const cleanupAll = () => Promise.all(outs.map((o) => o.cleanup()));
  try {
    for (const [i, aspectRatio] of formats.entries()) {
      outs.push(
        await renderVideoFiles({
          props: { ...props, aspect_ratio: aspectRatio },
          signal: ctx.signal,
          onProgress: (p) => onProgress((i + p) / formats.length),
        }),
      );
    }
  } catch (err) {
    await cleanupAll();
    throw permanentRenderFailure(err) ?? err;
  }
  return publishRenderOutputs({ row, script: props.script, formats, outs, renderMs: Date.now() - started });
}

/**
 * Stores the rendered files of every format (and the captions) under their
 * final keys and returns the commit that publishes the video; removes the
 * temp folders. The one publish path of whole, chunked and Lambda renders
 * (a Lambda render's files, once downloaded, are published exactly like ours).
 */
export async function publishRenderOutputs(params: {
  row: Video;
  script: Script;
  formats: ReturnType<typeof formatsOfRow>;
  outs: RenderOutput[];
  /** Time spent rendering (for a split render, the chunks' time on their workers plus the join). */
  renderMs: number;
  /** Merged into the job's result (the Lambda backend's render ids and costs). */
  extra?: Record<string, unknown>;
}): Promise<CommitFn> {
  const { row, script, formats, outs, renderMs } = params;
  const cleanupAll = () => Promise.all(outs.map((o) => o.cleanup()));
  const main = outs[0]!;
  const keys = formats.map((aspectRatio, i) => renditionFileKeys(row.id, aspectRatio, i === 0));
  const captionsKey = row.captions === 'off' ? null : captionsFileKey(row.id);
  try {
    const storage = getStorage();
    // Every file is complete on disk; each put is atomic, so no partial file is ever public.
    for (const [i, out] of outs.entries()) {
      await storage.putFile(keys[i]!.thumbnail, out.thumbnailPath, { contentType: 'image/jpeg' });
      await storage.putFile(keys[i]!.video, out.videoPath, { contentType: 'video/mp4' });
    }
    if (captionsKey) {
      await storage.put(captionsKey, Buffer.from(webVttForScript(row.templateId, script), 'utf8'), {
        contentType: 'text/vtt; charset=utf-8',
      });
    }
  } finally {
    await cleanupAll();
  }
  const result = {
    engine: main.engine,
    formats,
    durationSeconds: main.durationSeconds,
    width: main.width,
    height: main.height,
    sizeBytes: main.sizeBytes,
    renderMs,
    templateVersion: main.templateVersion,
    timings: main.timings,
    ...params.extra,
  };
  const renditions: StoredRendition[] | null =
    formats.length > 1
      ? outs.slice(1).map((out, j) => ({
          aspect_ratio: formats[j + 1]!,
          video_key: keys[j + 1]!.video,
          thumbnail_key: keys[j + 1]!.thumbnail,
          width: out.width,
          height: out.height,
          size_bytes: out.sizeBytes,
        }))
      : null;

  return async (tx) => {
    const now = new Date();
    const [published] = await tx
      .update(videos)
      .set({
        status: 'published',
        progress: 1,
        durationSeconds: main.durationSeconds,
        width: main.width,
        height: main.height,
        sizeBytes: main.sizeBytes,
        videoKey: keys[0]!.video,
        thumbnailKey: keys[0]!.thumbnail,
        captionsKey,
        renditions,
        templateVersion: main.templateVersion,
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
        for (const key of [...keys.flatMap((k) => [k.video, k.thumbnail]), ...(captionsKey ? [captionsKey] : [])]) {
          await storage.delete(key);
        }
      }
      return { ...result, skipped: 'video no longer processing' };
    }
    await adjustVideoCount(tx, published.accountId, 'processing', 'published');
    await addRenderedVideoToLibrary(tx, {
      accountId: published.accountId,
      videoId: published.id,
      title: published.title,
      videoKey: keys[0]!.video,
      posterKey: keys[0]!.thumbnail,
      durationMs: Math.round(main.durationSeconds * 1000),
      width: main.width,
      height: main.height,
      aspectRatio: published.aspectRatio,
      sizeBytes: main.sizeBytes,
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
