/**
 * A batch as the API shows it (counts, progress, ETA, status) and the moment
 * it completes. Counts are read from the batch's videos through
 * videos_batch_row_idx; nothing is kept twice. Light module (no videos
 * service import): the videos service calls settleBatch on every status event
 * of a batch video.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { batches, jobs, videos, type Batch } from '../db/schema';
import { writeOutboxEvent } from '../jobs/outbox';
import { checkedOutput } from '../lib/output';
import { isoOrNull, isoSeconds } from '../lib/time';
import { estimateCompletion } from '../videos/estimate';
import { batchSummary, type BatchSummary } from './schemas';

export interface BatchTally {
  processing: number;
  published: number;
  failed: number;
  cancelled: number;
  draft: number;
  /** Sum of the processing videos' progress (0–1 each). */
  processingProgress: number;
}

const emptyTally = (): BatchTally => ({ processing: 0, published: 0, failed: 0, cancelled: 0, draft: 0, processingProgress: 0 });

/** Each batch's live videos by status, in one grouped query. */
export async function tallyBatches(db: Db, batchIds: readonly string[]): Promise<Map<string, BatchTally>> {
  const out = new Map<string, BatchTally>();
  for (const id of batchIds) out.set(id, emptyTally());
  if (batchIds.length === 0) return out;
  const rows = await db
    .select({
      batchId: videos.batchId,
      status: videos.status,
      n: sql<number>`count(*)::int`,
      progress: sql<number>`coalesce(sum(${videos.progress}), 0)::float8`,
    })
    .from(videos)
    .where(and(inArray(videos.batchId, [...batchIds]), isNull(videos.deletedAt)))
    .groupBy(videos.batchId, videos.status);
  for (const r of rows) {
    const t = out.get(r.batchId!)!;
    if (r.status in t) t[r.status as keyof Omit<BatchTally, 'processingProgress'>] = r.n;
    if (r.status === 'processing') t.processingProgress = r.progress;
  }
  return out;
}

function scriptLength(settings: Record<string, unknown>): 'short' | 'medium' | 'long' {
  const length = (settings.ai_messaging as { length?: unknown } | null | undefined)?.length;
  return length === 'short' || length === 'long' ? length : 'medium';
}

/** When the batch's last queued render will probably be done: the estimate of its latest place in the queue. */
export async function estimateBatch(db: Db, batch: Batch, tally: BatchTally): Promise<Date | null> {
  if (tally.processing === 0) return null;
  const [last] = await db
    .select({ orderAt: sql<string | null>`max(${jobs.orderAt})` })
    .from(videos)
    .innerJoin(jobs, eq(jobs.id, videos.renderJobId))
    .where(and(eq(videos.batchId, batch.id), eq(videos.status, 'processing'), isNull(videos.deletedAt)));
  return estimateCompletion(db, {
    templateId: batch.templateId,
    length: scriptLength(batch.settings),
    resolution: typeof batch.settings.resolution === 'string' ? batch.settings.resolution : 'standard',
    jobOrderAt: last?.orderAt ? new Date(last.orderAt) : undefined,
  });
}

export function toBatchSummary(batch: Batch, tally: BatchTally, eta: Date | null): BatchSummary {
  const rejected = batch.rejected.length;
  const accepted = batch.itemCount - rejected;
  const finished = tally.published + tally.failed + tally.cancelled;
  const status = tally.processing > 0 ? 'processing' : batch.cancelledAt && tally.cancelled > 0 ? 'cancelled' : 'completed';
  return checkedOutput(batchSummary, {
    id: batch.id,
    name: batch.name,
    status,
    template_id: batch.templateId,
    project_id: batch.projectId,
    settings: batch.settings,
    source: batch.source,
    counts: {
      total: batch.itemCount,
      accepted,
      rejected,
      processing: tally.processing,
      published: tally.published,
      failed: tally.failed,
      cancelled: tally.cancelled,
    },
    progress: accepted > 0 ? Math.round(((finished + tally.processingProgress) / accepted) * 1000) / 1000 : 1,
    estimated_completion: isoOrNull(eta),
    created_at: isoSeconds(batch.createdAt),
    updated_at: isoSeconds(batch.updatedAt),
    completed_at: isoOrNull(batch.completedAt),
  });
}

/**
 * Called in the transaction of every status change of a batch's video:
 * when none of its videos is processing any more, the batch is completed
 * (completed_at, `batch.completed` with the batch as GET shows it, without
 * items); a retry that puts one back in processing reopens it. The batch row
 * is locked first, so of two videos finishing at once the second one counts
 * after the first committed and exactly one of them completes the batch.
 * Lock order everywhere: videos, then their batch.
 */
export async function settleBatch(tx: Db, batchId: string): Promise<void> {
  const [batch] = await tx.select().from(batches).where(eq(batches.id, batchId)).for('update').limit(1);
  if (!batch || batch.deletedAt) return;
  const tally = (await tallyBatches(tx, [batchId])).get(batchId)!;
  if (tally.processing === 0 && !batch.completedAt) {
    const now = new Date();
    const [done] = await tx.update(batches).set({ completedAt: now, updatedAt: now }).where(eq(batches.id, batchId)).returning();
    await writeOutboxEvent(tx, { accountId: batch.accountId, type: 'batch.completed', payload: { batch: toBatchSummary(done!, tally, null) } });
  } else if (tally.processing > 0 && batch.completedAt) {
    await tx.update(batches).set({ completedAt: null, updatedAt: new Date() }).where(eq(batches.id, batchId));
  }
}
