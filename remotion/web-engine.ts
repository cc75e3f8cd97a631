/**
 * The `web` render engine's side inside the browser page. It is part of the
 * same bundle as the compositions, so both engines draw exactly the same
 * code, and it puts `window.clipwrightWebEngine` on the page for
 * server/render/web-engine.ts to call.
 *
 * A video (or a frame range of one) is drawn by @remotion/web-renderer: the
 * DOM is walked and painted onto a canvas, with no screenshot per frame, and
 * encoded with WebCodecs into an MP4 whose H.264 stream the server publishes
 * as it is (or re-encodes with x264: server/render/web-engine.ts). A still is drawn the same way
 * and encoded as a JPEG. Files go back by HTTP PUT to the loopback server
 * that served the page (URLs the server hands in), never through the
 * DevTools protocol, whose JSON messages would base64 every byte.
 *
 * Failures come back as values, not exceptions, so the server can tell a
 * composition that threw (a template bug: retrying cannot help) from a
 * cancelled render or a lost upload.
 */
import { renderMediaOnWeb, renderStillOnWeb } from '@remotion/web-renderer';
import type React from 'react';
import { metadataFor } from './metadata';
import type { CompositionProps } from './props';
import { getTemplate } from './templates/registry';
import { TemplateVideo } from './TemplateVideo';

type Common = {
  props: CompositionProps;
  /** Stage size to lay out at: the composition's, trimmed by the server so the scaled output has even sides. */
  width: number;
  height: number;
  scale: number;
  /** Where the finished file is PUT. */
  outputUrl: string;
  /** The Remotion license key, if any (usage is reported by the server: server/render/license.ts). */
  licenseKey: string | null;
  delayRenderTimeoutMs: number;
};

export type WebVideoJob = Common & {
  /** Inclusive frame range of the composition to draw. */
  frameRange: [number, number];
  /** `h264` (published, or re-encoded by x264), or `vp9` (a near-lossless reference for benchmarks). */
  codec: 'h264' | 'vp9';
  /** Bits per second asked of the encoder. */
  bitrate: number;
  /** Where progress (0–1 of this range) is POSTed, at most every 250 ms. */
  progressUrl: string;
};

export type WebStillJob = Common & {
  frame: number;
  format: 'jpeg' | 'png';
  /** JPEG quality, 0–1. */
  quality: number;
};

export type WebEngineFailure = {
  ok: false;
  /** `composition`: the template threw or never became ready; `cancelled`: cancel() was called; `transport`: the upload failed. */
  kind: 'composition' | 'cancelled' | 'transport';
  message: string;
  stack: string | null;
};

export type WebVideoResult =
  | { ok: true; frames: number; bytes: number; timings: { totalMs: number; drawMs: number; encodeWaitMs: number; readyWaitMs: number } }
  | WebEngineFailure;

export type WebStillResult = { ok: true; bytes: number } | WebEngineFailure;

export type WebEngineApi = {
  /** Bumped when the page API changes, so a server never drives a page from another version. */
  version: 1;
  renderVideo: (id: string, job: WebVideoJob) => Promise<WebVideoResult>;
  renderStill: (id: string, job: WebStillJob) => Promise<WebStillResult>;
  /** Cancels the render started under `id`, if it is still running. */
  cancel: (id: string) => void;
};

declare global {
  interface Window {
    clipwrightWebEngine?: WebEngineApi;
  }
}

const controllers = new Map<string, AbortController>();

const USAGE_EVENT_URL = 'https://www.remotion.pro/api/track/';

/**
 * @remotion/web-renderer reports every call to remotion.pro, and the server
 * splits one video into several calls (frame ranges, its thumbnail): those
 * reports are answered here, and the server sends one per video instead
 * (server/render/license.ts).
 */
function answerUsageEventsLocally(): void {
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(USAGE_EVENT_URL)) {
      return Promise.resolve(
        new Response(JSON.stringify({ success: true, billable: null, classification: null, reportedBy: 'server' }), {
          headers: { 'content-type': 'application/json' },
        }),
      );
    }
    return realFetch(input, init);
  };
}

class TransportError extends Error {}

function compositionFor(job: Common) {
  const meta = metadataFor(job.props);
  const template = getTemplate(meta.props.template_id)!;
  return {
    inputProps: meta.props as unknown as Record<string, unknown>,
    composition: {
      id: template.compositionId,
      component: TemplateVideo as unknown as React.FC<Record<string, unknown>>,
      width: job.width,
      height: job.height,
      fps: meta.fps,
      durationInFrames: meta.durationInFrames,
    },
  };
}

async function upload(url: string, body: Blob): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'PUT', body });
  } catch (err) {
    throw new TransportError(`Could not hand the output back to the server: ${(err as Error).message}`);
  }
  if (!res.ok) throw new TransportError(`Could not hand the output back to the server: HTTP ${res.status}`);
}

async function run<T extends { ok: true }>(id: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T | WebEngineFailure> {
  const controller = new AbortController();
  controllers.set(id, controller);
  try {
    return await fn(controller.signal);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const kind = controller.signal.aborted ? 'cancelled' : err instanceof TransportError ? 'transport' : 'composition';
    return { ok: false, kind, message: error.message, stack: error.stack ?? null };
  } finally {
    controllers.delete(id);
  }
}

/**
 * @remotion/web-renderer draws every frame into a new full-size
 * OffscreenCanvas, so each frame pays for fresh memory: at 720×1280 the
 * 3.7 MB backing store costs ~2 ms of page faults on these machines
 * (docs/benchmarks.md). Large canvases are handed out from a small ring
 * instead, cleared (context reset) on reuse. A frame's canvas is no longer
 * read once its VideoFrame has been made (the library copies it then), and
 * the ring is deeper than the canvases one frame holds at once.
 */
function recycleLargeCanvases(): void {
  const Native = window.OffscreenCanvas;
  const RING = 4;
  const MIN_PIXELS = 512 * 512;
  const rings = new Map<string, { canvases: OffscreenCanvas[]; next: number }>();
  function Recycled(width: number, height: number): OffscreenCanvas {
    if (width * height < MIN_PIXELS) return new Native(width, height);
    const key = `${width}x${height}`;
    let ring = rings.get(key);
    if (!ring) {
      ring = { canvases: [], next: 0 };
      rings.set(key, ring);
    }
    const slot = ring.next++ % RING;
    const existing = ring.canvases[slot];
    if (!existing) {
      const canvas = new Native(width, height);
      ring.canvases[slot] = canvas;
      return canvas;
    }
    (existing.getContext('2d') as OffscreenCanvasRenderingContext2D | null)?.reset();
    return existing;
  }
  Recycled.prototype = Native.prototype;
  window.OffscreenCanvas = Recycled as unknown as typeof OffscreenCanvas;
}

/**
 * No CSS transition may run in a render page: frames are drawn by seeking,
 * never by waiting. The web renderer used to set `transition: none` inline
 * on every element it drew (and every ancestor) and restore it, a style
 * write per element per frame; server/render/web-renderer-loader.cjs takes
 * that out, and this rule makes it redundant.
 */
function disableTransitions(): void {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important; }';
  (document.head ?? document.documentElement).appendChild(style);
}

if (typeof window !== 'undefined') {
  disableTransitions();
  recycleLargeCanvases();
  answerUsageEventsLocally();
  window.clipwrightWebEngine = {
    version: 1,
    renderVideo: (id, job) =>
      run(id, async (signal) => {
        const started = performance.now();
        let lastSent = 0;
        const { getBlob, internalState } = await renderMediaOnWeb({
          ...compositionFor(job),
          // H.264 is the cheapest codec Chromium encodes here, and the one every player plays
          // (docs/benchmarks.md, "Web engine: how the MP4 is made").
          container: 'mp4',
          videoCodec: job.codec,
          videoBitrate: job.bitrate,
          frameRange: job.frameRange,
          scale: job.scale,
          muted: true,
          signal,
          licenseKey: job.licenseKey,
          logLevel: 'error',
          delayRenderTimeoutInMilliseconds: job.delayRenderTimeoutMs,
          // Nobody interacts with this page: never pause drawing to keep it responsive.
          pageResponsiveness: 'disabled',
          outputTarget: 'arraybuffer',
          onProgress: ({ progress }) => {
            const now = performance.now();
            if (now - lastSent < 250 && progress < 1) return;
            lastSent = now;
            fetch(job.progressUrl, { method: 'POST', body: String(progress) }).catch(() => undefined);
          },
        });
        const blob = await getBlob();
        await upload(job.outputUrl, blob);
        return {
          ok: true as const,
          frames: job.frameRange[1] - job.frameRange[0] + 1,
          bytes: blob.size,
          timings: {
            totalMs: performance.now() - started,
            drawMs: internalState.getCreateFrameTime(),
            encodeWaitMs: internalState.getAddSampleTime(),
            readyWaitMs: internalState.getWaitForReadyTime(),
          },
        };
      }),
    renderStill: (id, job) =>
      run(id, async (signal) => {
        const still = await renderStillOnWeb({
          ...compositionFor(job),
          frame: job.frame,
          scale: job.scale,
          signal,
          licenseKey: job.licenseKey,
          logLevel: 'error',
          delayRenderTimeoutInMilliseconds: job.delayRenderTimeoutMs,
        });
        const blob = await still.blob({ format: job.format, quality: job.quality });
        await upload(job.outputUrl, blob);
        return { ok: true as const, bytes: blob.size };
      }),
    cancel: (id) => controllers.get(id)?.abort(),
  };
}
