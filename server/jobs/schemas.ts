/**
 * Shapes accepted by the jobs domain: enqueue options, outbox events and the
 * stored error. Payloads themselves are validated by each kind's own schema.
 */
import { z } from 'zod';

/** `render`, `media.process`, `webhook.deliver`: lower case, dot-separated. */
export const jobKindName = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'must be lower case words separated by dots, e.g. media.process');

/** Event types such as `video.published`. */
export const outboxEventType = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/, 'must look like resource.event, e.g. video.published');

export const enqueueOptions = z.object({
  accountId: z.string().min(1).nullish(),
  /** Lower runs first; 0 is normal. */
  priority: z.number().int().min(-1000).max(1000).optional(),
  /** Not before this time. */
  runAt: z.date().optional(),
  /** Not before now + delayMs (ignored when runAt is given). */
  delayMs: z.number().int().min(0).optional(),
  /**
   * Place among due jobs of the same priority (default: when it becomes due). A batch spreads its
   * items over time with it (queue.ts fairOrderAt) so later work of other accounts runs between them.
   */
  orderAt: z.date().optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** While a job with this key and kind is queued or running, enqueueing again returns it. */
  dedupeKey: z.string().min(1).max(200).optional(),
});
export type EnqueueOptions = z.infer<typeof enqueueOptions>;

export const outboxEventInput = z.object({
  accountId: z.string().min(1),
  type: outboxEventType,
  payload: z.unknown().refine((v) => v !== undefined, 'is required'),
});
export type OutboxEventInput = z.infer<typeof outboxEventInput>;

export const jobErrorInfo = z.object({ code: z.string(), message: z.string() });

export const progressValue = z.number().min(0).max(1);
