/**
 * Users, accounts (the tenants) and memberships. Sign-up creates the user,
 * their first account and the owner membership in one transaction.
 */
import { requireRole } from './roles';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, memberships, users, type MembershipRole } from '../db/schema';
import { hashPassword, burnPasswordCheck, verifyPassword } from '../auth/password';
import { AppError, isUniqueViolation } from '../lib/errors';
import { newAccountId, newUserId } from '../lib/ids';
import { logger } from '../lib/logger';
import { accountOutput, signUpAccepted, userOutput, type AccountOutput, type SignUpAccepted, type SignUpInput, type UserOutput } from './schemas';
import { previewInvitation } from './team';

export function defaultAccountName(user: { name?: string | null; email: string }): string {
  const who = user.name?.trim() || user.email.split('@')[0] || 'My';
  return `${who}'s workspace`;
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row ?? null;
}

/**
 * Creates a user, their first account and the owner membership. Duplicate
 * email → 409 naming `email`. For operators (CLI, bootstrap, tests), who may
 * know which emails exist; the public endpoint uses requestSignUp.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
): Promise<{ user: UserOutput; account: AccountOutput }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ id: newUserId(), email: input.email, name: input.name || null, passwordHash })
        .returning();
      if (!user) throw new Error('insert returned no user');
      const account = await insertAccountWithOwner(tx as unknown as Db, {
        userId: user.id,
        name: input.account_name ?? defaultAccountName(user),
      });
      return { user: userOutput.parse(user), account };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('conflict', 'An account with this email already exists', [
        { field: 'email', message: 'is already registered' },
      ]);
    }
    throw err;
  }
}

const SIGN_UP_ACCEPTED =
  'If this email had no account, it has one now: sign in with this email and password. If it already had one, nothing changed: sign in with its own password.';

/**
 * Self-service sign-up (POST /api/signup) that does not tell whether the
 * email already has an account. There is no mail channel to prove that the
 * caller owns the address, so the answer cannot differ: a free email gets the
 * user, their first account and the owner membership; a taken one changes
 * nothing (its password, name and accounts stay as they were, and nobody is
 * signed in). Both paths hash the password first and both write (the taken
 * path rewrites the user's row unchanged), so neither the time an argon2 hash
 * takes nor a commit's WAL flush tells them apart; what remains is the few
 * extra index entries of the new path. The caller then signs in through
 * next-auth like anyone else, which is throttled per email and per address:
 * that is where a taken email shows, and only to whoever knows its password or
 * spends sign-in attempts finding out.
 *
 * With open sign-up off (`openSignUp: false`), only the holder of a usable
 * invitation (the token of its link) may sign up, and only with the email it
 * was made for; anything else is a 403 naming why.
 */
export async function requestSignUp(db: Db, params: { input: SignUpInput; openSignUp: boolean }): Promise<SignUpAccepted> {
  const { input } = params;
  if (!params.openSignUp) await requireInvitationFor(db, input.email, input.invitation);
  const passwordHash = await hashPassword(input.password);
  const created = await db.transaction(async (tx) => {
    // DO NOTHING rather than catching a unique violation: on Postgres a failed insert would abort the transaction, and a race between two sign-ups for one email ends the same way as a taken email.
    const [user] = await tx
      .insert(users)
      .values({ id: newUserId(), email: input.email, name: input.name || null, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) {
      // A write of the same weight as the new path's, so the commit costs alike (on Postgres a commit that wrote waits for
      // its WAL flush, one that wrote nothing does not, a difference of milliseconds to hundreds under load). It changes no value.
      await tx.update(users).set({ updatedAt: sql`${users.updatedAt}` }).where(eq(users.email, input.email));
      return false;
    }
    await insertAccountWithOwner(tx as unknown as Db, { userId: user.id, name: input.account_name ?? defaultAccountName(user) });
    return true;
  });
  // For the operator only: the answer below is the same either way.
  if (!created) logger.info('sign-up for an email that already has an account; nothing changed');
  return signUpAccepted.parse({ status: 'accepted', email: input.email, message: SIGN_UP_ACCEPTED });
}

/** Open sign-up is off: the invitation must be usable and made for this email. */
async function requireInvitationFor(db: Db, email: string, token: string | undefined): Promise<void> {
  if (!token) throw new AppError('forbidden', 'Sign-up is disabled on this server');
  const invitation = await previewInvitation(db, token);
  if (!invitation) {
    throw new AppError('forbidden', 'Sign-up is disabled on this server, and this invitation does not exist', [
      { field: 'invitation', message: 'does not exist' },
    ]);
  }
  if (invitation.unusable) {
    const why = { expired: 'has expired', used: 'was already used', revoked: 'was withdrawn' }[invitation.unusable];
    throw new AppError('forbidden', `Sign-up is disabled on this server, and this invitation ${why}: ask for a new link`, [
      { field: 'invitation', message: why },
    ]);
  }
  if (invitation.email !== email) {
    throw new AppError('forbidden', 'This invitation is for another email address: sign up with the email it was sent to', [
      { field: 'email', message: 'is not the email this invitation was sent to' },
    ]);
  }
}

async function insertAccountWithOwner(
  db: Db,
  params: { userId: string; name: string; role?: MembershipRole },
): Promise<AccountOutput> {
  const [account] = await db.insert(accounts).values({ id: newAccountId(), name: params.name }).returning();
  if (!account) throw new Error('insert returned no account');
  const role = params.role ?? 'owner';
  await db.insert(memberships).values({ accountId: account.id, userId: params.userId, role });
  return accountOutput.parse({ ...account, role });
}

/** Checks an email + password; null on any mismatch, in constant-ish time. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<UserOutput | null> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? userOutput.parse(user) : null;
}

/** Finds or creates the user an OAuth provider vouched for (by verified email). */
export async function upsertOAuthUser(db: Db, params: { email: string; name?: string | null }): Promise<UserOutput> {
  const existing = await findUserByEmail(db, params.email);
  if (existing) return userOutput.parse(existing);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ id: newUserId(), email: params.email.toLowerCase(), name: params.name ?? null })
      .onConflictDoNothing()
      .returning();
    if (!user) {
      const again = await findUserByEmail(tx as unknown as Db, params.email);
      if (!again) throw new Error('user vanished during OAuth sign-in');
      return userOutput.parse(again);
    }
    await insertAccountWithOwner(tx as unknown as Db, { userId: user.id, name: defaultAccountName(user) });
    return userOutput.parse(user);
  });
}

export async function getUser(db: Db, userId: string): Promise<UserOutput | null> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row ? userOutput.parse(row) : null;
}

export async function listAccountsForUser(db: Db, params: { userId: string }): Promise<AccountOutput[]> {
  const rows = await db
    .select({ id: accounts.id, name: accounts.name, createdAt: accounts.createdAt, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, params.userId))
    .orderBy(asc(memberships.createdAt), asc(accounts.id));
  return rows.map((r) => accountOutput.parse(r));
}

/** The user's membership in an account, or null when they are not a member (or it does not exist). */
export async function getMembership(db: Db, params: { userId: string; accountId: string }) {
  const [row] = await db
    .select({ id: accounts.id, name: accounts.name, createdAt: accounts.createdAt, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.userId, params.userId), eq(memberships.accountId, params.accountId)))
    .limit(1);
  return row ? accountOutput.parse(row) : null;
}

export function createAccount(db: Db, params: { userId: string; name: string }): Promise<AccountOutput> {
  return db.transaction((tx) => insertAccountWithOwner(tx as unknown as Db, params));
}

export async function renameAccount(
  db: Db,
  params: { accountId: string; role: MembershipRole; name: string },
): Promise<AccountOutput> {
  requireRole(params.role, 'admin', 'rename an account');
  const [row] = await db
    .update(accounts)
    .set({ name: params.name, updatedAt: new Date() })
    .where(eq(accounts.id, params.accountId))
    .returning();
  if (!row) throw AppError.notFound('Account');
  return accountOutput.parse({ ...row, role: params.role });
}

export async function getAccount(db: Db, accountId: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return row ?? null;
}

/**
 * The account a signed-in user acts in: the requested one if they are a member,
 * else (when `fallback`) their first account. Null when there is none.
 */
export async function resolveAccount(
  db: Db,
  params: { userId: string; accountId: string | null; fallback: boolean },
): Promise<AccountOutput | null> {
  if (params.accountId) {
    const membership = await getMembership(db, { userId: params.userId, accountId: params.accountId });
    if (membership || !params.fallback) return membership;
  }
  const [first] = await listAccountsForUser(db, { userId: params.userId });
  return first ?? null;
}
