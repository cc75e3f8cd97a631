import { parseQuery } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { listDeliveriesQuery } from '@/server/webhooks/schemas';
import { listDeliveries } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

type Params = { webhook_id: string };

export const GET = withApiKey<Params>(async ({ req, db, auth, params }) => {
  const query = parseQuery(req, listDeliveriesQuery);
  return Response.json(await listDeliveries(db, { accountId: auth.accountId, endpointId: params.webhook_id, query }));
});
