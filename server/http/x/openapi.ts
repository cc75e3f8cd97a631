/**
 * OpenAPI paths of the X-shaped surfaces: the account video library
 * (/api/ads/3, seed 002), the chunked media upload (/api/ads/1.1, also
 * `.json`) and X API v2's media upload (/api/ads/2). Their parameters arrive
 * as query string, form or JSON and are parsed with X's loose rules (see
 * library/schemas.ts, media/schemas.ts), so they are described here by hand
 * from the same constants the parsers use.
 *
 * Ids that can exceed 2^53 (media ids) are documented as digit strings in
 * requests (clients send `media_id_string`, exact in every language) and as
 * `integer`/`int64` plus their string twin in answers, where X writes them as
 * numbers: a generated client that maps int64 to a JavaScript number must
 * read `media_id_string`.
 */
import { MAX_SEGMENT_BYTES, MAX_SEGMENT_INDEX, MEDIA_CATEGORIES, MEDIA_TYPES } from '../../media/schemas';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, MAX_VIDEO_IDS } from '../../library/schemas';

const X_SECURITY = [{ bearerAuth: [] }, { oauth1: [] }];

/** A 64-bit id as a request parameter: digits, sent as a string so no client rounds it. */
const int64Id = (description: string) => ({
  type: 'string',
  pattern: '^[0-9]{1,19}$',
  description: `${description}. A 64-bit integer: send it as a string (media_id_string); JSON numbers above 2^53 lose digits in most languages.`,
  examples: ['1790123456789012345'],
});

const adsErrorItem = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      examples: ['INVALID_PARAMETER'],
      description: 'MISSING_PARAMETER, INVALID_PARAMETER, UNKNOWN_PARAMETER, NOT_FOUND, UNAUTHORIZED_ACCESS, TOO_MANY_REQUESTS, METHOD_NOT_ALLOWED, …',
    },
    message: { type: 'string' },
    parameter: { type: 'string', examples: ['count'] },
  },
};

const requestEcho = { type: 'object', required: ['params'], properties: { params: { type: 'object' } } };

const adsError = {
  type: 'object',
  required: ['errors'],
  properties: { errors: { type: 'array', items: adsErrorItem }, request: requestEcho },
};

/** The v1.1 upload endpoint's errors: X's numeric code, the Ads name beside it. */
const uploadError = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'integer', examples: [324], description: "X's v1.1 code: 38 missing, 44 invalid, 324 media, 325 media id not found, 32/89/135/215 authentication, 88 rate limit, 131 internal" },
          name: { type: 'string', examples: ['INVALID_PARAMETER'] },
          message: { type: 'string' },
          parameter: { type: 'string' },
        },
      },
    },
    request: requestEcho,
  },
};

/** X API v2's problem shape. */
const v2Problem = {
  type: 'object',
  required: ['title', 'detail', 'type', 'status'],
  properties: {
    title: { type: 'string', examples: ['Invalid Request'] },
    detail: { type: 'string' },
    type: { type: 'string', examples: ['https://api.twitter.com/2/problems/invalid-request'] },
    status: { type: 'integer' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { message: { type: 'string' }, code: { type: 'string' }, parameters: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } } },
    },
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

const processingInfo = {
  type: 'object',
  required: ['state'],
  properties: {
    state: { type: 'string', enum: ['pending', 'in_progress', 'succeeded', 'failed'] },
    check_after_secs: { type: 'integer' },
    progress_percent: { type: 'integer' },
    error: {
      type: 'object',
      required: ['code', 'name', 'message'],
      properties: { code: { type: 'integer' }, name: { type: 'string', examples: ['DurationTooLong'] }, message: { type: 'string' } },
    },
  },
};

const mediaObject = {
  type: 'object',
  required: ['media_id', 'media_id_string', 'media_key', 'size'],
  properties: {
    media_id: {
      type: 'integer',
      format: 'int64',
      description: 'Exact 64-bit integer, written as a JSON number as X does (may exceed 2^53: read media_id_string)',
    },
    media_id_string: { type: 'string', examples: ['1790123456789012345'] },
    media_key: { type: 'string', examples: ['13_1790123456789012345'] },
    size: { type: 'integer' },
    expires_after_secs: { type: 'integer' },
    processing_info: processingInfo,
    video: { type: 'object', required: ['video_type'], properties: { video_type: { type: 'string', examples: ['video/mp4'] } } },
    image: { type: 'object', required: ['image_type'], properties: { image_type: { type: 'string', examples: ['image/png'] } } },
  },
};

const v2Media = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      required: ['id', 'media_key'],
      properties: {
        id: { type: 'string', examples: ['1790123456789012345'] },
        media_key: { type: 'string', examples: ['13_1790123456789012345'] },
        size: { type: 'integer' },
        expires_after_secs: { type: 'integer' },
        processing_info: processingInfo,
      },
    },
  },
};

const q = (name: string, schema: Record<string, unknown>, description: string, required = false) => ({ name, in: 'query', required, description, schema });
const accountId = { name: 'account_id', in: 'path', required: true, schema: { type: 'string', examples: ['18ce54d4x5t'] } };
const videoId = { name: 'video_id', in: 'path', required: true, schema: { type: 'string', examples: ['13_898199863531261954'] } };
const withDeleted = q('with_deleted', { type: 'boolean', default: false }, 'Include deleted results');

const ok = (data: unknown, extra: Record<string, unknown> = {}, extraRequired: string[] = []) => ({
  description: 'OK',
  content: {
    'application/json': {
      schema: { type: 'object', required: ['data', 'request', ...extraRequired], properties: { data, request: requestEcho, ...extra } },
    },
  },
});
const errorResponse = (description: string, schema: unknown = adsError) => ({ description, content: { 'application/json': { schema } } });
const rateLimited = (schema: unknown) => ({
  description: 'TOO_MANY_REQUESTS (see Retry-After and the x-rate-limit-* headers, sent on every answer)',
  headers: {
    'Retry-After': { description: 'Seconds until the budget resets', schema: { type: 'integer' } },
    'x-rate-limit-limit': { description: 'Requests allowed per minute window', schema: { type: 'integer' } },
    'x-rate-limit-remaining': { description: 'Requests left in this window', schema: { type: 'integer' } },
    'x-rate-limit-reset': { description: 'When the window resets, in epoch seconds', schema: { type: 'integer' } },
  },
  content: { 'application/json': { schema } },
});
const errors = {
  '400': errorResponse('MISSING_PARAMETER / INVALID_PARAMETER / UNKNOWN_PARAMETER'),
  '401': errorResponse('UNAUTHORIZED_ACCESS (no, bad or revoked API key; a bad OAuth 1.0a signature, timestamp or nonce)'),
  '403': errorResponse('UNAUTHORIZED_ACCESS (not your account, whether or not it exists)'),
  '404': errorResponse('NOT_FOUND'),
  '429': rateLimited(adsError),
};
const uploadErrors = {
  '400': errorResponse('38 missing / 44 invalid / 324 media parameter', uploadError),
  '401': errorResponse('32 could not authenticate, 89 bad token, 135 timestamp out of bounds, 215 bad authentication data', uploadError),
  '404': errorResponse('325 media id not found', uploadError),
  '409': errorResponse('324 the upload is not in a state for this command', uploadError),
  '413': errorResponse('324 too large (segment over 5 MB, total_bytes over the limit)', uploadError),
  '415': errorResponse('324 unsupported body Content-Type', uploadError),
  '429': rateLimited(uploadError),
};
const v2Errors = {
  '400': errorResponse('Invalid Request', v2Problem),
  '401': errorResponse('Unauthorized', v2Problem),
  '404': errorResponse('Not Found Error', v2Problem),
  '413': errorResponse('Payload Too Large', v2Problem),
  '429': rateLimited(v2Problem),
};

const videoFields = {
  title: { type: 'string', maxLength: MAX_TITLE_LENGTH },
  description: { type: 'string', maxLength: MAX_DESCRIPTION_LENGTH },
  poster_image_media_id: int64Id('media_id of an uploaded image'),
};

/** The same parameters as a form or JSON body (X's clients send forms; the seed's examples use the query string). */
const paramsBody = (properties: Record<string, unknown>, required: string[] = []) => {
  const schema = { type: 'object', required, properties, additionalProperties: false };
  return { required: false, content: { 'application/x-www-form-urlencoded': { schema }, 'application/json': { schema } } };
};

const mediaTypes = Object.keys(MEDIA_TYPES);
const mediaCategories = Object.keys(MEDIA_CATEGORIES);
const initFields = {
  total_bytes: { type: 'integer', minimum: 1 },
  media_type: { type: 'string', enum: mediaTypes },
  media_category: { type: 'string', description: `${mediaCategories.join(', ')}; any case and X's SDK spellings (TweetVideo, DmImage, TweetGif…)` },
};

const uploadCommand = (json: boolean) => ({
  tags: ['Library'],
  operationId: json ? 'mediaUploadCommandJson' : 'mediaUploadCommand',
  summary: `POST media/upload${json ? '.json' : ''} (chunked): INIT, APPEND, FINALIZE`,
  description: `INIT: total_bytes, media_type, media_category → the media object with expires_after_secs. APPEND: media_id, segment_index (0–${MAX_SEGMENT_INDEX}), ≤ ${MAX_SEGMENT_BYTES / 1024 / 1024} MB as a multipart \`media\` part (after the other fields), base64 \`media_data\`, or a raw application/octet-stream body (parameters in the query string) → 204. FINALIZE: media_id → the media object (processing_info while processing, video.video_type). Parameters in the query string, a form, multipart or JSON. Also at host-relative /1.1/media/upload.json.`,
  security: X_SECURITY,
  parameters: [
    q('command', { type: 'string', enum: ['INIT', 'APPEND', 'FINALIZE'] }, 'Upload step (or in the body)'),
    q('media_id', int64Id('APPEND, FINALIZE: the media_id from INIT'), 'APPEND, FINALIZE'),
    q('segment_index', { type: 'integer', minimum: 0, maximum: MAX_SEGMENT_INDEX }, 'APPEND'),
    q('total_bytes', initFields.total_bytes, 'INIT'),
    q('media_type', initFields.media_type, 'INIT'),
    q('media_category', initFields.media_category, 'INIT'),
  ],
  requestBody: {
    required: false,
    content: {
      'application/x-www-form-urlencoded': {
        schema: {
          type: 'object',
          properties: { command: { type: 'string', enum: ['INIT', 'APPEND', 'FINALIZE'] }, media_id: int64Id('media_id'), segment_index: { type: 'integer' }, media_data: { type: 'string', contentEncoding: 'base64' }, ...initFields },
        },
      },
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: { command: { type: 'string', enum: ['INIT', 'APPEND', 'FINALIZE'] }, media_id: int64Id('media_id'), segment_index: { type: 'integer' }, media: { type: 'string', contentMediaType: 'application/octet-stream' }, ...initFields },
        },
      },
      'application/json': {
        schema: { type: 'object', properties: { command: { type: 'string', enum: ['INIT', 'APPEND', 'FINALIZE'] }, media_id: int64Id('media_id'), segment_index: { type: 'integer' }, media_data: { type: 'string', contentEncoding: 'base64' }, ...initFields } },
      },
      'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
    },
  },
  responses: {
    '200': { description: 'INIT / FINALIZE: the media object', content: { 'application/json': { schema: mediaObject } } },
    '204': { description: 'APPEND stored' },
    ...uploadErrors,
  },
});

const uploadStatus = (json: boolean) => ({
  tags: ['Library'],
  operationId: json ? 'mediaUploadStatusJson' : 'mediaUploadStatus',
  summary: `GET media/upload${json ? '.json' : ''} STATUS`,
  security: X_SECURITY,
  parameters: [q('command', { type: 'string', enum: ['STATUS'] }, 'STATUS', true), q('media_id', int64Id('The upload to check'), 'The upload to check', true)],
  responses: { '200': { description: 'The media object', content: { 'application/json': { schema: mediaObject } } }, ...uploadErrors },
});

const mediaIdPath = { name: 'id', in: 'path', required: true, schema: int64Id('The media id from initialize') };

export const libraryTag = {
  name: 'Library',
  description:
    'The account video library and media upload, shaped like the X Ads API (seed 002) and X’s media upload (v1.1 and v2). Also served at X’s own paths relative to this host: /12/accounts/… (any Ads API version), /1.1/media/upload.json, /2/media/upload/…. Authenticate with a Bearer API key or OAuth 1.0a credentials (Settings → API keys).',
};

export const xSecuritySchemes = {
  oauth1: {
    type: 'http',
    scheme: 'OAuth',
    description:
      'OAuth 1.0a, HMAC-SHA1 (RFC 5849), as X clients sign: consumer key and secret plus access token and secret from Settings → API keys (type OAuth 1.0a). Timestamps within OAUTH_TIMESTAMP_WINDOW_SECONDS; each nonce is accepted once.',
  },
};

export const libraryPaths: Record<string, unknown> = {
  '/api/ads/3/accounts': {
    get: {
      tags: ['Library'],
      operationId: 'listAdsAccounts',
      summary: 'GET accounts',
      security: X_SECURITY,
      responses: {
        '200': ok({ type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } } }, { next_cursor: { type: ['string', 'null'] } }, ['next_cursor']),
        ...errors,
      },
    },
  },
  '/api/ads/3/accounts/{account_id}/videos': {
    get: {
      tags: ['Library'],
      operationId: 'listLibraryVideos',
      summary: 'GET accounts/:account_id/videos',
      security: X_SECURITY,
      parameters: [
        accountId,
        q('count', { type: 'integer', minimum: 1, maximum: 50, default: 10 }, 'Records per page'),
        q('cursor', { type: 'string' }, 'Cursor from next_cursor'),
        q('video_ids', { type: 'string' }, `Comma-separated ids (up to ${MAX_VIDEO_IDS})`),
        withDeleted,
        q('with_total_count', { type: 'boolean', default: false }, 'Add total_count (the whole list’s); not with cursor'),
      ],
      responses: {
        '200': ok({ type: 'array', items: libraryVideo }, { next_cursor: { type: ['string', 'null'] }, total_count: { type: 'integer' } }, ['next_cursor']),
        ...errors,
      },
    },
    post: {
      tags: ['Library'],
      operationId: 'associateLibraryVideo',
      summary: 'POST accounts/:account_id/videos',
      description: 'Associates an uploaded, finalized video (media/upload) with the account: 201, or 200 when it already was (or restores it if it was deleted). Parameters as query string, form or JSON.',
      security: X_SECURITY,
      parameters: [accountId, q('video_media_id', int64Id('media_id of the uploaded video'), 'media_id of the uploaded video (or in the body)')],
      requestBody: paramsBody({ video_media_id: int64Id('media_id of the uploaded video'), ...videoFields }, ['video_media_id']),
      responses: {
        '201': { ...ok({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } }), description: 'Associated' },
        '200': { ...ok({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } }), description: 'Already associated (or restored)' },
        ...errors,
      },
    },
  },
  '/api/ads/3/accounts/{account_id}/videos/{video_id}': {
    get: {
      tags: ['Library'],
      operationId: 'getLibraryVideo',
      summary: 'GET accounts/:account_id/videos/:video_id',
      security: X_SECURITY,
      parameters: [accountId, videoId, withDeleted],
      responses: { '200': ok(libraryVideo), ...errors },
    },
    put: {
      tags: ['Library'],
      operationId: 'updateLibraryVideo',
      summary: 'PUT accounts/:account_id/videos/:video_id',
      security: X_SECURITY,
      parameters: [accountId, videoId],
      requestBody: paramsBody(videoFields),
      responses: { '200': ok(libraryVideo), ...errors },
    },
    delete: {
      tags: ['Library'],
      operationId: 'deleteLibraryVideo',
      summary: 'DELETE accounts/:account_id/videos/:video_id (soft)',
      description:
        'Answers the video with deleted: true. Its file and poster URLs answer 404 at once (unless they are a live personalized video’s); associating the same media again within STORAGE_TRASH_DAYS restores it with its files.',
      security: X_SECURITY,
      parameters: [accountId, videoId],
      responses: { '200': ok(libraryVideo), ...errors },
    },
  },
  '/api/ads/1.1/media/upload': { post: uploadCommand(false), get: uploadStatus(false) },
  '/api/ads/1.1/media/upload.json': { post: uploadCommand(true), get: uploadStatus(true) },
  '/api/ads/2/media/upload/initialize': {
    post: {
      tags: ['Library'],
      operationId: 'mediaUploadInitialize',
      summary: 'X API v2: initialize a media upload',
      description: 'Also at host-relative /2/media/upload/initialize. Same limits and processing as v1.1.',
      security: X_SECURITY,
      requestBody: paramsBody(initFields, ['total_bytes', 'media_type']),
      responses: {
        '200': {
          description: 'The upload',
          content: { 'application/json': { schema: { type: 'object', required: ['data'], properties: { data: { type: 'object', required: ['id', 'media_key', 'expires_after_secs'], properties: { id: { type: 'string' }, media_key: { type: 'string' }, size: { type: 'integer' }, expires_after_secs: { type: 'integer' } } } } } } },
        },
        ...v2Errors,
      },
    },
  },
  '/api/ads/2/media/upload/{id}/append': {
    post: {
      tags: ['Library'],
      operationId: 'mediaUploadAppend',
      summary: 'X API v2: append a segment',
      description: `segment_index (0–${MAX_SEGMENT_INDEX}) and ≤ ${MAX_SEGMENT_BYTES / 1024 / 1024} MB as a multipart \`media\` part, or base64 \`media\` in a form or JSON body.`,
      security: X_SECURITY,
      parameters: [mediaIdPath],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', required: ['segment_index', 'media'], properties: { segment_index: { type: 'integer' }, media: { type: 'string', contentMediaType: 'application/octet-stream' } } },
          },
          'application/json': {
            schema: { type: 'object', required: ['segment_index', 'media'], properties: { segment_index: { type: 'integer' }, media: { type: 'string', contentEncoding: 'base64' } } },
          },
        },
      },
      responses: {
        '200': {
          description: 'Stored',
          content: { 'application/json': { schema: { type: 'object', required: ['data'], properties: { data: { type: 'object', required: ['expires_at'], properties: { expires_at: { type: 'integer', description: 'Epoch seconds' } } } } } } },
        },
        ...v2Errors,
      },
    },
  },
  '/api/ads/2/media/upload/{id}/finalize': {
    post: {
      tags: ['Library'],
      operationId: 'mediaUploadFinalize',
      summary: 'X API v2: finalize a media upload',
      security: X_SECURITY,
      parameters: [mediaIdPath],
      responses: { '200': { description: 'The media, processing', content: { 'application/json': { schema: v2Media } } }, ...v2Errors },
    },
  },
  '/api/ads/2/media/upload': {
    get: {
      tags: ['Library'],
      operationId: 'mediaUploadV2Status',
      summary: 'X API v2: media upload STATUS',
      security: X_SECURITY,
      parameters: [q('command', { type: 'string', enum: ['STATUS'] }, 'STATUS'), q('media_id', int64Id('The upload to check'), 'The upload to check', true)],
      responses: { '200': { description: 'The media', content: { 'application/json': { schema: v2Media } } }, ...v2Errors },
    },
    post: {
      tags: ['Library'],
      operationId: 'mediaUploadV2Command',
      summary: 'X API v2: the command form (INIT, APPEND, FINALIZE)',
      security: X_SECURITY,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', required: ['command'], properties: { command: { type: 'string', enum: ['INIT', 'APPEND', 'FINALIZE'] }, media_id: int64Id('media_id'), segment_index: { type: 'integer' }, media: { type: 'string', contentMediaType: 'application/octet-stream' }, ...initFields } },
          },
          'application/json': {
            schema: { type: 'object', required: ['command'], properties: { command: { type: 'string', enum: ['INIT', 'APPEND', 'FINALIZE'] }, media_id: int64Id('media_id'), segment_index: { type: 'integer' }, media: { type: 'string', contentEncoding: 'base64' }, ...initFields } },
          },
        },
      },
      responses: { '200': { description: 'INIT / FINALIZE: the media; APPEND: expires_at', content: { 'application/json': { schema: v2Media } } }, ...v2Errors },
    },
  },
};
