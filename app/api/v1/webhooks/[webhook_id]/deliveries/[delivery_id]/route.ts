import { withApiKey } from '@/server/http/with-api-key';
import { getDelivery } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

type Params = { webhook_id: string; delivery_id: string };

/** One delivery with its payload and every attempt (status, latency, truncated response, error). */
export const GET = withApiKey<Params>(async ({ db, auth, params }) =>
  Response.json(
    await getDelivery(db, { accountId: auth.accountId, endpointId: params.webhook_id, deliveryId: params.delivery_id }),
  ),
);
