/**
 * Videos whose render runs only on the test's own workers. The integration
 * database is shared by files running in parallel: a `render` job would be
 * taken by another file's render worker (with other settings), and this
 * file's worker would first render the videos other files left queued. So
 * the video is created through the real service and, in the same
 * transaction, its job moves to a kind of the test's own, which only
 * workers built with `testRenderRegistry` run (with the production handler).
 * No vitest import: the crash test's child process loads this module too.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client';
import { jobs, videos, type Video } from '../../server/db/schema';
import { defineJobKind, JobRegistry, type JobKind } from '../../server/jobs/registry';
import { renderVideoJob } from '../../server/render/render-job';
import { handleRenderJob, onRenderFailed } from '../../server/render/render-video';
import { createVideo } from '../../server/videos/service';
import type { CreateVideoInput } from '../../server/videos/schemas';

export type RenderJobKind = JobKind<typeof renderVideoJob.payload>;

/** The seed's Sarah (seeds/000, "Example Request"). */
export const SARAH = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};

/** A kind with the render kind's payload and retry policy; pass `name` to rebuild one made elsewhere. */
export function testRenderKind(name = `test.render.${randomUUID().slice(0, 8)}`): RenderJobKind {
  return defineJobKind({
    kind: name,
    payload: renderVideoJob.payload,
    maxAttempts: renderVideoJob.maxAttempts,
    backoff: renderVideoJob.backoff,
  });
}

/** A registry that runs only `kind`, with the production render handler and failure hook. */
export function testRenderRegistry(kind: RenderJobKind): JobRegistry {
  return new JobRegistry().register(kind, { handle: handleRenderJob, onFinalFailure: onRenderFailed });
}

/**
 * Creates a video with `createVideo` (short script, 9:16 unless given) and
 * moves its render job to `kind`, in one transaction. `tamper` may then
 * rewrite the row in that transaction, as if the template had changed since
 * the API validated the request.
 */
export async function createTestVideo(
  db: Db,
  params: {
    accountId: string;
    kind: RenderJobKind;
    input?: Partial<CreateVideoInput>;
    tamper?: (tx: Db, videoId: string) => Promise<void>;
  },
): Promise<{ video: Video; jobId: string }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = await createVideo(tx, {
      accountId: params.accountId,
      input: {
        title: 'Render test',
        template_id: 'tmpl_welcome_message',
        customer_data: SARAH,
        ai_messaging: { tone: 'professional', length: 'short', focus_points: ['product_benefits'] },
        aspect_ratio: '9:16',
        resolution: 'standard',
        captions: 'off',
        ...params.input,
      },
      ctx: { origin: 'http://localhost' },
    });
    const id = (created.body as { id: string }).id;
    const [row] = await tx.select().from(videos).where(eq(videos.id, id));
    if (!row?.renderJobId) throw new Error(`video ${id} has no render job`);
    await tx.update(jobs).set({ kind: params.kind.kind }).where(eq(jobs.id, row.renderJobId));
    await params.tamper?.(tx, id);
    const [video] = await tx.select().from(videos).where(eq(videos.id, id));
    return { video: video!, jobId: row.renderJobId };
  });
}
