/**
 * The webhook job kinds, in a light module so services can enqueue them; the
 * handlers live in deliver.ts and sweep.ts and are registered in
 * server/jobs/kinds.ts.
 *
 * - `webhook.deliver`: one delivery (event × endpoint, test or redelivery);
 *   each job attempt is one HTTP attempt. Retry waits come from the webhook
 *   schedule (retry.ts) through RetryableJobError, not from the kind's backoff.
 * - `webhook.sweep`: hourly maintenance (delivery logs older than 30 days,
 *   expired previous secrets); each run schedules the next.
 */
import { z } from 'zod';
import { defineJobKind } from '../jobs/registry';
import { DEFAULT_MAX_ATTEMPTS } from './retry';

export const webhookDeliverJob = defineJobKind({
  kind: 'webhook.deliver',
  payload: z.object({ deliveryId: z.string().min(1) }),
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  // Used only when the handler crashes outside an HTTP attempt (e.g. the database was unreachable).
  backoff: { baseMs: 5_000, capMs: 10 * 60_000 },
});

export const webhookSweepJob = defineJobKind({
  kind: 'webhook.sweep',
  payload: z.object({}),
  maxAttempts: 3,
  backoff: { baseMs: 60_000, capMs: 15 * 60_000 },
  // Housekeeping never delays user-visible work.
  priority: 10,
});
