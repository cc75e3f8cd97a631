import { cancelBatch } from '@/server/batches/service';
import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';

export const dynamic = 'force-dynamic';

/** (ext) Cancels every video of the batch still processing (see cancelBatch). */
export const POST = withApiKey<{ batch_id: string }>(async ({ req, db, auth, params }) =>
  Response.json(await cancelBatch(db, { accountId: auth.accountId, id: params.batch_id, ctx: { origin: appOrigin(req) } })),
);
