/** Projects CRUD, always scoped to the caller's account. */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { projects, type Project } from '../db/schema';
import { AppError } from '../lib/errors';
import { newProjectId } from '../lib/ids';
import { paginationOf } from '../lib/pagination';
import { isoSeconds } from '../lib/time';
import {
  createProjectInput,
  projectOutput,
  updateProjectInput,
  type ListProjectsQuery,
  type ProjectListResponse,
  type ProjectOutput,
} from './schemas';

/** Projects the UI's project pickers offer (newest first): a select longer than this is no longer a picker. */
export const PROJECT_OPTIONS_LIMIT = 1000;

export function toProjectOutput(row: Project): ProjectOutput {
  return projectOutput.parse({
    id: row.id,
    name: row.name,
    description: row.description,
    created_at: isoSeconds(row.createdAt),
    updated_at: isoSeconds(row.updatedAt),
  });
}

export async function createProject(
  db: Db,
  params: { accountId: string } & z.infer<typeof createProjectInput>,
): Promise<ProjectOutput> {
  const [row] = await db
    .insert(projects)
    .values({ id: newProjectId(), accountId: params.accountId, name: params.name, description: params.description ?? null })
    .returning();
  return toProjectOutput(row!);
}

/**
 * A page of the account's projects, newest first, read from
 * projects_account_id_created_at_idx in its order (exported for the EXPLAIN test).
 */
export function projectsQuery(db: Db, params: { accountId: string; limit: number; offset?: number }) {
  return db
    .select()
    .from(projects)
    .where(eq(projects.accountId, params.accountId))
    .orderBy(desc(projects.createdAt), desc(projects.id))
    .limit(params.limit)
    .offset(params.offset ?? 0);
}

/** GET /api/v1/projects: one page and the `pagination` object of the videos list. */
export async function listProjects(db: Db, params: { accountId: string; query: ListProjectsQuery }): Promise<ProjectListResponse> {
  const { page, limit } = params.query;
  const total = await db.$count(projects, eq(projects.accountId, params.accountId));
  const offset = (page - 1) * limit;
  const rows = offset < total ? await projectsQuery(db, { accountId: params.accountId, limit, offset }) : [];
  // Each row is parsed by toProjectOutput (a page is at most 100 of them); the pagination object is built typed.
  return { data: rows.map(toProjectOutput), pagination: paginationOf(total, page, limit) };
}

/** The newest PROJECT_OPTIONS_LIMIT projects, for the UI's pickers (tRPC projects.list). */
export async function listProjectOptions(db: Db, params: { accountId: string }): Promise<ProjectOutput[]> {
  const rows = await projectsQuery(db, { accountId: params.accountId, limit: PROJECT_OPTIONS_LIMIT });
  return rows.map(toProjectOutput);
}

export async function getProject(db: Db, params: { accountId: string; id: string }): Promise<ProjectOutput> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, params.id), eq(projects.accountId, params.accountId)))
    .limit(1);
  if (!row) throw AppError.notFound('Project');
  return toProjectOutput(row);
}

export async function updateProject(
  db: Db,
  params: { accountId: string; id: string } & z.infer<typeof updateProjectInput>,
): Promise<ProjectOutput> {
  const patch: Partial<typeof projects.$inferInsert> = { updatedAt: new Date() };
  if (params.name !== undefined) patch.name = params.name;
  if (params.description !== undefined) patch.description = params.description ?? null;
  const [row] = await db
    .update(projects)
    .set(patch)
    .where(and(eq(projects.id, params.id), eq(projects.accountId, params.accountId)))
    .returning();
  if (!row) throw AppError.notFound('Project');
  return toProjectOutput(row);
}

export async function deleteProject(db: Db, params: { accountId: string; id: string }): Promise<void> {
  const rows = await db
    .delete(projects)
    .where(and(eq(projects.id, params.id), eq(projects.accountId, params.accountId)))
    .returning({ id: projects.id });
  if (rows.length === 0) throw AppError.notFound('Project');
}
