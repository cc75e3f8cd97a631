/** Projects (the seed's `project_id`): REST shapes in snake_case, shared with tRPC. */
import { z } from 'zod';
import { pageQuery, paginationSchema } from '../lib/pagination';

export const projectIdSchema = z.string().regex(/^proj_[a-z0-9_]{1,60}$/, 'must be a project id like proj_abc123');

export const createProjectInput = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  description: z.string().trim().max(2000, 'must be at most 2000 characters').nullish(),
});

export const updateProjectInput = createProjectInput.partial();

export const projectOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProjectOutput = z.infer<typeof projectOutput>;

/** GET /api/v1/projects: newest first, `page`/`limit` as the videos list (limit defaults to its maximum, so lists of up to 100 projects need no paging). */
export const listProjectsQuery = pageQuery(100);
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

export const projectListResponse = z.object({ data: z.array(projectOutput), pagination: paginationSchema });
export type ProjectListResponse = z.infer<typeof projectListResponse>;
