/** Output shapes of the videos router, as the client sees them. */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type TemplateInfo = Outputs['videos']['templates'][number];
export type VideoDetail = Outputs['videos']['get'];
export type VideoListPage = Outputs['videos']['list'];
export type VideoListRow = VideoListPage['data'][number];
export type DailyStat = Outputs['videos']['stats'][number];
export type ProjectInfo = Outputs['projects']['list'][number];
