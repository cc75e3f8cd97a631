/**
 * The REST route table as the suites that must cover all of it see it: every
 * app/api/**\/route.ts with the HTTP methods it exports, a way to call any of
 * them with a real Request, and a snapshot of what one account owns.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '@/server/db/client';
import { addRenderedVideoToLibrary } from '@/server/library/service';
import { createKey, createUser } from './factories';
import { apiKeys, batches, brandKits, invitations, libraryVideos, media, memberships, projects, videos, webhookDeliveries, webhookEndpoints } from '@/server/db/schema';

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
        // Methods a route only refuses (xMethodNotAllowed's 405) are not endpoints.
        const methods = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter(
          (m) => typeof module[m] === 'function' && !(module[m] as { methodNotAllowed?: boolean }).methodNotAllowed,
        );
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

/** Lone surrogates as U+FFFD, as a client's UTF-8 encoder would send them (the handler still gets the raw param). */
function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Calls a route handler as Next would, with a Bearer key (or none), and reads the answer. */
export async function callRouteAs(handler: Handler, key: string | null, route: string, method: Method, req: RouteRequest) {
  let pathname = `/api/${route}`;
  for (const [name, value] of Object.entries(req.params ?? {})) pathname = pathname.replace(`[${name}]`, encodeURIComponent(wellFormed(value)));
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

/** Everything an account owns that the REST routes or the UI can touch, as stored (API keys' last use aside). */
export async function accountSnapshot(db: Db, accountId: string): Promise<string> {
  const [v, p, w, d, l, m, k, team, inv, brand, bat] = await Promise.all([
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
    db.select().from(memberships).where(eq(memberships.accountId, accountId)).orderBy(asc(memberships.userId)),
    db.select().from(invitations).where(eq(invitations.accountId, accountId)).orderBy(asc(invitations.id)),
    db.select().from(brandKits).where(eq(brandKits.accountId, accountId)),
    db.select().from(batches).where(eq(batches.accountId, accountId)).orderBy(asc(batches.id)),
  ]);
  return JSON.stringify({ v, p, w, d, l, m, k, team, inv, brand, bat }, (_k, value) => (typeof value === 'bigint' ? value.toString() : value));
}

/** One of each object an account can own through the REST routes, by id. */
export interface AccountIds {
  account: string;
  project: string;
  video: string;
  webhook: string;
  delivery: string;
  /** A library video, `13_<media id>`. */
  libraryVideo: string;
  /** An upload's media id (INIT only). */
  mediaId: string;
  /** A batch of one item (its video processing). */
  batch: string;
}

/**
 * A fresh user and account with an API key and one of each object (a project,
 * a draft video in it, a webhook with a test delivery, the video in the
 * library, an upload), made through the routes themselves.
 */
export async function createAccountObjects(
  db: Db,
  table: RouteEntry[],
  accountName: string,
): Promise<{ key: string; keyId: string; user: { id: string; email: string }; ids: AccountIds }> {
  const owner = await createUser(db, { accountName });
  const { key: keyRow, secret: key } = await createKey(db, owner.account.id);
  const as = (route: string, method: Method, req: RouteRequest) => callRouteAs(handlerOf(table, route, method), key, route, method, req);
  const project = await as('v1/projects', 'POST', { json: { name: `${accountName} project` } });
  const video = await as('v1/videos', 'POST', {
    json: { title: 'A video', template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Ann', company: 'A Co' }, draft: true, project_id: project.json?.id },
  });
  const webhook = await as('v1/webhooks', 'POST', { json: { url: 'https://93.184.215.14/hooks' } });
  const delivery = await as('v1/webhooks/[webhook_id]/test', 'POST', { params: { webhook_id: webhook.json?.id } });
  const upload = await as('ads/1.1/media/upload', 'POST', {
    form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: 'amplify_video' },
  });
  const batch = await as('v1/batches', 'POST', {
    json: { template_id: 'tmpl_welcome_message', project_id: project.json?.id, items: [{ customer_data: { first_name: 'Bea' } }] },
  });
  for (const res of [project, video, webhook, delivery, upload, batch]) expect(res.status, res.text).toBeLessThan(300);
  const rendered = await db.transaction((tx) =>
    addRenderedVideoToLibrary(tx as unknown as Db, {
      accountId: owner.account.id,
      videoId: video.json.id,
      title: 'A video',
      videoKey: `videos/${video.json.id}.mp4`,
      posterKey: `thumbnails/${video.json.id}.jpg`,
      durationMs: 1000,
      width: 180,
      height: 320,
      aspectRatio: '9:16',
      sizeBytes: 10,
    }),
  );
  return {
    key,
    keyId: keyRow.id,
    user: owner.user,
    ids: {
      account: owner.account.id,
      project: project.json.id,
      video: video.json.id,
      webhook: webhook.json.id,
      delivery: delivery.json.id,
      libraryVideo: `13_${rendered.mediaId}`,
      mediaId: upload.json.media_id_string,
      batch: batch.json.id,
    },
  };
}

/**
 * Ids of the same shapes as `ids` that name nothing: the last six characters
 * changed (digits for numeric ids such as media ids and `13_…` library ids).
 */
export function madeUpIds<T extends { [K in keyof T]: string }>(ids: T): T {
  const change = (id: string) =>
    /\d{6}$/.test(id) && /^(\d+|13_\d+)$/.test(id)
      ? id.slice(0, -6) + (id.endsWith('999999') ? '888888' : '999999')
      : id.slice(0, -6) + (id.endsWith('zzzzzz') ? 'yyyyyy' : 'zzzzzz');
  return Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, change(v as string)])) as T;
}
