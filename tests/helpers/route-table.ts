/**
 * The REST route table as the suites that must cover all of it see it: every
 * app/api/**\/route.ts with the HTTP methods it exports, a way to call any of
 * them with a real Request, and a snapshot of what one account owns.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { apiKeys, libraryVideos, media, projects, videos, webhookDeliveries, webhookEndpoints } from '@/server/db/schema';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  /** A body sent as is, with content-type application/json (malformed JSON included). */
  rawJson?: string;
  form?: Record<string, string>;
}

export interface RouteEntry {
  /** The route's folder under app/api, `/`-separated, as on disk: `v1/videos/[video_id]`. */
  route: string;
  methods: Method[];
  module: Record<string, unknown>;
}

const API_ROOT = path.resolve('app/api');
/**
 * Listed, never imported: they load next-auth, whose ESM build imports
 * `next/server` without an extension, which only Next's bundler resolves.
 * (next-auth's routes are its own; the tRPC procedures have their suites,
 * through createCaller.)
 */
const NOT_LOADABLE = new Set(['auth/[...nextauth]', 'trpc/[trpc]']);

/** Every route folder under app/api with the methods its route.ts exports. */
export async function routeTable(): Promise<RouteEntry[]> {
  const out: RouteEntry[] = [];
  const walk = async (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === 'route.ts') {
        const route = path.relative(API_ROOT, dir).split(path.sep).join('/');
        const module = NOT_LOADABLE.has(route) ? {} : ((await import(full)) as Record<string, unknown>);
        const methods = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((m) => typeof module[m] === 'function');
        out.push({ route, methods, module });
      }
    }
  };
  await walk(API_ROOT);
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

export function handlerOf(table: RouteEntry[], route: string, method: Method): Handler {
  const entry = table.find((t) => t.route === route);
  const handler = entry?.module[method];
  if (typeof handler !== 'function') throw new Error(`No ${method} /api/${route}`);
  return handler as Handler;
}

/** Calls a route handler as Next would, with a Bearer key (or none), and reads the answer. */
export async function callRouteAs(handler: Handler, key: string | null, route: string, method: Method, req: RouteRequest) {
  let pathname = `/api/${route}`;
  for (const [name, value] of Object.entries(req.params ?? {})) pathname = pathname.replace(`[${name}]`, encodeURIComponent(value));
  const url = new URL(`http://localhost${pathname}`);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
  const headers = new Headers();
  if (key) headers.set('authorization', `Bearer ${key}`);
  let body: string | undefined;
  if (req.rawJson !== undefined || req.json !== undefined) {
    body = req.rawJson ?? JSON.stringify(req.json);
    headers.set('content-type', 'application/json');
  } else if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  const res = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(req.params ?? {}) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, code: (json?.error?.code ?? json?.errors?.[0]?.code ?? null) as string | null, json, text };
}

/** Everything an account owns that the REST routes can touch, as stored (API keys' last use aside). */
export async function accountSnapshot(db: Db, accountId: string): Promise<string> {
  const [v, p, w, d, l, m, k] = await Promise.all([
    db.select().from(videos).where(eq(videos.accountId, accountId)).orderBy(asc(videos.id)),
    db.select().from(projects).where(eq(projects.accountId, accountId)).orderBy(asc(projects.id)),
    db.select().from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId)).orderBy(asc(webhookEndpoints.id)),
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.accountId, accountId)).orderBy(asc(webhookDeliveries.id)),
    db.select().from(libraryVideos).where(eq(libraryVideos.accountId, accountId)).orderBy(asc(libraryVideos.mediaId)),
    db.select().from(media).where(eq(media.accountId, accountId)).orderBy(asc(media.id)),
    db
      .select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.accountId, accountId))
      .orderBy(asc(apiKeys.id)),
  ]);
  return JSON.stringify({ v, p, w, d, l, m, k }, (_k, value) => (typeof value === 'bigint' ? value.toString() : value));
}
