import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';
import { retryVideo } from '@/server/videos/service';

export const dynamic = 'force-dynamic';

/** (ext) failed or cancelled → processing. */
export const POST = withApiKey<{ video_id: string }>(async ({ req, db, auth, params }) =>
  Response.json(await retryVideo(db, { accountId: auth.accountId, id: params.video_id, ctx: { origin: appOrigin(req) } })),
);
