/**
 * Teams through tRPC as the UI calls them: invitations by link (single use,
 * for one email, expiring, revocable), what each role may do (server-side,
 * whatever the page hides), removing and leaving (with the API keys the
 * member made revoked at once), an account never left without an owner, and
 * the member list paged by cursor beyond any one page.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { previewInvitation } from '@/server/accounts/team';
import { authenticateApiKey } from '@/server/api-keys/service';
import type { Db } from '@/server/db/client';
import { invitations, memberships } from '@/server/db/schema';
import { bulkSeed } from '../../helpers/bulk-seed';
import { testDb } from '../../helpers/db';
import { callerFor, createUser } from '../../helpers/factories';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const tokenOf = (url: string) => url.split('/invite/')[1]!;

/** An owner's account with a second user joined through an invitation as `role`. */
async function teamWith(role: 'admin' | 'member') {
  const owner = await createUser(db, { accountName: 'Team account' });
  const other = await createUser(db);
  const { url } = await callerFor(db, owner.user).team.invite({ email: other.email, role });
  await callerFor(db, other.user).team.accept({ token: tokenOf(url) });
  const account = owner.account.id;
  return { owner, other, account, asOwner: callerFor(db, owner.user, account), asOther: callerFor(db, other.user, account) };
}

describe('invitations', () => {
  it('invite → preview → accept: the invited email joins as the role, once', async () => {
    const owner = await createUser(db, { accountName: 'Acme' });
    const invitee = await createUser(db);
    const { url, invitation } = await callerFor(db, owner.user).team.invite({ email: invitee.email.toUpperCase(), role: 'admin' });
    expect(url).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(invitation.email).toBe(invitee.email);
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(JSON.stringify(stored)).not.toContain(tokenOf(url));

    expect(await previewInvitation(db, tokenOf(url))).toMatchObject({ accountName: 'Acme', email: invitee.email, role: 'admin', unusable: null });
    expect(await callerFor(db, owner.user).team.invitations()).toHaveLength(1);

    const stranger = await createUser(db);
    await expect(callerFor(db, stranger.user).team.accept({ token: tokenOf(url) })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const { accountId } = await callerFor(db, invitee.user).team.accept({ token: tokenOf(url) });
    expect(accountId).toBe(owner.account.id);
    expect((await callerFor(db, invitee.user, accountId).account.current()).role).toBe('admin');
    await expect(callerFor(db, invitee.user).team.accept({ token: tokenOf(url) })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await previewInvitation(db, tokenOf(url)))?.unusable).toBe('used');
    expect(await callerFor(db, owner.user).team.invitations()).toHaveLength(0);
    expect(await previewInvitation(db, 'x'.repeat(43))).toBeNull();
  });

  it('refuses an expired or revoked link, an email already in the team, and a bad email', async () => {
    const owner = await createUser(db);
    const invitee = await createUser(db);
    const asOwner = callerFor(db, owner.user);
    const expired = await asOwner.team.invite({ email: invitee.email, role: 'member' });
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.invitation.id));
    await expect(callerFor(db, invitee.user).team.accept({ token: tokenOf(expired.url) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/expired/) });
    const revoked = await asOwner.team.invite({ email: invitee.email, role: 'member' });
    await asOwner.team.revokeInvitation({ id: revoked.invitation.id });
    await expect(callerFor(db, invitee.user).team.accept({ token: tokenOf(revoked.url) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/revoked/) });
    await expect(asOwner.team.invite({ email: owner.email, role: 'member' })).rejects.toMatchObject({ message: expect.stringMatching(/already a member/) });
    await expect(asOwner.team.invite({ email: 'not-an-email', role: 'member' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('roles', () => {
  it('a member makes videos but cannot manage keys, webhooks, the brand kit, the name or the team', async () => {
    const { asOther, other } = await teamWith('member');
    expect(await asOther.projects.create({ name: 'Allowed' })).toMatchObject({ name: 'Allowed' });
    const forbidden: Array<[string, () => Promise<unknown>]> = [
      ['apiKeys.create', () => asOther.apiKeys.create({ name: 'x' })],
      ['webhooks.create', () => asOther.webhooks.create({ url: 'https://example.com/hook', events: ['video.published'] } as never)],
      ['brand.update', () => asOther.brand.update({ sender_name: 'x' })],
      ['account.rename', () => asOther.account.rename({ name: 'x' })],
      ['team.invite', () => asOther.team.invite({ email: `x-${other.email}`, role: 'member' })],
      ['team.invitations', () => asOther.team.invitations()],
    ];
    for (const [name, call] of forbidden) await expect(call(), name).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await asOther.team.members()).members).toHaveLength(2);
  });

  it('an admin invites members and admins and removes members, but not owners; only owners change roles', async () => {
    const { asOther: asAdmin, owner, account } = await teamWith('admin');
    await expect(asAdmin.team.invite({ email: `owner-${Date.now()}@example.com`, role: 'owner' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const member = await createUser(db);
    const { url } = await asAdmin.team.invite({ email: member.email, role: 'member' });
    await callerFor(db, member.user).team.accept({ token: tokenOf(url) });
    await expect(asAdmin.team.changeRole({ userId: member.user.id, role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asAdmin.team.remove({ userId: owner.user.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await asAdmin.team.remove({ userId: member.user.id });
    await expect(callerFor(db, member.user, account).account.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('removing a member revokes the API keys they made in the account at once', async () => {
    const { asOwner, asOther, other } = await teamWith('admin');
    const { secret } = await asOther.apiKeys.create({ name: 'admin key' });
    expect(await authenticateApiKey(db, secret!)).not.toBeNull();
    const ownerKey = await asOwner.apiKeys.create({ name: 'owner key' });
    await asOwner.team.remove({ userId: other.user.id });
    expect(await authenticateApiKey(db, secret!)).toBeNull();
    expect(await authenticateApiKey(db, ownerKey.secret!)).not.toBeNull();
  });

  it('keeps an owner: the last one can neither leave nor be demoted; another owner first, then both work', async () => {
    const { asOwner, asOther, owner, other, account } = await teamWith('member');
    await expect(asOwner.team.leave()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/only owner/) });
    await expect(asOwner.team.changeRole({ userId: owner.user.id, role: 'admin' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await asOwner.team.changeRole({ userId: other.user.id, role: 'owner' });
    expect((await asOther.account.current()).role).toBe('owner');
    await asOwner.team.leave();
    await expect(callerFor(db, owner.user, account).account.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await asOther.team.members()).members.map((m) => m.role)).toEqual(['owner']);
  });

  it('anyone but the last owner may leave', async () => {
    const { asOther, other, account } = await teamWith('member');
    await asOther.team.leave();
    await expect(callerFor(db, other.user, account).account.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the member list beyond one page', () => {
  it('pages by cursor through a 451-member team: every member once, oldest first, with the total', async () => {
    const owner = await createUser(db, { accountName: 'Big team' });
    await bulkSeed(db, owner.account.id, { members: 450 });
    // A run of members that joined in one statement share one timestamp to the microsecond: the cursor must not skip them.
    await db.execute(sql`update memberships set created_at = now() - interval '3 days' where account_id = ${owner.account.id} and user_id like '%000001_%'`);
    const expected = (
      await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(eq(memberships.accountId, owner.account.id))
        .orderBy(asc(memberships.createdAt), asc(memberships.userId))
    ).map((r) => r.userId);
    expect(expected).toHaveLength(451);

    const asOwner = callerFor(db, owner.user, owner.account.id);
    const first = await asOwner.team.members();
    expect(first.members).toHaveLength(100);
    expect(first.total).toBe(451);
    expect(first.me).toEqual({ userId: owner.user.id, role: 'owner', emailInvites: false });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof asOwner.team.members>> = await asOwner.team.members({ limit: 200, cursor });
      expect(page.total).toBe(451);
      seen.push(...page.members.map((m) => m.userId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('refuses a cursor it did not make and a limit out of range', async () => {
    const { asOwner } = await teamWith('member');
    for (const cursor of ['nope', Buffer.from('[1,2]').toString('base64url'), Buffer.from(JSON.stringify(['12', 'x'.repeat(99)])).toString('base64url')]) {
      await expect(asOwner.team.members({ cursor })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/cursor/) });
    }
    await expect(asOwner.team.members({ limit: 201 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asOwner.team.members({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a member of another account sees only their own account’s members, whatever the cursor', async () => {
    const { asOwner } = await teamWith('member');
    const stranger = await createUser(db);
    const mine = await asOwner.team.members({ limit: 1 });
    const theirs = await callerFor(db, stranger.user, stranger.account.id).team.members({ cursor: mine.nextCursor });
    expect(theirs.total).toBe(1);
    expect(theirs.members.every((m) => m.userId === stranger.user.id)).toBe(true);
  });
});
