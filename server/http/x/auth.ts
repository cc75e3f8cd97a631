/**
 * Who is calling an X-shaped endpoint: an API key (`Authorization: Bearer`),
 * OAuth 1.0a credentials (`Authorization: OAuth …`, as X's SDKs sign), or
 * the web UI's session with `X-Account-Id`; and the per-account request
 * budgets of those surfaces.
 */
import { authenticateApiKey, findOAuth1Credential, recordOAuth1Use, useOAuthNonce } from '../../api-keys/service';
import type { Db } from '../../db/client';
import { getEnv } from '../../env';
import { isPlausiblePathId } from '../../lib/input-policy';
import { enforceRateLimit, type RateLimitResult } from '../rate-limit';
import { readBodyText } from '../respond';
import { bearerToken } from '../with-api-key';
import {
  baseStringUri,
  formPairs,
  hmacSha1Signature,
  parseOAuthHeader,
  queryPairs,
  signatureBaseString,
  signaturesMatch,
  type OAuthHeader,
} from './oauth1';
import { MAX_PARAM_BODY_BYTES, mediaTypeOf, XApiError } from './wire';

export interface AdsPrincipal {
  /** The account an API key belongs to; null for a session (the route names the account). */
  keyAccountId: string | null;
  /** The signed-in user, for session callers (the web UI). */
  userId: string | null;
}

const unauthenticated = (message: string, v1Code?: number) => XApiError.unauthenticated(message, v1Code);

const REQUIRED_OAUTH_PARAMS = ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature'];

/**
 * X's own hosts. A client may sign for X's URL and send the request to us
 * (twitter-api-v2's onBeforeRequest hook, a forward proxy, a hosts-file
 * entry): the path is the same, and credentials issued here are valid
 * nowhere else, so a signature over X's URL proves as much as one over ours.
 */
const X_ORIGINS = [
  'https://upload.x.com',
  'https://upload.twitter.com',
  'https://api.x.com',
  'https://api.twitter.com',
  'https://ads-api.x.com',
  'https://ads-api.twitter.com',
  'https://ads-api-sandbox.twitter.com',
];

/**
 * The origins a client may have signed for: APP_URL, the forwarded host, the
 * Host header over http and https (a TLS proxy that does not say so), and
 * X's hosts. The signature must match one; none of them changes who can sign.
 */
function signedOrigins(req: Request): string[] {
  const out = new Set<string>();
  const appUrl = getEnv().APP_URL;
  if (appUrl) out.add(new URL(appUrl).origin);
  const forwardedHost = req.headers.get('x-forwarded-host');
  const proto = req.headers.get('x-forwarded-proto');
  if (forwardedHost && (proto === 'http' || proto === 'https')) out.add(`${proto}://${forwardedHost}`);
  const host = req.headers.get('host') ?? new URL(req.url).host;
  out.add(`http://${host}`);
  out.add(`https://${host}`);
  for (const origin of X_ORIGINS) out.add(origin);
  return [...out];
}

/**
 * Verifies an OAuth 1.0a request (RFC 5849 §3.2): the protocol parameters,
 * the timestamp within OAUTH_TIMESTAMP_WINDOW_SECONDS, the credential, the
 * HMAC-SHA1 signature over the method, URI, query, form body and header
 * parameters, and a nonce not seen in the window. Every refusal is a 401 that
 * says which check failed, with X's v1.1 code.
 */
async function authenticateOAuth1(req: Request, db: Db, header: OAuthHeader): Promise<AdsPrincipal> {
  const p = header.params;
  for (const name of REQUIRED_OAUTH_PARAMS) {
    if (!p[name]) throw unauthenticated(`This request is not properly authenticated: the OAuth header has no ${name}.`, 215);
  }
  if (p.oauth_signature_method !== 'HMAC-SHA1') {
    throw unauthenticated(`This request is not properly authenticated: oauth_signature_method must be HMAC-SHA1, not ${p.oauth_signature_method}.`, 215);
  }
  if (p.oauth_version !== undefined && p.oauth_version !== '1.0') {
    throw unauthenticated(`This request is not properly authenticated: oauth_version must be 1.0.`, 215);
  }
  const windowSeconds = getEnv().OAUTH_TIMESTAMP_WINDOW_SECONDS;
  const timestamp = /^\d{1,12}$/.test(p.oauth_timestamp!) ? Number(p.oauth_timestamp) : NaN;
  const now = Math.floor(Date.now() / 1000);
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > windowSeconds) {
    throw unauthenticated(
      `Timestamp out of bounds: oauth_timestamp ${p.oauth_timestamp} is more than ${windowSeconds} s from the server's clock (${now}).`,
      135,
    );
  }
  if (p.oauth_nonce!.length > 255) throw unauthenticated('This request is not properly authenticated: oauth_nonce is longer than 255 characters.', 215);

  const credential = await findOAuth1Credential(db, p.oauth_token!);
  if (!credential) throw unauthenticated('Invalid or expired token: the oauth_token is unknown or was revoked.', 89);
  if (!signaturesMatch(credential.consumerKey, p.oauth_consumer_key!)) {
    throw unauthenticated('Could not authenticate you: the oauth_consumer_key does not belong to this oauth_token.', 32);
  }

  const url = new URL(req.url);
  const params: Array<[string, string]> = queryPairs(url);
  for (const [k, v] of Object.entries(p)) if (k !== 'oauth_signature') params.push([k, v]);
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.body && mediaTypeOf(req) === 'application/x-www-form-urlencoded') {
    // A copy of the body: the route reads the original for its own parameters.
    const body = await readBodyText(req.clone(), MAX_PARAM_BODY_BYTES, () =>
      new XApiError(413, 'MEDIA_TOO_LARGE', `The request body is larger than the limit of ${MAX_PARAM_BODY_BYTES} bytes.`),
    );
    params.push(...formPairs(body));
  }
  const signed = signedOrigins(req).some((origin) => {
    const base = signatureBaseString(req.method, baseStringUri(origin, url.pathname), params);
    return signaturesMatch(hmacSha1Signature(base, credential.consumerSecret, credential.tokenSecret), p.oauth_signature!);
  });
  if (!signed) {
    throw unauthenticated(
      'Could not authenticate you: the oauth_signature does not match this request (sign the method, the URL you called, the query and any form body).',
      32,
    );
  }
  const fresh = await useOAuthNonce(db, {
    keyId: credential.keyId,
    nonce: p.oauth_nonce!,
    expiresAt: new Date((timestamp + windowSeconds) * 1000),
  });
  if (!fresh) throw unauthenticated('Could not authenticate you: this oauth_nonce was already used (a replayed request).', 32);
  recordOAuth1Use(db, credential.keyId);
  return { keyAccountId: credential.accountId, userId: null };
}

/**
 * `Authorization: Bearer <api key>`, `Authorization: OAuth …` (OAuth 1.0a
 * credentials from Settings → API keys), or for the web UI a session cookie plus
 * the `X-Account-Id` header. A custom header cannot be sent cross-site
 * without a CORS preflight this app never grants, so a session is only
 * honoured on requests the app's own pages made (no CSRF through forms).
 */
export async function authenticateAds(req: Request, db: Db): Promise<AdsPrincipal> {
  const oauth = parseOAuthHeader(req.headers.get('authorization'));
  if (oauth instanceof Error) throw unauthenticated(`This request is not properly authenticated: ${oauth.message}`, 215);
  if (oauth) return authenticateOAuth1(req, db, oauth);
  const token = bearerToken(req);
  if (token) {
    const principal = await authenticateApiKey(db, token);
    if (!principal) throw unauthenticated('This request is not properly authenticated: the API key is invalid or revoked.');
    return { keyAccountId: principal.accountId, userId: null };
  }
  if (req.headers.get('authorization')) {
    throw unauthenticated('This request is not properly authenticated: use "Authorization: Bearer <api key>" or OAuth 1.0a ("Authorization: OAuth …").', 215);
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
