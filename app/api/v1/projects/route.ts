import { createProjectInput, listProjectsQuery } from '@/server/projects/schemas';
import { createProject, listProjects } from '@/server/projects/service';
import { withApiKey } from '@/server/http/with-api-key';
import { parseJsonBody, parseQuery } from '@/server/http/respond';

export const dynamic = 'force-dynamic';

export const GET = withApiKey(async ({ req, db, auth }) => {
  const query = parseQuery(req, listProjectsQuery);
  return Response.json(await listProjects(db, { accountId: auth.accountId, query }));
});

export const POST = withApiKey(async ({ req, db, auth }) => {
  const input = await parseJsonBody(req, createProjectInput);
  return Response.json(await createProject(db, { accountId: auth.accountId, ...input }), { status: 201 });
});
