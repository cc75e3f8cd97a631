/**
 * HTTP serving of stored objects for `app/files/[...key]` (local driver): GET
 * and HEAD with single byte ranges (206/416), strong ETag + Last-Modified
 * revalidation (304), If-Range, the stored Content-Type and Cache-Control
 * (user content: cached but revalidated, so a delete takes effect at once;
 * see DEFAULT_CACHE_CONTROL). Bodies stream from disk on demand; nothing is read whole.
 *
 * Kept out of the route so tests can call it with real Requests and any driver.
 */
import { AppError } from '../lib/errors';
import { errorResponse } from '../http/respond';
import { isPassiveContentType } from './content-type';
import { parseRangeHeader } from './http-range';
import { getStorage } from './index';
import { isValidKey } from './keys';
import { toWebStream } from './streams';
import type { StorageDriver, StoredObject } from './types';

function notFound(): Response {
  const res = errorResponse(AppError.notFound('File'));
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

function httpDate(date: Date): string {
  return date.toUTCString();
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** If-None-Match uses weak comparison: W/"x" matches "x". */
function noneMatchHits(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const ours = opaqueTag(etag);
  return header.split(',').some((t) => opaqueTag(t.trim()) === ours);
}

/** True when the object has not changed since the date the client holds. */
function notModifiedSince(header: string, lastModified: Date): boolean {
  const since = Date.parse(header);
  return Number.isFinite(since) && seconds(lastModified) <= Math.floor(since / 1000);
}

/** If-Range: a range is honoured only if the client's validator still matches (strong comparison). */
function ifRangeHolds(header: string, object: StoredObject): boolean {
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return !value.startsWith('W/') && value === object.etag;
  const date = Date.parse(value);
  return Number.isFinite(date) && Math.floor(date / 1000) === seconds(object.lastModified);
}

/**
 * The stored policy plus `no-transform`: Next's `compress` (and some proxies) would
 * otherwise gzip text-like types, even 206 bodies, behind an unchanged strong ETag.
 */
function cacheControlOf(object: StoredObject): string {
  return /\bno-transform\b/i.test(object.cacheControl) ? object.cacheControl : `${object.cacheControl}, no-transform`;
}

function validatorHeaders(object: StoredObject): Headers {
  return new Headers({
    ETag: object.etag,
    'Last-Modified': httpDate(object.lastModified),
    'Cache-Control': cacheControlOf(object),
  });
}

/**
 * Answers one GET or HEAD for the object at `key` of `storage`. Works with any
 * driver (on S3 it proxies), though the route uses it only for the local one.
 */
export async function serveStorageObject(req: Request, key: string, storage: StorageDriver): Promise<Response> {
  if (!isValidKey(key)) return notFound();
  const object = await storage.stat(key);
  if (!object) return notFound();

  const ifNoneMatch = req.headers.get('if-none-match');
  const ifModifiedSince = req.headers.get('if-modified-since');
  // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
  const notModified = ifNoneMatch
    ? noneMatchHits(ifNoneMatch, object.etag)
    : ifModifiedSince
      ? notModifiedSince(ifModifiedSince, object.lastModified)
      : false;
  if (notModified) return new Response(null, { status: 304, headers: validatorHeaders(object) });

  const headers = validatorHeaders(object);
  headers.set('Accept-Ranges', 'bytes');
  headers.set('Content-Type', object.contentType);
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!isPassiveContentType(object.contentType)) {
    // Active content (HTML, SVG…) must not run with the app's origin.
    headers.set('Content-Security-Policy', "default-src 'none'; sandbox");
    headers.set('Content-Disposition', 'attachment');
  }

  // Range handling is defined for GET only (RFC 9110 §14.2); HEAD describes the whole object.
  const ifRange = req.headers.get('if-range');
  const range =
    req.method === 'GET' && (!ifRange || ifRangeHolds(ifRange, object))
      ? parseRangeHeader(req.headers.get('range'), object.size)
      : ({ kind: 'none' } as const);

  if (range.kind === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { 'Content-Range': `bytes */${object.size}`, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' },
    });
  }

  if (range.kind === 'range') {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
    headers.set('Content-Length', String(range.end - range.start + 1));
    const body = toWebStream(await storage.read(key, { start: range.start, end: range.end }));
    return new Response(body, { status: 206, headers });
  }

  headers.set('Content-Length', String(object.size));
  if (req.method === 'HEAD' || object.size === 0) return new Response(null, { status: 200, headers });
  return new Response(toWebStream(await storage.read(key)), { status: 200, headers });
}

/**
 * The `/files/<key>` endpoint: serves from the local driver; with S3 the bytes
 * live in the bucket, so old or hand-built links are redirected to the public URL.
 */
export async function handleFileRequest(
  req: Request,
  keySegments: readonly string[],
  storage: StorageDriver = getStorage(),
): Promise<Response> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const key = keySegments.join('/');
    if (!isValidKey(key)) return notFound();
    if (storage.kind !== 'local') {
      return new Response(null, {
        status: 307,
        headers: { Location: storage.publicUrl(key), 'Cache-Control': 'public, max-age=300' },
      });
    }
    return await serveStorageObject(req, key, storage);
  } catch (err) {
    return errorResponse(err);
  }
}
