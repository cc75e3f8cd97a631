/**
 * Personalized videos: create (with idempotency), list, get, submit, retry,
 * delete. Every statement is scoped to the caller's account; state changes,
 * the status counters, the render job and the outbox event commit together.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { getTemplate, validateCustomerData } from '../../remotion/templates/registry';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { jobs, projects, videos, type Video, type VideoStatus } from '../db/schema';
import { computeAnalytics } from '../analytics/metrics';
import { cancelJob, enqueueJob } from '../jobs/queue';
import { cancelRenderChunks, chunkParallelism } from '../render/render-chunks';
import { writeOutboxEvent } from '../jobs/outbox';
import { AppError, type ErrorDetail } from '../lib/errors';
import { withIdempotency, type IdempotentResult } from '../lib/idempotency';
import { newVideoId } from '../lib/ids';
import { checkedOutput } from '../lib/output';
import { paginationOf } from '../lib/pagination';
import { isoOrNull, isoSeconds } from '../lib/time';
import { absoluteUrl, appOrigin } from '../lib/urls';
import { focusPointsOverCapacity } from '../messaging/plan';
import { aiMessagingSchema } from '../messaging/schemas';
import { renderVideoJob } from '../render/render-job';
import { getStorage } from '../storage';
import { hideObjects, moveHidden } from '../storage/trash';
import { softDeleteRenderedLibraryVideo } from '../library/service';
import type { Sender } from '../brand/schemas';
import { getBrandKit, kitSnapshot, senderOf } from '../brand/service';
import { settleBatch } from '../batches/summary';
import { adjustVideoCount, countVideos } from './counters';
import { estimateCompletion } from './estimate';
import { checkFormats, extraRenditions, formatsOf, formatsOfRow, initialRenditions, videoFileKeys } from './renditions';
import {
  createVideoResponse,
  videoDetail,
  videoListItem,
  type CreateVideoInput,
  type ListVideosQuery,
  type VideoDetail,
  type VideoListItem,
} from './schemas';

export type VideoEventType = 'video.created' | 'video.processing' | 'video.published' | 'video.failed' | 'video.cancelled' | 'video.deleted';

/** Where absolute URLs in outputs point (request origin or APP_URL). */
export interface OutputContext {
  origin: string;
}

function fileUrl(key: string | null, ctx: OutputContext): string | null {
  return key ? absoluteUrl(getStorage().publicUrl(key), ctx.origin) : null;
}

export function shareUrl(videoId: string, ctx: OutputContext): string {
  return `${ctx.origin}/v/${videoId}`;
}

/** The columns a list item shows, no more: the list maps every selected field of every row (script and customer data are JSON). */
const listColumns = {
  id: videos.id,
  title: videos.title,
  status: videos.status,
  durationSeconds: videos.durationSeconds,
  createdAt: videos.createdAt,
  videoKey: videos.videoKey,
  thumbnailKey: videos.thumbnailKey,
};
type VideoListRow = Pick<Video, keyof typeof listColumns>;

function publicStatus(row: Pick<Video, 'status' | 'durationSeconds'>) {
  const published = row.status === 'published';
  return {
    duration: published && row.durationSeconds != null ? Math.round(row.durationSeconds * 100) / 100 : null,
  };
}

export function toVideoListItem(row: VideoListRow, ctx: OutputContext): VideoListItem {
  const published = row.status === 'published';
  return checkedOutput(videoListItem, {
    id: row.id,
    title: row.title,
    status: row.status,
    duration: publicStatus(row).duration,
    created_at: isoSeconds(row.createdAt),
    url: published ? fileUrl(row.videoKey, ctx) : null,
    thumbnail: published ? fileUrl(row.thumbnailKey, ctx) : null,
  });
}

export function toVideoDetail(row: Video, ctx: OutputContext, extra: { estimatedCompletion?: Date | null } = {}): VideoDetail {
  const published = row.status === 'published';
  return checkedOutput(videoDetail, {
    id: row.id,
    title: row.title,
    status: row.status,
    duration: publicStatus(row).duration,
    created_at: isoSeconds(row.createdAt),
    updated_at: isoSeconds(row.updatedAt),
    template_id: row.templateId,
    project_id: row.projectId,
    aspect_ratio: row.aspectRatio,
    url: published ? fileUrl(row.videoKey, ctx) : null,
    thumbnail: published ? fileUrl(row.thumbnailKey, ctx) : null,
    customer_data: row.customerData,
    ai_messaging: row.aiMessaging ?? null,
    analytics: computeAnalytics({
      views: row.views,
      completedViews: row.completedViews,
      watchSeconds: row.watchSeconds,
      ctaClicks: row.ctaClicks,
      durationSeconds: row.durationSeconds,
    }),
    script: row.script ?? null,
    share_url: shareUrl(row.id, ctx),
    progress: row.status === 'processing' ? Math.round(row.progress * 1000) / 1000 : row.status === 'published' ? 1 : null,
    estimated_completion: row.status === 'processing' ? isoOrNull(extra.estimatedCompletion ?? null) : null,
    error: row.status === 'failed' && row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    resolution: row.resolution,
    metadata: row.metadata ?? null,
    batch_id: row.batchId,
    captions: row.captions,
    captions_url: published && row.captions !== 'off' ? fileUrl(row.captionsKey, ctx) : null,
    // The video's own format first (its main columns), then the extra ones, in one shape.
    renditions: [
      {
        aspect_ratio: row.aspectRatio,
        video_key: row.videoKey,
        thumbnail_key: row.thumbnailKey,
        width: row.width,
        height: row.height,
        size_bytes: row.sizeBytes,
      },
      ...extraRenditions(row),
    ].map((r) => ({
      aspect_ratio: r.aspect_ratio,
      status: row.status,
      url: published ? fileUrl(r.video_key, ctx) : null,
      thumbnail: published ? fileUrl(r.thumbnail_key, ctx) : null,
      width: r.width,
      height: r.height,
      size_bytes: r.size_bytes,
    })),
  });
}

/**
 * Records a video event in the outbox with the video as GET returns it. A
 * batch video's change may complete (or reopen) its batch in the same
 * transaction (batches/summary.ts settleBatch), unless the caller settles the
 * batch once itself after changing many of its videos.
 */
export async function writeVideoEvent(
  tx: Db,
  type: VideoEventType,
  row: Video,
  options: { settleBatch?: boolean } = {},
): Promise<void> {
  await writeOutboxEvent(tx, {
    accountId: row.accountId,
    type,
    payload: { video: toVideoDetail(row, { origin: appOrigin() }) },
  });
  if (row.batchId && type !== 'video.created' && options.settleBatch !== false) await settleBatch(tx, row.batchId);
}

export interface ValidatedCreate {
  input: CreateVideoInput;
  customerData: Record<string, unknown>;
  aiMessaging: Record<string, unknown> | null;
  length: 'short' | 'medium' | 'long';
  /** The account's brand kit now, kept on the video (server/brand). */
  brandKit: Record<string, string> | null;
}

/**
 * The checks of a create that need no database: the template, its
 * customer_data, ai_messaging and the script. A batch runs them per item
 * (server/batches) and the project and brand kit once.
 */
export function checkCreateInput(input: CreateVideoInput): {
  details: ErrorDetail[];
  customerData: Record<string, unknown>;
  aiMessaging: Record<string, unknown> | null;
  length: ValidatedCreate['length'];
} {
  const details: ErrorDetail[] = [];
  const template = getTemplate(input.template_id);
  let customerData: Record<string, unknown> = input.customer_data;
  if (!template) {
    details.push({ field: 'template_id', message: `unknown template "${input.template_id}" (GET /api/v1/templates lists them)` });
  } else {
    const checked = validateCustomerData(template.id, input.customer_data);
    if (checked.ok) customerData = checked.data;
    else details.push(...checked.issues);
    details.push(...checkFormats(input, template));
  }
  let aiMessaging: Record<string, unknown> | null = null;
  let length: ValidatedCreate['length'] = 'medium';
  if (input.ai_messaging !== undefined && input.ai_messaging !== null) {
    const parsed = aiMessagingSchema.safeParse(input.ai_messaging);
    if (parsed.success) {
      // Echo what the caller sent (as in the seed), not our defaults.
      aiMessaging = input.ai_messaging as Record<string, unknown>;
      length = parsed.data.length;
      if (template && !input.script) {
        const tooMany = focusPointsOverCapacity(template, parsed.data.length, parsed.data.focus_points.length);
        if (tooMany) details.push({ field: 'ai_messaging.focus_points', message: tooMany });
      }
    } else {
      for (const issue of parsed.error.issues) {
        details.push({ field: ['ai_messaging', ...issue.path.map(String)].join('.'), message: issue.message });
      }
    }
  }
  if (input.script && input.script.length !== length && aiMessaging) {
    details.push({ field: 'script.length', message: `must match ai_messaging.length (${length})` });
  }
  if (input.script) length = input.script.length;
  return { details, customerData, aiMessaging, length };
}

/** A project of the account, or a field error. */
export async function checkProject(db: Db, accountId: string, projectId: string | null | undefined): Promise<ErrorDetail | null> {
  if (!projectId) return null;
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.accountId, accountId)))
    .limit(1);
  return project ? null : { field: 'project_id', message: `no project "${projectId}" in this account` };
}

/** Throws the 422 for a list of field errors (the first named in the message). */
export function throwValidation(details: ErrorDetail[]): never {
  const first = details[0]!;
  throw new AppError(
    'validation_error',
    `${first.field}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
    details,
  );
}

/** Checks everything the schema cannot: the template, its customer_data, ai_messaging, project. */
export async function validateCreate(db: Db, accountId: string, input: CreateVideoInput): Promise<ValidatedCreate> {
  const { details, customerData, aiMessaging, length } = checkCreateInput(input);
  const projectError = await checkProject(db, accountId, input.project_id);
  if (projectError) details.push(projectError);
  if (details.length) throwValidation(details);
  return { input, customerData, aiMessaging, length, brandKit: kitSnapshot(await getBrandKit(db, accountId)) };
}

export function hashRequest(body: unknown): string {
  return createHash('sha256').update(stableStringify(body)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A batch item's link to its batch (server/batches) and its place in the render queue. */
export interface BatchLink {
  batchId: string;
  batchRow: number;
  /** The render job's order among due jobs (jobs/queue.ts fairOrderAt). */
  orderAt: Date;
}

/**
 * Inserts a validated video in the caller's transaction with its created
 * event, its render job (unless a draft) and its status counter.
 */
export async function insertVideo(
  tx: Db,
  accountId: string,
  v: ValidatedCreate,
  batch?: BatchLink,
): Promise<{ row: Video; jobOrderAt?: Date }> {
  const draft = v.input.draft === true;
  const now = new Date();
  const [row] = await tx
    .insert(videos)
    .values({
      id: newVideoId(),
      accountId,
      projectId: v.input.project_id ?? null,
      title: v.input.title,
      templateId: v.input.template_id,
      status: draft ? 'draft' : 'processing',
      aspectRatio: formatsOf(v.input)[0]!,
      renditions: initialRenditions(formatsOf(v.input)),
      captions: v.input.captions,
      resolution: v.input.resolution,
      customerData: v.customerData,
      aiMessaging: v.aiMessaging,
      script: (v.input.script as Record<string, unknown> | undefined) ?? null,
      brandKit: v.brandKit,
      metadata: v.input.metadata ?? null,
      batchId: batch?.batchId ?? null,
      batchRow: batch?.batchRow ?? null,
      submittedAt: draft ? null : now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no video');
  await writeVideoEvent(tx, 'video.created', row);
  // A new batch is settled once by its creator, not per item.
  const created = draft ? { row } : await startRender(tx, row, batch?.orderAt, { settleBatch: !batch });
  // The counter slot is a row concurrent creates may lock too: touched last, it is held only
  // until the commit, not through the inserts above.
  await adjustVideoCount(tx, accountId, null, row.status);
  return created;
}

/** Queues the render of a video that just entered `processing`, and says so in the outbox. */
async function startRender(
  tx: Db,
  row: Video,
  orderAt?: Date,
  options: { settleBatch?: boolean } = {},
): Promise<{ row: Video; jobOrderAt: Date }> {
  const { job } = await enqueueJob(tx, {
    kind: renderVideoJob,
    payload: { videoId: row.id },
    accountId: row.accountId,
    dedupeKey: row.id,
    orderAt,
  });
  const [updated] = await tx.update(videos).set({ renderJobId: job.id }).where(eq(videos.id, row.id)).returning();
  await writeVideoEvent(tx, 'video.processing', updated!, options);
  return { row: updated!, jobOrderAt: job.orderAt };
}

function scriptLength(row: Video, fallback: ValidatedCreate['length'] = 'medium'): ValidatedCreate['length'] {
  const fromScript = (row.script as { length?: string } | null)?.length;
  const fromSettings = (row.aiMessaging as { length?: string } | null)?.length;
  const value = fromScript ?? fromSettings ?? fallback;
  return value === 'short' || value === 'long' ? value : 'medium';
}

export async function estimateFor(db: Db, row: Video, jobOrderAt?: Date): Promise<Date | null> {
  if (row.status !== 'processing') return null;
  let orderAt = jobOrderAt;
  if (!orderAt && row.renderJobId) {
    const [job] = await db.select({ orderAt: jobs.orderAt }).from(jobs).where(eq(jobs.id, row.renderJobId)).limit(1);
    orderAt = job?.orderAt;
  }
  return estimateCompletion(db, {
    templateId: row.templateId,
    length: scriptLength(row),
    resolution: row.resolution,
    jobOrderAt: orderAt,
    progress: row.progress,
    formats: formatsOfRow(row).length,
    // A split render draws several chunks at once (render/render-chunks.ts).
    parallel: row.renderJobId ? ((await chunkParallelism(db, { renderJobId: row.renderJobId, accountId: row.accountId })) ?? 1) : 1,
  });
}

export type CreateVideoResult = IdempotentResult;

/**
 * Creates a video (and queues its render unless `draft`). With an
 * idempotency key the first response is stored in the same transaction; a
 * repeat with the same body gets it back (and renders nothing), a repeat with
 * another body is refused with 409. Concurrent repeats wait on the key's row.
 */
export async function createVideo(
  db: Db,
  params: { accountId: string; input: CreateVideoInput; idempotencyKey?: string | null; rawBody?: unknown; ctx: OutputContext },
): Promise<CreateVideoResult> {
  const validated = await validateCreate(db, params.accountId, params.input);
  const requestHash = params.idempotencyKey ? hashRequest(params.rawBody ?? params.input) : null;

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    return withIdempotency(tx, { accountId: params.accountId, key: params.idempotencyKey, requestHash }, async () => {
      const { row, jobOrderAt } = await insertVideo(tx, params.accountId, validated);
      const estimated = row.status === 'processing' ? await estimateFor(tx, row, jobOrderAt) : null;
      const body = checkedOutput(createVideoResponse, {
        id: row.id,
        title: row.title,
        status: row.status,
        created_at: isoSeconds(row.createdAt),
        template_id: row.templateId,
        aspect_ratio: row.aspectRatio,
        estimated_completion: isoOrNull(estimated),
      });
      return { status: 201, body };
    });
  });
}

/**
 * The query behind one page of the video list: the page's ids read from the
 * list index (videos_account_created_idx and its status and project
 * siblings, no row touched), then only those rows joined. Newest first; with
 * `fromOldest` the same index is read from the other end, so a page near the
 * end costs what a page near the start does. Exported for the EXPLAIN test
 * (tests/integration/db/list-indexes.test.ts).
 */
export function videoPageQuery(
  db: Db,
  p: { accountId: string; status?: VideoStatus; projectId?: string; limit: number; offset: number; fromOldest: boolean },
) {
  const where = and(
    eq(videos.accountId, p.accountId),
    isNull(videos.deletedAt),
    p.status ? eq(videos.status, p.status) : undefined,
    p.projectId ? eq(videos.projectId, p.projectId) : undefined,
  );
  const direction = p.fromOldest ? asc : desc;
  const keys = db
    .select({ id: videos.id, createdAt: videos.createdAt })
    .from(videos)
    .where(where)
    .orderBy(direction(videos.createdAt), direction(videos.id))
    .limit(p.limit)
    .offset(p.offset)
    .as('page_keys');
  return db
    .select({ video: listColumns })
    .from(keys)
    .innerJoin(videos, eq(videos.id, keys.id))
    .orderBy(direction(keys.createdAt), direction(keys.id));
}

/** videoPageQuery without a project filter (the common case), prepared once per shape: values bound as placeholders. */
function preparedVideoPage(db: Db, shape: { status: boolean; fromOldest: boolean }) {
  const name = `video_page_${shape.status ? 'status' : 'all'}_${shape.fromOldest ? 'asc' : 'desc'}`;
  return prepared(db, name, (d) =>
    videoPageQuery(d, {
      accountId: sql.placeholder('accountId') as unknown as string,
      status: shape.status ? (sql.placeholder('status') as unknown as VideoStatus) : undefined,
      limit: sql.placeholder('limit') as unknown as number,
      offset: sql.placeholder('offset') as unknown as number,
      fromOldest: shape.fromOldest,
    }).prepare(name),
  );
}

/**
 * Where a page (newest first) lies, and from which end of the index to read
 * it: the end nearer to it. Pure, unit tested.
 */
export function planVideoPage(total: number, page: number, limit: number): { offset: number; limit: number; fromOldest: boolean } | null {
  const offset = (page - 1) * limit;
  if (offset >= total) return null;
  const remaining = total - offset;
  if (offset <= total - offset - Math.min(limit, remaining)) return { offset, limit, fromOldest: false };
  // Oldest first, the page covers positions [remaining - limit, remaining).
  const fromOldestOffset = Math.max(0, remaining - limit);
  return { offset: fromOldestOffset, limit: remaining - fromOldestOffset, fromOldest: true };
}

export async function listVideos(
  db: Db,
  params: { accountId: string; query: ListVideosQuery; ctx: OutputContext },
): Promise<{ data: VideoListItem[]; pagination: { total: number; page: number; limit: number; next_page: number | null; prev_page: number | null } }> {
  const { page, limit, status, project_id } = params.query;
  // The total first (a counter row, or a count of the project's videos): it says which end of the index is nearer.
  const total = project_id
    ? await db.$count(
        videos,
        and(eq(videos.accountId, params.accountId), isNull(videos.deletedAt), eq(videos.projectId, project_id), status ? eq(videos.status, status) : undefined),
      )
    : await countVideos(db, params.accountId, status);
  const plan = planVideoPage(total, page, limit);
  let rows: VideoListRow[] = [];
  if (plan) {
    const found = project_id
      ? await videoPageQuery(db, { accountId: params.accountId, status, projectId: project_id, ...plan })
      : await preparedVideoPage(db, { status: !!status, fromOldest: plan.fromOldest }).execute({
          accountId: params.accountId,
          status,
          limit: plan.limit,
          offset: plan.offset,
        });
    rows = found.map((r) => r.video);
    if (plan.fromOldest) rows.reverse();
  }
  return {
    data: rows.map((r) => toVideoListItem(r, params.ctx)),
    pagination: paginationOf(total, page, limit),
  };
}

/** The row, scoped to the account; deleted videos are gone (404). */
export async function getVideoRow(db: Db, params: { accountId: string; id: string }): Promise<Video> {
  const query = prepared(db, 'video_by_id', (d) =>
    d
      .select()
      .from(videos)
      .where(and(eq(videos.id, sql.placeholder('id')), eq(videos.accountId, sql.placeholder('accountId')), isNull(videos.deletedAt)))
      .limit(1)
      .prepare('video_by_id'),
  );
  const [row] = await query.execute({ id: params.id, accountId: params.accountId });
  if (!row) throw AppError.notFound('Video');
  return row;
}

export async function getVideo(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<VideoDetail> {
  const row = await getVideoRow(db, params);
  return toVideoDetail(row, params.ctx, { estimatedCompletion: await estimateFor(db, row) });
}

/** Moves a video between states under a row lock; refuses (409) transitions the state machine does not allow. */
async function transition(
  db: Db,
  params: { accountId: string; id: string; from: VideoStatus | readonly VideoStatus[]; action: 'submit' | 'retry' | 'cancel' },
  apply: (tx: Db, row: Video) => Promise<Video>,
): Promise<Video> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .select()
      .from(videos)
      .where(and(eq(videos.id, params.id), eq(videos.accountId, params.accountId), isNull(videos.deletedAt)))
      .for('update')
      .limit(1);
    if (!row) throw AppError.notFound('Video');
    const from: readonly VideoStatus[] = Array.isArray(params.from) ? params.from : [params.from as VideoStatus];
    if (!from.includes(row.status)) {
      const done = { submit: 'submitted', retry: 'retried', cancel: 'cancelled' }[params.action];
      throw new AppError(
        'invalid_state',
        `Cannot ${params.action} a video that is ${row.status}; only ${from.join(' or ')} videos can be ${done}`,
        [{ field: 'status', message: `is ${row.status}` }],
      );
    }
    return apply(tx, row);
  });
}

/**
 * draft, failed or cancelled → processing with a new render job (the row is
 * locked by the caller). `reset` forgets the last attempt's start; `orderAt`
 * places the job in the queue (a batch's retry spreads its items).
 */
export async function moveToProcessing(
  tx: Db,
  row: Video,
  reset: boolean,
  options: { orderAt?: Date; settleBatch?: boolean } = {},
): Promise<Video> {
  const [updated] = await tx
    .update(videos)
    .set({
      status: 'processing',
      progress: 0,
      errorCode: null,
      errorMessage: null,
      submittedAt: new Date(),
      updatedAt: new Date(),
      ...(reset ? { renderStartedAt: null } : {}),
    })
    .where(eq(videos.id, row.id))
    .returning();
  await adjustVideoCount(tx, row.accountId, row.status, 'processing');
  return (await startRender(tx, updated!, options.orderAt, { settleBatch: options.settleBatch })).row;
}

export async function submitVideo(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<VideoDetail> {
  const row = await transition(db, { ...params, from: 'draft', action: 'submit' }, (tx, r) => moveToProcessing(tx, r, false));
  return toVideoDetail(row, params.ctx, { estimatedCompletion: await estimateFor(db, row) });
}

export async function retryVideo(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<VideoDetail> {
  const row = await transition(db, { ...params, from: ['failed', 'cancelled'], action: 'retry' }, (tx, r) => moveToProcessing(tx, r, true));
  return toVideoDetail(row, params.ctx, { estimatedCompletion: await estimateFor(db, row) });
}

/**
 * Stops a video's render, queued or running: the video becomes `cancelled`
 * at once (retry renders it again), its render job is cancelled, and a
 * running render notices within about a second (its lease renewal fails),
 * stops its browser work and frees the worker; files it stored before the
 * cancel are removed when it finishes (render-video.ts). Only a processing
 * video can be cancelled (409 otherwise).
 */
export async function cancelVideo(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<VideoDetail> {
  const row = await transition(db, { ...params, from: 'processing', action: 'cancel' }, (tx, r) => cancelProcessingVideo(tx, r));
  return toVideoDetail(row, params.ctx);
}

/** processing → cancelled for a row the caller locked: its job cancelled, the counters and the event written. */
export async function cancelProcessingVideo(tx: Db, r: Video, options: { settleBatch?: boolean } = {}): Promise<Video> {
  const [updated] = await tx
    .update(videos)
    .set({ status: 'cancelled', progress: 0, errorCode: null, errorMessage: null, updatedAt: new Date() })
    .where(eq(videos.id, r.id))
    .returning();
  if (r.renderJobId) {
    await cancelJob(tx, { id: r.renderJobId, accountId: r.accountId });
    await cancelRenderChunks(tx, { renderJobId: r.renderJobId, accountId: r.accountId, videoId: r.id });
  }
  await adjustVideoCount(tx, r.accountId, 'processing', 'cancelled');
  await writeVideoEvent(tx, 'video.cancelled', updated!, options);
  return updated!;
}

/**
 * Soft-deletes a video: gone from lists, GET, its watch page and the library,
 * its render cancelled. Its files (MP4 and thumbnail of every format, captions) leave public reach before this
 * returns and are purged after STORAGE_TRASH_DAYS (storage/trash.ts).
 */
export async function deleteVideo(db: Db, params: { accountId: string; id: string }): Promise<void> {
  const trashKeys = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [deleted] = await tx
      .update(videos)
      .set({ deletedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(videos.id, params.id), eq(videos.accountId, params.accountId), isNull(videos.deletedAt)))
      .returning();
    if (!deleted) throw AppError.notFound('Video');
    await adjustVideoCount(tx, deleted.accountId, deleted.status, null);
    if (deleted.renderJobId && deleted.status === 'processing') {
      await cancelJob(tx, { id: deleted.renderJobId, accountId: deleted.accountId });
      await cancelRenderChunks(tx, { renderJobId: deleted.renderJobId, accountId: deleted.accountId, videoId: deleted.id });
    }
    await writeVideoEvent(tx, 'video.deleted', deleted);
    await softDeleteRenderedLibraryVideo(tx, { accountId: deleted.accountId, videoId: deleted.id });
    return hideObjects(tx, { accountId: deleted.accountId, keys: videoFileKeys(deleted) });
  });
  await moveHidden(db, trashKeys);
}

/** What the public watch page shows: published, not deleted, any account (the id is the capability). */
export async function getPublicVideo(
  db: Db,
  params: { id: string; ctx: OutputContext },
): Promise<{
  id: string;
  title: string;
  url: string;
  thumbnail: string | null;
  duration: number | null;
  width: number | null;
  height: number | null;
  aspectRatio: string;
  cta: { label: string; url: string | null } | null;
  brandColor: string | null;
  /** The logo the video was rendered with (a data: URI or an http(s) link). */
  logo: string | null;
  /** Who sent it, from the brand kit the video was made with. */
  sender: Sender | null;
  /** How it carries captions; with `sidecar` the player shows the WebVTT track (same origin: /v/{id}/captions.vtt). */
  captions: 'burned' | 'sidecar' | 'off';
  captionsTrack: string | null;
} | null> {
  if (!/^vid_[0-9a-z]{10}$/.test(params.id)) return null;
  const [row] = await db
    .select()
    .from(videos)
    .where(and(eq(videos.id, params.id), eq(videos.status, 'published'), isNull(videos.deletedAt)))
    .limit(1);
  if (!row?.videoKey) return null;
  const cta = (row.script as { cta?: { label: string; url: string | null } | null } | null)?.cta ?? null;
  return {
    id: row.id,
    title: row.title,
    url: fileUrl(row.videoKey, params.ctx)!,
    thumbnail: fileUrl(row.thumbnailKey, params.ctx),
    duration: row.durationSeconds,
    width: row.width,
    height: row.height,
    aspectRatio: row.aspectRatio,
    cta,
    brandColor: row.brand?.color ?? null,
    logo: row.brand?.logo ?? null,
    sender: senderOf(row.brandKit),
    captions: row.captions,
    captionsTrack: row.captions === 'sidecar' && row.captionsKey ? `/v/${row.id}/captions.vtt` : null,
  };
}

/**
 * The WebVTT captions of a published video, for its watch page's player
 * (same origin, whichever storage holds the file); null when it has none.
 */
export async function getPublicCaptions(db: Db, params: { id: string }): Promise<string | null> {
  if (!/^vid_[0-9a-z]{10}$/.test(params.id)) return null;
  const [row] = await db
    .select({ captionsKey: videos.captionsKey, captions: videos.captions })
    .from(videos)
    .where(and(eq(videos.id, params.id), eq(videos.status, 'published'), isNull(videos.deletedAt)))
    .limit(1);
  if (!row?.captionsKey || row.captions === 'off') return null;
  const storage = getStorage();
  if (!(await storage.exists(row.captionsKey))) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.read(row.captionsKey)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}
