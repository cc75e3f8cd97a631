import { withApiKey } from '@/server/http/with-api-key';
import { redeliver } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

type Params = { webhook_id: string; delivery_id: string };

/** Sends the delivery's event again as a new delivery; 202 with it. */
export const POST = withApiKey<Params>(async ({ db, auth, params }) => {
  const delivery = await redeliver(db, {
    accountId: auth.accountId,
    endpointId: params.webhook_id,
    deliveryId: params.delivery_id,
  });
  return Response.json(delivery, { status: 202 });
});
