/**
 * Wraps a REST route handler: authenticates `Authorization: Bearer <key>`,
 * resolves the key's account, and turns anything thrown into the JSON error
 * shape. Handlers receive the account id and only ever query within it.
 */
import { authenticateApiKey, type ApiKeyPrincipal } from '../api-keys/service';
import { getDb, type Db } from '../db/client';
import { getEnv } from '../env';
import { AppError } from '../lib/errors';
import { checkRateLimit, ietfRateLimitHeaders, withHeaders } from './rate-limit';
import { isPlausiblePathId } from '../lib/input-policy';
import { errorResponse } from './respond';

export interface ApiContext<P> {
  req: Request;
  db: Db;
  auth: ApiKeyPrincipal;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

export function bearerToken(req: Request): string | null {
  const header = req.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export async function requireApiKey(req: Request, db: Db): Promise<ApiKeyPrincipal> {
  const token = bearerToken(req);
  if (!token) {
    throw new AppError('unauthorized', 'Missing API key: send it as "Authorization: Bearer <api key>"', undefined, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  const principal = await authenticateApiKey(db, token);
  if (!principal) {
    throw new AppError('unauthorized', 'Invalid or revoked API key', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  return principal;
}

/**
 * Path ids that cannot name anything we store (a NUL, a control character,
 * 200+ characters) are a 404 before any query runs: Postgres refuses a NUL
 * with an error that used to surface as a 500 (lib/input-policy.ts).
 */
export function assertPlausiblePathIds(params: Record<string, unknown>): void {
  for (const value of Object.values(params)) {
    if (typeof value === 'string' && !isPlausiblePathId(value)) throw new AppError('not_found', 'Not found');
  }
}

export function withApiKey<P = Record<string, never>>(
  handler: (ctx: ApiContext<P>) => Promise<Response>,
  opts: { onError?: (err: unknown, req: Request) => Response } = {},
) {
  return async (req: Request, routeCtx?: RouteContext<P>): Promise<Response> => {
    let limitHeaders: Record<string, string> | null = null;
    try {
      const db = await getDb();
      const auth = await requireApiKey(req, db);
      // Per key, per minute (API_RATE_LIMIT_PER_MINUTE): every answer says where the key stands; past it, 429.
      const budget = await checkRateLimit(db, `api:${auth.keyId}`, { limit: getEnv().API_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 });
      limitHeaders = ietfRateLimitHeaders(budget, 60);
      if (!budget.allowed) {
        throw new AppError('rate_limited', `Too many requests for this API key; retry in ${budget.retryAfterSeconds} s`, undefined, {
          'Retry-After': String(budget.retryAfterSeconds),
        });
      }
      const params = ((await routeCtx?.params) ?? {}) as P;
      assertPlausiblePathIds(params as Record<string, unknown>);
      return withHeaders(await handler({ req, db, auth, params }), limitHeaders);
    } catch (err) {
      return withHeaders(opts.onError ? opts.onError(err, req) : errorResponse(err), limitHeaders);
    }
  };
}
