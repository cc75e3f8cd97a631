/**
 * GET /api/v1/projects pages like GET /api/v1/videos: `page` and `limit`
 * (default 100, the maximum), the same `pagination` object beside `data`,
 * newest first, every project once across the pages; bad values are a 400
 * naming the parameter; another account's projects are neither listed nor
 * counted. The UI's project picker (tRPC projects.list) still gets the list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/projects/route';
import { GET as openapiRoute } from '@/app/api/v1/openapi.json/route';
import type { Db } from '@/server/db/client';
import { bulkSeed } from '../../helpers/bulk-seed';
import { testDb } from '../../helpers/db';
import { callRoute, callerFor, createKey, createUser } from '../../helpers/factories';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function accountWithProjects(n: number) {
  const owner = await createUser(db);
  const { secret } = await createKey(db, owner.account.id);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await callRoute(createRoute, { method: 'POST', key: secret, body: { name: `Project ${i}` } });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return { owner, key: secret, newestFirst: ids.reverse() };
}

describe('GET /api/v1/projects (happy)', () => {
  it('pages with page/limit and the videos list’s pagination object, newest first', async () => {
    const { key, newestFirst } = await accountWithProjects(5);
    // Another account's projects are not counted.
    await accountWithProjects(2);

    const page1 = await callRoute(listRoute, { key, path: '/api/v1/projects?limit=2' });
    expect(page1.status).toBe(200);
    expect(page1.body.pagination).toEqual({ total: 5, page: 1, limit: 2, next_page: 2, prev_page: null });
    expect(page1.body.data.map((p: { id: string }) => p.id)).toEqual(newestFirst.slice(0, 2));
    expect(Object.keys(page1.body.data[0]).sort()).toEqual(['created_at', 'description', 'id', 'name', 'updated_at']);

    const page3 = await callRoute(listRoute, { key, path: '/api/v1/projects?limit=2&page=3' });
    expect(page3.body).toEqual({
      data: [expect.objectContaining({ id: newestFirst[4], name: 'Project 0' })],
      pagination: { total: 5, page: 3, limit: 2, next_page: null, prev_page: 2 },
    });
    const beyond = await callRoute(listRoute, { key, path: '/api/v1/projects?limit=2&page=9' });
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual({ data: [], pagination: { total: 5, page: 9, limit: 2, next_page: null, prev_page: 3 } });

    // No parameters: the first 100, as one page (clients that read only `data` keep working up to 100 projects).
    const all = await callRoute(listRoute, { key });
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual(newestFirst);
    expect(all.body.pagination).toEqual({ total: 5, page: 1, limit: 100, next_page: null, prev_page: null });
  });

  it('an empty account: no data, one empty page', async () => {
    const { key } = await accountWithProjects(0);
    const res = await callRoute(listRoute, { key });
    expect(res.body).toEqual({ data: [], pagination: { total: 0, page: 1, limit: 100, next_page: null, prev_page: null } });
  });

  it('walks 1,234 projects (beyond the former cap of 1,000) page by page, each once, in order; the picker lists the newest 1,000', async () => {
    const owner = await createUser(db);
    const { secret } = await createKey(db, owner.account.id);
    await bulkSeed(db, owner.account.id, { projects: 1_234 });
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await callRoute(listRoute, { key: secret, path: `/api/v1/projects?page=${page}` });
      expect(res.status).toBe(200);
      expect(res.body.pagination.total).toBe(1_234);
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
      if (res.body.pagination.next_page === null) break;
      expect(res.body.pagination.next_page).toBe(page + 1);
    }
    expect(seen).toHaveLength(1_234);
    expect(new Set(seen).size).toBe(1_234);
    // bulkSeed's project i was created i minutes ago: newest first is 1, 2, 3…
    expect(seen.slice(0, 3).map((id) => Number(id.slice(-8)))).toEqual([1, 2, 3]);
    expect(Number(seen.at(-1)!.slice(-8))).toBe(1_234);

    const picker = await callerFor(db, owner.user, owner.account.id).projects.list();
    expect(picker.map((p) => p.id)).toEqual(seen.slice(0, 1_000));
  });
});

describe('GET /api/v1/projects (errors)', () => {
  it.each([
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=1.5', 'page'],
    ['page=1000001', 'page'],
  ])('%s → 400 naming %s', async (query, field) => {
    const { key } = await accountWithProjects(0);
    const res = await callRoute(listRoute, { key, path: `/api/v1/projects?${query}` });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
  });

  it('needs an API key', async () => {
    expect((await callRoute(listRoute, { path: '/api/v1/projects?page=2' })).status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('describes page, limit and the pagination object of the projects list', async () => {
    const doc = (await callRoute(async () => openapiRoute(), {})).body;
    const get = doc.paths['/api/v1/projects'].get;
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(['page', 'limit']);
    expect(get.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ maximum: 100, description: 'Default: 100.' });
    expect(get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ProjectList' });
    expect(doc.components.schemas.ProjectList.properties).toHaveProperty('pagination');
    expect(doc.components.schemas.ProjectList.properties.data.items).toBeDefined();
  });
});
