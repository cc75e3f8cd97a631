import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getProjectRoute } from '@/app/api/v1/projects/[project_id]/route';
import type { Db } from '@/server/db/client';
import { memberships } from '@/server/db/schema';
import { callRoute, callerFor, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe('session-protected procedures', () => {
  const anonymousCalls: Array<[string, (c: ReturnType<typeof callerFor>) => Promise<unknown>]> = [
    ['account.me', (c) => c.account.me()],
    ['account.current', (c) => c.account.current()],
    ['account.create', (c) => c.account.create({ name: 'x' })],
    ['apiKeys.list', (c) => c.apiKeys.list()],
    ['apiKeys.create', (c) => c.apiKeys.create({ name: 'x' })],
    ['projects.list', (c) => c.projects.list()],
    ['brand.get', (c) => c.brand.get()],
    ['brand.update', (c) => c.brand.update({ sender_name: 'x' })],
  ];
  it.each(anonymousCalls)('%s refuses anonymous callers with UNAUTHORIZED', async (_name, call) => {
    await expect(call(callerFor(db, null))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('membership checks', () => {
  it('resolves the first account by default and an explicitly chosen one the user belongs to', async () => {
    const { user, account } = await createUser(db, { accountName: 'First' });
    const second = await callerFor(db, user).account.create({ name: 'Second' });
    expect((await callerFor(db, user).account.current()).id).toBe(account.id);
    expect((await callerFor(db, user, second.id).account.current()).id).toBe(second.id);
    const me = await callerFor(db, user).account.me();
    expect(me.accounts.map((a) => a.name)).toEqual(['First', 'Second']);
  });

  it('a user of account A cannot read or act on account B (tRPC and REST answer 404)', async () => {
    const a = await createUser(db);
    const b = await createUser(db);
    const bProject = await callerFor(db, b.user).projects.create({ name: 'B secret project' });

    const aInB = callerFor(db, a.user, b.account.id);
    await expect(aInB.account.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(aInB.projects.list()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(aInB.account.rename({ name: 'hijacked' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A unknown account id looks exactly the same.
    await expect(callerFor(db, a.user, 'zzzzzzzzzzz').projects.list()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Account not found',
    });
    // A's own context cannot reach B's project by id.
    await expect(callerFor(db, a.user).projects.update({ id: bProject.id, name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const { secret } = await createKey(db, a.account.id);
    const res = await callRoute(getProjectRoute, { key: secret, params: { project_id: bProject.id } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'Project not found' } });
    expect((await callerFor(db, b.user).projects.list())[0]?.name).toBe('B secret project');
  });

  it('members cannot rename an account; owners can', async () => {
    const owner = await createUser(db);
    const member = await createUser(db);
    await db.insert(memberships).values({ accountId: owner.account.id, userId: member.user.id, role: 'member' });
    await expect(callerFor(db, member.user, owner.account.id).account.rename({ name: 'Nope' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(db, owner.user).account.rename({ name: 'Renamed' })).resolves.toMatchObject({ name: 'Renamed' });
    // The member can still read the account they belong to.
    await expect(callerFor(db, member.user, owner.account.id).account.current()).resolves.toMatchObject({
      name: 'Renamed',
      role: 'member',
    });
  });
});
