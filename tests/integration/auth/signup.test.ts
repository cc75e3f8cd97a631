import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as signupRoute } from '@/app/api/signup/route';
import { verifyCredentials } from '@/server/accounts/service';
import type { Db } from '@/server/db/client';
import { accounts, memberships, users } from '@/server/db/schema';
import { callRoute, uniqueEmail } from '../../helpers/factories';
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

describe('POST /api/signup (happy)', () => {
  it('creates the user, their first account and an owner membership', async () => {
    const email = uniqueEmail('Sarah');
    const res = await callRoute(signupRoute, {
      method: 'POST',
      body: { email: `  ${email.toUpperCase()} `, password: 'a-long-password', name: 'Sarah', account_name: 'Acme Inc.' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe(email.toLowerCase());
    expect(res.body.account).toMatchObject({ name: 'Acme Inc.', role: 'owner' });
    expect(res.body.account.id).toMatch(/^[0-9a-z]{11}$/);
    expect(res.body.user).not.toHaveProperty('password_hash');
    expect(JSON.stringify(res.body)).not.toContain('argon2');

    const [stored] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    const ms = await db.select().from(memberships).where(eq(memberships.userId, stored!.id));
    expect(ms).toEqual([expect.objectContaining({ accountId: res.body.account.id, role: 'owner' })]);
  });

  it('names the account after the user when no account name is given', async () => {
    const res = await callRoute(signupRoute, {
      method: 'POST',
      body: { email: uniqueEmail(), password: 'a-long-password', name: 'Jo' },
    });
    expect(res.status).toBe(201);
    expect(res.body.account.name).toBe("Jo's workspace");
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

  it('refuses a duplicate email (any case) with 409 and writes nothing', async () => {
    const email = uniqueEmail('dup');
    expect((await callRoute(signupRoute, { method: 'POST', body: { email, password: 'long-enough' } })).status).toBe(201);
    const before = await countRows();
    const res = await callRoute(signupRoute, {
      method: 'POST',
      body: { email: email.toUpperCase(), password: 'another-password', account_name: 'Second' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'conflict',
      message: 'An account with this email already exists',
      details: [{ field: 'email', message: 'is already registered' }],
    });
    expect(await countRows()).toEqual(before);
  });
});
