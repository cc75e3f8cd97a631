/** Seeds real rows through the real services: users with accounts, API keys, tRPC callers. */
import { randomUUID } from 'node:crypto';
import { signUp } from '../../server/accounts/service';
import { createApiKey } from '../../server/api-keys/service';
import type { Db } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';

export function uniqueEmail(tag = 'user') {
  return `${tag}-${randomUUID().slice(0, 8)}@example.com`;
}

export async function createUser(db: Db, opts: { email?: string; password?: string; accountName?: string } = {}) {
  const password = opts.password ?? 'correct horse battery';
  const email = opts.email ?? uniqueEmail();
  const { user, account } = await signUp(db, { email, password, account_name: opts.accountName });
  return { user, account, email, password };
}

export async function createKey(db: Db, accountId: string, name = 'test key') {
  const { key, secret } = await createApiKey(db, { accountId, name });
  return { key, secret };
}

/** A tRPC caller acting as a signed-in user, optionally in a given account. */
export function callerFor(
  db: Db,
  user: { id: string; email: string } | null,
  accountIdHint: string | null = null,
  origin = 'http://localhost:3000',
) {
  return createCaller({ db, user, accountIdHint, origin });
}

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/** Calls an exported route handler with a real Request, as Next would. */
export async function callRoute<P extends Record<string, string> = Record<string, string>>(
  handler: Handler<P>,
  opts: { method?: string; path?: string; key?: string | null; body?: unknown; rawBody?: string; params?: P; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = new Headers(opts.headers);
  if (opts.key) headers.set('authorization', `Bearer ${opts.key}`);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set('content-type', 'application/json');
  }
  const req = new Request(`http://localhost${opts.path ?? '/'}`, { method: opts.method ?? 'GET', headers, body });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
