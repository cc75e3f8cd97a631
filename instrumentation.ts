/** Next.js start-up hook: boot the server domain once per Node.js process. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startWebProcess } = await import('./server/boot');
  await startWebProcess();
  // WORKER_MODE=route: enqueueing triggers the background jobs route (a no-op in the other modes).
  const { installJobsRouteTrigger } = await import('./app/api/jobs/run/trigger');
  installJobsRouteTrigger();
}
