/**
 * POST /api/signup: a new email gets a user, their first account and an owner
 * membership; an email that already has an account gets the very same answer
 * (status, body, no cookie, the same argon2 work) and nothing changes, so the
 * answer does not tell which emails exist. With SIGNUP_ENABLED=false only a
 * usable invitation admits its own email. Field errors, size limit.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as signupRoute } from '@/app/api/signup/route';
import { verifyCredentials } from '@/server/accounts/service';
import type { Db } from '@/server/db/client';
import { accounts, invitations, memberships, users } from '@/server/db/schema';
import { resetEnvCache } from '@/server/env';
import { callRoute, callerFor, createUser, uniqueEmail } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function countRows() {
  const [u, a, m] = await Promise.all([
    db.$count(users),
    db.$count(accounts),
    db.$count(memberships),
  ]);
  return { u, a, m };
}

const accepted = (email: string) => ({
  status: 'accepted',
  email,
  message:
    'If this email had no account, it has one now: sign in with this email and password. If it already had one, nothing changed: sign in with its own password.',
});

async function storedUser(email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

describe('POST /api/signup (happy)', () => {
  it('creates the user, their first account and an owner membership; answers 202 without naming them', async () => {
    const email = uniqueEmail('Sarah');
    const res = await callRoute(signupRoute, {
      method: 'POST',
      body: { email: `  ${email.toUpperCase()} `, password: 'a-long-password', name: 'Sarah', account_name: 'Acme Inc.' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual(accepted(email.toLowerCase()));
    expect(res.headers.get('set-cookie')).toBeNull();

    const stored = await storedUser(email);
    expect(stored).toMatchObject({ email: email.toLowerCase(), name: 'Sarah' });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    const ms = await db
      .select({ role: memberships.role, name: accounts.name })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(memberships.userId, stored!.id));
    expect(ms).toEqual([{ role: 'owner', name: 'Acme Inc.' }]);
  });

  it('names the account after the user when no account name is given', async () => {
    const email = uniqueEmail();
    const res = await callRoute(signupRoute, {
      method: 'POST',
      body: { email, password: 'a-long-password', name: 'Jo' },
    });
    expect(res.status).toBe(202);
    const user = await storedUser(email);
    const [account] = await db
      .select({ name: accounts.name })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(memberships.userId, user!.id));
    expect(account?.name).toBe("Jo's workspace");
  });
});

describe('POST /api/signup (security): it does not tell which emails exist', () => {
  it('answers an email that already has an account exactly as a new one, and changes nothing', async () => {
    const taken = uniqueEmail('taken');
    expect((await callRoute(signupRoute, { method: 'POST', body: { email: taken, password: 'original-password-1', name: 'Owner' } })).status).toBe(202);
    const before = await storedUser(taken);
    const rows = await countRows();

    const fresh = uniqueEmail('fresh');
    const body = (email: string) => ({ email, password: 'attacker-password-1', name: 'Mallory', account_name: 'Takeover' });
    const forTaken = await callRoute(signupRoute, { method: 'POST', body: body(taken.toUpperCase()) });
    const forFresh = await callRoute(signupRoute, { method: 'POST', body: body(fresh) });

    expect(forTaken.status).toBe(forFresh.status);
    expect(forTaken.body).toEqual(accepted(taken));
    expect(forFresh.body).toEqual(accepted(fresh));
    expect([...forTaken.headers.keys()].sort()).toEqual([...forFresh.headers.keys()].sort());
    expect(forTaken.headers.get('set-cookie')).toBeNull();

    // The existing user, their password and their accounts are as they were; only the fresh email added rows.
    expect(await storedUser(taken)).toEqual(before);
    expect(await countRows()).toEqual({ u: rows.u + 1, a: rows.a + 1, m: rows.m + 1 });
    expect(await verifyCredentials(db, taken, 'original-password-1')).toMatchObject({ email: taken });
    expect(await verifyCredentials(db, taken, 'attacker-password-1')).toBeNull();
    expect(await verifyCredentials(db, fresh, 'attacker-password-1')).toMatchObject({ email: fresh });
  });

  it('hashes the password for a taken email too, so the time it takes does not tell', async () => {
    const taken = uniqueEmail('timed');
    await callRoute(signupRoute, { method: 'POST', body: { email: taken, password: 'original-password-1' } });
    const time = async (email: string) => {
      const started = performance.now();
      expect((await callRoute(signupRoute, { method: 'POST', body: { email, password: 'timing-password-1' } })).status).toBe(202);
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const takenTimes: number[] = [];
    const freshTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      takenTimes.push(await time(taken));
      freshTimes.push(await time(uniqueEmail('timed-fresh')));
    }
    // Without the hash a taken email answers in a few milliseconds against the tens an argon2id hash takes.
    expect(median(takenTimes)).toBeGreaterThan(median(freshTimes) * 0.5);
  });

  it('two sign-ups for one new email at once: both 202, one user', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      ['race-password-one', 'race-password-two'].map((password) => callRoute(signupRoute, { method: 'POST', body: { email, password } })),
    );
    expect(results.map((r) => r.status)).toEqual([202, 202]);
    expect(await db.$count(users, eq(users.email, email))).toBe(1);
    const user = await storedUser(email);
    expect(await db.$count(memberships, eq(memberships.userId, user!.id))).toBe(1);
  });
});

describe('sign-in credentials check', () => {
  it('accepts the right password and refuses a wrong one or an unknown email', async () => {
    const email = uniqueEmail();
    await callRoute(signupRoute, { method: 'POST', body: { email, password: 'right-password' } });
    expect(await verifyCredentials(db, email, 'right-password')).toMatchObject({ email });
    expect(await verifyCredentials(db, email.toUpperCase(), 'right-password')).toMatchObject({ email });
    expect(await verifyCredentials(db, email, 'wrong-password')).toBeNull();
    expect(await verifyCredentials(db, uniqueEmail('nobody'), 'right-password')).toBeNull();
  });
});

describe('POST /api/signup (errors)', () => {
  const longString = 'x'.repeat(300);
  const cases: Array<{ name: string; body?: unknown; raw?: string; status: number; code: string; field?: string }> = [
    { name: 'empty body', raw: '', status: 422, code: 'validation_error', field: 'email' },
    { name: 'malformed JSON', raw: '{"email": ', status: 400, code: 'invalid_json' },
    { name: 'JSON that is not an object', raw: '[1,2]', status: 422, code: 'validation_error', field: '(body)' },
    { name: 'missing password', body: { email: 'a@example.com' }, status: 422, code: 'validation_error', field: 'password' },
    { name: 'empty email', body: { email: '', password: 'long-enough' }, status: 422, code: 'validation_error', field: 'email' },
    { name: 'not an email', body: { email: 'not-an-email', password: 'long-enough' }, status: 422, code: 'validation_error', field: 'email' },
    { name: 'email of the wrong type', body: { email: 42, password: 'long-enough' }, status: 422, code: 'validation_error', field: 'email' },
    { name: 'oversized email', body: { email: `${longString}@example.com`, password: 'long-enough' }, status: 422, code: 'validation_error', field: 'email' },
    { name: 'short password', body: { email: 'b@example.com', password: 'short' }, status: 422, code: 'validation_error', field: 'password' },
    { name: 'oversized password', body: { email: 'b@example.com', password: longString }, status: 422, code: 'validation_error', field: 'password' },
    { name: 'password of the wrong type', body: { email: 'b@example.com', password: 12345678 }, status: 422, code: 'validation_error', field: 'password' },
    { name: 'oversized account name', body: { email: 'c@example.com', password: 'long-enough', account_name: longString }, status: 422, code: 'validation_error', field: 'account_name' },
    { name: 'blank account name', body: { email: 'c@example.com', password: 'long-enough', account_name: '   ' }, status: 422, code: 'validation_error', field: 'account_name' },
    // Long enough but guessable (server/auth/password-policy.ts).
    ...['12345678', 'password', '        ', 'qwertyuiop', 'password123', 'iloveyou2026'].map((password) => ({
      name: `guessable password ${JSON.stringify(password)}`,
      body: { email: 'e@example.com', password },
      status: 422,
      code: 'validation_error',
      field: 'password',
    })),
    {
      name: 'password made of the own email and name',
      body: { email: 'sarah.johnson@example.com', name: 'Sarah Johnson', password: 'sarah.johnson' },
      status: 422,
      code: 'validation_error',
      field: 'password',
    },
  ];

  it.each(cases)('$name → $status $code', async ({ body, raw, status, code, field }) => {
    const before = await countRows();
    const res = await callRoute(signupRoute, { method: 'POST', body, rawBody: raw, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    if (field) expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await countRows()).toEqual(before);
  });

  it('refuses a body over 16 KB with 413', async () => {
    const before = await countRows();
    const res = await callRoute(signupRoute, {
      method: 'POST',
      body: { email: 'd@example.com', password: 'long-enough', name: 'y'.repeat(20_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await countRows()).toEqual(before);
  });
});

describe('POST /api/signup with SIGNUP_ENABLED=false: only an invitation admits its email', () => {
  const closed = () => {
    process.env.SIGNUP_ENABLED = 'false';
    resetEnvCache();
  };
  afterEach(() => {
    delete process.env.SIGNUP_ENABLED;
    resetEnvCache();
  });

  async function invite(email: string) {
    const owner = await createUser(db, { accountName: 'Invite-only Co' });
    const { url, invitation } = await callerFor(db, owner.user).team.invite({ email, role: 'member' });
    return { owner, token: url.split('/invite/')[1]!, invitationId: invitation.id };
  }

  it('the invited email signs up with the token, then joins through the link', async () => {
    const email = uniqueEmail('invited');
    const { owner, token } = await invite(email);
    closed();
    const res = await callRoute(signupRoute, { method: 'POST', body: { email: email.toUpperCase(), password: 'invited-password-1', invitation: token } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual(accepted(email));
    const user = await verifyCredentials(db, email, 'invited-password-1');
    expect(user).toMatchObject({ email });
    // Signing up does not use the invitation up: the new user accepts it and is a member.
    const { accountId } = await callerFor(db, user).team.accept({ token });
    expect(accountId).toBe(owner.account.id);
    expect((await callerFor(db, user, accountId).account.current()).role).toBe('member');
  });

  it('an invited email that already has an account: the same 202, nothing changed', async () => {
    const existing = await createUser(db, { password: 'existing-password-1' });
    const { token } = await invite(existing.email);
    closed();
    const before = await countRows();
    const res = await callRoute(signupRoute, { method: 'POST', body: { email: existing.email, password: 'other-password-1', invitation: token } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual(accepted(existing.email));
    expect(await countRows()).toEqual(before);
    expect(await verifyCredentials(db, existing.email, 'other-password-1')).toBeNull();
  });

  const cases: Array<{ name: string; prepare: (inv: { email: string; token: string; invitationId: string; owner: { id: string } }) => Promise<Record<string, unknown>>; message: string; details?: unknown }> = [
    {
      name: 'no invitation',
      prepare: async ({ email }) => ({ email }),
      message: 'Sign-up is disabled on this server',
    },
    {
      name: 'a token that names no invitation',
      prepare: async ({ email }) => ({ email, invitation: 'x'.repeat(43) }),
      message: 'Sign-up is disabled on this server, and this invitation does not exist',
      details: [{ field: 'invitation', message: 'does not exist' }],
    },
    {
      name: 'a malformed token',
      prepare: async ({ email }) => ({ email, invitation: '../../etc' }),
      message: 'Sign-up is disabled on this server, and this invitation does not exist',
      details: [{ field: 'invitation', message: 'does not exist' }],
    },
    {
      name: 'an expired invitation',
      prepare: async ({ email, token, invitationId }) => {
        await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitationId));
        return { email, invitation: token };
      },
      message: 'Sign-up is disabled on this server, and this invitation has expired: ask for a new link',
      details: [{ field: 'invitation', message: 'has expired' }],
    },
    {
      name: 'a revoked invitation',
      prepare: async ({ email, token, invitationId }) => {
        await db.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, invitationId));
        return { email, invitation: token };
      },
      message: 'Sign-up is disabled on this server, and this invitation was withdrawn: ask for a new link',
      details: [{ field: 'invitation', message: 'was withdrawn' }],
    },
    {
      name: 'a used invitation',
      prepare: async ({ email, token, invitationId, owner }) => {
        await db.update(invitations).set({ acceptedAt: new Date(), acceptedByUserId: owner.id }).where(eq(invitations.id, invitationId));
        return { email, invitation: token };
      },
      message: 'Sign-up is disabled on this server, and this invitation was already used: ask for a new link',
      details: [{ field: 'invitation', message: 'was already used' }],
    },
    {
      name: 'a valid invitation with another email',
      prepare: async ({ token }) => ({ email: uniqueEmail('not-invited'), invitation: token }),
      message: 'This invitation is for another email address: sign up with the email it was sent to',
      details: [{ field: 'email', message: 'is not the email this invitation was sent to' }],
    },
  ];

  it.each(cases)('$name → 403, nothing written', async ({ prepare, message, details }) => {
    const email = uniqueEmail('closed');
    const { token, invitationId, owner } = await invite(email);
    const body = await prepare({ email, token, invitationId, owner: owner.user });
    closed();
    const before = await countRows();
    const res = await callRoute(signupRoute, { method: 'POST', body: { password: 'closed-password-1', ...body } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message, ...(details ? { details } : {}) } });
    expect(await countRows()).toEqual(before);
  });

  it('with open sign-up a token is not needed, and a bad one is ignored', async () => {
    const email = uniqueEmail('open');
    const res = await callRoute(signupRoute, { method: 'POST', body: { email, password: 'open-password-1', invitation: 'x'.repeat(43) } });
    expect(res.status).toBe(202);
    expect(await storedUser(email)).not.toBeNull();
  });
});
