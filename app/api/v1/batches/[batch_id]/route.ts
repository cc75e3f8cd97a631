import { getBatch } from '@/server/batches/service';
import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';

export const dynamic = 'force-dynamic';

/** (ext) A batch: counts by status, progress, ETA and every item (video id or field errors) in row order. */
export const GET = withApiKey<{ batch_id: string }>(async ({ req, db, auth, params }) =>
  Response.json(await getBatch(db, { accountId: auth.accountId, id: params.batch_id, ctx: { origin: appOrigin(req) } })),
);
