/**
 * Tenant isolation of the signed-in UI's API, generated from the tRPC router:
 * every procedure whose input names an object by id is called by a user of
 * account B with account A's ids. It must fail (or answer) exactly as it does
 * for ids that do not exist (same code, same message once A's ids read as the
 * made-up ones), and A's rows must be unchanged. A new procedure taking an id
 * without a case here (or a stated exemption) fails the suite, as a new REST
 * route does in tests/integration/http/tenant-isolation.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { invitationEmailJob } from '@/server/accounts/invitation-email-job';
import { enqueueJob } from '@/server/jobs/queue';
import { appRouter } from '@/server/trpc/root';
import { testDb } from '../../helpers/db';
import { callerFor, createUser } from '../../helpers/factories';
import { accountSnapshot, createAccountObjects, madeUpIds, routeTable, type AccountIds } from '../../helpers/route-table';

type Ids = AccountIds & { apiKey: string; user: string; invitation: string; emailJob: string };

/** Procedure → the input that names A's objects. */
const CASES: Record<string, (ids: Ids) => unknown> = {
  'apiKeys.revoke': (i) => ({ id: i.apiKey }),
  'projects.update': (i) => ({ id: i.project, name: 'taken over' }),
  'projects.delete': (i) => ({ id: i.project }),
  'library.get': (i) => ({ id: i.libraryVideo }),
  'library.associate': (i) => ({ mediaId: i.mediaId, title: 'mine now' }),
  'library.update': (i) => ({ id: i.libraryVideo, title: 'mine now' }),
  'library.delete': (i) => ({ id: i.libraryVideo }),
  'videos.list': (i) => ({ project_id: i.project }),
  'videos.get': (i) => ({ id: i.video }),
  'videos.stats': (i) => ({ id: i.video }),
  'videos.submit': (i) => ({ id: i.video }),
  'videos.retry': (i) => ({ id: i.video }),
  'videos.cancel': (i) => ({ id: i.video }),
  'videos.delete': (i) => ({ id: i.video }),
  'videos.create': (i) => ({
    title: 'x',
    template_id: 'tmpl_welcome_message',
    customer_data: { first_name: 'Eve', company: 'Evil' },
    draft: true,
    project_id: i.project,
  }),
  'batches.get': (i) => ({ id: i.batch }),
  'batches.cancel': (i) => ({ id: i.batch }),
  'batches.retry': (i) => ({ id: i.batch }),
  'batches.check': (i) => ({ template_id: 'tmpl_welcome_message', project_id: i.project, items: [{ customer_data: { first_name: 'Eve' } }] }),
  'batches.create': (i) => ({ template_id: 'tmpl_welcome_message', project_id: i.project, items: [{ customer_data: { first_name: 'Eve' } }] }),
  'webhooks.get': (i) => ({ id: i.webhook }),
  'webhooks.update': (i) => ({ id: i.webhook, patch: { enabled: false } }),
  'webhooks.delete': (i) => ({ id: i.webhook }),
  'webhooks.rotateSecret': (i) => ({ id: i.webhook }),
  'webhooks.sendTest': (i) => ({ id: i.webhook }),
  'webhooks.deliveries': (i) => ({ endpointId: i.webhook, query: {} }),
  'webhooks.delivery': (i) => ({ endpointId: i.webhook, deliveryId: i.delivery }),
  'webhooks.redeliver': (i) => ({ endpointId: i.webhook, deliveryId: i.delivery }),
  'team.revokeInvitation': (i) => ({ id: i.invitation }),
  'team.invitationEmail': (i) => ({ jobId: i.emailJob }),
  'team.changeRole': (i) => ({ userId: i.user, role: 'member' }),
  'team.remove': (i) => ({ userId: i.user }),
};

/** Input keys that name another object (templates are one catalogue for every account). */
const ID_KEY = /^(id|.*Id|(?!template_id$).*_id)$/;

function inputKeys(procedure: unknown): string[] {
  const inputs = (procedure as { _def: { inputs: Array<{ shape?: Record<string, unknown> }> } })._def.inputs;
  return inputs.flatMap((schema) => Object.keys(schema?.shape ?? {}));
}

let db: Db;
let a: Ids;
let b: { id: string; email: string };


async function outcome(path: string, input: unknown): Promise<string> {
  const [router, name] = path.split('.') as [string, string];
  const caller = callerFor(db, b) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  try {
    return `ok ${JSON.stringify(await caller[router]![name]!(input), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return `error ${e.code} ${e.message}`;
  }
}

beforeAll(async () => {
  db = (await testDb()).db;
  const owner = await createAccountObjects(db, await routeTable(), 'Tenant A (UI)');
  const invited = await callerFor(db, owner.user, owner.ids.account).team.invite({ email: `invitee-${Date.now()}@example.com`, role: 'member' });
  // The email job of that invitation, as inviting queues it on a server with SMTP (none here).
  const { job: emailJob } = await enqueueJob(db, {
    kind: invitationEmailJob,
    payload: { invitationId: invited.invitation.id, link: 'sealed-link' },
    accountId: owner.ids.account,
    delayMs: 3_600_000,
  });
  a = { ...owner.ids, apiKey: owner.keyId, user: owner.user.id, invitation: invited.invitation.id, emailJob: emailJob.id };
  b = (await createUser(db, { accountName: 'Tenant B (UI)' })).user;
});

describe('tRPC tenant isolation over the router', () => {
  const procedures = appRouter._def.procedures as Record<string, unknown>;

  it('has a case for every procedure whose input names an object by id', () => {
    const missing = Object.entries(procedures)
      .filter(([path, procedure]) => inputKeys(procedure).some((k) => ID_KEY.test(k)) && !CASES[path])
      .map(([path]) => path);
    expect(missing, 'add a case to CASES for each').toEqual([]);
    expect(Object.keys(CASES).filter((path) => !procedures[path])).toEqual([]);
  });

  it("answers B's calls on A's ids exactly as on ids that do not exist, and changes nothing of A's", async () => {
    const before = await accountSnapshot(db, a.account);
    const fake = madeUpIds(a);
    const problems: string[] = [];
    for (const [path, input] of Object.entries(CASES)) {
      const theirs = await outcome(path, input(a));
      const none = await outcome(path, input(fake));
      const asIfNone = (Object.keys(a) as Array<keyof Ids>).reduce((text, k) => text.replaceAll(a[k], fake[k]), theirs);
      if (asIfNone !== none || theirs.includes('INTERNAL_SERVER_ERROR')) problems.push(`${path}:\n  A's ids:    ${theirs}\n  no such id: ${none}`);
    }
    expect(problems).toEqual([]);
    expect(await accountSnapshot(db, a.account)).toBe(before);
  });

  it('never resolves another account as the current one, whatever account the session asks for', async () => {
    const asked = callerFor(db, b, a.account);
    await expect(asked.account.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asked.projects.list()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
