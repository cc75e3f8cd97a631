import { retryBatch } from '@/server/batches/service';
import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';

export const dynamic = 'force-dynamic';

/** (ext) Renders again every failed or cancelled video of the batch (see retryBatch). */
export const POST = withApiKey<{ batch_id: string }>(async ({ req, db, auth, params }) =>
  Response.json(await retryBatch(db, { accountId: auth.accountId, id: params.batch_id, ctx: { origin: appOrigin(req) } })),
);
