/**
 * The batches part of the OpenAPI document (server/openapi/document.ts),
 * built from the same zod schemas with the document's own helpers.
 */
import type { OpenApiHelpers } from '../webhooks/openapi';
import { batchDetail, batchListResponse, createBatchInput, listBatchesQuery, MAX_BATCH_ITEMS } from './schemas';

export const batchesTag = {
  name: 'Batches',
  description:
    'Many personalized videos from one request (ext): the settings they share and one item of customer_data per video. Each valid item becomes an ordinary video (same API, same webhooks) linked to its batch; invalid items are listed with their field errors.',
};

const batchExample = {
  template_id: 'tmpl_welcome_message',
  ai_messaging: { tone: 'friendly', length: 'short', focus_points: ['next_steps'] },
  aspect_ratio: '9:16',
  captions: 'burned',
  name: 'March onboarding',
  items: [
    { customer_data: { first_name: 'Sarah', company: 'Acme Inc.' }, metadata: { crm_id: '0031' } },
    { customer_data: { first_name: 'Miguel', company: 'Globex' }, title: 'Welcome, Miguel' },
  ],
};

export function batchPaths(h: OpenApiHelpers): Record<string, unknown> {
  const tags = ['Batches'];
  const batchId = h.idParam('batch_id', 'The ID of the batch', 'bat_12345abcde');
  const request = h.schema(createBatchInput, 'input') as { properties: Record<string, unknown> };
  request.properties.ai_messaging = { $ref: '#/components/schemas/AiMessaging' };
  return {
    '/api/v1/batches': {
      get: {
        tags,
        operationId: 'listBatches',
        summary: 'List batches',
        description: 'The account’s batches, newest first, each with its counts, progress and ETA (no items).',
        parameters: h.queryParams(listBatchesQuery),
        responses: { '200': h.json('BatchList'), ...h.errorResponses(400, 401) },
      },
      post: {
        tags,
        operationId: 'createBatch',
        summary: 'Create batch',
        description: `Up to ${MAX_BATCH_ITEMS} items, validated one by one exactly like Create video. Valid items start rendering at once even when others fail; the answer lists every item's video id or its field errors. With \`all_or_nothing: true\`, any invalid item is a 422 naming \`items.<row>.<field>\` and nothing is created. Errors in the shared settings (template, ai_messaging, project, formats) are a 422 for the whole batch. Renders are spread in the queue so other work still runs between them. \`Idempotency-Key\` as for videos.`,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Same key + same body returns the first response and creates once; another body → 409.',
            schema: { type: 'string', maxLength: 255 },
          },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: request, example: batchExample } } },
        responses: { '201': h.json('Batch', 'Created'), ...h.errorResponses(400, 401, 409, 413, 422) },
      },
    },
    '/api/v1/batches/{batch_id}': {
      get: {
        tags,
        operationId: 'getBatch',
        summary: 'Get batch',
        description: 'Counts by status, progress (0–1), the ETA of its last render, and every item in row order.',
        parameters: [batchId],
        responses: { '200': h.json('Batch'), ...h.errorResponses(401, 404) },
      },
    },
    '/api/v1/batches/{batch_id}/cancel': {
      post: {
        tags,
        operationId: 'cancelBatch',
        summary: 'Cancel batch',
        description: 'Cancels every video of the batch still processing (as Cancel a render does for one); published videos stay. 409 when nothing is processing.',
        parameters: [batchId],
        responses: { '200': h.json('Batch'), ...h.errorResponses(401, 404, 409) },
      },
    },
    '/api/v1/batches/{batch_id}/retry': {
      post: {
        tags,
        operationId: 'retryBatch',
        summary: 'Retry failed videos of a batch',
        description: 'Renders again every failed or cancelled video of the batch. Rejected items have no video: send them, fixed, in a new batch. 409 when there is none.',
        parameters: [batchId],
        responses: { '200': h.json('Batch'), ...h.errorResponses(401, 404, 409) },
      },
    },
  };
}

export function batchSchemas(h: OpenApiHelpers): Record<string, unknown> {
  return { Batch: h.schema(batchDetail), BatchList: h.schema(batchListResponse) };
}
