/**
 * REST plumbing for the X-shaped surfaces (`/api/ads/1.1/media/upload`,
 * `/api/ads/3/...`): parameters from the query string, a form or a JSON body;
 * the X Ads error shape
 * `{"errors":[{"code","message","parameter"}],"request":{"params":{…}}}`;
 * JSON written with exact 64-bit integers. Who the caller is: auth.ts.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { AppError, toAppError } from '../../lib/errors';
import { findInputIssue } from '../../lib/input-policy';
import { errorFields, logger } from '../../lib/logger';
import { readBodyText } from '../respond';

export type XErrorCode =
  | 'MISSING_PARAMETER'
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_PARAMETER'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED_ACCESS'
  | 'TOO_MANY_REQUESTS'
  | 'MEDIA_TOO_LARGE'
  | 'INVALID_MEDIA'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_STATE'
  | 'INTERNAL_ERROR';

/** One X-style error; thrown by the ads services and turned into the response by xErrorResponse. */
export class XApiError extends Error {
  readonly status: number;
  readonly code: XErrorCode;
  readonly parameter?: string;
  readonly headers?: Record<string, string>;
  /** X's numeric v1.1 error code, when it is not the one v1Code derives from `code` (e.g. 135, timestamp out of bounds). */
  readonly v1Code?: number;

  constructor(
    status: number,
    code: XErrorCode,
    message: string,
    parameter?: string,
    headers?: Record<string, string>,
    v1Code?: number,
  ) {
    super(message);
    this.name = 'XApiError';
    this.status = status;
    this.code = code;
    this.parameter = parameter;
    this.headers = headers;
    this.v1Code = v1Code;
  }

  /** A 401 in X's words; `v1Code` as X's v1.1 answers it (32 could not authenticate, 89 bad token, 135 timestamp, 215 bad data). */
  static unauthenticated(message: string, v1Code = 32): XApiError {
    return new XApiError(401, 'UNAUTHORIZED_ACCESS', message, undefined, undefined, v1Code);
  }

  static missing(parameter: string): XApiError {
    return new XApiError(400, 'MISSING_PARAMETER', `"${parameter}" is missing.`, parameter);
  }

  static invalid(parameter: string, message: string): XApiError {
    return new XApiError(400, 'INVALID_PARAMETER', message, parameter);
  }

  static notFound(message: string, parameter?: string): XApiError {
    return new XApiError(404, 'NOT_FOUND', message, parameter);
  }
}

// ---------------------------------------------------------------------------
// JSON with exact 64-bit integers

// Bigints leave the replacer as a marked string, then lose the quotes and the mark. The mark
// carries a per-process random part, so no string a client sends can imitate it.
const BIGINT_MARK = `bigint:${randomBytes(8).toString('hex')}:`;
const BIGINT_MARKED = new RegExp(`"${BIGINT_MARK}(-?\\d+)"`, 'g');

/**
 * JSON.stringify that writes bigint values as exact integer literals
 * (`"media_id": 1790123456789012345`), as X does. Everything else is
 * serialized as JSON.stringify would (it does the work).
 */
export function stringifyJson(value: unknown): string {
  // Most answers (every list) hold no bigint: the plain call is several times faster than one with a
  // replacer, and it throws a TypeError on the first bigint, which sends us the slow way.
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  let marked = false;
  const out = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    marked = true;
    return `${BIGINT_MARK}${v}`;
  });
  if (out === undefined) return 'null';
  return marked ? out.replace(BIGINT_MARKED, '$1') : out;
}

/**
 * JSON.parse that keeps integers longer than 15 digits exact by reading
 * them as strings (Node 20 has no reviver source access). The id parsers
 * accept digit strings, so `{"video_media_id": 858201340161343488}` works.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const literal = match?.[0] ?? ch;
      const isLongInteger = !match?.[1] && !match?.[2] && literal.replace('-', '').length > 15;
      out += isLongInteger ? `"${literal}"` : literal;
      i += literal.length;
      continue;
    }
    out += ch;
    i++;
  }
  return JSON.parse(out);
}

/** A JSON response written with stringifyJson. */
export function adsJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(stringifyJson(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...init.headers },
  });
}

const appCodeToX: Partial<Record<AppError['code'], { status: number; code: XErrorCode }>> = {
  bad_request: { status: 400, code: 'INVALID_PARAMETER' },
  invalid_json: { status: 400, code: 'INVALID_PARAMETER' },
  validation_error: { status: 400, code: 'INVALID_PARAMETER' },
  unauthorized: { status: 401, code: 'UNAUTHORIZED_ACCESS' },
  forbidden: { status: 403, code: 'UNAUTHORIZED_ACCESS' },
  not_found: { status: 404, code: 'NOT_FOUND' },
  method_not_allowed: { status: 405, code: 'METHOD_NOT_ALLOWED' },
  conflict: { status: 409, code: 'INVALID_STATE' },
  invalid_state: { status: 409, code: 'INVALID_STATE' },
  payload_too_large: { status: 413, code: 'MEDIA_TOO_LARGE' },
  unsupported_media_type: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  rate_limited: { status: 429, code: 'TOO_MANY_REQUESTS' },
};

/** An XApiError by name and shape, not class (see isAppError in lib/errors.ts). */
export function isXApiError(err: unknown): err is XApiError {
  if (err instanceof XApiError) return true;
  return err instanceof Error && err.name === 'XApiError' && typeof (err as { status?: unknown }).status === 'number' && typeof (err as { code?: unknown }).code === 'string';
}

/** Any thrown value as an XApiError; unknown errors are logged and become a generic 500. */
export function toXApiError(err: unknown): XApiError {
  if (isXApiError(err)) return err;
  const appError = toAppError(err);
  const mapped = appCodeToX[appError.code];
  if (mapped) {
    return new XApiError(mapped.status, mapped.code, appError.message, appError.details?.[0]?.field, appError.headers);
  }
  logger.error('unhandled error in ads API request', errorFields(err));
  return new XApiError(500, 'INTERNAL_ERROR', 'Something went wrong on our side. It has been logged.');
}

/**
 * X's numeric v1.1 code for an error on the media upload endpoint, where
 * clients test codes such as 324 (invalid media), 325 (media id not found),
 * 88 (rate limit) or 32 / 89 / 135 / 215 (authentication).
 */
export function v1ErrorCode(e: XApiError): number {
  if (e.v1Code !== undefined) return e.v1Code;
  switch (e.code) {
    case 'MISSING_PARAMETER':
      return 38;
    case 'UNKNOWN_PARAMETER':
      return 44;
    case 'INVALID_PARAMETER':
      return e.parameter === 'command' || e.parameter === 'segment_index' ? 44 : 324;
    case 'NOT_FOUND':
      return 325;
    case 'UNAUTHORIZED_ACCESS':
      return e.status === 403 ? 220 : 32;
    case 'TOO_MANY_REQUESTS':
      return 88;
    case 'INTERNAL_ERROR':
      return 131;
    default:
      return 324;
  }
}

/**
 * The X error response, echoing whatever parameters were parsed before the
 * failure. The Ads API's `code` is a name (`INVALID_PARAMETER`); the v1.1
 * upload endpoint's is X's number (`numericCodes`), with the name beside it.
 */
export function xErrorResponse(err: unknown, params: Record<string, unknown> = {}, opts: { numericCodes?: boolean } = {}): Response {
  const e = toXApiError(err);
  const error: { code: string | number; name?: string; message: string; parameter?: string } = opts.numericCodes
    ? { code: v1ErrorCode(e), name: e.code, message: e.message }
    : { code: e.code, message: e.message };
  if (e.parameter) error.parameter = e.parameter;
  const headers: Record<string, string> = { ...e.headers };
  if (e.status === 401) headers['www-authenticate'] = 'OAuth, Bearer';
  return adsJson({ errors: [error], request: { params } }, { status: e.status, headers });
}

// ---------------------------------------------------------------------------
// Parameters

export type RawParams = Record<string, unknown>;

/** Body limit for non-file parameter bodies: a base64 APPEND segment of 5 MB plus form overhead. */
export const MAX_PARAM_BODY_BYTES = 7 * 1024 * 1024 + 64 * 1024;

export function mediaTypeOf(req: Request): string {
  return (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function queryParams(req: Request): RawParams {
  const out: RawParams = {};
  for (const [k, v] of new URL(req.url).searchParams) out[k] = v;
  return out;
}

function readText(req: Request, maxBytes: number): Promise<string> {
  return readBodyText(
    req,
    maxBytes,
    () => new XApiError(413, 'MEDIA_TOO_LARGE', `The request body is larger than the limit of ${maxBytes} bytes.`),
  );
}

/**
 * Query parameters merged with a form (x-www-form-urlencoded) or JSON body;
 * body values win. Multipart bodies are not read here (see multipart.ts).
 */
export async function readParams(req: Request, maxBytes = 64 * 1024): Promise<RawParams> {
  const params = queryParams(req);
  const type = mediaTypeOf(req);
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return params;
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(await readText(req, maxBytes))) params[k] = v;
  } else if (type === 'application/json') {
    const text = await readText(req, maxBytes);
    if (text.trim() === '') return params;
    let body: unknown;
    try {
      body = parseJsonKeepingBigInts(text);
    } catch (err) {
      throw new XApiError(400, 'INVALID_PARAMETER', `The request body is not valid JSON: ${(err as Error).message}`);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new XApiError(400, 'INVALID_PARAMETER', 'The JSON body must be an object of parameters.');
    }
    Object.assign(params, body);
  } else if (type === '' || type === 'text/plain') {
    // Bodiless POSTs with parameters in the query string, as in the seed's examples.
    const text = await readText(req, maxBytes);
    if (text.trim() !== '') throw new XApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send parameters as a form, JSON or in the query string.');
  } else if (type !== 'multipart/form-data' && type !== 'application/octet-stream') {
    throw new XApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported Content-Type ${type}: use application/x-www-form-urlencoded, application/json or multipart/form-data.`,
    );
  }
  return params;
}

/**
 * Validates raw parameters with a zod schema. A required parameter that is
 * absent is MISSING_PARAMETER, any other failure INVALID_PARAMETER, both
 * naming the parameter.
 */
export function parseParams<S extends z.ZodType>(schema: S, raw: RawParams): z.output<S> {
  // NUL, lone surrogates, nesting past the limit (lib/input-policy.ts): the parameter is invalid, before any query.
  const unstorable = findInputIssue(raw);
  if (unstorable) {
    const parameter = unstorable.field.split(/[.[]/)[0] || undefined;
    throw new XApiError(400, 'INVALID_PARAMETER', `${unstorable.field}: ${unstorable.message}`, parameter);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const parameter = issue && issue.path.length > 0 ? String(issue.path[0]) : undefined;
  if (parameter && (raw[parameter] === undefined || raw[parameter] === '')) {
    throw XApiError.missing(parameter);
  }
  const message = issue?.message ?? 'Invalid parameters';
  throw new XApiError(400, 'INVALID_PARAMETER', parameter ? `${parameter}: ${message}` : message, parameter);
}

