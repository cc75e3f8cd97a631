/**
 * Teams: the members of an account, their roles, and invitations by link.
 *
 * | may                                                  | owner | admin | member |
 * |------------------------------------------------------|-------|-------|--------|
 * | make videos, upload to the library, read everything  | yes   | yes   | yes    |
 * | API keys, webhooks, brand kit, account name          | yes   | yes   | no     |
 * | invite (as admin or member), remove members          | yes   | yes   | no     |
 * | remove admins, change roles, invite owners           | yes   | no    | no     |
 * | leave                                                | yes¹  | yes   | yes    |
 *
 * ¹ not the last owner: an account always has one.
 *
 * An invitation is a link with a random token (only its SHA-256 is kept) for
 * one email address, valid INVITATION_DAYS, used once; no mail server is
 * needed (the inviter copies the link), and with SMTP_URL it is also emailed
 * (invitation-email.ts). Accepting needs an account signed in
 * with that email. A member who leaves or is removed loses the account's API
 * keys and OAuth credentials they created, at once: what they could do
 * through the REST API ends with their membership.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, apiKeys, invitations, memberships, users, type MembershipRole } from '../db/schema';
import { forgetRevokedKeys } from '../api-keys/service';
import { AppError } from '../lib/errors';
import { queueInvitationEmail } from './invitation-email';
import { requireRole } from './roles';
import { randomString } from '../lib/ids';

export const INVITATION_DAYS = 7;
/** Members on one page of the team list by default, and at most. */
export const MEMBERS_PAGE_DEFAULT = 100;
export const MEMBERS_PAGE_MAX = 200;

export interface TeamMember {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  joinedAt: Date;
}

export interface MembersPage {
  members: TeamMember[];
  /** Members of the account in all, for "n of total". */
  total: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * Cursor of the team list: the last member's joined time in microseconds
 * since the epoch (a string; a JavaScript Date keeps only milliseconds, and
 * members added in one transaction share one timestamp to the µs) and their
 * user id, the list's order.
 */
type MembersCursor = { micros: string; userId: string };

function encodeMembersCursor(c: MembersCursor): string {
  return Buffer.from(JSON.stringify([c.micros, c.userId])).toString('base64url');
}

function decodeMembersCursor(raw: string): MembersCursor {
  try {
    const [micros, userId] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof micros === 'string' && /^\d{1,19}$/.test(micros) && typeof userId === 'string' && userId.length <= 64) return { micros, userId };
  } catch {
    /* reported below */
  }
  throw new AppError('bad_request', 'cursor: is not a cursor returned by this list', [{ field: 'cursor', message: 'is not a cursor returned by this list' }]);
}

/**
 * One page of the account's members, oldest first: keyset on (created_at,
 * user_id) after the cursor, read from memberships_account_created_idx in
 * its order, one row more than the page to know whether another follows.
 * Exported for the EXPLAIN test (tests/integration/db/list-indexes.test.ts).
 */
export function membersQuery(db: Db, params: { accountId: string; limit: number; cursor?: string | null }) {
  const after = params.cursor ? decodeMembersCursor(params.cursor) : null;
  return db
    .select({
      userId: memberships.userId,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      joinedMicros: sql<string>`(extract(epoch from ${memberships.createdAt}) * 1000000)::bigint`.mapWith(String),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.accountId, params.accountId),
        // A row comparison, so the index serves it as one range.
        after
          ? sql`(${memberships.createdAt}, ${memberships.userId}) > (timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond', ${after.userId})`
          : undefined,
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(memberships.userId))
    .limit(params.limit + 1);
}

/** A page of the account's members (Settings → Team), oldest first, by cursor. */
export async function listMembers(db: Db, params: { accountId: string; limit?: number; cursor?: string | null }): Promise<MembersPage> {
  const limit = Math.min(Math.max(1, params.limit ?? MEMBERS_PAGE_DEFAULT), MEMBERS_PAGE_MAX);
  const [rows, total] = await Promise.all([
    membersQuery(db, { accountId: params.accountId, limit, cursor: params.cursor }),
    db.$count(memberships, eq(memberships.accountId, params.accountId)),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    members: page.map(({ joinedMicros: _, ...m }) => m),
    total,
    nextCursor: rows.length > limit && last ? encodeMembersCursor({ micros: last.joinedMicros, userId: last.userId }) : null,
  };
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations not yet used, revoked or expired, newest first (invitations_account_created_idx). */
export function invitationsQuery(db: Db, accountId: string) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(200);
}

export async function listInvitations(db: Db, accountId: string, role: MembershipRole): Promise<PendingInvitation[]> {
  requireRole(role, 'admin', 'see invitations');
  return invitationsQuery(db, accountId);
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Creates an invitation; the link (with its token) is returned once. With SMTP
 * configured its email is queued too (`email.jobId`, see invitation-email.ts).
 */
export async function inviteMember(
  db: Db,
  params: { accountId: string; role: MembershipRole; userId: string; email: string; inviteRole: MembershipRole; origin: string },
): Promise<{ invitation: PendingInvitation; url: string; email: { jobId: string } | null }> {
  requireRole(params.role, 'admin', 'invite people');
  if (params.inviteRole === 'owner') requireRole(params.role, 'owner', 'invite owners');
  const email = normalizeEmail(params.email);
  const [already] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, params.accountId), eq(users.email, email)))
    .limit(1);
  if (already) throw AppError.invalidField('email', `${email} is already a member of this account`);
  const token = randomBytes(32).toString('base64url');
  const url = `${params.origin}/invite/${token}`;
  const now = new Date();
  // The email (when SMTP is configured) is a job queued with the invitation: it runs once both are committed,
  // and a mail server that is down delays or fails the email, never the invitation.
  const { invitation, emailJobId } = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(invitations)
      .values({
        id: `inv_${randomString(16)}`,
        accountId: params.accountId,
        email,
        role: params.inviteRole,
        tokenHash: hashToken(token),
        invitedByUserId: params.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      })
      .returning();
    const emailJobId = await queueInvitationEmail(tx, { accountId: params.accountId, invitationId: row!.id, link: url });
    return { invitation: row!, emailJobId };
  });
  return {
    invitation: { id: invitation.id, email, role: invitation.role, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt },
    url,
    email: emailJobId ? { jobId: emailJobId } : null,
  };
}

export async function revokeInvitation(db: Db, params: { accountId: string; role: MembershipRole; id: string }): Promise<void> {
  requireRole(params.role, 'admin', 'revoke invitations');
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, params.id), eq(invitations.accountId, params.accountId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (!row) throw AppError.notFound('Invitation');
}

export interface InvitationPreview {
  accountName: string;
  email: string;
  role: MembershipRole;
  invitedBy: string | null;
  /** Why it cannot be accepted, or null when it can. */
  unusable: 'expired' | 'used' | 'revoked' | null;
}

async function loadByToken(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ invitation: invitations, accountName: accounts.name, inviterName: users.name, inviterEmail: users.email })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  return row ?? null;
}

function unusable(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationPreview['unusable'] {
  if (inv.revokedAt) return 'revoked';
  if (inv.acceptedAt) return 'used';
  if (inv.expiresAt <= new Date()) return 'expired';
  return null;
}

/** What the invitation page shows; null for a token that names no invitation. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview | null> {
  const row = await loadByToken(db, token);
  if (!row) return null;
  return {
    accountName: row.accountName,
    email: row.invitation.email,
    role: row.invitation.role,
    invitedBy: row.inviterName ?? row.inviterEmail ?? null,
    unusable: unusable(row.invitation),
  };
}

/** Joins the invitation's account as its role; the signed-in user's email must be the invited one. */
export async function acceptInvitation(db: Db, params: { userId: string; token: string }): Promise<{ accountId: string }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await loadByToken(tx, params.token);
    if (!row) throw AppError.notFound('Invitation');
    const [locked] = await tx.select().from(invitations).where(eq(invitations.id, row.invitation.id)).for('update');
    const why = unusable(locked!);
    if (why) throw new AppError('invalid_state', `This invitation was ${why === 'used' ? 'already used' : why}; ask for a new link`);
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, params.userId)).limit(1);
    if (!user || normalizeEmail(user.email) !== locked!.email) {
      throw new AppError('forbidden', `This invitation is for ${locked!.email}; sign in with that email to accept it`);
    }
    await tx
      .insert(memberships)
      .values({ accountId: locked!.accountId, userId: params.userId, role: locked!.role })
      .onConflictDoNothing();
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedByUserId: params.userId })
      .where(eq(invitations.id, locked!.id));
    return { accountId: locked!.accountId };
  });
}

async function membership(tx: Db, accountId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))
    .for('update')
    .limit(1);
  return row ?? null;
}

async function ownerCount(tx: Db, accountId: string): Promise<number> {
  // Locks the account's owner rows, so two owners leaving at once cannot both pass the check.
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'owner')))
    .for('update');
  return rows.length;
}

/** Ends a membership and revokes the API keys and OAuth credentials the user created in the account. */
async function endMembership(tx: Db, accountId: string, userId: string): Promise<string[]> {
  await tx.delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.createdByUserId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.map((r) => r.id);
}

export async function changeRole(
  db: Db,
  params: { accountId: string; role: MembershipRole; actorId: string; userId: string; newRole: MembershipRole },
): Promise<void> {
  requireRole(params.role, 'owner', 'change roles');
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const target = await membership(tx, params.accountId, params.userId);
    if (!target) throw AppError.notFound('Member');
    if (target.role === 'owner' && params.newRole !== 'owner' && (await ownerCount(tx, params.accountId)) <= 1) {
      throw new AppError('invalid_state', 'An account needs an owner: make someone else owner first');
    }
    await tx
      .update(memberships)
      .set({ role: params.newRole })
      .where(and(eq(memberships.accountId, params.accountId), eq(memberships.userId, params.userId)));
  });
}

export async function removeMember(db: Db, params: { accountId: string; role: MembershipRole; actorId: string; userId: string }): Promise<void> {
  requireRole(params.role, 'admin', 'remove members');
  if (params.userId === params.actorId) throw new AppError('bad_request', 'To leave the account, use Leave');
  const revoked = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const target = await membership(tx, params.accountId, params.userId);
    if (!target) throw AppError.notFound('Member');
    if (target.role !== 'member') requireRole(params.role, 'owner', `remove ${target.role}s`);
    if (target.role === 'owner' && (await ownerCount(tx, params.accountId)) <= 1) {
      throw new AppError('invalid_state', 'An account needs an owner');
    }
    return endMembership(tx, params.accountId, params.userId);
  });
  forgetRevokedKeys(revoked);
}

export async function leaveAccount(db: Db, params: { accountId: string; userId: string }): Promise<void> {
  const revoked = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const own = await membership(tx, params.accountId, params.userId);
    if (!own) throw AppError.notFound('Membership');
    if (own.role === 'owner' && (await ownerCount(tx, params.accountId)) <= 1) {
      throw new AppError('invalid_state', 'You are the only owner: make someone else owner before you leave');
    }
    return endMembership(tx, params.accountId, params.userId);
  });
  forgetRevokedKeys(revoked);
}
