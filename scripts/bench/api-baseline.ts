/**
 * The baseline of `npm run bench:api`: a bare node:http server with
 * postgres.js doing, per request, what the API must do at the least (find the
 * account of the bearer key, run the same query, answer JSON), with no
 * framework, no validation and no shaping beyond a plain object. What the
 * app does above this is its overhead.
 *
 *   PORT=… DATABASE_URL=… tsx scripts/bench/api-baseline.ts
 *
 * PGLITE_DIR=… instead of DATABASE_URL runs it on PGlite (the app's DATA_DIR layout).
 *
 * Routes mirror the API's: GET /api/v1/videos/:id, GET /api/v1/videos?limit&page,
 * GET /api/ads/3/accounts/:id/videos?count&cursor, POST /api/v1/videos (a draft).
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import postgres from 'postgres';

type Query = (text: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Postgres through postgres.js (DATABASE_URL), or PGlite on PGLITE_DIR (the app's DATA_DIR layout). */
async function connect(): Promise<{ q: Query; transaction: <T>(fn: (q: Query) => Promise<T>) => Promise<T> }> {
  if (process.env.PGLITE_DIR) {
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = new PGlite(path.join(process.env.PGLITE_DIR, 'pg'));
    await pg.waitReady;
    const q: Query = async (text, params) => (await pg.query<Record<string, unknown>>(text, params)).rows;
    return {
      q,
      transaction: (fn) => pg.transaction((tx) => fn(async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows)),
    };
  }
  const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
  const q: Query = async (text, params) => [...(await sql.unsafe(text, params as never[], { prepare: true }))];
  return {
    q,
    transaction: async (fn) =>
      (await sql.begin((tx) => fn(async (text, params) => [...(await tx.unsafe(text, params as never[], { prepare: true }))]))) as never,
  };
}

let db: Awaited<ReturnType<typeof connect>>;

async function account(req: http.IncomingMessage): Promise<string | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  const hashed = createHash('sha256').update(token).digest('hex');
  const [row] = await db.q('select account_id from api_keys where hashed_key = $1 and revoked_at is null limit 1', [hashed]);
  return (row?.account_id as string | undefined) ?? null;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.url === '/api/health') {
    await db.q('select 1');
    return send(res, 200, { status: 'ok', db: 'ok' });
  }
  const accountId = await account(req);
  if (!accountId) return send(res, 401, { error: { code: 'unauthorized' } });
  const url = new URL(req.url ?? '/', 'http://x');
  const one = /^\/api\/v1\/videos\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && one) {
    const [row] = await db.q('select * from videos where id = $1 and account_id = $2 and deleted_at is null limit 1', [one[1], accountId]);
    return row ? send(res, 200, row) : send(res, 404, { error: { code: 'not_found' } });
  }
  if (req.method === 'GET' && url.pathname === '/api/v1/videos') {
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const page = Number(url.searchParams.get('page') ?? 1);
    const [counted] = await db.q('select coalesce(sum(count), 0)::int as total from video_counts where account_id = $1', [accountId]);
    const total = Number(counted?.total ?? 0);
    const offset = (page - 1) * limit;
    // The same two ends as the app: the nearer end of the index.
    const fromOldest = offset > total - offset - limit;
    const rows = fromOldest
      ? (
          await db.q(
            `select v.* from (select id, created_at from videos where account_id = $1 and deleted_at is null
             order by created_at, id limit $2 offset $3) k join videos v on v.id = k.id order by k.created_at, k.id`,
            [accountId, Math.min(limit, total - offset), Math.max(0, total - offset - limit)],
          )
        ).reverse()
      : await db.q(
          `select v.* from (select id, created_at from videos where account_id = $1 and deleted_at is null
           order by created_at desc, id desc limit $2 offset $3) k join videos v on v.id = k.id order by k.created_at desc, k.id desc`,
          [accountId, limit, offset],
        );
    return send(res, 200, { data: rows, pagination: { total, page, limit } });
  }
  if (req.method === 'GET' && /^\/api\/ads\/3\/accounts\/[^/]+\/videos$/.test(url.pathname)) {
    const count = Number(url.searchParams.get('count') ?? 10);
    const rows = await db.q(
      `select lv.*, m.state from library_videos lv join media m on m.id = lv.media_id
       where lv.account_id = $1 and lv.deleted_at is null order by lv.created_at desc, lv.media_id desc limit $2`,
      [accountId, count + 1],
    );
    return send(res, 200, { data: rows.slice(0, count), next_cursor: rows.length > count ? 'x' : null });
  }
  if (req.method === 'POST' && url.pathname === '/api/v1/videos') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const id = `vid_${randomBytes(5).toString('hex')}`;
    const row = await db.transaction(async (q) => {
      const [inserted] = await q(
        `insert into videos (id, account_id, title, template_id, status, aspect_ratio, customer_data)
         values ($1, $2, $3, $4, 'draft', '9:16', $5::jsonb) returning id, title, status, created_at, template_id, aspect_ratio`,
        [id, accountId, String(body.title), String(body.template_id), JSON.stringify(body.customer_data)],
      );
      await q(
        `insert into video_counts (account_id, status, slot, count) values ($1, 'draft', $2, 1)
         on conflict (account_id, status, slot) do update set count = video_counts.count + 1`,
        [accountId, Math.floor(Math.random() * 8)],
      );
      return inserted;
    });
    return send(res, 201, row);
  }
  send(res, 404, { error: { code: 'not_found' } });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: Error) => send(res, 500, { error: { code: 'internal', message: err.message } }));
});
server.keepAliveTimeout = 60_000;
void connect().then((connected) => {
  db = connected;
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
});
