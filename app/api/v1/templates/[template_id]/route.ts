import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';
import { getTemplateOutput } from '@/server/templates/service';

export const dynamic = 'force-dynamic';

export const GET = withApiKey<{ template_id: string }>(async ({ req, params }) =>
  Response.json(await getTemplateOutput({ id: params.template_id, origin: appOrigin(req) })),
);
