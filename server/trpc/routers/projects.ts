/** Projects for the UI, same service and schemas as the REST endpoints. */
import { z } from 'zod';
import { createProjectInput, projectIdSchema, updateProjectInput } from '../../projects/schemas';
import { createProject, deleteProject, listProjectOptions, updateProject } from '../../projects/service';
import { createTRPCRouter, protectedProcedure } from '../init';

export const projectsRouter = createTRPCRouter({
  /** The project pickers' options (newest first, up to PROJECT_OPTIONS_LIMIT); REST pages the full list. */
  list: protectedProcedure.query(({ ctx }) => listProjectOptions(ctx.db, { accountId: ctx.account.id })),
  create: protectedProcedure
    .input(createProjectInput)
    .mutation(({ ctx, input }) => createProject(ctx.db, { accountId: ctx.account.id, ...input })),
  update: protectedProcedure
    .input(updateProjectInput.extend({ id: projectIdSchema }))
    .mutation(({ ctx, input }) => updateProject(ctx.db, { accountId: ctx.account.id, ...input })),
  delete: protectedProcedure
    .input(z.object({ id: projectIdSchema }))
    .mutation(({ ctx, input }) => deleteProject(ctx.db, { accountId: ctx.account.id, id: input.id })),
});
