import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';
import { cancelVideo } from '@/server/videos/service';

export const dynamic = 'force-dynamic';

/** (ext) processing → cancelled: stops a queued or running render (see cancelVideo). */
export const POST = withApiKey<{ video_id: string }>(async ({ req, db, auth, params }) =>
  Response.json(await cancelVideo(db, { accountId: auth.accountId, id: params.video_id, ctx: { origin: appOrigin(req) } })),
);
