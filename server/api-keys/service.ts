/**
 * API keys: created with a recognisable `cwk_` prefix and ~238 bits of
 * entropy, shown once, stored as SHA-256, revocable. Authentication is one
 * indexed lookup; last_used_at is written at most once a minute per key and
 * off the request's critical path.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { apiKeys, oauthNonces } from '../db/schema';
import { AppError } from '../lib/errors';
import { newApiKeyId, newApiKeySecret, newOAuthAccessToken, newOAuthConsumerKey, newOAuthSecret } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { seal, unseal } from '../lib/secret-box';
import { apiKeyOutput, type ApiKeyOutput, type OAuth1Credentials } from './schemas';

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The part of a key that is safe to display: `cwk_` + 8 chars. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 12);
}

export async function createApiKey(
  db: Db,
  params: { accountId: string; name: string; userId?: string | null; secret?: string },
): Promise<{ key: ApiKeyOutput; secret: string }> {
  const secret = params.secret ?? newApiKeySecret();
  const key = await insertKey(db, params, { kind: 'bearer', prefix: displayPrefix(secret), hashedKey: hashApiKey(secret) });
  return { key, secret };
}

/** One api_keys row of either kind, answered as what may be shown. */
async function insertKey(
  db: Db,
  owner: { accountId: string; name: string; userId?: string | null },
  credential: Pick<typeof apiKeys.$inferInsert, 'kind' | 'prefix' | 'hashedKey' | 'consumerKey' | 'oauthSecrets'>,
): Promise<ApiKeyOutput> {
  const [row] = await db
    .insert(apiKeys)
    .values({ id: newApiKeyId(), accountId: owner.accountId, createdByUserId: owner.userId ?? null, name: owner.name, ...credential })
    .returning();
  return apiKeyOutput.parse(row);
}

const OAUTH_SEAL_PURPOSE = 'api_keys.oauth_secrets';

/**
 * OAuth 1.0a credentials for X clients: one consumer key and secret with one
 * access token and secret, acting for `userId` in the account. Listed and
 * revoked like any key; the secrets are shown once.
 */
export async function createOAuth1Credentials(
  db: Db,
  params: { accountId: string; name: string; userId?: string | null },
): Promise<{ key: ApiKeyOutput; credentials: OAuth1Credentials }> {
  const credentials: OAuth1Credentials = {
    consumer_key: newOAuthConsumerKey(),
    consumer_secret: newOAuthSecret(),
    access_token: newOAuthAccessToken(),
    access_token_secret: newOAuthSecret(),
  };
  const secrets = JSON.stringify([credentials.consumer_secret, credentials.access_token_secret]);
  const key = await insertKey(db, params, {
    kind: 'oauth1',
    prefix: credentials.consumer_key.slice(0, 12),
    hashedKey: hashApiKey(credentials.access_token),
    consumerKey: credentials.consumer_key,
    oauthSecrets: seal(secrets, OAUTH_SEAL_PURPOSE),
  });
  return { key, credentials };
}

export interface OAuth1Credential {
  keyId: string;
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenSecret: string;
}

/**
 * The live credential an `oauth_token` names, with its secrets unsealed; null
 * when unknown, revoked, not OAuth 1.0a, or sealed under another app secret.
 */
export async function findOAuth1Credential(db: Db, accessToken: string): Promise<OAuth1Credential | null> {
  if (accessToken.length === 0 || accessToken.length > 200) return null;
  const query = prepared(db, 'oauth1_by_token', (d) =>
    d
      .select({
        id: apiKeys.id,
        accountId: apiKeys.accountId,
        kind: apiKeys.kind,
        consumerKey: apiKeys.consumerKey,
        oauthSecrets: apiKeys.oauthSecrets,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.hashedKey, sql.placeholder('hash')))
      .limit(1)
      .prepare('oauth1_by_token'),
  );
  const [row] = await query.execute({ hash: hashApiKey(accessToken) });
  if (!row || row.revokedAt || row.kind !== 'oauth1' || !row.consumerKey || !row.oauthSecrets) return null;
  const unsealed = unseal(row.oauthSecrets, OAUTH_SEAL_PURPOSE);
  if (!unsealed) {
    logger.warn('oauth1 credential cannot be unsealed (was the app secret changed?)', { keyId: row.id });
    return null;
  }
  const [consumerSecret, tokenSecret] = JSON.parse(unsealed) as [string, string];
  return { keyId: row.id, accountId: row.accountId, consumerKey: row.consumerKey, consumerSecret, tokenSecret };
}

/** Marks a verified OAuth 1.0a request's credential as used (at most once a minute, off the request path). */
export function recordOAuth1Use(db: Db, keyId: string): void {
  touchLastUsed(db, keyId, null);
}

/**
 * Records an OAuth 1.0a nonce for a credential until `expiresAt`; false when
 * it was already used (a replay). One insert on the primary key: concurrent
 * replays cannot both pass.
 */
export async function useOAuthNonce(db: Db, params: { keyId: string; nonce: string; expiresAt: Date }): Promise<boolean> {
  const inserted = await db
    .insert(oauthNonces)
    .values({ keyId: params.keyId, nonce: params.nonce, expiresAt: params.expiresAt })
    .onConflictDoNothing()
    .returning({ nonce: oauthNonces.nonce });
  return inserted.length === 1;
}

/** The account's keys, newest first, from api_keys_account_id_created_at_idx (exported for the EXPLAIN test). */
export function apiKeysQuery(db: Db, params: { accountId: string }) {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.accountId, params.accountId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(1000);
}

export async function listApiKeys(db: Db, params: { accountId: string }): Promise<ApiKeyOutput[]> {
  const rows = await apiKeysQuery(db, params);
  return rows.map((r) => apiKeyOutput.parse(r));
}

export async function revokeApiKey(db: Db, params: { accountId: string; id: string }): Promise<ApiKeyOutput> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, params.id), eq(apiKeys.accountId, params.accountId), isNull(apiKeys.revokedAt)))
    .returning();
  forgetPrincipal(params.id);
  if (row) return apiKeyOutput.parse(row);
  const [existing] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, params.id), eq(apiKeys.accountId, params.accountId)));
  if (!existing) throw AppError.notFound('API key');
  return apiKeyOutput.parse(existing);
}

export interface ApiKeyPrincipal {
  keyId: string;
  accountId: string;
}

const TOUCH_INTERVAL_MS = 60_000;
const lastTouched = new Map<string, number>();

function touchLastUsed(db: Db, keyId: string, previous: Date | null) {
  const now = Date.now();
  const seen = Math.max(lastTouched.get(keyId) ?? 0, previous?.getTime() ?? 0);
  if (now - seen < TOUCH_INTERVAL_MS) return;
  lastTouched.set(keyId, now);
  db.update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(apiKeys.id, keyId))
    .catch((err) => logger.warn('could not record api key use', { keyId, ...errorFields(err) }));
}

/**
 * Keys this process found valid in the last PRINCIPAL_TTL_MS, by hash: a
 * client sending many requests costs one lookup every few seconds instead of
 * one per request. Revoking a key here forgets it at once; another web
 * process (several processes share one Postgres) still accepts it for at
 * most PRINCIPAL_TTL_MS (README, "API keys"). Unknown keys are never cached.
 */
export const PRINCIPAL_TTL_MS = 5_000;
const PRINCIPAL_CACHE_MAX = 10_000;
// On globalThis: the production build can load this module more than once (route and tRPC bundles),
// and a key revoked through one copy must be forgotten by all.
const g = globalThis as unknown as { __clipwrightPrincipals?: Map<string, { principal: ApiKeyPrincipal; until: number }> };
const principals = (g.__clipwrightPrincipals ??= new Map());

function forgetPrincipal(keyId: string): void {
  for (const [hash, entry] of principals) if (entry.principal.keyId === keyId) principals.delete(hash);
}

/** Forgets keys revoked elsewhere (a member removed from an account): this process refuses them at once. */
export function forgetRevokedKeys(keyIds: readonly string[]): void {
  for (const id of keyIds) forgetPrincipal(id);
}

/** Resolves a bearer secret to its account, or null if unknown or revoked. */
export async function authenticateApiKey(db: Db, secret: string): Promise<ApiKeyPrincipal | null> {
  if (!/^cwk_[A-Za-z0-9]{20,100}$/.test(secret)) return null;
  const hash = hashApiKey(secret);
  const now = Date.now();
  const cached = principals.get(hash);
  if (cached && cached.until > now) return cached.principal;
  const query = prepared(db, 'api_key_by_hash', (d) =>
    d
      .select({ id: apiKeys.id, accountId: apiKeys.accountId, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(eq(apiKeys.hashedKey, sql.placeholder('hash')))
      .limit(1)
      .prepare('api_key_by_hash'),
  );
  const [row] = await query.execute({ hash });
  if (!row || row.revokedAt) {
    principals.delete(hash);
    return null;
  }
  // `last_used_at` is written at most once a minute per key, in the background.
  touchLastUsed(db, row.id, row.lastUsedAt);
  const principal = { keyId: row.id, accountId: row.accountId };
  if (principals.size >= PRINCIPAL_CACHE_MAX) principals.delete(principals.keys().next().value!);
  principals.set(hash, { principal, until: now + PRINCIPAL_TTL_MS });
  return principal;
}
