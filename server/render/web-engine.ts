/**
 * The `web` render engine: @remotion/web-renderer run inside tabs of the
 * shared headless Chromium (remotion/web-engine.ts is the page side). The
 * DOM of each frame is drawn onto a canvas and encoded in the page, so no
 * frame is ever screenshotted or copied out of the browser; the `classic`
 * engine's per-frame capture is what limits it on these machines
 * (docs/benchmarks.md).
 *
 * A video's frames are split into contiguous ranges, two per tab
 * (RENDER_CONCURRENCY tabs, never ranges shorter than MIN_FRAMES_PER_TAB);
 * each tab encodes its range to H.264 with the browser's encoder as it
 * draws, and the ranges are joined without re-encoding (transcode.ts). The
 * browser's stream is the published one (RENDER_WEB_ENCODER=browser, the
 * default); with RENDER_WEB_ENCODER=x264 it is an intermediate that x264
 * re-encodes range by range, while the tabs draw the next ones: ~27 % more
 * CPU per render for a file ~3.5× smaller (docs/benchmarks.md, "Render").
 * The thumbnail is a still drawn by a tab afterwards (a few tens of
 * milliseconds).
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
import { errorFields, logger } from '../lib/logger';
import type { BrowserSlot } from './browser';
import { bundleServer } from './bundle-server';
import { remotionLicenseKey } from './license';
import { acquirePage, type PooledPage, releasePage } from './page-pool';
import { assertVideoSize, copyChunk, encodeChunk, joinChunks } from './transcode';

/** The longest a template may hold a frame with delayRender(), when the render's own budget is longer. */
export const DELAY_RENDER_CAP_MS = 60_000;

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

/**
 * Who encodes the published H.264 (see the file header). `reference` is for
 * benchmarks: near-lossless VP9 from the same frames, to measure the others against.
 */
export type WebEncoder = 'browser' | 'x264' | 'reference';

/** What a web render needs from the render session (renderer.ts). */
export interface WebSession {
  props: CompositionProps;
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  scale: number;
  concurrency: number;
  encoder: WebEncoder;
  /** x264's settings, when `encoder` is x264. */
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

/**
 * Bits per second asked of the browser's H.264 encoder, scaled by pixels.
 * Chromium's software encoder treats it as a ceiling and spends what the
 * frames need: ~1.5 Mbit/s for the reference 720×1280 video, which scores a
 * PSNR of 46 dB against near-lossless VP9 of the same frames (x264 at CRF 23
 * after it: 0.4 Mbit/s, 41 dB). Asking for less starves scene changes
 * (docs/benchmarks.md, "Render").
 */
function browserBitrate(width: number, height: number, fps: number): number {
  return Math.round(Math.max(2_000_000, width * height * fps * 0.45));
}

/** The `reference` encoder's VP9 bitrate: far beyond what these frames need, so it is all but lossless. */
const REFERENCE_BITRATE = 100_000_000;

async function pageUrl(session: WebSession): Promise<string> {
  const server = await bundleServer();
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

/**
 * Ranges per tab, taken from one queue: a tab that finishes early takes the
 * next range instead of idling while the other draws a costlier stretch of
 * the video (+3 % throughput with the browser's encoder, measured against
 * one range per tab); with x264, a tab's first range is also being encoded
 * while the tab draws its second, so the final encode overlaps drawing.
 */
const RANGES_PER_TAB = 2;

/**
 * Renders the session's video (its frame range, or all of it) to
 * `<dir>/video.mp4`: frame ranges drawn by the tabs in parallel, each
 * encoded by x264 as soon as it is drawn (one encode at a time, so drawing
 * keeps most of the CPU), then joined without re-encoding; see the file
 * header.
 */
export async function renderVideoOnWeb(session: WebSession, onProgress?: (progress: number) => void): Promise<WebVideoOutput> {
  const url = await pageUrl(session);
  const server = await bundleServer();
  const w = evenStageSide(session.width, session.scale);
  const h = evenStageSide(session.height, session.scale);
  const [first, last] = session.frameRange ?? [0, session.durationInFrames - 1];
  const tabs = splitFrameRange(first, last, session.concurrency).length;
  const ranges = splitFrameRange(first, last, tabs * RANGES_PER_TAB);
  const total = last - first + 1;
  const drawn = ranges.map(() => 0);
  const encoded = ranges.map(() => 0);
  const report = () => {
    const part = (values: number[]) => ranges.reduce((sum, [a, b], i) => sum + (b - a + 1) * (values[i] ?? 0), 0) / total;
    // Drawing (and the browser's encode) is most of the work; an x264 pass is the rest, a copy next to nothing.
    const drawShare = session.encoder === 'x264' ? 0.8 : 0.97;
    onProgress?.(Math.min(1, part(drawn) * drawShare + part(encoded) * (1 - drawShare)));
  };
  const reference = session.encoder === 'reference';
  const bitrate = reference ? REFERENCE_BITRATE : browserBitrate(w.output, h.output, session.fps);
  // Stops the other tabs and encodes as soon as one range fails.
  const failed = new AbortController();
  const signal = AbortSignal.any([session.signal, failed.signal]);
  const local: WebSession = { ...session, signal };
  const chunkPath = (i: number) => path.join(session.dir, `chunk-${String(i).padStart(3, '0')}.${reference ? 'mkv' : 'ts'}`);
  let encodeChain: Promise<unknown> = Promise.resolve();
  const encodes: Array<Promise<void>> = [];
  let drawMs = 0;
  const t0 = performance.now();

  const drawRange = async (i: number): Promise<string> => {
    const range = ranges[i]!;
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
        codec: reference ? 'vp9' : 'h264',
        bitrate,
        outputUrl: slot.uploadUrl('video'),
        progressUrl: slot.progressUrl,
        licenseKey: remotionLicenseKey(),
        delayRenderTimeoutMs: Math.min(session.timeoutMs, DELAY_RENDER_CAP_MS),
      };
      const result = await inTab(local, url, (entry, id) =>
        entry.page.evaluate(`window.clipwrightWebEngine.renderVideo(${JSON.stringify(id)}, ${JSON.stringify(job)})`) as Promise<WebVideoResult>,
      );
      if (!result.ok) throw failureToError(result);
      drawn[i] = 1;
      report();
      logger.debug('web range drawn', { range, ms: Math.round(performance.now() - t0), pageMs: Math.round(result.timings.totalMs), drawMs: Math.round(result.timings.drawMs), encodeWaitMs: Math.round(result.timings.encodeWaitMs), readyWaitMs: Math.round(result.timings.readyWaitMs) });
      return file;
    } finally {
      slot.release();
    }
  };

  const encodeRange = (i: number, part: string): Promise<void> => {
    const onProgress = (p: number) => {
      encoded[i] = p;
      report();
    };
    const run = encodeChain.then(() =>
      (session.encoder === 'x264'
        ? encodeChunk({
            input: part,
            output: chunkPath(i),
            width: w.output,
            height: h.output,
            fps: session.fps,
            frames: ranges[i]![1] - ranges[i]![0] + 1,
            x264Preset: session.x264Preset,
            crf: session.crf,
            signal,
            onProgress,
          })
        : copyChunk({ input: part, output: chunkPath(i), codec: reference ? 'vp9' : 'h264', signal }).then(() =>
            onProgress(1),
          )
      ).then(() => logger.debug('web range encoded', { range: ranges[i], encoder: session.encoder, ms: Math.round(performance.now() - t0) })),
    );
    encodeChain = run.catch(() => undefined);
    return run;
  };

  let next = 0;
  const tab = async () => {
    for (;;) {
      const i = next++;
      if (i >= ranges.length || signal.aborted) return;
      const part = await drawRange(i);
      const encode = encodeRange(i, part);
      // An encode failure surfaces here, and stops the rest, instead of waiting for the end.
      encode.catch((err) => failed.abort(err));
      encodes.push(encode);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: tabs }, () =>
        tab().catch((err) => {
          failed.abort(err);
          throw err;
        }),
      ),
    );
    drawMs = performance.now() - t0;
    await Promise.all(encodes);
  } catch (err) {
    // The first failure, not the AbortError the others got because of it.
    throw failed.signal.aborted && !session.signal.aborted ? failed.signal.reason : err;
  }
  const output = path.join(session.dir, 'video.mp4');
  await joinChunks({ chunks: ranges.map((_, i) => chunkPath(i)), output, signal });
  if (session.encoder !== 'x264') await assertVideoSize(output, w.output, h.output);
  return {
    videoPath: output,
    width: w.output,
    height: h.output,
    frames: total,
    tabs,
    timings: { drawMs, transcodeMs: performance.now() - t0 - drawMs },
  };
}

/** Draws one frame into `output`, as a JPEG or a PNG; returns its size. */
export async function renderStillOnWeb(
  session: WebSession,
  still: { output: string; frame: number; scale: number; jpegQuality: number; format: 'jpeg' | 'png' },
): Promise<{ width: number; height: number }> {
  const url = await pageUrl(session);
  const server = await bundleServer();
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
      licenseKey: remotionLicenseKey(),
      delayRenderTimeoutMs: Math.min(session.timeoutMs, DELAY_RENDER_CAP_MS),
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
    const server = await bundleServer();
    const url = server.urlFor(session.bundle.serveUrl, session.bundle.version);
    const entries = await Promise.all(Array.from({ length: session.concurrency }, () => acquirePage(session.slot, url, session.concurrency)));
    for (const entry of entries) releasePage(entry);
  } catch (err) {
    logger.warn('could not warm the web render engine', errorFields(err));
  }
}
