/**
 * The root registry of background work, listed explicitly like a tRPC root
 * router: every job kind the platform runs and every outbox consumer. The
 * embedded worker (server/boot.ts) and `npm run worker` both run this
 * registry; a domain adds its `registry.register(kind, handlers)` line here,
 * with `lane: 'heavy'` when the handler is CPU-bound (server/jobs/lanes.ts).
 */
import { handleInvitationEmail } from '../accounts/invitation-email';
import { invitationEmailJob } from '../accounts/invitation-email-job';
import { mediaExpireJob, mediaProcessJob } from '../media/media-jobs';
import { handleMediaExpire, handleMediaProcess, onMediaProcessFailed } from '../media/process-media';
import { getEnv } from '../env';
import { lambdaRenderJob } from '../render/lambda-job';
import { handleLambdaRenderPoll } from '../render/lambda-poll';
import { registerChunkedRender } from '../render/render-chunk-jobs';
import { renderVideoJob } from '../render/render-job';
import { handleRenderJob, onRenderFailed } from '../render/render-video';
import { handleStorageTrash, storageTrashJob } from '../storage/trash';
import { templatePreviewJob } from '../templates/preview-job';
import { handleTemplatePreview } from '../templates/render-preview';
import { createWebhookDeliveryHandlers } from '../webhooks/deliver';
import { webhookDeliverJob, webhookSweepJob } from '../webhooks/jobs';
import { webhookOutboxConsumer } from '../webhooks/outbox-consumer';
import { handleWebhookSweep } from '../webhooks/sweep';
import { JobRegistry } from './registry';
import { handleJobsSweep, jobsSweepJob } from './sweep';
import { dbVacuumJob, handleVacuum } from './vacuum';

export function createJobRegistry(): JobRegistry {
  const registry = new JobRegistry();
  // On Lambda a render job only starts the renders (seconds of waiting on AWS): light lane, like the polling.
  const renderLane = getEnv().RENDER_BACKEND === 'lambda' ? 'light' : 'heavy';
  registry.register(renderVideoJob, { handle: (ctx) => handleRenderJob(ctx), onFinalFailure: onRenderFailed, lane: renderLane });
  registry.register(lambdaRenderJob, { handle: handleLambdaRenderPoll, onFinalFailure: onRenderFailed });
  // A long render split into chunks (RENDER_CHUNK_SECONDS, local backend): render.chunk, render.join (heavy), render.cleanup.
  registerChunkedRender(registry, renderVideoJob);
  registry.register(mediaProcessJob, { handle: handleMediaProcess, onFinalFailure: onMediaProcessFailed, lane: 'heavy' });
  registry.register(mediaExpireJob, { handle: handleMediaExpire });
  registry.register(webhookDeliverJob, createWebhookDeliveryHandlers());
  registry.register(webhookSweepJob, { handle: handleWebhookSweep });
  registry.register(storageTrashJob, { handle: handleStorageTrash });
  registry.register(jobsSweepJob, { handle: handleJobsSweep });
  registry.register(dbVacuumJob, { handle: handleVacuum });
  registry.register(templatePreviewJob, { handle: handleTemplatePreview, lane: 'heavy' });
  registry.register(invitationEmailJob, { handle: handleInvitationEmail });
  registry.registerOutboxConsumer(webhookOutboxConsumer);
  return registry;
}
