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
import { apiKeys } from '../db/schema';
import { AppError } from '../lib/errors';
import { newApiKeyId, newApiKeySecret } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { apiKeyOutput, type ApiKeyOutput } from './schemas';

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
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: newApiKeyId(),
      accountId: params.accountId,
      createdByUserId: params.userId ?? null,
      name: params.name,
      prefix: displayPrefix(secret),
      hashedKey: hashApiKey(secret),
    })
    .returning();
  return { key: apiKeyOutput.parse(row), secret };
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
