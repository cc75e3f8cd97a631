/** Every domain router, registered explicitly. */
import { createCallerFactory, createTRPCRouter } from './init';
import { accountRouter } from './routers/account';
import { apiKeysRouter } from './routers/api-keys';
import { batchesRouter } from './routers/batches';
import { brandRouter } from './routers/brand';
import { libraryRouter } from './routers/library';
import { projectsRouter } from './routers/projects';
import { teamRouter } from './routers/team';
import { videosRouter } from './routers/videos';
import { webhooksRouter } from './routers/webhooks';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  apiKeys: apiKeysRouter,
  batches: batchesRouter,
  brand: brandRouter,
  projects: projectsRouter,
  team: teamRouter,
  library: libraryRouter,
  videos: videosRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
