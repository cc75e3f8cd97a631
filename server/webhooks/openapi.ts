/**
 * The webhooks part of the OpenAPI document (server/openapi/document.ts),
 * built from the same zod schemas with the document's own helpers, plus a
 * description of what receivers get (`WebhookEvent`) and how to verify it.
 */
import type { z } from 'zod';
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from './events';
import {
  createWebhookInput,
  deliveryDetailOutput,
  deliveryListResponse,
  deliveryOutput,
  listDeliveriesQuery,
  rotateSecretInput,
  sendTestEventInput,
  updateWebhookInput,
  webhookEndpointList,
  webhookEndpointOutput,
  webhookEndpointWithSecret,
  webhookPayloadSchema,
} from './schemas';

type JsonSchema = Record<string, unknown>;

export interface OpenApiHelpers {
  schema: (s: z.ZodType, io?: 'input' | 'output') => JsonSchema;
  json: (ref: string, description?: string) => unknown;
  errorResponses: (...statuses: number[]) => Record<string, unknown>;
  idParam: (name: string, description: string, example: string) => unknown;
  queryParams: (s: z.ZodObject) => unknown[];
}

export const webhooksTag = {
  name: 'Webhooks',
  description:
    'Signed notifications of video and media status changes (ext). Requests follow Standard Webhooks: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 with the endpoint secret); verify them with the `standardwebhooks` library. Only 2xx counts; failures are retried for about three days.',
};

export function webhookPaths(h: OpenApiHelpers): Record<string, unknown> {
  const tags = ['Webhooks'];
  const webhookId = h.idParam('webhook_id', 'The ID of the webhook endpoint', 'wh_0123456789abcdef');
  const deliveryId = h.idParam('delivery_id', 'The ID of the delivery', 'whd_0123456789abcdefghij');
  const body = (s: z.ZodType, required = true) => ({
    required,
    content: { 'application/json': { schema: h.schema(s, 'input') } },
  });
  return {
    '/api/v1/webhooks': {
      get: {
        tags,
        operationId: 'listWebhookEndpoints',
        summary: 'List webhook endpoints',
        responses: { '200': h.json('WebhookEndpointList'), ...h.errorResponses(401) },
      },
      post: {
        tags,
        operationId: 'createWebhookEndpoint',
        summary: 'Create webhook endpoint',
        description:
          'The URL must be http(s) and resolve to public addresses only. The response carries the signing `secret` (`whsec_…`): it is shown only here and by rotate-secret.',
        requestBody: body(createWebhookInput),
        responses: { '201': h.json('WebhookEndpointWithSecret', 'Created'), ...h.errorResponses(400, 401, 409, 413, 422) },
      },
    },
    '/api/v1/webhooks/{webhook_id}': {
      get: {
        tags,
        operationId: 'getWebhookEndpoint',
        summary: 'Get webhook endpoint',
        parameters: [webhookId],
        responses: { '200': h.json('WebhookEndpoint'), ...h.errorResponses(401, 404) },
      },
      patch: {
        tags,
        operationId: 'updateWebhookEndpoint',
        summary: 'Update webhook endpoint',
        description: 'Enabling an endpoint clears its disabled reason and its failure streak.',
        parameters: [webhookId],
        requestBody: body(updateWebhookInput),
        responses: { '200': h.json('WebhookEndpoint'), ...h.errorResponses(400, 401, 404, 422) },
      },
      delete: {
        tags,
        operationId: 'deleteWebhookEndpoint',
        summary: 'Delete webhook endpoint',
        parameters: [webhookId],
        responses: { '204': { description: 'Deleted, with its delivery log' }, ...h.errorResponses(401, 404) },
      },
    },
    '/api/v1/webhooks/{webhook_id}/rotate-secret': {
      post: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'Rotate the signing secret',
        description:
          'Returns the new secret once. The previous secret keeps signing beside it (two `v1,` signatures) for `grace_period_hours` (default 24, 0 = stop at once).',
        parameters: [webhookId],
        requestBody: body(rotateSecretInput, false),
        responses: { '200': h.json('WebhookEndpointWithSecret'), ...h.errorResponses(400, 401, 404, 422) },
      },
    },
    '/api/v1/webhooks/{webhook_id}/test': {
      post: {
        tags,
        operationId: 'sendWebhookTestEvent',
        summary: 'Send a test event',
        description: 'Queues `webhook.test` (or an example of `event_type`) to this endpoint, whatever its subscriptions.',
        parameters: [webhookId],
        requestBody: body(sendTestEventInput, false),
        responses: { '202': h.json('WebhookDelivery', 'Queued'), ...h.errorResponses(400, 401, 404, 409, 422) },
      },
    },
    '/api/v1/webhooks/{webhook_id}/deliveries': {
      get: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'List deliveries',
        description: 'Newest first; pass `next_cursor` back as `cursor` for older ones. Kept 30 days.',
        parameters: [webhookId, ...h.queryParams(listDeliveriesQuery)],
        responses: { '200': h.json('WebhookDeliveryList'), ...h.errorResponses(400, 401, 404) },
      },
    },
    '/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}': {
      get: {
        tags,
        operationId: 'getWebhookDelivery',
        summary: 'Get a delivery with its attempts',
        parameters: [webhookId, deliveryId],
        responses: { '200': h.json('WebhookDeliveryDetail'), ...h.errorResponses(401, 404) },
      },
    },
    '/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver': {
      post: {
        tags,
        operationId: 'redeliverWebhookDelivery',
        summary: 'Redeliver',
        description: 'Sends the same event (same body and `webhook-id`) to the endpoint again, as a new delivery.',
        parameters: [webhookId, deliveryId],
        responses: { '202': h.json('WebhookDelivery', 'Queued'), ...h.errorResponses(401, 404, 409) },
      },
    },
  };
}

export function webhookSchemas(h: OpenApiHelpers): Record<string, JsonSchema> {
  return {
    WebhookEndpoint: h.schema(webhookEndpointOutput),
    WebhookEndpointWithSecret: h.schema(webhookEndpointWithSecret),
    WebhookEndpointList: h.schema(webhookEndpointList),
    WebhookDelivery: h.schema(deliveryOutput),
    WebhookDeliveryList: h.schema(deliveryListResponse),
    WebhookDeliveryDetail: h.schema(deliveryDetailOutput),
    WebhookEvent: {
      ...h.schema(webhookPayloadSchema),
      description: `The JSON body of every webhook request. \`type\` is one of: ${WEBHOOK_EVENT_TYPES.map(
        (t) => `\`${t}\` (${WEBHOOK_EVENT_DESCRIPTIONS[t]})`,
      ).join('; ')}. For video events \`data\` is \`{ "video": <Video> }\`.`,
    },
  };
}
