/** Next.js start-up hook: boot the server domain once per Node.js process. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { boot, installShutdownHandlers } = await import('./server/boot');
  try {
    await boot();
    installShutdownHandlers();
  } catch (err) {
    console.error(`\nClipwright could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
