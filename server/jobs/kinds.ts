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

export function createJobRegistry(): JobRegistry {
  const registry = new JobRegistry();
  registry.register(renderVideoJob, { handle: handleRenderJob, onFinalFailure: onRenderFailed, lane: 'heavy' });
  registry.register(mediaProcessJob, { handle: handleMediaProcess, onFinalFailure: onMediaProcessFailed, lane: 'heavy' });
  registry.register(mediaExpireJob, { handle: handleMediaExpire });
  registry.register(webhookDeliverJob, createWebhookDeliveryHandlers());
  registry.register(webhookSweepJob, { handle: handleWebhookSweep });
  registry.register(storageTrashJob, { handle: handleStorageTrash });
  registry.register(jobsSweepJob, { handle: handleJobsSweep });
  registry.register(templatePreviewJob, { handle: handleTemplatePreview, lane: 'heavy' });
  registry.register(invitationEmailJob, { handle: handleInvitationEmail });
  registry.registerOutboxConsumer(webhookOutboxConsumer);
  return registry;
}
