/**
 * REST API keys. A `bearer` key: only the SHA-256 of the secret is stored;
 * `prefix` is for display. An `oauth1` credential (X's OAuth 1.0a, for X
 * clients): `hashed_key` is the SHA-256 of its access token (the same lookup),
 * `consumer_key` is stored as is (an identifier, sent in every request), and
 * the two secrets HMAC-SHA1 needs are kept sealed (lib/secret-box.ts).
 */
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { users } from './users';

export const apiKeyKind = pgEnum('api_key_kind', ['bearer', 'oauth1']);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdByUserId: text('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    hashedKey: text('hashed_key').notNull(),
    kind: apiKeyKind('kind').notNull().default('bearer'),
    consumerKey: text('consumer_key'),
    /** oauth1 only: the consumer secret and the access token secret, sealed. */
    oauthSecrets: text('oauth_secrets'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_keys_hashed_key_key').on(t.hashedKey),
    // The key list, newest first (ORDER BY created_at DESC, id DESC), walked backwards.
    index('api_keys_account_id_created_at_idx').on(t.accountId, t.createdAt, t.id),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * OAuth 1.0a nonces seen per credential, kept while their timestamp is inside
 * the accepted window: a request replayed in that window is refused, and one
 * replayed later fails the timestamp check. Expired rows are deleted by the
 * hourly jobs sweep.
 */
export const oauthNonces = pgTable(
  'oauth_nonces',
  {
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    nonce: text('nonce').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ name: 'oauth_nonces_pkey', columns: [t.keyId, t.nonce] }), index('oauth_nonces_expires_at_idx').on(t.expiresAt)],
);
