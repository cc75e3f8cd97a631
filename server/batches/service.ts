/**
 * Batches: many videos from one request (API) or one CSV (UI). Items are
 * validated one by one with the video create's own checks; valid ones become
 * ordinary videos linked to the batch (videos.batch_id, batch_row), created
 * in one transaction with the batch, unless `all_or_nothing` and any item is
 * invalid. Their render jobs are spread over time in the queue's order
 * (jobs.order_at, one expected render apart), so another account's video
 * queued during a 1,000-item batch waits for at most about one render of it.
 */
import { and, asc, desc, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import { getTemplate } from '../../remotion/templates/registry';
import type { Db } from '../db/client';
import { batches, videos, type Batch, type BatchRejectedRow, type Video } from '../db/schema';
import { getBrandKit, kitSnapshot } from '../brand/service';
import { AppError, type ErrorDetail } from '../lib/errors';
import { withIdempotency, type IdempotentResult } from '../lib/idempotency';
import { randomString } from '../lib/ids';
import { checkedOutput } from '../lib/output';
import { paginationOf } from '../lib/pagination';
import { expectedRenderMs } from '../videos/estimate';
import { formatsOf } from '../videos/renditions';
import { createVideoInput, type CreateVideoInput } from '../videos/schemas';
import {
  cancelProcessingVideo,
  checkCreateInput,
  checkProject,
  hashRequest,
  insertVideo,
  moveToProcessing,
  planVideoPage,
  shareUrl,
  throwValidation,
  toVideoListItem,
  type OutputContext,
  type ValidatedCreate,
} from '../videos/service';
import {
  batchDetail,
  type BatchDetail,
  type BatchItem,
  type BatchSummary,
  type CreateBatchInput,
  type ListBatchesQuery,
} from './schemas';
import { estimateBatch, settleBatch, tallyBatches, toBatchSummary } from './summary';

export const newBatchId = () => `bat_${randomString(10)}`;

/** Fields of a create that belong to one item; an error on any other field is the batch's own. */
const ITEM_FIELDS = /^(customer_data|title|metadata)(\.|$)/;

export type ItemCheck = { row: number; title: string | null; ok: true; validated: ValidatedCreate } | { row: number; title: string | null; ok: false; errors: ErrorDetail[] };

export interface BatchCheck {
  items: ItemCheck[];
  valid: number;
  invalid: number;
}

function defaultTitle(templateName: string, customerData: Record<string, unknown>, row: number): string {
  const who = [customerData.first_name, customerData.name, customerData.company_name, customerData.company].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return `${templateName} for ${who?.trim() ?? `row ${row + 1}`}`.slice(0, 200);
}

/**
 * Validates every item without writing anything: the batch's own settings
 * once (a bad template, ai_messaging or project is a 422 for the whole
 * batch), then each item's customer_data, title and metadata. Used by the
 * create and by the CSV import's check before starting.
 */
export async function checkBatch(db: Db, accountId: string, input: CreateBatchInput): Promise<BatchCheck> {
  const { name: _name, items, all_or_nothing: _all, ...shared } = input;
  const template = getTemplate(shared.template_id);
  const brandKit = kitSnapshot(await getBrandKit(db, accountId));
  const sharedErrors: ErrorDetail[] = [];
  const projectError = await checkProject(db, accountId, shared.project_id);
  if (projectError) sharedErrors.push(projectError);

  let sharedChecked = false;
  const checks: ItemCheck[] = items.map((raw, row) => {
    const item = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    if (!item) return { row, title: null, ok: false, errors: [{ field: 'item', message: 'must be an object with customer_data' }] };
    const customerData = item.customer_data;
    const title =
      typeof item.title === 'string' && item.title.trim() !== ''
        ? item.title
        : template && customerData && typeof customerData === 'object' && !Array.isArray(customerData)
          ? defaultTitle(template.name, customerData as Record<string, unknown>, row)
          : `Row ${row + 1}`;
    const parsed = createVideoInput.safeParse({ ...shared, title, customer_data: customerData, metadata: item.metadata });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'item', message: i.message }));
      return { row, title, ok: false, errors };
    }
    const checked = checkCreateInput(parsed.data);
    const own = checked.details.filter((d) => ITEM_FIELDS.test(d.field));
    // The batch's own settings give the same errors for every item: take them once.
    if (!sharedChecked) sharedErrors.push(...checked.details.filter((d) => !ITEM_FIELDS.test(d.field)));
    sharedChecked = true;
    if (own.length) return { row, title, ok: false, errors: own };
    const validated: ValidatedCreate = {
      input: parsed.data as CreateVideoInput,
      customerData: checked.customerData,
      aiMessaging: checked.aiMessaging,
      length: checked.length,
      brandKit,
    };
    return { row, title, ok: true, validated };
  });
  if (sharedErrors.length) throwValidation(sharedErrors);
  const valid = checks.filter((c) => c.ok).length;
  return { items: checks, valid, invalid: checks.length - valid };
}

/** The 422 listing every invalid item's errors as `items.<row>.<field>`. */
function itemsError(check: BatchCheck, why: string): AppError {
  const details = check.items.flatMap((c) => (c.ok ? [] : c.errors.map((e) => ({ field: `items.${c.row}.${e.field}`, message: e.message }))));
  const first = details[0]!;
  return new AppError('validation_error', `${why}: ${first.field}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, details);
}

export async function createBatch(
  db: Db,
  params: {
    accountId: string;
    input: CreateBatchInput;
    idempotencyKey?: string | null;
    rawBody?: unknown;
    source?: string;
    ctx: OutputContext;
  },
): Promise<IdempotentResult> {
  const { input, accountId } = params;
  const check = await checkBatch(db, accountId, input);
  if (check.valid === 0) throw itemsError(check, 'No item is valid');
  if (input.all_or_nothing && check.invalid > 0) throw itemsError(check, `all_or_nothing: ${check.invalid} of ${check.items.length} items are invalid`);
  const template = getTemplate(input.template_id)!;
  const first = check.items.find((c) => c.ok)! as Extract<ItemCheck, { ok: true }>;
  // One expected render (of every format) apart: the fair share of the queue's order (see the module comment).
  const spacingMs =
    (await expectedRenderMs(db, {
      templateId: template.id,
      length: first.validated.length,
      resolution: first.validated.input.resolution,
    })) * formatsOf(first.validated.input).length;
  const requestHash = params.idempotencyKey ? hashRequest(params.rawBody ?? input) : null;
  const { name, items: _items, all_or_nothing: _all, ...settings } = input;

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    return withIdempotency(tx, { accountId, key: params.idempotencyKey, requestHash }, async () => {
      const now = new Date();
      const rejected: BatchRejectedRow[] = check.items.flatMap((c) => (c.ok ? [] : [{ row: c.row, title: c.title, errors: c.errors }]));
      const [batch] = await tx
        .insert(batches)
        .values({
          id: newBatchId(),
          accountId,
          projectId: input.project_id ?? null,
          name: name ?? `${template.name} · ${check.items.length} ${check.items.length === 1 ? 'person' : 'people'}`,
          templateId: template.id,
          settings: settings as Record<string, unknown>,
          itemCount: check.items.length,
          rejected,
          source: params.source ?? 'api',
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      let position = 0;
      for (const item of check.items) {
        if (!item.ok) continue;
        await insertVideo(tx, accountId, item.validated, {
          batchId: batch!.id,
          batchRow: item.row,
          orderAt: new Date(now.getTime() + position++ * spacingMs),
        });
      }
      return { status: 201, body: await batchDetailOf(tx, batch!, params.ctx) };
    });
  });
}

async function getBatchRow(db: Db, accountId: string, id: string): Promise<Batch> {
  const [batch] = await db
    .select()
    .from(batches)
    .where(and(eq(batches.id, id), eq(batches.accountId, accountId), isNull(batches.deletedAt)))
    .limit(1);
  if (!batch) throw AppError.notFound('Batch');
  return batch;
}

/** The query behind a batch's items: its videos in row order, from videos_batch_row_idx (EXPLAIN-tested). */
export function batchVideosQuery(db: Db, batchId: string) {
  return db
    .select({
      id: videos.id,
      title: videos.title,
      status: videos.status,
      batchRow: videos.batchRow,
      durationSeconds: videos.durationSeconds,
      createdAt: videos.createdAt,
      videoKey: videos.videoKey,
      thumbnailKey: videos.thumbnailKey,
      errorCode: videos.errorCode,
      errorMessage: videos.errorMessage,
      customerData: videos.customerData,
      deletedAt: videos.deletedAt,
    })
    .from(videos)
    .where(eq(videos.batchId, batchId))
    .orderBy(asc(videos.batchId), asc(videos.batchRow));
}

async function batchDetailOf(db: Db, batch: Batch, ctx: OutputContext): Promise<BatchDetail> {
  const tally = (await tallyBatches(db, [batch.id])).get(batch.id)!;
  const summary = toBatchSummary(batch, tally, await estimateBatch(db, batch, tally));
  const rows = await batchVideosQuery(db, batch.id);
  const items: BatchItem[] = [
    ...rows.map((v) => {
      const listed = toVideoListItem(v, ctx);
      return {
        row: v.batchRow ?? 0,
        title: v.title,
        status: v.deletedAt ? ('deleted' as const) : v.status,
        video_id: v.id,
        url: v.deletedAt ? null : listed.url,
        share_url: v.deletedAt ? null : shareUrl(v.id, ctx),
        error: v.status === 'failed' && v.errorCode ? { code: v.errorCode, message: v.errorMessage ?? '' } : null,
        errors: null,
        customer_data: v.customerData,
      };
    }),
    ...batch.rejected.map((r) => ({
      row: r.row,
      title: r.title,
      status: 'rejected' as const,
      video_id: null,
      url: null,
      share_url: null,
      error: null,
      errors: r.errors,
      customer_data: null,
    })),
  ].sort((a, b) => a.row - b.row);
  return checkedOutput(batchDetail, { ...summary, items });
}

export async function getBatch(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<BatchDetail> {
  return batchDetailOf(db, await getBatchRow(db, params.accountId, params.id), params.ctx);
}

/**
 * The query behind one page of the batch list, as for videos (videoPageQuery):
 * the page's keys read from batches_account_created_idx alone, then only
 * those rows joined; with `fromOldest` the index is read from the other end,
 * so a deep page costs what a first page does (EXPLAIN-tested).
 */
export function batchPageQuery(db: Db, p: { accountId: string; limit: number; offset: number; fromOldest?: boolean }) {
  const direction = p.fromOldest ? asc : desc;
  const keys = db
    .select({ id: batches.id, createdAt: batches.createdAt })
    .from(batches)
    .where(and(eq(batches.accountId, p.accountId), isNull(batches.deletedAt)))
    .orderBy(direction(batches.createdAt), direction(batches.id))
    .limit(p.limit)
    .offset(p.offset)
    .as('page_keys');
  return db
    .select({ batch: getTableColumns(batches) })
    .from(keys)
    .innerJoin(batches, eq(batches.id, keys.id))
    .orderBy(direction(keys.createdAt), direction(keys.id));
}

export async function listBatches(
  db: Db,
  params: { accountId: string; query: ListBatchesQuery },
): Promise<{ data: BatchSummary[]; pagination: { total: number; page: number; limit: number; next_page: number | null; prev_page: number | null } }> {
  const { page, limit } = params.query;
  const total = await db.$count(batches, and(eq(batches.accountId, params.accountId), isNull(batches.deletedAt)));
  const plan = planVideoPage(total, page, limit);
  const found = plan ? await batchPageQuery(db, { accountId: params.accountId, ...plan }) : [];
  const rows = found.map((r) => r.batch);
  if (plan?.fromOldest) rows.reverse();
  const tallies = await tallyBatches(
    db,
    rows.map((r) => r.id),
  );
  const data = await Promise.all(rows.map(async (b) => toBatchSummary(b, tallies.get(b.id)!, await estimateBatch(db, b, tallies.get(b.id)!))));
  return {
    data,
    pagination: paginationOf(total, page, limit),
  };
}

/** The batch's videos in `status`, locked in row order (videos first, then the batch: see settleBatch). */
async function lockBatchVideos(tx: Db, batchId: string, statuses: Video['status'][]): Promise<Video[]> {
  return tx
    .select()
    .from(videos)
    .where(and(eq(videos.batchId, batchId), inArray(videos.status, statuses), isNull(videos.deletedAt)))
    .orderBy(asc(videos.batchId), asc(videos.batchRow))
    .for('update');
}

/**
 * Cancels every video of the batch still processing (queued or rendering),
 * as POST /videos/{id}/cancel does for one; finished videos are kept. The
 * batch ends `cancelled` (batch.completed is sent). Cancelling a batch with
 * nothing processing is a 409.
 */
export async function cancelBatch(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<BatchDetail> {
  const batch = await getBatchRow(db, params.accountId, params.id);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const processing = await lockBatchVideos(tx, batch.id, ['processing']);
    if (processing.length === 0) {
      throw new AppError('invalid_state', 'Nothing to cancel: no video of this batch is processing', [{ field: 'status', message: 'no video is processing' }]);
    }
    for (const video of processing) await cancelProcessingVideo(tx, video, { settleBatch: false });
    await tx.update(batches).set({ cancelledAt: new Date(), updatedAt: new Date() }).where(eq(batches.id, batch.id));
    await settleBatch(tx, batch.id);
  });
  return getBatch(db, params);
}

/**
 * Renders again every failed or cancelled video of the batch (its rejected
 * rows have no video: fix them and send them in a new batch). 409 when
 * there is none.
 */
export async function retryBatch(db: Db, params: { accountId: string; id: string; ctx: OutputContext }): Promise<BatchDetail> {
  const batch = await getBatchRow(db, params.accountId, params.id);
  const spacingMs = await expectedRenderMs(db, {
    templateId: batch.templateId,
    length: ((batch.settings.ai_messaging as { length?: string } | null)?.length as 'short' | 'medium' | 'long' | undefined) ?? 'medium',
    resolution: typeof batch.settings.resolution === 'string' ? batch.settings.resolution : 'standard',
  });
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const again = await lockBatchVideos(tx, batch.id, ['failed', 'cancelled']);
    if (again.length === 0) {
      throw new AppError('invalid_state', 'Nothing to retry: no video of this batch failed or was cancelled', [
        { field: 'status', message: 'no failed or cancelled video' },
      ]);
    }
    const now = Date.now();
    for (const [i, video] of again.entries()) {
      await moveToProcessing(tx, video, true, { orderAt: new Date(now + i * spacingMs), settleBatch: false });
    }
    await tx.update(batches).set({ cancelledAt: null, updatedAt: new Date() }).where(eq(batches.id, batch.id));
    await settleBatch(tx, batch.id);
  });
  return getBatch(db, params);
}
