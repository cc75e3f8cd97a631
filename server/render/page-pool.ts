/**
 * Warm tabs of the shared render browser for the `web` engine, each with the
 * Remotion bundle loaded and `window.clipwrightWebEngine` ready, so a render
 * starts drawing at once instead of loading a page (~0.5 s) per chunk.
 *
 * - At most `size` tabs exist; a caller waits for a free one.
 * - Tabs belong to one browser generation and one bundle URL: after the
 *   browser is replaced or the templates change, old tabs are closed as they
 *   come back instead of being reused.
 * - A tab that failed in a way that may have left it in a bad state (the
 *   page crashed, a render would not stop) is closed, not returned.
 */
import type { HeadlessBrowser } from '@remotion/renderer';
import { errorFields, logger } from '../lib/logger';
import type { BrowserSlot } from './browser';

type Page = Awaited<ReturnType<HeadlessBrowser['newPage']>>;

export type PooledPage = { page: Page; generation: number; url: string; renders: number };

type Waiter = { resolve: (p: PooledPage) => void; reject: (err: Error) => void };

const g = globalThis as unknown as {
  __clipwrightPagePool?: { idle: PooledPage[]; busy: Set<PooledPage>; opening: number; waiters: Waiter[] };
};

function pool() {
  g.__clipwrightPagePool ??= { idle: [], busy: new Set(), opening: 0, waiters: [] };
  return g.__clipwrightPagePool;
}

async function openPage(slot: BrowserSlot, url: string, index: number): Promise<PooledPage> {
  const page = await slot.browser.newPage({
    context: () => null,
    logLevel: 'error',
    indent: false,
    pageIndex: index,
    onBrowserLog: (log) => {
      if (log.type === 'error') logger.debug('render page', { text: log.text.slice(0, 500) });
    },
    onLog: () => undefined,
  });
  try {
    await page.goto({ url, timeout: 30_000 });
    // The bundle installs the API synchronously when its script runs; wait until it has.
    await page.evaluate(
      `new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (window.clipwrightWebEngine && window.clipwrightWebEngine.version === 1) return resolve(true);
          if (Date.now() - started > 20000) return reject(new Error('The render page did not load the web engine'));
          setTimeout(check, 20);
        };
        check();
      })`,
    );
  } catch (err) {
    await page.close().catch(() => undefined);
    throw err;
  }
  return { page, generation: slot.generation, url, renders: 0 };
}

async function closeQuietly(entry: PooledPage): Promise<void> {
  try {
    await entry.page.close();
  } catch (err) {
    logger.debug('closing a render tab failed', errorFields(err));
  }
}

/**
 * A tab for `url` in the current browser. Opens one when fewer than `size`
 * exist, else waits for one to be released. `signal` stops the wait.
 */
export async function acquirePage(slot: BrowserSlot, url: string, size: number, signal?: AbortSignal): Promise<PooledPage> {
  const p = pool();
  for (;;) {
    signal?.throwIfAborted();
    // Drop idle tabs of an older browser or bundle.
    for (const stale of p.idle.filter((e) => e.generation !== slot.generation || e.url !== url)) {
      p.idle.splice(p.idle.indexOf(stale), 1);
      void closeQuietly(stale);
    }
    const idle = p.idle.pop();
    if (idle) {
      p.busy.add(idle);
      return idle;
    }
    if (p.busy.size + p.opening < size) {
      p.opening += 1;
      try {
        const entry = await openPage(slot, url, p.busy.size + p.idle.length);
        p.busy.add(entry);
        return entry;
      } finally {
        p.opening -= 1;
      }
    }
    await new Promise<PooledPage | void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      p.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          p.waiters.splice(p.waiters.indexOf(waiter), 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
    });
  }
}

/** Gives a tab back: reused when healthy, closed when `broken`. Wakes one waiter either way. */
export function releasePage(entry: PooledPage, opts: { broken?: boolean } = {}): void {
  const p = pool();
  p.busy.delete(entry);
  entry.renders += 1;
  if (opts.broken || entry.page.closed) void closeQuietly(entry);
  else p.idle.push(entry);
  // The waiter loops and takes an idle tab or opens a new one.
  p.waiters.shift()?.resolve(entry);
}

/** Closes every idle tab (tests, shutdown); busy ones close when released as broken or with the browser. */
export async function drainPagePool(): Promise<void> {
  const p = pool();
  const idle = p.idle.splice(0);
  await Promise.all(idle.map(closeQuietly));
}

/** Tabs open now, for tests and the bench. */
export function pagePoolStats(): { idle: number; busy: number } {
  const p = pool();
  return { idle: p.idle.length, busy: p.busy.size };
}
