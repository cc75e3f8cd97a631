import { createBatchInput, listBatchesQuery } from '@/server/batches/schemas';
import { createBatch, listBatches } from '@/server/batches/service';
import { idempotencyKeyOf } from '@/server/lib/idempotency';
import { appOrigin } from '@/server/lib/urls';
import { parseJsonBody, parseQuery } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';

export const dynamic = 'force-dynamic';

/** Up to 1,000 items of customer_data: 256 KB per video body would allow far more than any real batch, 8 MB is the cap. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export const GET = withApiKey(async ({ req, db, auth }) => {
  const query = parseQuery(req, listBatchesQuery);
  return Response.json(await listBatches(db, { accountId: auth.accountId, query }));
});

/** (ext) Creates a batch: each valid item becomes a video and starts rendering (see server/batches). */
export const POST = withApiKey(async ({ req, db, auth }) => {
  const idempotencyKey = idempotencyKeyOf(req);
  let rawBody: unknown;
  const input = await parseJsonBody(req, createBatchInput, { maxBytes: MAX_BODY_BYTES, onRaw: (raw) => (rawBody = raw) });
  const result = await createBatch(db, { accountId: auth.accountId, input, idempotencyKey, rawBody, ctx: { origin: appOrigin(req) } });
  return Response.json(result.body, { status: result.status, headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : undefined });
});
