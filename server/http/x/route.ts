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
import { readParams, xErrorResponse, type RawParams } from './wire';

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

export function adsRoute<P extends Record<string, string>>(handler: (ctx: AdsRouteContext<P>) => Promise<Response>) {
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
      return withRateLimitHeaders(await handler({ req, db, principal, accountId, path, raw, origin: appOrigin(req), echo }), budget);
    } catch (err) {
      return withRateLimitHeaders(xErrorResponse(err, { ...raw, ...echo, ...path }), budget);
    }
  };
}
