import { parseJsonBody } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { createWebhookInput } from '@/server/webhooks/schemas';
import { createWebhookEndpoint, listWebhookEndpoints } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

export const GET = withApiKey(async ({ db, auth }) =>
  Response.json({ data: await listWebhookEndpoints(db, { accountId: auth.accountId }) }),
);

/** 201 with the signing secret: the only response that shows it (besides rotate-secret). */
export const POST = withApiKey(async ({ req, db, auth }) => {
  const input = await parseJsonBody(req, createWebhookInput, { maxBytes: 16 * 1024 });
  return Response.json(await createWebhookEndpoint(db, { accountId: auth.accountId, input }), { status: 201 });
});
