/**
 * POST|GET /api/jobs/run: one bounded run of the background jobs
 * (WORKER_MODE=route); GET because Vercel Cron calls GET with
 * `Authorization: Bearer $CRON_SECRET`. See ./handler.ts.
 */
import { createJobsRunHandler } from './handler';

export const dynamic = 'force-dynamic';
// A literal, as Next requires: keep it equal to JOBS_ROUTE_MAX_DURATION_SECONDS and vercel.json.
export const maxDuration = 300;

const handler = createJobsRunHandler();

export const GET = handler;
export const POST = handler;
