/**
 * Anything under /api/ads (or X's host-relative prefixes, /1.1/… and /12/…)
 * that is not an endpoint answers in X's error shape (JSON, `errors[].code`),
 * as X does, instead of the app's HTML 404 page: an SDK pointed at us reads
 * the error it expects. Reached through the last `fallback` rewrites in
 * next.config.mjs, for paths no route matched; the request keeps the path
 * that was called.
 */
import { XApiError, xErrorResponse } from '@/server/http/x/wire';

export const dynamic = 'force-dynamic';

function notFound(req: Request): Response {
  const { pathname } = new URL(req.url);
  return xErrorResponse(XApiError.notFound(`No Ads API endpoint at ${req.method} ${pathname}.`));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
