import { updateProjectInput } from '@/server/projects/schemas';
import { deleteProject, getProject, updateProject } from '@/server/projects/service';
import { withApiKey } from '@/server/http/with-api-key';
import { parseJsonBody } from '@/server/http/respond';

export const dynamic = 'force-dynamic';

type Params = { project_id: string };

export const GET = withApiKey<Params>(async ({ db, auth, params }) =>
  Response.json(await getProject(db, { accountId: auth.accountId, id: params.project_id })),
);

export const PATCH = withApiKey<Params>(async ({ req, db, auth, params }) => {
  const input = await parseJsonBody(req, updateProjectInput);
  return Response.json(await updateProject(db, { accountId: auth.accountId, id: params.project_id, ...input }));
});

export const DELETE = withApiKey<Params>(async ({ db, auth, params }) => {
  await deleteProject(db, { accountId: auth.accountId, id: params.project_id });
  return new Response(null, { status: 204 });
});
