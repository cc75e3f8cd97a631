/** Every domain router, registered explicitly. */
import { createCallerFactory, createTRPCRouter } from './init';
import { accountRouter } from './routers/account';
import { apiKeysRouter } from './routers/api-keys';
import { projectsRouter } from './routers/projects';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  apiKeys: apiKeysRouter,
  projects: projectsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
