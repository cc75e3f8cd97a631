/**
 * OpenAPI paths of the account video library (/api/ads/3) and the chunked
 * media upload (/api/ads/1.1), as seed 002 and the X media upload define them.
 * Their parameters arrive as query string, form or JSON and are parsed with
 * X's loose rules (see schemas.ts), so they are described here by hand from
 * the same constants the parsers use.
 */
import { MAX_SEGMENT_BYTES, MAX_SEGMENT_INDEX, MEDIA_CATEGORIES, MEDIA_TYPES } from '../media/schemas';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, MAX_VIDEO_IDS } from './schemas';

const adsError = {
  type: 'object',
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', examples: ['INVALID_PARAMETER'] },
          message: { type: 'string' },
          parameter: { type: 'string', examples: ['count'] },
        },
      },
    },
    request: { type: 'object', properties: { params: { type: 'object' } } },
  },
};

const libraryVideo = {
  type: 'object',
  required: ['tweeted', 'ready_to_tweet', 'duration', 'reasons_not_servable', 'description', 'preview_url', 'id', 'poster_url', 'media_key', 'created_at', 'title', 'aspect_ratio', 'updated_at', 'deleted'],
  properties: {
    tweeted: { type: 'boolean', description: 'Shared: its watch page has recorded a view' },
    ready_to_tweet: { type: 'boolean' },
    duration: { type: ['integer', 'null'], description: 'Milliseconds; null until processed' },
    reasons_not_servable: { type: 'array', items: { type: 'string', examples: ['PROCESSING'] } },
    description: { type: ['string', 'null'] },
    preview_url: { type: ['string', 'null'] },
    id: { type: 'string', examples: ['13_875943225764098048'] },
    poster_url: { type: ['string', 'null'] },
    media_key: { type: 'string', description: 'Always equal to id' },
    created_at: { type: 'string', format: 'date-time' },
    title: { type: ['string', 'null'] },
    aspect_ratio: { type: ['string', 'null'], examples: ['16:9'] },
    updated_at: { type: 'string', format: 'date-time' },
    deleted: { type: 'boolean' },
  },
};

const mediaObject = {
  type: 'object',
  properties: {
    media_id: { type: 'integer', format: 'int64', description: 'Exact 64-bit integer (may exceed 2^53)' },
    media_id_string: { type: 'string' },
    media_key: { type: 'string', examples: ['13_875943225764098048'] },
    size: { type: 'integer' },
    expires_after_secs: { type: 'integer' },
    processing_info: {
      type: 'object',
      properties: {
        state: { enum: ['pending', 'in_progress', 'succeeded', 'failed'] },
        check_after_secs: { type: 'integer' },
        progress_percent: { type: 'integer' },
        error: { type: 'object', properties: { code: { type: 'integer' }, name: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  },
};

const q = (name: string, schema: Record<string, unknown>, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const accountId = { name: 'account_id', in: 'path', required: true, schema: { type: 'string', examples: ['18ce54d4x5t'] } };
const videoId = { name: 'video_id', in: 'path', required: true, schema: { type: 'string', examples: ['13_898199863531261954'] } };
const withDeleted = q('with_deleted', { type: 'boolean', default: false }, 'Include deleted results');
const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({
  description: 'OK',
  content: {
    'application/json': {
      schema: { type: 'object', properties: { data, request: { type: 'object', properties: { params: { type: 'object' } } }, ...extra } },
    },
  },
});
const errors = {
  '400': { description: 'MISSING_PARAMETER / INVALID_PARAMETER', content: { 'application/json': { schema: adsError } } },
  '401': { description: 'UNAUTHORIZED_ACCESS (no or bad API key)', content: { 'application/json': { schema: adsError } } },
  '403': { description: 'UNAUTHORIZED_ACCESS (not your account, whether or not it exists)', content: { 'application/json': { schema: adsError } } },
  '404': { description: 'NOT_FOUND', content: { 'application/json': { schema: adsError } } },
  '429': {
    description: 'TOO_MANY_REQUESTS (see Retry-After and the x-rate-limit-* headers, sent on every answer)',
    headers: {
      'Retry-After': { description: 'Seconds until the budget resets', schema: { type: 'integer' } },
      'x-rate-limit-limit': { description: 'Requests allowed per minute window', schema: { type: 'integer' } },
      'x-rate-limit-remaining': { description: 'Requests left in this window', schema: { type: 'integer' } },
      'x-rate-limit-reset': { description: 'When the window resets, in epoch seconds', schema: { type: 'integer' } },
    },
    content: { 'application/json': { schema: adsError } },
  },
};
const videoFields = {
  title: { type: 'string', maxLength: MAX_TITLE_LENGTH },
  description: { type: 'string', maxLength: MAX_DESCRIPTION_LENGTH },
  poster_image_media_id: { type: 'integer', format: 'int64', description: 'media_id of an uploaded image' },
};

export const libraryTag = { name: 'Library', description: 'The account video library, shaped like the X Ads API (seed 002).' };

export const libraryPaths: Record<string, unknown> = {
  '/api/ads/3/accounts': {
    get: { tags: ['Library'], summary: 'GET accounts', responses: { '200': ok({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } }), ...errors } },
  },
  '/api/ads/3/accounts/{account_id}/videos': {
    get: {
      tags: ['Library'],
      summary: 'GET accounts/:account_id/videos',
      parameters: [
        accountId,
        q('count', { type: 'integer', minimum: 1, maximum: 50, default: 10 }, 'Records per page'),
        q('cursor', { type: 'string' }, 'Cursor from next_cursor'),
        q('video_ids', { type: 'string' }, `Comma-separated ids (up to ${MAX_VIDEO_IDS})`),
        withDeleted,
      ],
      responses: { '200': ok({ type: 'array', items: libraryVideo }, { next_cursor: { type: ['string', 'null'] } }), ...errors },
    },
    post: {
      tags: ['Library'],
      summary: 'POST accounts/:account_id/videos',
      description: 'Associates an uploaded, finalized video (media/upload) with the account. Parameters as query string, form or JSON.',
      parameters: [accountId, q('video_media_id', { type: 'integer', format: 'int64' }, 'media_id of the uploaded video', true)],
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { video_media_id: { type: 'integer', format: 'int64' }, ...videoFields } } } } },
      responses: { '201': ok({ type: 'object', properties: { id: { type: 'string' } } }), ...errors },
    },
  },
  '/api/ads/3/accounts/{account_id}/videos/{video_id}': {
    get: { tags: ['Library'], summary: 'GET accounts/:account_id/videos/:video_id', parameters: [accountId, videoId, withDeleted], responses: { '200': ok(libraryVideo), ...errors } },
    put: {
      tags: ['Library'],
      summary: 'PUT accounts/:account_id/videos/:video_id',
      parameters: [accountId, videoId],
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: videoFields } } } },
      responses: { '200': ok(libraryVideo), ...errors },
    },
    delete: {
      tags: ['Library'],
      summary: 'DELETE accounts/:account_id/videos/:video_id (soft)',
      description:
        'Answers the video with deleted: true. Its file and poster URLs answer 404 at once (unless they are a live personalized video’s); associating the same media again within STORAGE_TRASH_DAYS restores it with its files.',
      parameters: [accountId, videoId],
      responses: { '200': ok(libraryVideo), ...errors },
    },
  },
  '/api/ads/1.1/media/upload': {
    post: {
      tags: ['Library'],
      summary: 'POST media/upload (chunked): INIT, APPEND, FINALIZE',
      description: `INIT: total_bytes, media_type (${Object.keys(MEDIA_TYPES).join(', ')}), media_category (${Object.keys(MEDIA_CATEGORIES).join(', ')}). APPEND: media_id, segment_index (0–${MAX_SEGMENT_INDEX}), ≤ ${MAX_SEGMENT_BYTES / 1024 / 1024} MB as multipart \`media\`, base64 \`media_data\` or a raw application/octet-stream body (parameters in the query string) → 204. FINALIZE: media_id → the media object with processing_info.`,
      parameters: [
        q('command', { enum: ['INIT', 'APPEND', 'FINALIZE'] }, 'Upload step', true),
        q('media_id', { type: 'integer', format: 'int64' }, 'APPEND, FINALIZE'),
        q('segment_index', { type: 'integer', minimum: 0, maximum: MAX_SEGMENT_INDEX }, 'APPEND'),
        q('total_bytes', { type: 'integer' }, 'INIT'),
        q('media_type', { type: 'string' }, 'INIT'),
        q('media_category', { type: 'string' }, 'INIT'),
      ],
      responses: {
        '200': { description: 'INIT / FINALIZE', content: { 'application/json': { schema: mediaObject } } },
        '204': { description: 'APPEND stored' },
        ...errors,
        '413': { description: 'MEDIA_TOO_LARGE', content: { 'application/json': { schema: adsError } } },
        '415': { description: 'UNSUPPORTED_MEDIA_TYPE', content: { 'application/json': { schema: adsError } } },
      },
    },
    get: {
      tags: ['Library'],
      summary: 'GET media/upload STATUS',
      parameters: [q('command', { enum: ['STATUS'] }, 'STATUS', true), q('media_id', { type: 'integer', format: 'int64' }, 'Upload to check', true)],
      responses: { '200': { description: 'The media object', content: { 'application/json': { schema: mediaObject } } }, ...errors },
    },
  },
};
