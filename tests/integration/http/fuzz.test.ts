/**
 * Property-based fuzzing (fast-check) of every REST route and method in the
 * route table: arbitrary path ids, query strings and bodies (arbitrary JSON,
 * valid bodies with one field replaced by anything, malformed JSON, forms),
 * with strings that include NUL, lone surrogates and control characters.
 * Whatever comes in, the answer is never a 5xx, and when it is a 4xx the
 * account's stored data is unchanged.
 *
 * FUZZ_RUNS (default 20) sets the runs per route and method; a failure
 * prints the seed and the shrunk request to replay it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { testDb } from '../../helpers/db';
import {
  accountSnapshot,
  callRouteAs,
  createAccountObjects,
  handlerOf,
  routeTable,
  type AccountIds,
  type Method,
  type RouteEntry,
  type RouteRequest,
} from '../../helpers/route-table';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

/** Not fuzzed here, and why. */
const EXEMPT: Record<string, string> = {
  'auth/[...nextauth]': 'next-auth’s own routes (sign-in is covered by the e2e auth suites)',
  'trpc/[trpc]': 'tRPC inputs go through the same input policy middleware (tests/integration/http/input-policy.test.ts)',
};

/** Valid bodies to mutate one field of, so fuzzing reaches past the first check. */
const VALID: Record<string, (ids: AccountIds) => RouteRequest> = {
  'POST v1/videos': (ids) => ({
    json: {
      title: 'Welcome',
      template_id: 'tmpl_welcome_message',
      customer_data: { first_name: 'Sarah', company: 'Acme', usage_stats: { logins: 3 } },
      ai_messaging: { tone: 'friendly', length: 'short', focus_points: ['next_steps'] },
      aspect_ratio: '9:16',
      project_id: ids.project,
      metadata: { crm_id: '42' },
      draft: true,
    },
  }),
  'POST v1/projects': () => ({ json: { name: 'Fuzzed', description: 'x' } }),
  'PATCH v1/projects/[project_id]': () => ({ json: { name: 'Renamed' } }),
  'POST v1/webhooks': () => ({ json: { url: 'https://93.184.215.14/hooks', events: ['video.published'], description: 'x' } }),
  'PATCH v1/webhooks/[webhook_id]': () => ({ json: { enabled: true, description: 'y', events: ['*'] } }),
  'POST v1/webhooks/[webhook_id]/test': () => ({ json: { event_type: 'video.published' } }),
  'POST v1/webhooks/[webhook_id]/rotate-secret': () => ({ json: { expire_previous_in_seconds: 0 } }),
  'POST v1/videos/[video_id]/events': () => ({ json: { session_id: 'sess_12345678', type: 'progress', position: 2, played: [[0, 2]] } }),
  'POST signup': () => ({ json: { email: 'fuzz@example.com', password: 'correct horse battery staple', account_name: 'Fuzz' } }),
  'POST ads/3/accounts/[account_id]/videos': (ids) => ({ form: { video_media_id: ids.mediaId, title: 't', description: 'd' } }),
  'PUT ads/3/accounts/[account_id]/videos/[video_id]': () => ({ form: { title: 't', description: 'd' } }),
  'POST ads/1.1/media/upload': () => ({ form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: 'amplify_video' } }),
};

const QUERY_KEYS = [
  'page',
  'limit',
  'status',
  'project_id',
  'cursor',
  'count',
  'with_deleted',
  'with_total_count',
  'video_ids',
  'sort_by',
  'command',
  'media_id',
  'segment_index',
  'total_bytes',
  'media_type',
  'media_category',
];

/** Any text, with the characters that broke things before over-represented. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', '\ud800', 'a\u0000b', '%00', '../..', ' ', '-1', '0', '1e309', 'NaN', 'true', 'null', '[]', '{}', '9'.repeat(40)),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const json = fc.oneof(fc.jsonValue({ maxDepth: 4 }), text, fc.constant(null));

function pathParams(route: string): string[] {
  return [...route.matchAll(/\[([a-z_]+)\]/g)].map((m) => m[1]!);
}

/** A path id: one of the account's own (of the right kind or not) or anything. */
function idArbitrary(ids: AccountIds, method: Method) {
  const own = Object.values(ids);
  // Valid ids of this account would let DELETE empty it for every later run.
  return method === 'DELETE' ? text : fc.oneof(fc.constantFrom(...own), text);
}

function mutate(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc.oneof(
    // One field set to anything (nested objects: one of their fields).
    fc.tuple(fc.constantFrom(...keys), json).map(([k, v]) => ({ ...base, [k]: v })),
    fc.tuple(fc.constantFrom(...keys), fc.string({ maxLength: 10 }), json).map(([k, inner, v]) => ({
      ...base,
      [k]: typeof base[k] === 'object' && base[k] !== null ? { ...(base[k] as object), [inner]: v } : v,
    })),
    // One field left out, or one unknown field added.
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== k))),
    fc.tuple(fc.string({ maxLength: 10 }), json).map(([k, v]) => ({ ...base, [k]: v })),
  );
}

function requestArbitrary(entry: RouteEntry, method: Method, ids: AccountIds): fc.Arbitrary<RouteRequest> {
  const params = fc.record(Object.fromEntries(pathParams(entry.route).map((p) => [p, idArbitrary(ids, method)])));
  const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), text, { maxKeys: 4 });
  const valid = VALID[`${method} ${entry.route}`]?.(ids);
  const bodies: Array<fc.Arbitrary<Partial<RouteRequest>>> = [
    json.map((v) => ({ json: v })),
    fc.string({ unit: 'binary', maxLength: 60 }).map((raw) => ({ rawJson: raw })),
    fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), text, { maxKeys: 5 }).map((form) => ({ form })),
  ];
  if (valid?.json && typeof valid.json === 'object') bodies.push(mutate(valid.json as Record<string, unknown>).map((v) => ({ json: v })));
  if (valid?.form) bodies.push(mutate(valid.form).map((v) => ({ form: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)])) })));
  const body = method === 'GET' || method === 'DELETE' ? fc.constant({}) : fc.oneof(...bodies);
  return fc.tuple(params, query, body).map(([p, q, b]) => ({ params: p, query: q, ...b }));
}

let db: Db;
let table: RouteEntry[];
let owner: { key: string; ids: AccountIds };

beforeAll(async () => {
  db = (await testDb()).db;
  table = await routeTable();
  owner = await createAccountObjects(db, table, 'Fuzzed account');
});

describe('fuzzing every route', () => {
  it('covers every route of the table (or says why not)', () => {
    const routes = new Set(table.map((t) => t.route));
    expect(Object.keys(EXEMPT).filter((r) => !routes.has(r))).toEqual([]);
    expect(table.filter((t) => !EXEMPT[t.route] && t.methods.length === 0).map((t) => t.route)).toEqual([]);
  });

  // One test per route and exported method, listed from the files' text when this file loads.
  const listed = Object.entries(import.meta.glob('/app/api/**/route.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>)
    .map(([file, source]) => ({
      route: file.replace(/^\/app\/api\//, '').replace(/\/route\.ts$/, ''),
      // Not the methods a route only refuses (`export const PUT = notAllowed`, xMethodNotAllowed's 405).
      methods: [...source.matchAll(/export (?:async )?(?:function|const) (GET|POST|PUT|PATCH|DELETE)\b(?! = notAllowed;)/g)].map((m) => m[1] as Method),
    }))
    .filter(({ route }) => !EXEMPT[route]);
  for (const { route, methods } of listed) {
    for (const method of methods) {
      it(`${method} /api/${route}: never a 5xx, and a 4xx changes nothing`, async () => {
        const entry = table.find((t) => t.route === route)!;
        expect(entry.methods).toContain(method);
        const handler = handlerOf(table, route, method);
        await fc.assert(
          fc.asyncProperty(requestArbitrary(entry, method, owner.ids), async (req) => {
            const before = await accountSnapshot(db, owner.ids.account);
            const res = await callRouteAs(handler, owner.key, route, method, req);
            expect(res.status, res.text).toBeLessThan(500);
            if (res.status >= 400) expect(await accountSnapshot(db, owner.ids.account)).toBe(before);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});
