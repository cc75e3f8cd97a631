/**
 * Start-up bootstrap for self-hosting and automation: with BOOTSTRAP_EMAIL,
 * BOOTSTRAP_PASSWORD (and optionally BOOTSTRAP_API_KEY) set, make sure this
 * owner, an account of theirs and an API key with exactly that value exist.
 * Idempotent: a second start with the same values changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { hashApiKey, createApiKey } from '../api-keys/service';
import type { Db } from '../db/client';
import { apiKeys, memberships, users } from '../db/schema';
import { hashPassword, verifyPassword } from '../auth/password';
import { isUniqueViolation } from '../lib/errors';
import { logger } from '../lib/logger';
import { createAccount, findUserByEmail, signUp } from './service';
import { emailSchema } from './schemas';

export interface BootstrapConfig {
  email: string;
  password: string;
  apiKey?: string;
  accountName?: string;
}

export interface BootstrapResult {
  userId: string;
  accountId: string;
  apiKeyId?: string;
  changed: string[];
}

async function ensureOnce(db: Db, cfg: BootstrapConfig): Promise<BootstrapResult> {
  const email = emailSchema.parse(cfg.email);
  const changed: string[] = [];
  let user = await findUserByEmail(db, email);
  let accountId: string;
  if (!user) {
    const created = await signUp(db, { email, password: cfg.password, account_name: cfg.accountName ?? 'Default' });
    changed.push('user', 'account');
    accountId = created.account.id;
    user = await findUserByEmail(db, email);
    if (!user) throw new Error('bootstrap user vanished');
  } else {
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, cfg.password))) {
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(cfg.password), updatedAt: new Date() })
        .where(eq(users.id, user.id));
      changed.push('password');
    }
    const [owned] = await db
      .select({ accountId: memberships.accountId })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.role, 'owner')))
      .orderBy(memberships.createdAt)
      .limit(1);
    if (owned) accountId = owned.accountId;
    else {
      accountId = (await createAccount(db, { userId: user.id, name: cfg.accountName ?? 'Default' })).id;
      changed.push('account');
    }
  }

  let apiKeyId: string | undefined;
  if (cfg.apiKey) {
    const [existing] = await db
      .select({ id: apiKeys.id, accountId: apiKeys.accountId, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.hashedKey, hashApiKey(cfg.apiKey)))
      .limit(1);
    if (existing) {
      apiKeyId = existing.id;
      // A key someone revoked stays revoked: bootstrap never resurrects a credential.
      if (existing.revokedAt) logger.warn('BOOTSTRAP_API_KEY was revoked; leaving it revoked', { keyId: existing.id });
    } else {
      const { key } = await createApiKey(db, {
        accountId,
        name: 'Bootstrap key',
        userId: user.id,
        secret: cfg.apiKey,
      });
      apiKeyId = key.id;
      changed.push('api_key');
    }
  }
  return { userId: user.id, accountId, apiKeyId, changed };
}

export async function ensureBootstrap(db: Db, cfg: BootstrapConfig): Promise<BootstrapResult> {
  // Another process bootstrapping at the same moment can win an insert (the user, then, on the next pass, the
  // key): each pass finds the rows the others made, so a few passes settle any number of racing processes.
  for (let pass = 1; ; pass++) {
    try {
      return await ensureOnce(db, cfg);
    } catch (err) {
      const lostRace = isUniqueViolation(err) || (err as { code?: string }).code === 'conflict';
      if (!lostRace || pass >= 4) throw err;
    }
  }
}
