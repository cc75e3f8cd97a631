import { parseJsonBody } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { sendTestEventInput } from '@/server/webhooks/schemas';
import { sendTestEvent } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

type Params = { webhook_id: string };

/** Queues a test event (`webhook.test`, or an example of `event_type`); 202 with the new delivery. */
export const POST = withApiKey<Params>(async ({ req, db, auth, params }) => {
  const input = await parseJsonBody(req, sendTestEventInput, { maxBytes: 4 * 1024 });
  const delivery = await sendTestEvent(db, { accountId: auth.accountId, id: params.webhook_id, eventType: input.event_type });
  return Response.json(delivery, { status: 202 });
});
