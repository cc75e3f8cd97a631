import { parseJsonBody } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { updateWebhookInput } from '@/server/webhooks/schemas';
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

type Params = { webhook_id: string };

export const GET = withApiKey<Params>(async ({ db, auth, params }) =>
  Response.json(await getWebhookEndpoint(db, { accountId: auth.accountId, id: params.webhook_id })),
);

export const PATCH = withApiKey<Params>(async ({ req, db, auth, params }) => {
  const input = await parseJsonBody(req, updateWebhookInput, { maxBytes: 16 * 1024 });
  return Response.json(await updateWebhookEndpoint(db, { accountId: auth.accountId, id: params.webhook_id, input }));
});

export const DELETE = withApiKey<Params>(async ({ db, auth, params }) => {
  await deleteWebhookEndpoint(db, { accountId: auth.accountId, id: params.webhook_id });
  return new Response(null, { status: 204 });
});
