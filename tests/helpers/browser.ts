/** A real Chromium (the one the renderer uses) driven by playwright-core, for e2e tests. */
import { chromium, type Browser } from 'playwright-core';
import { browserArgs, browserExecutable } from '../../server/render/browser';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await browserExecutable();
  if (!executablePath) throw new Error('No Chromium available: set REMOTION_BROWSER_EXECUTABLE');
  return chromium.launch({ executablePath, args: browserArgs, headless: true });
}
