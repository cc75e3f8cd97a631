/**
 * Tenant isolation, generated from the route table: every route under
 * app/api that takes an id (in its path, or an id of another object in its
 * query or body) is called with another account's API key against account
 * A's objects. Each answer must be exactly what the same call gets for ids
 * that do not exist (same status, same body once A's ids are read as those:
 * no oracle, nothing of A's shown; a list filtered by A's project is as empty
 * as for a project that does not exist), never a 5xx, and A's rows must be
 * byte-for-byte unchanged afterwards.
 *
 * The route files are listed from the filesystem: a new route with an id in
 * its path and no case here (or no stated exemption) fails the suite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { testDb } from '../../helpers/db';
import { createKey, createUser } from '../../helpers/factories';
import {
  accountSnapshot,
  callRouteAs,
  madeUpIds,
  createAccountObjects,
  handlerOf,
  routeTable,
  type AccountIds as Ids,
  type Method,
  type RouteEntry,
  type RouteRequest,
} from '../../helpers/route-table';

interface Case {
  /** The route's folder under app/api, as on disk. */
  route: string;
  method: Method;
  /** What B sends, given A's ids (or ids that exist nowhere). */
  request: (ids: Ids, own: { account: string }) => RouteRequest;
}

/** Routes with an id in their path that are not per-account objects, and why. */
const EXEMPT: Record<string, string> = {
  'v1/templates/[template_id]': 'templates are one catalogue shared by every account',
  'v1/videos/[video_id]/events': 'public playback beacons: no key, the video id is the capability (as the watch page link is)',
  'auth/[...nextauth]': 'next-auth’s own routes',
  'trpc/[trpc]': 'tRPC procedures are checked by tests/integration/trpc/tenant-isolation.test.ts',
};

const CASES: Case[] = [
  { route: 'v1/videos/[video_id]', method: 'GET', request: (i) => ({ params: { video_id: i.video } }) },
  { route: 'v1/videos/[video_id]', method: 'DELETE', request: (i) => ({ params: { video_id: i.video } }) },
  { route: 'v1/videos/[video_id]/retry', method: 'POST', request: (i) => ({ params: { video_id: i.video } }) },
  { route: 'v1/videos/[video_id]/cancel', method: 'POST', request: (i) => ({ params: { video_id: i.video } }) },
  { route: 'v1/videos/[video_id]/submit', method: 'POST', request: (i) => ({ params: { video_id: i.video } }) },
  { route: 'v1/batches/[batch_id]', method: 'GET', request: (i) => ({ params: { batch_id: i.batch } }) },
  { route: 'v1/batches/[batch_id]/cancel', method: 'POST', request: (i) => ({ params: { batch_id: i.batch } }) },
  { route: 'v1/batches/[batch_id]/retry', method: 'POST', request: (i) => ({ params: { batch_id: i.batch } }) },
  { route: 'v1/projects/[project_id]', method: 'GET', request: (i) => ({ params: { project_id: i.project } }) },
  { route: 'v1/projects/[project_id]', method: 'PATCH', request: (i) => ({ params: { project_id: i.project }, json: { name: 'taken over' } }) },
  { route: 'v1/projects/[project_id]', method: 'DELETE', request: (i) => ({ params: { project_id: i.project } }) },
  { route: 'v1/webhooks/[webhook_id]', method: 'GET', request: (i) => ({ params: { webhook_id: i.webhook } }) },
  { route: 'v1/webhooks/[webhook_id]', method: 'PATCH', request: (i) => ({ params: { webhook_id: i.webhook }, json: { enabled: false } }) },
  { route: 'v1/webhooks/[webhook_id]', method: 'DELETE', request: (i) => ({ params: { webhook_id: i.webhook } }) },
  { route: 'v1/webhooks/[webhook_id]/rotate-secret', method: 'POST', request: (i) => ({ params: { webhook_id: i.webhook } }) },
  { route: 'v1/webhooks/[webhook_id]/test', method: 'POST', request: (i) => ({ params: { webhook_id: i.webhook } }) },
  { route: 'v1/webhooks/[webhook_id]/deliveries', method: 'GET', request: (i) => ({ params: { webhook_id: i.webhook } }) },
  {
    route: 'v1/webhooks/[webhook_id]/deliveries/[delivery_id]',
    method: 'GET',
    request: (i) => ({ params: { webhook_id: i.webhook, delivery_id: i.delivery } }),
  },
  {
    route: 'v1/webhooks/[webhook_id]/deliveries/[delivery_id]/redeliver',
    method: 'POST',
    request: (i) => ({ params: { webhook_id: i.webhook, delivery_id: i.delivery } }),
  },
  // Another account's object named in the query or the body of a route without an id in its path.
  { route: 'v1/videos', method: 'GET', request: (i) => ({ query: { project_id: i.project } }) },
  {
    route: 'v1/batches',
    method: 'POST',
    request: (i) => ({ json: { template_id: 'tmpl_welcome_message', project_id: i.project, items: [{ customer_data: { first_name: 'Intruder' } }] } }),
  },
  {
    route: 'v1/videos',
    method: 'POST',
    request: (i) => ({
      json: {
        title: 'x',
        template_id: 'tmpl_welcome_message',
        customer_data: { first_name: 'Eve', company: 'Evil' },
        draft: true,
        project_id: i.project,
      },
    }),
  },
  // The Ads API: A's account in the path with B's key, and A's video under B's own account.
  ...(['GET', 'POST'] as const).map(
    (method): Case => ({
      route: 'ads/3/accounts/[account_id]/videos',
      method,
      request: (i) => ({ params: { account_id: i.account }, ...(method === 'POST' ? { form: { video_media_id: i.mediaId } } : {}) }),
    }),
  ),
  {
    route: 'ads/3/accounts/[account_id]/videos',
    method: 'POST',
    request: (i, own) => ({ params: { account_id: own.account }, form: { video_media_id: i.mediaId } }),
  },
  ...(['GET', 'PUT', 'DELETE'] as const).flatMap((method): Case[] => [
    {
      route: 'ads/3/accounts/[account_id]/videos/[video_id]',
      method,
      request: (i) => ({ params: { account_id: i.account, video_id: i.libraryVideo }, ...(method === 'PUT' ? { form: { title: 'x' } } : {}) }),
    },
    {
      route: 'ads/3/accounts/[account_id]/videos/[video_id]',
      method,
      request: (i, own) => ({ params: { account_id: own.account, video_id: i.libraryVideo }, ...(method === 'PUT' ? { form: { title: 'x' } } : {}) }),
    },
  ]),
  // Chunked upload commands on A's media id.
  { route: 'ads/1.1/media/upload', method: 'GET', request: (i) => ({ query: { command: 'STATUS', media_id: i.mediaId } }) },
  { route: 'ads/1.1/media/upload', method: 'POST', request: (i) => ({ form: { command: 'FINALIZE', media_id: i.mediaId } }) },
  {
    route: 'ads/1.1/media/upload',
    method: 'POST',
    request: (i) => ({ form: { command: 'APPEND', media_id: i.mediaId, segment_index: '0', media_data: Buffer.from('x').toString('base64') } }),
  },
  // X API v2 media upload on A's media id: in the path, the query or the body.
  { route: 'ads/2/media/upload/[id]/append', method: 'POST', request: (i) => ({ params: { id: i.mediaId }, json: { segment_index: 0, media: Buffer.from('x').toString('base64') } }) },
  { route: 'ads/2/media/upload/[id]/finalize', method: 'POST', request: (i) => ({ params: { id: i.mediaId } }) },
  { route: 'ads/2/media/upload', method: 'GET', request: (i) => ({ query: { command: 'STATUS', media_id: i.mediaId } }) },
  { route: 'ads/2/media/upload', method: 'POST', request: (i) => ({ form: { command: 'FINALIZE', media_id: i.mediaId } }) },
];

let db: Db;
let a: Ids;
let bKey: string;
let bAccount: string;
let table: RouteEntry[];

beforeAll(async () => {
  db = (await testDb()).db;
  table = await routeTable();
  a = (await createAccountObjects(db, table, 'Tenant A')).ids;
  const intruder = await createUser(db, { accountName: 'Tenant B' });
  bKey = (await createKey(db, intruder.account.id)).secret;
  bAccount = intruder.account.id;
});


describe('tenant isolation over the route table', () => {
  it('has a case (or a stated exemption) for every method of every route that takes an id in its path', () => {
    const missing: string[] = [];
    for (const { route, methods } of table) {
      if (!route.includes('[') || EXEMPT[route]) continue;
      for (const method of methods) {
        if (!CASES.some((c) => c.route === route && c.method === method)) missing.push(`${method} /api/${route}`);
      }
    }
    expect(missing, 'add a case to CASES (or a reason to EXEMPT) for each').toEqual([]);
    // And no case or exemption names a route that is gone.
    const routes = new Set(table.map((t) => t.route));
    expect([...CASES.map((c) => c.route), ...Object.keys(EXEMPT)].filter((r) => !routes.has(r))).toEqual([]);
  });

  it("answers another account's ids exactly as ids that do not exist, and changes nothing", async () => {
    const before = await accountSnapshot(db, a.account);
    const fake = madeUpIds(a);
    const problems: string[] = [];
    for (const c of CASES) {
      const handler = handlerOf(table, c.route, c.method);
      const theirs = await callRouteAs(handler, bKey, c.route, c.method, c.request(a, { account: bAccount }));
      const none = await callRouteAs(handler, bKey, c.route, c.method, c.request(fake, { account: bAccount }));
      const label = `${c.method} /api/${c.route} ${JSON.stringify(c.request(a, { account: bAccount }))}`;
      // The same answer, byte for byte once A's ids read as the made-up ones: no oracle, nothing of A's.
      const asIfNone = (Object.keys(a) as Array<keyof Ids>).reduce((text, k) => text.replaceAll(a[k], fake[k]), theirs.text);
      if (theirs.status >= 500) problems.push(`${label}: ${theirs.status} ${theirs.text}`);
      else if (theirs.status !== none.status || asIfNone !== none.text) {
        problems.push(`${label}:\n  A's id:    ${theirs.status} ${theirs.text}\n  no such id: ${none.status} ${none.text}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await accountSnapshot(db, a.account)).toBe(before);
  });
});
