import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';
import { listTemplates } from '@/server/templates/service';

export const dynamic = 'force-dynamic';

export const GET = withApiKey(async ({ req }) => Response.json({ data: await listTemplates({ origin: appOrigin(req) }) }));
