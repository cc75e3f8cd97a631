import { createProjectInput } from '@/server/projects/schemas';
import { createProject, listProjects } from '@/server/projects/service';
import { withApiKey } from '@/server/http/with-api-key';
import { parseJsonBody } from '@/server/http/respond';

export const dynamic = 'force-dynamic';

export const GET = withApiKey(async ({ db, auth }) =>
  Response.json({ data: await listProjects(db, { accountId: auth.accountId }) }),
);

export const POST = withApiKey(async ({ req, db, auth }) => {
  const input = await parseJsonBody(req, createProjectInput);
  return Response.json(await createProject(db, { accountId: auth.accountId, ...input }), { status: 201 });
});
