/** Settings → Webhooks. Secrets are returned by `create` and `rotateSecret` only. */
import { z } from 'zod';
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from '../../webhooks/events';
import {
  createWebhookInput,
  listDeliveriesQuery,
  rotateSecretInput,
  sendTestEventInput,
  updateWebhookInput,
} from '../../webhooks/schemas';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getDelivery,
  getWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  redeliver,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from '../../webhooks/service';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../init';

const manageWebhooks = adminProcedure('manage webhooks');

// Ids are checked by the services (unknown or another account's → NOT_FOUND), not by format.
const endpointRef = z.object({ id: z.string().min(1).max(100) });
const deliveryRef = z.object({ endpointId: z.string().min(1).max(100), deliveryId: z.string().min(1).max(100) });

export const webhooksRouter = createTRPCRouter({
  eventTypes: protectedProcedure.query(() =>
    WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: WEBHOOK_EVENT_DESCRIPTIONS[type] })),
  ),
  list: protectedProcedure.query(({ ctx }) => listWebhookEndpoints(ctx.db, { accountId: ctx.account.id })),
  get: protectedProcedure
    .input(endpointRef)
    .query(({ ctx, input }) => getWebhookEndpoint(ctx.db, { accountId: ctx.account.id, id: input.id })),
  create: manageWebhooks
    .input(createWebhookInput)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, { accountId: ctx.account.id, input })),
  update: manageWebhooks
    .input(endpointRef.extend({ patch: updateWebhookInput }))
    .mutation(({ ctx, input }) =>
      updateWebhookEndpoint(ctx.db, { accountId: ctx.account.id, id: input.id, input: input.patch }),
    ),
  delete: manageWebhooks
    .input(endpointRef)
    .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, { accountId: ctx.account.id, id: input.id })),
  rotateSecret: manageWebhooks
    .input(endpointRef.extend(rotateSecretInput.shape))
    .mutation(({ ctx, input }) =>
      rotateWebhookSecret(ctx.db, { accountId: ctx.account.id, id: input.id, gracePeriodHours: input.grace_period_hours }),
    ),
  sendTest: manageWebhooks
    .input(endpointRef.extend(sendTestEventInput.shape))
    .mutation(({ ctx, input }) =>
      sendTestEvent(ctx.db, { accountId: ctx.account.id, id: input.id, eventType: input.event_type }),
    ),
  deliveries: protectedProcedure
    .input(z.object({ endpointId: z.string().min(1).max(100), query: listDeliveriesQuery }))
    .query(({ ctx, input }) =>
      listDeliveries(ctx.db, { accountId: ctx.account.id, endpointId: input.endpointId, query: input.query }),
    ),
  delivery: protectedProcedure
    .input(deliveryRef)
    .query(({ ctx, input }) => getDelivery(ctx.db, { accountId: ctx.account.id, ...input })),
  redeliver: manageWebhooks
    .input(deliveryRef)
    .mutation(({ ctx, input }) => redeliver(ctx.db, { accountId: ctx.account.id, ...input })),
});
