import { appOrigin } from '@/server/lib/urls';
import { withApiKey } from '@/server/http/with-api-key';
import { deleteVideo, getVideo } from '@/server/videos/service';

export const dynamic = 'force-dynamic';

type Params = { video_id: string };

export const GET = withApiKey<Params>(async ({ req, db, auth, params }) =>
  Response.json(await getVideo(db, { accountId: auth.accountId, id: params.video_id, ctx: { origin: appOrigin(req) } })),
);

export const DELETE = withApiKey<Params>(async ({ db, auth, params }) => {
  await deleteVideo(db, { accountId: auth.accountId, id: params.video_id });
  return new Response(null, { status: 204 });
});
