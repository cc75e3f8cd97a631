/** Next.js start-up hook: boot the server domain once per Node.js process. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startWebProcess } = await import('./server/boot');
  await startWebProcess();
}
