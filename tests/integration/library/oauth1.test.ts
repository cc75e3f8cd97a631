/**
 * OAuth 1.0a on the X-shaped endpoints, signed by the oauth-1.0a package from
 * npm as X clients sign: credentials created in Settings (tRPC) and by the
 * CLI's service; the library flow and the upload endpoint signed; every way
 * a signature can be wrong refused with a 401 in X's shape; a replayed nonce
 * refused; revocation; the account boundary; expired nonces swept.
 */
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import OAuth from 'oauth-1.0a';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accountsRoute from '@/app/api/ads/3/accounts/route';
import * as videoRoute from '@/app/api/ads/3/accounts/[account_id]/videos/[video_id]/route';
import * as videosRoute from '@/app/api/ads/3/accounts/[account_id]/videos/route';
import * as uploadRoute from '@/app/api/ads/1.1/media/upload/route';
import type { OAuth1Credentials } from '@/server/api-keys/schemas';
import { findOAuth1Credential } from '@/server/api-keys/service';
import type { Db } from '@/server/db/client';
import { apiKeys, oauthNonces } from '@/server/db/schema';
import { parseJsonKeepingBigInts } from '@/server/http/x/wire';
import { sweepFinishedJobs } from '@/server/jobs/sweep';
import { testDb } from '../../helpers/db';
import { callerFor, createKey, createUser } from '../../helpers/factories';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ORIGIN = 'http://127.0.0.1:3100';

function signer(c: OAuth1Credentials) {
  const oauth = new OAuth({
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    signature_method: 'HMAC-SHA1',
    hash_function: (text, key) => createHmac('sha1', key).update(text).digest('base64'),
  });
  return (url: string, method: string, form?: Record<string, string>, tamper?: (o: OAuth.Authorization) => void) => {
    const auth = oauth.authorize({ url, method, data: form ? { ...form } : undefined }, { key: c.access_token, secret: c.access_token_secret });
    tamper?.(auth);
    return oauth.toHeader(auth).Authorization;
  };
}

async function call(
  handler: Handler,
  opts: { method?: string; path: string; params?: Record<string, string>; form?: Record<string, string>; authorization?: string; host?: string },
) {
  const headers = new Headers({ host: opts.host ?? new URL(ORIGIN).host });
  if (opts.authorization) headers.set('authorization', opts.authorization);
  let body: string | undefined;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  const res = await handler(new Request(`${ORIGIN}${opts.path}`, { method: opts.method ?? 'GET', headers, body }), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (parseJsonKeepingBigInts(text) as any) : null };
}

let db: Db;
let accountId: string;
let otherAccountId: string;
let creds: OAuth1Credentials;
let keyId: string;
let sign: ReturnType<typeof signer>;

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db, { accountName: 'OAuth A' });
  const b = await createUser(db, { accountName: 'OAuth B' });
  accountId = a.account.id;
  otherAccountId = b.account.id;
  const created = await callerFor(db, a.user).apiKeys.create({ name: 'twitter-ads SDK', kind: 'oauth1' });
  expect(created.secret).toBeNull();
  creds = created.credentials!;
  keyId = created.key.id;
  sign = signer(creds);
});

const videosPath = () => `/api/ads/3/accounts/${accountId}/videos`;

describe('OAuth 1.0a credentials', () => {
  it('are shown once, listed as oauth1, and stored without their secrets in clear', async () => {
    expect(creds.consumer_key).toMatch(/^[A-Za-z0-9]{25}$/);
    expect(creds.consumer_secret).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(creds.access_token).toMatch(/^\d+-[A-Za-z0-9]{40}$/);
    expect(creds.access_token_secret).toMatch(/^[A-Za-z0-9]{50}$/);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row?.kind).toBe('oauth1');
    expect(row?.prefix).toBe(creds.consumer_key.slice(0, 12));
    const stored = JSON.stringify(row);
    for (const secret of [creds.consumer_secret, creds.access_token, creds.access_token_secret]) expect(stored).not.toContain(secret);
    expect((await findOAuth1Credential(db, creds.access_token))?.consumerSecret).toBe(creds.consumer_secret);
  });
});

describe('signed requests', () => {
  it('serve the library flow: accounts, list with a query, associate with a form body, get, PUT, DELETE', async () => {
    const accounts = await call(accountsRoute.GET as Handler, { path: '/api/ads/3/accounts', authorization: sign(`${ORIGIN}/api/ads/3/accounts`, 'GET') });
    expect(accounts.status).toBe(200);
    expect(accounts.body.data.map((a: { id: string }) => a.id)).toEqual([accountId]);

    const listUrl = `${videosPath()}?count=5&with_deleted=true`;
    const list = await call(videosRoute.GET as Handler, {
      path: listUrl,
      params: { account_id: accountId },
      authorization: sign(`${ORIGIN}${listUrl}`, 'GET'),
    });
    expect(list.status).toBe(200);
    expect(list.body.request.params).toMatchObject({ count: 5, with_deleted: true });

    // A form body is part of what is signed: an associate with a media id that does not exist gets the service's 400, not a 401.
    const form = { video_media_id: '1790000000000000001', title: 'Spring, & more' };
    const associate = await call(videosRoute.POST as Handler, {
      method: 'POST',
      path: videosPath(),
      params: { account_id: accountId },
      form,
      authorization: sign(`${ORIGIN}${videosPath()}`, 'POST', form),
    });
    expect(associate.status).toBe(400);
    expect(associate.body.errors[0]).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'video_media_id' });

    const missing = `${videosPath()}/13_1790000000000000001`;
    for (const [method, handler] of [
      ['GET', videoRoute.GET],
      ['PUT', videoRoute.PUT],
      ['DELETE', videoRoute.DELETE],
    ] as const) {
      const res = await call(handler as Handler, {
        method,
        path: missing,
        params: { account_id: accountId, video_id: '13_1790000000000000001' },
        authorization: sign(`${ORIGIN}${missing}`, method),
      });
      expect(res.status, method).toBe(404);
      expect(res.body.errors[0].code).toBe('NOT_FOUND');
    }
  });

  it('serve the upload endpoint (INIT signed with its form body) and count against the credential', async () => {
    const form = { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: 'TweetVideo' };
    const path = '/api/ads/1.1/media/upload';
    const res = await call(uploadRoute.POST as Handler, { method: 'POST', path, form, authorization: sign(`${ORIGIN}${path}`, 'POST', form) });
    expect(res.status).toBe(200);
    expect(String(res.body.media_id)).toMatch(/^\d{16,}$/);
    await new Promise((r) => setTimeout(r, 50));
    const [row] = await db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("accept a signature over X's own URL for the same path (a client rewritten after signing), not over any other host", async () => {
    const path = '/api/ads/3/accounts';
    const asX = await call(accountsRoute.GET as Handler, { path, authorization: sign(`https://ads-api.x.com${path}`, 'GET') });
    expect(asX.status).toBe(200);
    const elsewhere = await call(accountsRoute.GET as Handler, { path, authorization: sign(`https://evil.example.com${path}`, 'GET') });
    expect(elsewhere.status).toBe(401);
  });

  it('accept the host a proxy forwards and the https form of the Host', async () => {
    const url = `https://videos.example.com/api/ads/3/accounts`;
    const res = await call(accountsRoute.GET as Handler, { path: '/api/ads/3/accounts', host: 'videos.example.com', authorization: sign(url, 'GET') });
    expect(res.status).toBe(200);
  });
});

describe('refused requests', () => {
  const listUrl = () => `${ORIGIN}${videosPath()}`;
  const list = (authorization: string, path = videosPath()) =>
    call(videosRoute.GET as Handler, { path, params: { account_id: accountId }, authorization });

  it('a replayed request (same nonce) is refused, however soon', async () => {
    const header = sign(listUrl(), 'GET');
    expect((await list(header)).status).toBe(200);
    const replay = await list(header);
    expect(replay.status).toBe(401);
    expect(replay.body.errors[0]).toMatchObject({ code: 'UNAUTHORIZED_ACCESS' });
    expect(replay.body.errors[0].message).toMatch(/nonce was already used/);
    // Two copies at once: exactly one passes.
    const twin = sign(listUrl(), 'GET');
    const statuses = (await Promise.all([list(twin), list(twin)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('a signature over other parameters, another URL, method or secret is refused', async () => {
    const cases: Array<[string, string]> = [
      ['query not signed', sign(listUrl(), 'GET')], // sent with ?count=3 below
      ['other path', sign(`${ORIGIN}/api/ads/3/accounts`, 'GET')],
      ['other method', sign(listUrl(), 'POST')],
      ['wrong consumer secret', signer({ ...creds, consumer_secret: 'x'.repeat(50) })(listUrl(), 'GET')],
      ['wrong token secret', signer({ ...creds, access_token_secret: 'x'.repeat(50) })(listUrl(), 'GET')],
    ];
    for (const [what, header] of cases) {
      const res = await list(header, what === 'query not signed' ? `${videosPath()}?count=3` : videosPath());
      expect(res.status, what).toBe(401);
      expect(res.body.errors[0].message, what).toMatch(/oauth_signature does not match/);
      expect(res.headers.get('www-authenticate'), what).toContain('OAuth');
    }
  });

  it('a stale or future timestamp, an unknown token, a foreign consumer key, another method or a missing parameter is refused, saying why', async () => {
    const stale = await list(sign(listUrl(), 'GET', undefined, (a) => (a.oauth_timestamp = Math.floor(Date.now() / 1000) - 3600)));
    expect(stale.body.errors[0].message).toMatch(/Timestamp out of bounds/);
    const future = await list(sign(listUrl(), 'GET', undefined, (a) => (a.oauth_timestamp = Math.floor(Date.now() / 1000) + 3600)));
    expect(future.body.errors[0].message).toMatch(/Timestamp out of bounds/);
    const token = await list(signer({ ...creds, access_token: '1-unknown' })(listUrl(), 'GET'));
    expect(token.body.errors[0].message).toMatch(/Invalid or expired token/);
    const consumer = await list(signer({ ...creds, consumer_key: 'A'.repeat(25) })(listUrl(), 'GET'));
    expect(consumer.body.errors[0].message).toMatch(/consumer_key does not belong/);
    const method = await list(sign(listUrl(), 'GET', undefined, (a) => ((a as { oauth_signature_method: string }).oauth_signature_method = 'PLAINTEXT')));
    expect(method.body.errors[0].message).toMatch(/HMAC-SHA1/);
    const noNonce = await list(sign(listUrl(), 'GET').replace(/oauth_nonce="[^"]*", /, ''));
    expect(noNonce.body.errors[0].message).toMatch(/no oauth_nonce/);
    const garbled = await list('OAuth oauth_consumer_key=unquoted');
    expect(garbled.body.errors[0].message).toMatch(/malformed/);
    for (const res of [stale, future, token, consumer, method, noNonce, garbled]) {
      expect(res.status).toBe(401);
      expect(res.body.errors[0].code).toBe('UNAUTHORIZED_ACCESS');
    }
  });

  it('keeps to its own account (403 elsewhere, as for a key) and stops at once when revoked', async () => {
    const other = `/api/ads/3/accounts/${otherAccountId}/videos`;
    const foreign = await call(videosRoute.GET as Handler, {
      path: other,
      params: { account_id: otherAccountId },
      authorization: sign(`${ORIGIN}${other}`, 'GET'),
    });
    expect(foreign.status).toBe(403);

    const { user } = await createUser(db);
    const own = await callerFor(db, user).apiKeys.create({ name: 'to revoke', kind: 'oauth1' });
    const [row] = await db.select({ accountId: apiKeys.accountId }).from(apiKeys).where(eq(apiKeys.id, own.key.id));
    const ownAccount = row!.accountId;
    const path = `/api/ads/3/accounts/${ownAccount}/videos`;
    const s = signer(own.credentials!);
    const before = await call(videosRoute.GET as Handler, { path, params: { account_id: ownAccount }, authorization: s(`${ORIGIN}${path}`, 'GET') });
    expect(before.status).toBe(200);
    await callerFor(db, user).apiKeys.revoke({ id: own.key.id });
    const after = await call(videosRoute.GET as Handler, { path, params: { account_id: ownAccount }, authorization: s(`${ORIGIN}${path}`, 'GET') });
    expect(after.status).toBe(401);
    expect(after.body.errors[0].message).toMatch(/Invalid or expired token/);
  });

  it('does not let an OAuth access token pass as a Bearer key, nor a Bearer key as an access token', async () => {
    const asBearer = await list(`Bearer ${creds.access_token}`);
    expect(asBearer.status).toBe(401);
    const { secret } = await createKey(db, accountId);
    const asToken = await list(signer({ ...creds, access_token: secret })(listUrl(), 'GET'));
    expect(asToken.status).toBe(401);
  });
});

describe('nonce housekeeping', () => {
  it('the hourly sweep deletes nonces past their window and keeps live ones', async () => {
    await db.insert(oauthNonces).values([
      { keyId, nonce: 'old-nonce', expiresAt: new Date(Date.now() - 60_000) },
      { keyId, nonce: 'live-nonce', expiresAt: new Date(Date.now() + 60_000) },
    ]);
    const result = await sweepFinishedJobs(db);
    expect(result.noncesDeleted).toBeGreaterThanOrEqual(1);
    const left = (await db.select({ nonce: oauthNonces.nonce }).from(oauthNonces)).map((r) => r.nonce);
    expect(left).toContain('live-nonce');
    expect(left).not.toContain('old-nonce');
  });
});
