/**
 * Every list the API and the UI serve reads its page from an index in the
 * order it returns: no sequential scan, no sort. Checked with EXPLAIN on
 * Postgres, against tables big enough that the planner would rather scan
 * and sort if no index served (tens of thousands of rows in one account,
 * beside another account's), for the exact queries the services run (their
 * query builders are exported for this), first pages, deep pages and
 * cursors, with and without filters. See server/db/schema/index.ts for the
 * pitfall this guards against (drizzle's `.desc()` is DESC NULLS LAST).
 *
 * Postgres only: PGlite's planner is Postgres's, but the test's point is the
 * production database with its statistics.
 */
import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { libraryPageQuery } from '@/server/library/service';
import { videoPageQuery } from '@/server/videos/service';
import { deliveryPageQuery, endpointsQuery } from '@/server/webhooks/service';
import { apiKeysQuery } from '@/server/api-keys/service';
import { batchPageQuery, batchVideosQuery } from '@/server/batches/service';
import { projectsQuery } from '@/server/projects/service';
import { invitationsQuery, listMembers, membersQuery } from '@/server/accounts/team';
import { renderHistoryQuery, rendersAheadQuery } from '@/server/videos/estimate';
import { bulkSeed, type SeededIds } from '../../helpers/bulk-seed';
import { testDb, testDbDriver } from '../../helpers/db';
import { createUser } from '../../helpers/factories';

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };

let db: Db;
let accountId: string;
let ids: SeededIds;

const VIDEOS = 30_000;

/** Every node of a plan, depth first. */
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function explain(query: { getSQL(): SQL }): Promise<PlanNode> {
  const result = (await db.execute(sql`explain (format json) ${query.getSQL()}`)) as unknown as
    | Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>
    | { rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> };
  const rows = Array.isArray(result) ? result : result.rows;
  return rows[0]!['QUERY PLAN'][0]!.Plan;
}

/** Tables under this many rows may be read whole: for them a sequential scan is the right plan. */
const SMALL_TABLE_ROWS = 1000;

async function rowEstimate(table: string): Promise<number> {
  const result = (await db.execute(sql`select reltuples::float8 as n from pg_class where relname = ${table}`)) as unknown as
    | Array<{ n: number }>
    | { rows: Array<{ n: number }> };
  const rows = Array.isArray(result) ? result : result.rows;
  return Number(rows[0]?.n ?? 0);
}

/**
 * The plan reads `table` through `index` and sorts nothing; no table is
 * scanned whole, but for one the planner rightly reads whole because it is
 * tiny here (a lookup joined to the page, such as `jobs`).
 */
async function expectIndexOrder(query: { getSQL(): SQL }, table: string, index: string, opts: { boundedSort?: boolean } = {}) {
  const plan = await explain(query);
  const all = nodes(plan);
  const summary = all.map((n) => `${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ''}${n['Relation Name'] ? ` (${n['Relation Name']})` : ''}`).join(' → ');
  const scanned = all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']!);
  expect(scanned, summary).not.toContain(table);
  for (const other of scanned) expect(await rowEstimate(other), `${summary}: ${other} read whole`).toBeLessThan(SMALL_TABLE_ROWS);
  if (!opts.boundedSort) expect(all.filter((n) => /Sort/.test(n['Node Type'])).length, summary).toBe(0);
  // A Bitmap Index Scan names no relation (its Bitmap Heap Scan parent does); index names are unique per schema.
  expect(all.some((n) => /Index/.test(n['Node Type']) && n['Index Name'] === index && (n['Relation Name'] ?? table) === table), summary).toBe(true);
}

beforeAll(async () => {
  if (testDbDriver() !== 'postgres') return;
  db = (await testDb()).db;
  accountId = (await createUser(db)).account.id;
  // Another account's rows: the planner must pick the account's range, not merely a small table.
  const other = await createUser(db);
  await bulkSeed(db, other.account.id, { videos: 5_000, library: 2_000, deliveries: 40_000, apiKeys: 500, endpoints: 200, projects: 200, members: 300, invitations: 300, batches: 300 });
  ids = await bulkSeed(db, accountId, { videos: VIDEOS, library: 20_000, deliveries: 20_000, apiKeys: 3_000, endpoints: 2_000, projects: 2_000, members: 2_000, invitations: 2_000, batches: 30_000, jobs: 60_000 });
}, 240_000);

describe.runIf(testDbDriver() === 'postgres')('every list is read from an index in its order', () => {
  it.each([
    ['first page', { limit: 20, offset: 0, fromOldest: false }],
    ['a page in the middle', { limit: 20, offset: VIDEOS / 2 - 20, fromOldest: false }],
    ['the last page, read from the oldest end', { limit: 20, offset: 0, fromOldest: true }],
    ['a page near the end', { limit: 100, offset: 500, fromOldest: true }],
  ])('videos: %s', async (_, page) => {
    await expectIndexOrder(videoPageQuery(db, { accountId, ...page }), 'videos', 'videos_account_created_idx');
  });

  it.each([['draft'], ['published'], ['failed']] as const)('videos filtered by status %s', async (status) => {
    await expectIndexOrder(videoPageQuery(db, { accountId, status, limit: 20, offset: 40, fromOldest: false }), 'videos', 'videos_account_status_created_idx');
    await expectIndexOrder(videoPageQuery(db, { accountId, status, limit: 20, offset: 0, fromOldest: true }), 'videos', 'videos_account_status_created_idx');
  });

  it('videos filtered by project', async () => {
    await expectIndexOrder(
      videoPageQuery(db, { accountId, projectId: ids.projectId!, limit: 20, offset: 0, fromOldest: false }),
      'videos',
      'videos_project_created_idx',
    );
  });

  it('the library (Ads API and UI): first page, a cursor page, with deleted videos', async () => {
    await expectIndexOrder(libraryPageQuery(db, { accountId, count: 50 }), 'library_videos', 'library_videos_account_live_created_idx');
    const cursor = Buffer.from(`v2:${BigInt(Date.now() - 5_000_000) * 1000n}:1`).toString('base64url');
    await expectIndexOrder(libraryPageQuery(db, { accountId, count: 50, cursor }), 'library_videos', 'library_videos_account_live_created_idx');
    await expectIndexOrder(libraryPageQuery(db, { accountId, count: 50, with_deleted: true }), 'library_videos', 'library_videos_account_created_idx');
  });

  it('the delivery log of an endpoint: first page, a cursor page, filtered by status', async () => {
    const base = { accountId, endpointId: ids.endpointId! };
    await expectIndexOrder(deliveryPageQuery(db, { ...base, query: { limit: 50 } }), 'webhook_deliveries', 'webhook_deliveries_endpoint_created_idx');
    const cursor = Buffer.from(JSON.stringify([String(BigInt(Date.now() - 2_000_000) * 1000n), 'whd_x'])).toString('base64url');
    await expectIndexOrder(deliveryPageQuery(db, { ...base, query: { limit: 50, cursor } }), 'webhook_deliveries', 'webhook_deliveries_endpoint_created_idx');
    await expectIndexOrder(
      deliveryPageQuery(db, { ...base, query: { limit: 50, status: 'failed' } }),
      'webhook_deliveries',
      'webhook_deliveries_endpoint_status_created_idx',
    );
  });

  it('API keys, webhook endpoints and projects', async () => {
    await expectIndexOrder(apiKeysQuery(db, { accountId }), 'api_keys', 'api_keys_account_id_created_at_idx');
    await expectIndexOrder(endpointsQuery(db, { accountId }), 'webhook_endpoints', 'webhook_endpoints_account_id_created_at_idx');
    // GET /api/v1/projects: the first page and one in the middle (2,000 projects here, 100 a page).
    await expectIndexOrder(projectsQuery(db, { accountId, limit: 100 }), 'projects', 'projects_account_id_created_at_idx');
    await expectIndexOrder(projectsQuery(db, { accountId, limit: 100, offset: 1_000 }), 'projects', 'projects_account_id_created_at_idx');
  });

  it('batches: the list (first and a deep page) and a batch’s items in row order', async () => {
    await expectIndexOrder(batchPageQuery(db, { accountId, limit: 20, offset: 0 }), 'batches', 'batches_account_created_idx');
    await expectIndexOrder(batchPageQuery(db, { accountId, limit: 20, offset: 14_980 }), 'batches', 'batches_account_created_idx');
    await expectIndexOrder(batchPageQuery(db, { accountId, limit: 20, offset: 0, fromOldest: true }), 'batches', 'batches_account_created_idx');
    // A batch holds at most MAX_BATCH_ITEMS (1,000) videos, all returned: the planner may fetch them through
    // the index as a bitmap and sort them in memory, a bounded cost that does not grow with the account.
    await expectIndexOrder(batchVideosQuery(db, ids.batchId!), 'videos', 'videos_batch_row_idx', { boundedSort: true });
  });

  it('completion estimates: the renders ahead, the last render times (run on every GET of a processing video)', async () => {
    await expectIndexOrder(rendersAheadQuery(db, new Date()), 'jobs', 'jobs_active_kind_order_idx');
    await expectIndexOrder(
      renderHistoryQuery(db, { templateId: 'tmpl_welcome_message', length: 'short', resolution: 'standard' }),
      'videos',
      'videos_render_history_idx',
    );
  });

  it('team members and pending invitations', async () => {
    // Settings → Team: the first page and a cursor page deep in a 2,000-member team.
    await expectIndexOrder(membersQuery(db, { accountId, limit: 100 }), 'memberships', 'memberships_account_created_idx');
    const deep = await listMembers(db, { accountId, limit: 200, cursor: null });
    let cursor = deep.nextCursor;
    for (let i = 0; i < 5 && cursor; i++) cursor = (await listMembers(db, { accountId, limit: 200, cursor })).nextCursor;
    expect(cursor).not.toBeNull();
    await expectIndexOrder(membersQuery(db, { accountId, limit: 100, cursor }), 'memberships', 'memberships_account_created_idx');
    await expectIndexOrder(invitationsQuery(db, accountId), 'invitations', 'invitations_account_created_idx');
  });
});
