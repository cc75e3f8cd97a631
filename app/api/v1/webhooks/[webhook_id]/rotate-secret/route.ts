import { parseJsonBody } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { rotateSecretInput } from '@/server/webhooks/schemas';
import { rotateWebhookSecret } from '@/server/webhooks/service';

export const dynamic = 'force-dynamic';

type Params = { webhook_id: string };

/** Returns the new secret once; the previous one keeps signing for `grace_period_hours` (default 24). */
export const POST = withApiKey<Params>(async ({ req, db, auth, params }) => {
  const input = await parseJsonBody(req, rotateSecretInput, { maxBytes: 4 * 1024 });
  return Response.json(
    await rotateWebhookSecret(db, {
      accountId: auth.accountId,
      id: params.webhook_id,
      gracePeriodHours: input.grace_period_hours,
    }),
  );
});
