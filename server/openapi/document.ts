/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the
 * same zod schemas that validate requests and shape responses, so the docs
 * cannot drift from the code. OpenAPI 3.1 uses JSON Schema 2020-12, which is
 * what zod's toJSONSchema emits.
 */
import { z } from 'zod';
import pkg from '../../package.json';
import { playbackEventInput } from '../analytics/service';
import { aiMessagingSchema } from '../messaging/schemas';
import { createProjectInput, listProjectsQuery, projectListResponse, projectOutput, updateProjectInput } from '../projects/schemas';
import { templateOutput } from '../templates/service';
import {
  createVideoInput,
  createVideoResponse,
  listVideosQuery,
  videoDetail,
  videoListResponse,
  videoStatusSchema,
} from '../videos/schemas';
import { libraryPaths, libraryTag, xSecuritySchemes } from '../http/x/openapi';
import { webhookPaths, webhookSchemas, webhooksTag } from '../webhooks/openapi';
import { batchPaths, batchSchemas, batchesTag } from '../batches/openapi';

type JsonSchema = Record<string, unknown>;

/** Drops the ±(2^53 − 1) bounds zod writes on every int: not limits of ours, and noise in every example. */
function withoutSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'minimum' && v === Number.MIN_SAFE_INTEGER) continue;
    if (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) continue;
    out[k] = withoutSafeIntegerBounds(v);
  }
  return out;
}

/**
 * In what clients send, a default is said in words, not as `default`: code
 * generators (openapi-typescript's defaultNonNullable, on by default) make a
 * property with a default required, so a generated client would have to send
 * every defaulted field of a request body.
 */
function defaultsAsWords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defaultsAsWords);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'default') out[k] = defaultsAsWords(v);
  if ('default' in value) {
    const said = `Default: ${JSON.stringify((value as { default: unknown }).default)}.`;
    out.description = typeof out.description === 'string' ? `${out.description} ${said}` : said;
  }
  return out;
}

function schema(s: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  let json = withoutSafeIntegerBounds(z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' })) as JsonSchema;
  if (io === 'input') json = defaultsAsWords(json) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The create request, with ai_messaging typed (it is parsed on its own, to name the bad field; see videos/schemas.ts). */
function createVideoRequestSchema(): JsonSchema {
  const json = schema(createVideoInput, 'input') as { properties: Record<string, unknown> };
  json.properties.ai_messaging = { $ref: '#/components/schemas/AiMessaging' };
  return json as JsonSchema;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['validation_error'] },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string', examples: ['customer_data.first_name'] }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        description:
          {
            400: 'Malformed JSON or query parameter',
            401: 'Missing, invalid or revoked API key',
            404: 'Not found (or another account’s)',
            409: 'Invalid state transition, or Idempotency-Key reused with another body',
            413: 'Body too large',
            422: 'Well-formed but invalid (unknown template, customer_data missing a field, bad enum…)',
            429: 'Too many requests (see Retry-After)',
          }[s] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

const json = (ref: string, description = 'OK') => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

const idParam = (name: string, description: string, example: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', examples: [example] },
});

function queryParams(s: z.ZodObject): unknown[] {
  const js = schema(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, p]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: p,
  }));
}

const seedExample = {
  title: 'Welcome Message for Sarah',
  template_id: 'tmpl_welcome_message',
  customer_data: {
    first_name: 'Sarah',
    last_name: 'Johnson',
    company: 'Acme Inc.',
    product_tier: 'Enterprise',
    usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
  },
  ai_messaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] },
  aspect_ratio: '9:16',
};

let cached: JsonSchema | undefined;

export function buildOpenApiDocument(extraPaths: Record<string, unknown> = {}): JsonSchema {
  if (cached && Object.keys(extraPaths).length === 0) return cached;
  const videoId = idParam('video_id', 'The ID of the video', 'vid_12345abcde');
  const doc: JsonSchema = {
    openapi: '3.1.0',
    info: {
      title: 'Clipwright API',
      version: pkg.version,
      description:
        'Personalized videos (templates + customer_data + AI messaging → rendered, hosted, measured videos) and the account video library. Authenticate with `Authorization: Bearer <api key>` (Settings → API keys).',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'Videos', description: 'Create, manage and process personalized videos.' },
      batchesTag,
      { name: 'Templates', description: 'The templates videos are made from (ext).' },
      { name: 'Projects', description: 'Group videos into projects (ext).' },
      { name: 'Analytics', description: 'Playback beacons from the watch page (ext).' },
      webhooksTag,
      libraryTag,
    ],
    paths: {
      '/api/v1/videos': {
        get: {
          tags: ['Videos'],
          operationId: 'listVideos',
          summary: 'List videos',
          description: 'Retrieves a list of videos in your account, newest first.',
          parameters: queryParams(listVideosQuery),
          responses: { '200': json('VideoList'), ...errorResponses(400, 401) },
        },
        post: {
          tags: ['Videos'],
          operationId: 'createVideo',
          summary: 'Create video',
          description:
            'Creates a new personalized video using a template and customer data. Rendering starts at once unless `draft: true`. Send an `Idempotency-Key` header to make retries safe.',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Same key + same body returns the first response and renders once; another body → 409.',
              schema: { type: 'string', maxLength: 255 },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/CreateVideoRequest' }, example: seedExample },
            },
          },
          responses: { '201': json('CreateVideoResponse', 'Created'), ...errorResponses(400, 401, 409, 413, 422) },
        },
      },
      '/api/v1/videos/{video_id}': {
        get: {
          tags: ['Videos'],
          operationId: 'getVideo',
          summary: 'Get video',
          parameters: [videoId],
          responses: { '200': json('Video'), ...errorResponses(401, 404) },
        },
        delete: {
          tags: ['Videos'],
          operationId: 'deleteVideo',
          summary: 'Delete video (ext)',
          description:
            'Gone from lists, GET, its watch page and the library at once; a running render is cancelled. Its MP4 and thumbnail URLs answer 404 before this returns; the bytes are removed after STORAGE_TRASH_DAYS.',
          parameters: [videoId],
          responses: { '204': { description: 'Deleted' }, ...errorResponses(401, 404) },
        },
      },
      '/api/v1/videos/{video_id}/submit': {
        post: {
          tags: ['Videos'],
          operationId: 'submitVideo',
          summary: 'Submit a draft for processing (ext)',
          parameters: [videoId],
          responses: { '200': json('Video'), ...errorResponses(401, 404, 409) },
        },
      },
      '/api/v1/videos/preview': {
        post: {
          tags: ['Videos'],
          operationId: 'previewVideo',
          summary: 'Preview before rendering (ext)',
          description:
            'Validates the body exactly like Create video (same 4xx, naming the field) and answers the script the render would use and a JPEG still (a data: URI, half the standard size) of the moment `at` (seconds) or of the thumbnail’s moment. Creates nothing.',
          parameters: [{ name: 'at', in: 'query', required: false, description: 'Seconds into the video', schema: { type: 'number', minimum: 0 } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateVideoRequest' }, example: seedExample } } },
          responses: {
            '200': {
              description: 'The script and the still',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['script', 'duration', 'aspect_ratio', 'at', 'frame', 'width', 'height', 'image'],
                    properties: {
                      script: { type: 'object' },
                      duration: { type: 'number' },
                      aspect_ratio: { type: 'string' },
                      at: { type: 'number' },
                      frame: { type: 'integer' },
                      width: { type: 'integer' },
                      height: { type: 'integer' },
                      image: { type: 'string', description: 'data:image/jpeg;base64,…' },
                    },
                  },
                },
              },
            },
            ...errorResponses(400, 401, 413, 422),
          },
        },
      },
      '/api/v1/videos/{video_id}/cancel': {
        post: {
          tags: ['Videos'],
          operationId: 'cancelVideo',
          summary: 'Cancel a render (ext)',
          description:
            'processing → cancelled: a queued render never starts; a running one stops within seconds, frees its worker and leaves no file. The event `video.cancelled` follows; retry renders it again. Any other status: 409.',
          parameters: [videoId],
          responses: { '200': json('Video'), ...errorResponses(401, 404, 409) },
        },
      },
      '/api/v1/videos/{video_id}/retry': {
        post: {
          tags: ['Videos'],
          operationId: 'retryVideo',
          summary: 'Retry a failed or cancelled video (ext)',
          parameters: [videoId],
          responses: { '200': json('Video'), ...errorResponses(401, 404, 409) },
        },
      },
      '/api/v1/videos/{video_id}/events': {
        post: {
          tags: ['Analytics'],
          operationId: 'sendPlaybackEvent',
          summary: 'Playback beacon (ext, public)',
          description:
            'Sent by the watch page and embedded players; no API key. Rate-limited per client; bots are ignored. `played` carries every range played so far, so repeated beacons never double-count.',
          security: [],
          parameters: [videoId],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PlaybackEvent' } } } },
          responses: { '202': { description: 'Accepted' }, ...errorResponses(400, 404, 413, 422, 429) },
        },
      },
      '/api/v1/templates': {
        get: {
          tags: ['Templates'],
          operationId: 'listTemplates',
          summary: 'List templates',
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Template' } } } },
                },
              },
            },
            ...errorResponses(401),
          },
        },
      },
      '/api/v1/templates/{template_id}': {
        get: {
          tags: ['Templates'],
          operationId: 'getTemplate',
          summary: 'Get template',
          parameters: [idParam('template_id', 'Template id', 'tmpl_welcome_message')],
          responses: { '200': json('Template'), ...errorResponses(401, 404) },
        },
      },
      '/api/v1/projects': {
        get: {
          tags: ['Projects'],
          operationId: 'listProjects',
          summary: 'List projects',
          description:
            'The projects of your account, newest first, a page at a time: `page` and `limit` as in List videos (`limit` defaults to 100, the maximum), with the same `pagination` object beside `data`.',
          parameters: queryParams(listProjectsQuery),
          responses: { '200': json('ProjectList'), ...errorResponses(400, 401) },
        },
        post: {
          tags: ['Projects'],
          operationId: 'createProject',
          summary: 'Create project',
          requestBody: { required: true, content: { 'application/json': { schema: schema(createProjectInput, 'input') } } },
          responses: { '201': json('Project', 'Created'), ...errorResponses(400, 401, 413, 422) },
        },
      },
      '/api/v1/projects/{project_id}': {
        get: {
          tags: ['Projects'],
          operationId: 'getProject',
          summary: 'Get project',
          parameters: [idParam('project_id', 'Project id', 'proj_onboarding_2025')],
          responses: { '200': json('Project'), ...errorResponses(401, 404) },
        },
        patch: {
          tags: ['Projects'],
          operationId: 'updateProject',
          summary: 'Update project',
          parameters: [idParam('project_id', 'Project id', 'proj_onboarding_2025')],
          requestBody: { required: true, content: { 'application/json': { schema: schema(updateProjectInput, 'input') } } },
          responses: { '200': json('Project'), ...errorResponses(400, 401, 404, 422) },
        },
        delete: {
          tags: ['Projects'],
          operationId: 'deleteProject',
          summary: 'Delete project',
          parameters: [idParam('project_id', 'Project id', 'proj_onboarding_2025')],
          responses: { '204': { description: 'Deleted' }, ...errorResponses(401, 404) },
        },
      },
      ...batchPaths({ schema, json, errorResponses, idParam, queryParams }),
      ...webhookPaths({ schema, json, errorResponses, idParam, queryParams }),
      ...libraryPaths,
      ...extraPaths,
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key from Settings → API keys' }, ...xSecuritySchemes },
      schemas: {
        Error: errorSchema,
        VideoStatus: schema(videoStatusSchema),
        AiMessaging: schema(aiMessagingSchema, 'input'),
        CreateVideoRequest: createVideoRequestSchema(),
        CreateVideoResponse: schema(createVideoResponse),
        VideoList: schema(videoListResponse),
        Video: schema(videoDetail),
        Template: schema(templateOutput),
        Project: schema(projectOutput),
        ProjectList: schema(projectListResponse),
        PlaybackEvent: schema(playbackEventInput, 'input'),
        ...batchSchemas({ schema, json, errorResponses, idParam, queryParams }),
        ...webhookSchemas({ schema, json, errorResponses, idParam, queryParams }),
      },
    },
  };
  if (Object.keys(extraPaths).length === 0) cached = doc;
  return doc;
}
