/**
 * The `web` render engine: @remotion/web-renderer run inside tabs of the
 * shared headless Chromium (remotion/web-engine.ts is the page side). The
 * DOM of each frame is drawn onto a canvas and encoded in the page, so no
 * frame is ever screenshotted or copied out of the browser; the `classic`
 * engine's per-frame capture is what limits it on these machines
 * (docs/benchmarks.md).
 *
 * A video's frames are split into contiguous ranges, one per tab
 * (RENDER_CONCURRENCY tabs, never ranges shorter than MIN_FRAMES_PER_TAB);
 * each tab writes an intermediate MP4 of its range, and transcode.ts joins
 * and encodes them into the published file in one x264 pass. The thumbnail
 * is drawn by a tab while that pass runs.
 *
 * Cancellation: the session's signal (job abort or timeout) asks every
 * running tab to stop; a tab that has not stopped CANCEL_GRACE_MS later is
 * closed. A failure inside the composition comes back as a
 * WebCompositionError with the page's message and stack.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CompositionProps } from '../../remotion/props';
import type { WebEngineFailure, WebStillJob, WebStillResult, WebVideoJob, WebVideoResult } from '../../remotion/web-engine';
import { getEnv } from '../env';
import { errorFields, logger } from '../lib/logger';
import type { BrowserSlot } from './browser';
import { isBrowserGoneError } from './browser';
import { bundleServer } from './bundle-server';
import { acquirePage, type PooledPage, releasePage } from './page-pool';
import { transcodeParts } from './transcode';

/** Below this many frames a range costs more to set up (mount, fonts) than a second tab saves. */
export const MIN_FRAMES_PER_TAB = 45;
const CANCEL_GRACE_MS = 3_000;

/** The composition threw (or never became ready) inside the page: the same props fail the same way again. */
export class WebCompositionError extends Error {
  readonly code = 'web_composition_error';
  readonly frame: number | null = null;
  constructor(message: string, readonly pageStack: string | null) {
    super(message);
    this.name = 'WebCompositionError';
  }
}

/** What a web render needs from the render session (renderer.ts). */
export interface WebSession {
  props: CompositionProps;
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  scale: number;
  concurrency: number;
  x264Preset: string;
  crf: number;
  timeoutMs: number;
  frameRange: [number, number] | null;
  bundle: { serveUrl: string; version: string };
  slot: BrowserSlot;
  dir: string;
  /** Fires on the job's abort or the render's timeout. */
  signal: AbortSignal;
}

/** A side trimmed until its scaled size (as the web renderer rounds it, up) is even, as H.264 4:2:0 needs. */
export function evenStageSide(side: number, scale: number): { stage: number; output: number } {
  let stage = side;
  while (Math.ceil(stage * scale) % 2 !== 0 && stage > 2) stage -= 1;
  return { stage, output: Math.ceil(stage * scale) };
}

/** Splits [first, last] into at most `tabs` contiguous ranges of at least MIN_FRAMES_PER_TAB frames. */
export function splitFrameRange(first: number, last: number, tabs: number): Array<[number, number]> {
  const total = last - first + 1;
  const n = Math.max(1, Math.min(tabs, Math.floor(total / MIN_FRAMES_PER_TAB)));
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const start = first + Math.floor((i * total) / n);
    const end = first + Math.floor(((i + 1) * total) / n) - 1;
    ranges.push([start, end]);
  }
  return ranges;
}

/** Bits per second of the in-page intermediate: generous (it is re-encoded), scaled by pixels. */
function intermediateBitrate(width: number, height: number, fps: number): number {
  return Math.round(Math.max(2_000_000, width * height * fps * 0.45));
}

function licenseKey(): string | null {
  return getEnv().REMOTION_LICENSE_KEY ?? null;
}

async function pageUrl(session: WebSession): Promise<string> {
  const server = await bundleServer(licenseKey() !== null);
  return server.urlFor(session.bundle.serveUrl, session.bundle.version);
}

function failureToError(failure: WebEngineFailure): Error {
  if (failure.kind === 'composition') return new WebCompositionError(failure.message, failure.stack);
  const err = new Error(`The web engine's page failed (${failure.kind}): ${failure.message}`);
  if (failure.kind === 'cancelled') err.name = 'AbortError';
  return err;
}

/**
 * Runs `call` in a pooled tab as the page API call `id`, cancelling it when
 * the session's signal fires. The tab goes back to the pool unless it
 * crashed or would not stop.
 */
async function inTab<T extends { ok: boolean }>(
  session: WebSession,
  url: string,
  call: (entry: PooledPage, id: string) => Promise<T>,
): Promise<T> {
  const entry = await acquirePage(session.slot, url, Math.max(1, session.concurrency), session.signal);
  const id = randomBytes(8).toString('hex');
  let broken = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    entry.page.evaluate(`window.clipwrightWebEngine && window.clipwrightWebEngine.cancel(${JSON.stringify(id)})`).catch(() => undefined);
    // A tab stuck in a long synchronous task never sees the cancel: close it, which also ends the call.
    graceTimer = setTimeout(() => {
      broken = true;
      void entry.page.close().catch(() => undefined);
    }, CANCEL_GRACE_MS);
  };
  if (session.signal.aborted) onAbort();
  else session.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(entry, id);
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    clearTimeout(graceTimer);
    session.signal.removeEventListener('abort', onAbort);
    releasePage(entry, { broken });
  }
}

export interface WebVideoOutput {
  videoPath: string;
  width: number;
  height: number;
  frames: number;
  timings: { drawMs: number; transcodeMs: number };
  tabs: number;
}

/** Renders the session's video (its frame range, or all of it) to `<dir>/video.mp4`; see the file header. */
export async function renderVideoOnWeb(session: WebSession, onProgress?: (progress: number) => void): Promise<WebVideoOutput> {
  const url = await pageUrl(session);
  const server = await bundleServer(licenseKey() !== null);
  const w = evenStageSide(session.width, session.scale);
  const h = evenStageSide(session.height, session.scale);
  const [first, last] = session.frameRange ?? [0, session.durationInFrames - 1];
  const ranges = splitFrameRange(first, last, session.concurrency);
  const total = last - first + 1;
  const drawn = ranges.map(() => 0);
  let transcoded = 0;
  const report = () => {
    const draw = ranges.reduce((sum, [a, b], i) => sum + (b - a + 1) * (drawn[i] ?? 0), 0) / total;
    // Drawing is most of the work; the x264 pass over the joined file is the rest.
    onProgress?.(Math.min(1, draw * 0.85 + transcoded * 0.15));
  };
  const bitrate = intermediateBitrate(w.output, h.output, session.fps);
  const t0 = performance.now();
  const parts = await Promise.all(
    ranges.map(async (range, i) => {
      const file = path.join(session.dir, `part-${String(i).padStart(3, '0')}.mp4`);
      const slot = server.openSlot({ video: file }, (p) => {
        drawn[i] = p;
        report();
      });
      try {
        const job: WebVideoJob = {
          props: session.props,
          width: w.stage,
          height: h.stage,
          scale: session.scale,
          frameRange: range,
          bitrate,
          outputUrl: slot.uploadUrl('video'),
          progressUrl: slot.progressUrl,
          licenseKey: licenseKey(),
          delayRenderTimeoutMs: Math.min(session.timeoutMs, 60_000),
        };
        const result = await inTab(session, url, (entry, id) =>
          entry.page.evaluate(`window.clipwrightWebEngine.renderVideo(${JSON.stringify(id)}, ${JSON.stringify(job)})`) as Promise<WebVideoResult>,
        );
        if (!result.ok) throw failureToError(result);
        drawn[i] = 1;
        report();
        return file;
      } finally {
        slot.release();
      }
    }),
  );
  const t1 = performance.now();
  const output = path.join(session.dir, 'video.mp4');
  await transcodeParts({
    parts,
    output,
    width: w.output,
    height: h.output,
    fps: session.fps,
    totalFrames: total,
    x264Preset: session.x264Preset,
    crf: session.crf,
    signal: session.signal,
    onProgress: (p) => {
      transcoded = p;
      report();
    },
  });
  return {
    videoPath: output,
    width: w.output,
    height: h.output,
    frames: total,
    tabs: ranges.length,
    timings: { drawMs: t1 - t0, transcodeMs: performance.now() - t1 },
  };
}

/** Draws one frame into `output`, as a JPEG or a PNG; returns its size. */
export async function renderStillOnWeb(
  session: WebSession,
  still: { output: string; frame: number; scale: number; jpegQuality: number; format: 'jpeg' | 'png' },
): Promise<{ width: number; height: number }> {
  const url = await pageUrl(session);
  const server = await bundleServer(licenseKey() !== null);
  const slot = server.openSlot({ still: still.output });
  try {
    const job: WebStillJob = {
      props: session.props,
      width: session.width,
      height: session.height,
      scale: still.scale,
      frame: still.frame,
      format: still.format,
      quality: still.jpegQuality / 100,
      outputUrl: slot.uploadUrl('still'),
      licenseKey: licenseKey(),
      delayRenderTimeoutMs: Math.min(session.timeoutMs, 60_000),
    };
    const result = await inTab(session, url, (entry, id) =>
      entry.page.evaluate(`window.clipwrightWebEngine.renderStill(${JSON.stringify(id)}, ${JSON.stringify(job)})`) as Promise<WebStillResult>,
    );
    if (!result.ok) throw failureToError(result);
    await stat(still.output);
    return { width: Math.ceil(session.width * still.scale), height: Math.ceil(session.height * still.scale) };
  } finally {
    slot.release();
  }
}

/** Opens the browser and the tabs ahead of the first render (a worker's start), in the background. */
export async function warmWebEngine(session: Pick<WebSession, 'slot' | 'bundle' | 'concurrency'>): Promise<void> {
  try {
    const server = await bundleServer(licenseKey() !== null);
    const url = server.urlFor(session.bundle.serveUrl, session.bundle.version);
    const entries = await Promise.all(Array.from({ length: session.concurrency }, () => acquirePage(session.slot, url, session.concurrency)));
    for (const entry of entries) releasePage(entry);
  } catch (err) {
    logger.warn('could not warm the web render engine', errorFields(err));
  }
}

export { isBrowserGoneError };
