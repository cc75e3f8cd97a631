/**
 * X API v2 media upload (`/api/ads/2/media/upload/…`, and host-relative
 * `/2/media/upload/…`), over the same storage, processing and limits as v1.1:
 *
 * - `POST /2/media/upload/initialize` {media_type, total_bytes, media_category}
 *   → `{"data":{"id","media_key","expires_after_secs"}}`
 * - `POST /2/media/upload/{id}/append`: multipart `media` + `segment_index`
 *   (or base64 `media` in a form or JSON body) → `{"data":{"expires_at"}}`
 * - `POST /2/media/upload/{id}/finalize` → `{"data":{id, media_key, size,
 *   expires_after_secs, processing_info}}`
 * - `GET /2/media/upload?command=STATUS&media_id=…` → the same object
 * - `POST /2/media/upload` with `command=INIT|APPEND|FINALIZE`, the
 *   command form X's v2 also serves.
 *
 * Ids are strings, as everywhere in v2; errors are v2 problems
 * (`{"title","detail","type","status","errors":[…]}`).
 */
import { Readable } from 'node:stream';
import { getDb, type Db } from '../../db/client';
import type { MediaObject } from '../../media/schemas';
import { appendParams, finalizeParams, initParams, MAX_SEGMENT_BYTES, statusParams } from '../../media/schemas';
import { appendSegment, finalizeUpload, getUploadStatus, initUpload } from '../../media/upload-service';
import { getStorage } from '../../storage';
import { withRateLimitHeaders, type RateLimitResult } from '../rate-limit';
import { authenticateAds, limitAdsRequests, resolveAdsAccount } from './auth';
import { decodeBase64, parseCommand, readMultipart } from './upload-common';
import { adsJson, MAX_PARAM_BODY_BYTES, mediaTypeOf, parseParams, queryParams, readParams, toXApiError, XApiError, type RawParams } from './wire';

type Media = Pick<MediaObject, 'media_id_string' | 'media_key' | 'size' | 'expires_after_secs' | 'processing_info'>;

/** The v2 media object: `id` as a string, no v1.1 integer id. */
function v2Media(m: Media) {
  return {
    id: m.media_id_string,
    media_key: m.media_key,
    size: m.size,
    ...(m.expires_after_secs !== undefined ? { expires_after_secs: m.expires_after_secs } : {}),
    ...(m.processing_info ? { processing_info: m.processing_info } : {}),
  };
}

const problemTypes: Record<number, { title: string; type: string }> = {
  400: { title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' },
  401: { title: 'Unauthorized', type: 'about:blank' },
  403: { title: 'Forbidden', type: 'about:blank' },
  404: { title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found' },
  409: { title: 'Conflict', type: 'https://api.twitter.com/2/problems/invalid-request' },
  413: { title: 'Payload Too Large', type: 'https://api.twitter.com/2/problems/invalid-request' },
  415: { title: 'Unsupported Media Type', type: 'https://api.twitter.com/2/problems/invalid-request' },
  429: { title: 'Too Many Requests', type: 'about:blank' },
};

/** Any error as a v2 problem: title, detail, type, status, and the parameter in `errors`. */
export function v2ErrorResponse(err: unknown, params: RawParams = {}): Response {
  const e = toXApiError(err);
  const kind = problemTypes[e.status] ?? { title: 'Internal Server Error', type: 'about:blank' };
  const error: Record<string, unknown> = { message: e.message, code: e.code };
  if (e.parameter) {
    error.parameters = { [e.parameter]: params[e.parameter] === undefined ? [] : [String(params[e.parameter])] };
  }
  const headers: Record<string, string> = { ...e.headers };
  if (e.status === 401) headers['www-authenticate'] = 'OAuth, Bearer';
  return adsJson({ title: kind.title, detail: e.message, type: kind.type, status: e.status, errors: [error] }, { status: e.status, headers });
}

interface Caller {
  db: Db;
  accountId: string;
}

/** Authenticates, meters (the upload budget, shared with v1.1) and answers errors as v2 problems. */
function v2Route<C extends Record<string, string>>(
  handler: (req: Request, caller: Caller, path: C, raw: RawParams) => Promise<Response>,
) {
  return async (req: Request, ctx?: { params: Promise<C> }): Promise<Response> => {
    const path = ((await ctx?.params) ?? {}) as C;
    const raw: RawParams = queryParams(req);
    let budget: RateLimitResult | undefined;
    try {
      const db = await getDb();
      const principal = await authenticateAds(req, db);
      const accountId = await resolveAdsAccount(req, db, principal, null);
      budget = await limitAdsRequests(db, accountId, 'upload');
      return withRateLimitHeaders(await handler(req, { db, accountId }, path, raw), budget);
    } catch (err) {
      return withRateLimitHeaders(v2ErrorResponse(err, { ...raw, ...path }), budget);
    }
  };
}

async function initialize({ db, accountId }: Caller, raw: RawParams): Promise<Response> {
  const p = parseParams(initParams, { ...raw, command: 'INIT' });
  const out = await initUpload(db, { accountId, totalBytes: p.total_bytes, mediaType: p.media_type, mediaCategory: p.media_category });
  return adsJson({ data: v2Media(out) });
}

/** A segment read from the body: bytes to append, one already streamed to storage (with the upload's expiry), or none. */
type Segment = Buffer | { expiresAt: Date | null } | null;

const tooLarge = () =>
  new XApiError(413, 'MEDIA_TOO_LARGE', `The segment is larger than the 5 MB (${MAX_SEGMENT_BYTES} bytes) segment limit.`, 'media');

/**
 * Reads a multipart body into `raw`. Its `media` part is streamed to storage
 * when it is an APPEND whose media_id and segment_index came first; else it
 * is held (at most 5 MB) and returned for the caller to append.
 */
async function readMultipartSegment(req: Request, { db, accountId }: Caller, raw: RawParams): Promise<Segment> {
  let out: Segment = null as Segment;
  await readMultipart(req, raw, async (body) => {
    const isAppend = raw.command === undefined || String(raw.command).trim().toUpperCase() === 'APPEND';
    if (isAppend && raw.segment_index !== undefined && raw.media_id !== undefined) {
      const p = parseParams(appendParams, { ...raw, command: 'APPEND' });
      out = await appendSegment(db, getStorage(), { accountId, mediaId: p.media_id, segmentIndex: p.segment_index, body: Readable.from(body) });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > MAX_SEGMENT_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
    out = Buffer.concat(chunks);
  });
  return out;
}

/**
 * APPEND of one segment, after its body was read: bytes already streamed,
 * bytes held from a multipart part, or base64 `media` / `media_data` from a
 * form or JSON body. Answers X's `{"data":{"expires_at"}}`.
 */
async function append({ db, accountId }: Caller, raw: RawParams, segment: Segment): Promise<Response> {
  const p = parseParams(appendParams, { ...raw, command: 'APPEND' });
  let stored = segment && !Buffer.isBuffer(segment) ? segment : null;
  if (!stored) {
    let bytes = segment as Buffer | null;
    if (!bytes) {
      const encoded = raw.media ?? raw.media_data;
      if (encoded === undefined || encoded === '') throw XApiError.missing('media');
      bytes = decodeBase64(encoded, raw.media !== undefined ? 'media' : 'media_data');
    }
    if (bytes.length > MAX_SEGMENT_BYTES) throw tooLarge();
    stored = await appendSegment(db, getStorage(), { accountId, mediaId: p.media_id, segmentIndex: p.segment_index, body: bytes });
  }
  return adsJson({ data: { expires_at: stored.expiresAt ? Math.floor(stored.expiresAt.getTime() / 1000) : null } });
}

/** Reads whatever body the request has into `raw`: a multipart segment, or form / JSON parameters. */
async function readBody(req: Request, caller: Caller, raw: RawParams): Promise<Segment> {
  if (mediaTypeOf(req) === 'multipart/form-data') return readMultipartSegment(req, caller, raw);
  Object.assign(raw, await readParams(req, MAX_PARAM_BODY_BYTES));
  return null;
}

async function finalize({ db, accountId }: Caller, raw: RawParams): Promise<Response> {
  const p = parseParams(finalizeParams, { ...raw, command: 'FINALIZE' });
  return adsJson({ data: v2Media(await finalizeUpload(db, { accountId, mediaId: p.media_id })) });
}

async function status({ db, accountId }: Caller, raw: RawParams): Promise<Response> {
  const p = parseParams(statusParams, { ...raw, command: 'STATUS' });
  return adsJson({ data: v2Media(await getUploadStatus(db, { accountId, mediaId: p.media_id })) });
}

/** `POST /2/media/upload/initialize`: parameters as JSON (as X documents), a form or the query string. */
export const handleV2Initialize = v2Route(async (req, caller, _path, raw) => {
  await readBody(req, caller, raw);
  return initialize(caller, raw);
});

/** `POST /2/media/upload/{id}/append`. */
export const handleV2Append = v2Route<{ id: string }>(async (req, caller, path, raw) => {
  raw.media_id = path.id;
  const segment = await readBody(req, caller, raw);
  raw.media_id = path.id;
  return append(caller, raw, segment);
});

/** `POST /2/media/upload/{id}/finalize`. */
export const handleV2Finalize = v2Route<{ id: string }>(async (req, caller, path, raw) => {
  await readBody(req, caller, raw);
  raw.media_id = path.id;
  return finalize(caller, raw);
});

/** `GET /2/media/upload?command=STATUS&media_id=…` and the command form `POST /2/media/upload` (multipart, form or JSON). */
export const handleV2Upload = v2Route(async (req, caller, _path, raw) => {
  if (req.method === 'GET') {
    if (raw.command !== undefined && parseCommand(raw) !== 'STATUS') throw XApiError.invalid('command', 'GET only serves command=STATUS.');
    return status(caller, raw);
  }
  // A multipart APPEND streams its segment when its parameters came first (readMultipartSegment).
  const segment = await readBody(req, caller, raw);
  switch (parseCommand(raw)) {
    case 'INIT':
      return initialize(caller, raw);
    case 'APPEND':
      return append(caller, raw, segment);
    case 'FINALIZE':
      return finalize(caller, raw);
    default:
      throw XApiError.invalid('command', 'STATUS is served by GET.');
  }
});
