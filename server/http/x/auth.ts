/**
 * Who is calling an X-shaped endpoint: an API key (`Authorization: Bearer`),
 * or the web UI's session with `X-Account-Id`; and the per-account request
 * budgets of those surfaces.
 */
import { authenticateApiKey } from '../../api-keys/service';
import type { Db } from '../../db/client';
import { getEnv } from '../../env';
import { isPlausiblePathId } from '../../lib/input-policy';
import { enforceRateLimit, type RateLimitResult } from '../rate-limit';
import { XApiError } from './wire';


export interface AdsPrincipal {
  /** The account an API key belongs to; null for a session (the route names the account). */
  keyAccountId: string | null;
  /** The signed-in user, for session callers (the web UI). */
  userId: string | null;
}

function bearer(req: Request): string | null {
  const header = req.headers.get('authorization');
  if (!header) return null;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

const unauthenticated = (message: string) => new XApiError(401, 'UNAUTHORIZED_ACCESS', message);

/**
 * `Authorization: Bearer <api key>`, or for the web UI a session cookie plus
 * the `X-Account-Id` header. A custom header cannot be sent cross-site
 * without a CORS preflight this app never grants, so a session is only
 * honoured on requests the app's own pages made (no CSRF through forms).
 */
export async function authenticateAds(req: Request, db: Db): Promise<AdsPrincipal> {
  const token = bearer(req);
  if (token) {
    const principal = await authenticateApiKey(db, token);
    if (!principal) throw unauthenticated('This request is not properly authenticated: the API key is invalid or revoked.');
    return { keyAccountId: principal.accountId, userId: null };
  }
  if (req.headers.get('authorization')) {
    throw unauthenticated('This request is not properly authenticated: use "Authorization: Bearer <api key>".');
  }
  if (req.headers.get('x-account-id') && /(?:^|;\s*)(?:__Secure-)?authjs\.session-token/.test(req.headers.get('cookie') ?? '')) {
    // Loaded lazily: API-key callers (and tests of them) never pull in next-auth.
    const { auth } = await import('../../auth/config');
    const session = await auth();
    if (session?.user?.id) return { keyAccountId: null, userId: session.user.id };
  }
  throw unauthenticated('This request is not properly authenticated: send "Authorization: Bearer <api key>".');
}

/**
 * The account a request acts in. With an API key: the key's own account
 * (keys belong to one account); a path `account_id` must be that account.
 * With a session: the `X-Account-Id` (or path) account, if the user is a
 * member. Any other account, existing or not, gets the same 403, so the
 * answer never reveals whether an account id exists.
 */
export async function resolveAdsAccount(
  req: Request,
  db: Db,
  principal: AdsPrincipal,
  pathAccountId: string | null,
): Promise<string> {
  const refuse = (id: string) =>
    new XApiError(403, 'UNAUTHORIZED_ACCESS', `This request is not authorized to access account ${id}.`, 'account_id');
  // An id no account can have is refused like any other account's, before a query.
  if (pathAccountId !== null && !isPlausiblePathId(pathAccountId)) throw refuse(JSON.stringify(pathAccountId).slice(1, 41));
  if (principal.keyAccountId) {
    if (pathAccountId !== null && pathAccountId !== principal.keyAccountId) throw refuse(pathAccountId);
    return principal.keyAccountId;
  }
  const wanted = pathAccountId ?? req.headers.get('x-account-id') ?? '';
  if (!principal.userId || !wanted) throw refuse(wanted || '(none)');
  const { getMembership } = await import('../../accounts/service');
  const membership = await getMembership(db, { userId: principal.userId, accountId: wanted });
  if (!membership) throw refuse(wanted);
  return membership.id;
}

/**
 * Per-account request budget of the ads surfaces (a minute window): the
 * library endpoints share ADS_RATE_LIMIT_PER_MINUTE, the upload endpoint has
 * its own MEDIA_UPLOAD_RATE_LIMIT_PER_MINUTE (a 1 GB upload is ~205 APPENDs).
 * Over it: 429 TOO_MANY_REQUESTS with Retry-After. Either way the response
 * carries the X API's x-rate-limit-limit / -remaining / -reset headers.
 */
export async function limitAdsRequests(db: Db, accountId: string, surface: 'library' | 'upload'): Promise<RateLimitResult> {
  const env = getEnv();
  const limit = surface === 'upload' ? env.MEDIA_UPLOAD_RATE_LIMIT_PER_MINUTE : env.ADS_RATE_LIMIT_PER_MINUTE;
  return enforceRateLimit(db, `ads:${surface}:${accountId}`, { limit, windowMs: 60_000 });
}
