import { idempotencyKeyOf } from '@/server/lib/idempotency';
import { appOrigin } from '@/server/lib/urls';
import { parseJsonBody, parseQuery } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { createVideoInput, listVideosQuery } from '@/server/videos/schemas';
import { createVideo, listVideos } from '@/server/videos/service';

export const dynamic = 'force-dynamic';

/** Videos bodies carry customer_data; 256 KB is far above any real one and stops abuse. */
const MAX_BODY_BYTES = 256 * 1024;

export const GET = withApiKey(async ({ req, db, auth }) => {
  const query = parseQuery(req, listVideosQuery);
  return Response.json(await listVideos(db, { accountId: auth.accountId, query, ctx: { origin: appOrigin(req) } }));
});

export const POST = withApiKey(async ({ req, db, auth }) => {
  const idempotencyKey = idempotencyKeyOf(req);
  let rawBody: unknown;
  const input = await parseJsonBody(req, createVideoInput, {
    maxBytes: MAX_BODY_BYTES,
    onRaw: (raw) => (rawBody = raw),
  });
  const result = await createVideo(db, {
    accountId: auth.accountId,
    input,
    idempotencyKey,
    rawBody,
    ctx: { origin: appOrigin(req) },
  });
  return Response.json(result.body, {
    status: result.status,
    headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : undefined,
  });
});
