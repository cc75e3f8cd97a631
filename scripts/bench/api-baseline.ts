/**
 * The baseline of `npm run bench:api`: a bare node:http server with
 * postgres.js doing, per request, what the API must do at the least (find the
 * account of the bearer key, run the same query, answer JSON), with no
 * framework, no validation and no shaping beyond a plain object. What the
 * app does above this is its overhead.
 *
 *   PORT=… DATABASE_URL=… tsx scripts/bench/api-baseline.ts
 *
 * Routes mirror the API's: GET /api/v1/videos/:id, GET /api/v1/videos?limit&page,
 * GET /api/ads/3/accounts/:id/videos?count&cursor, POST /api/v1/videos (a draft).
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });

async function account(req: http.IncomingMessage): Promise<string | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  const hashed = createHash('sha256').update(token).digest('hex');
  const [row] = await sql`select account_id from api_keys where hashed_key = ${hashed} and revoked_at is null limit 1`;
  return (row?.account_id as string | undefined) ?? null;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const accountId = await account(req);
  if (!accountId) return send(res, 401, { error: { code: 'unauthorized' } });
  const url = new URL(req.url ?? '/', 'http://x');
  const one = /^\/api\/v1\/videos\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && one) {
    const [row] = await sql`select * from videos where id = ${one[1]!} and account_id = ${accountId} and deleted_at is null limit 1`;
    return row ? send(res, 200, row) : send(res, 404, { error: { code: 'not_found' } });
  }
  if (req.method === 'GET' && url.pathname === '/api/v1/videos') {
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const page = Number(url.searchParams.get('page') ?? 1);
    const [{ total }] = (await sql`select coalesce(sum(count), 0)::int as total from video_counts where account_id = ${accountId}`) as unknown as [{ total: number }];
    const offset = (page - 1) * limit;
    // The same two ends as the app: the nearer end of the index.
    const fromOldest = offset > total - offset - limit;
    const rows = fromOldest
      ? (
          await sql`select v.* from (select id, created_at from videos where account_id = ${accountId} and deleted_at is null
                    order by created_at, id limit ${Math.min(limit, total - offset)} offset ${Math.max(0, total - offset - limit)}) k
                    join videos v on v.id = k.id order by k.created_at, k.id`
        ).reverse()
      : await sql`select v.* from (select id, created_at from videos where account_id = ${accountId} and deleted_at is null
                  order by created_at desc, id desc limit ${limit} offset ${offset}) k
                  join videos v on v.id = k.id order by k.created_at desc, k.id desc`;
    return send(res, 200, { data: rows, pagination: { total, page, limit } });
  }
  if (req.method === 'GET' && /^\/api\/ads\/3\/accounts\/[^/]+\/videos$/.test(url.pathname)) {
    const count = Number(url.searchParams.get('count') ?? 10);
    const rows = await sql`select lv.*, m.state from library_videos lv join media m on m.id = lv.media_id
                           where lv.account_id = ${accountId} and lv.deleted_at is null
                           order by lv.created_at desc, lv.media_id desc limit ${count + 1}`;
    return send(res, 200, { data: rows.slice(0, count), next_cursor: rows.length > count ? 'x' : null });
  }
  if (req.method === 'POST' && url.pathname === '/api/v1/videos') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const id = `vid_${randomBytes(5).toString('hex')}`;
    const [row] = await sql.begin(async (tx) => {
      const inserted = await tx`insert into videos (id, account_id, title, template_id, status, aspect_ratio, customer_data)
                                values (${id}, ${accountId}, ${String(body.title)}, ${String(body.template_id)}, 'draft', '9:16', ${tx.json(body.customer_data as never)})
                                returning id, title, status, created_at, template_id, aspect_ratio`;
      await tx`insert into video_counts (account_id, status, count) values (${accountId}, 'draft', 1)
               on conflict (account_id, status) do update set count = video_counts.count + 1`;
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
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
