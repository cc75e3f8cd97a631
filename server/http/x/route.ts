/**
 * The route wrapper of `/api/ads/3/...`: authenticate (API key or session),
 * resolve the path's `account_id` (refused alike whether it does not exist
 * or is not the caller's), read parameters from the query string, a form or
 * JSON, and turn any error into the X Ads error shape echoing the request's
 * parameters.
 */
import { getDb, type Db } from '../../db/client';
import { appOrigin } from '../../lib/urls';
import { withRateLimitHeaders, type RateLimitResult } from '../rate-limit';
import { authenticateAds, limitAdsRequests, resolveAdsAccount, type AdsPrincipal } from './auth';
import { readParams, XApiError, xErrorResponse, type RawParams } from './wire';

export interface AdsRouteContext<P> {
  req: Request;
  db: Db;
  principal: AdsPrincipal;
  /** The path's account_id, checked; null on routes without one. */
  accountId: string | null;
  path: P;
  raw: RawParams;
  origin: string;
  /** Parsed parameters to echo in request.params (the handler fills it as it parses). */
  echo: Record<string, unknown>;
}

type NextContext<P> = { params: Promise<P> };

/**
 * The parameters a route accepts: its zod object schema, or null for none.
 * Anything else is refused as X's Ads API does (400 UNKNOWN_PARAMETER naming
 * it), so a misspelt `with_deleted` does not silently list live videos only.
 */
export type AcceptedParams = { shape: Record<string, unknown> } | null;

export function refuseUnknownParams(raw: RawParams, accepts: AcceptedParams, path: Record<string, string>): void {
  for (const name of Object.keys(raw)) {
    if ((accepts && Object.hasOwn(accepts.shape, name)) || Object.hasOwn(path, name)) continue;
    const known = accepts ? Object.keys(accepts.shape) : [];
    throw new XApiError(
      400,
      'UNKNOWN_PARAMETER',
      known.length ? `${name} is not a parameter of this endpoint (it takes ${known.join(', ')}).` : `${name} is not a parameter of this endpoint (it takes none).`,
      name,
    );
  }
}

export function adsRoute<P extends Record<string, string>>(
  opts: { accepts: AcceptedParams },
  handler: (ctx: AdsRouteContext<P>) => Promise<Response>,
) {
  return async (req: Request, next?: NextContext<P>): Promise<Response> => {
    const path = ((await next?.params) ?? {}) as P;
    let raw: RawParams = {};
    const echo: Record<string, unknown> = {};
    let budget: RateLimitResult | undefined;
    try {
      const db = await getDb();
      const principal = await authenticateAds(req, db);
      const accountId = path.account_id !== undefined ? await resolveAdsAccount(req, db, principal, path.account_id) : null;
      budget = await limitAdsRequests(db, accountId ?? principal.keyAccountId ?? `user:${principal.userId}`, 'library');
      raw = await readParams(req);
      refuseUnknownParams(raw, opts.accepts, path);
      return withRateLimitHeaders(await handler({ req, db, principal, accountId, path, raw, origin: appOrigin(req), echo }), budget);
    } catch (err) {
      return withRateLimitHeaders(xErrorResponse(err, { ...raw, ...echo, ...path }), budget);
    }
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The answer to a method a route does not serve: 405 in X's error shape with
 * `Allow` (Next's own 405 has an empty body, which X clients cannot read).
 */
export function xMethodNotAllowed(allowed: ReadonlyArray<(typeof METHODS)[number]>) {
  const handler = async (req: Request): Promise<Response> => {
    const { pathname } = new URL(req.url);
    const err = new XApiError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not served at ${pathname}; use ${allowed.join(' or ')}.`, undefined, {
      Allow: allowed.join(', '),
    });
    return xErrorResponse(err);
  };
  // Marked, so tools that walk the route table (tests) can tell a refusal from an endpoint.
  return Object.assign(handler, { methodNotAllowed: true as const });
}
