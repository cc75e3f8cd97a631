/**
 * Renders one video (MP4, H.264, faststart) and its JPEG thumbnail with
 * @remotion/renderer, reusing one browser across renders; renderStillFile
 * draws a single JPEG frame the same way (template previews).
 *
 * - The compositions bundle is built once per template version (bundle.ts).
 * - One headless Chromium is shared by all renders of the process and
 *   replaced after RENDER_BROWSER_RESTART_AFTER renders or when it crashes.
 * - Every render has a hard timeout through Remotion's cancel signal, and is
 *   also cancelled when the job's AbortSignal fires (lease lost, shutdown).
 * - Output goes to a private temp folder; the caller moves it to storage only
 *   when both files are complete. Folders left by a worker that was killed
 *   mid-render are removed by the next worker process on the machine.
 * - An exception inside the composition (a template bug, an image the browser
 *   cannot decode, a delayRender() that never resolves) becomes a
 *   TemplateRenderError: the same props would fail the same way again.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HeadlessBrowser } from '@remotion/renderer';
import { metadataFor } from '../../remotion/metadata';
import type { CompositionProps } from '../../remotion/props';
import { getTemplate } from '../../remotion/templates/registry';
import { planTimeline } from '../../remotion/timeline';
import { getEnv } from '../env';
import { errorFields, logger } from '../lib/logger';
import { browserExecutable } from './browser';
import { ensureRemotionBundle } from './bundle';

/** Defaults chosen by `npm run bench:render` on a 2-core machine (docs/benchmarks.md). */
export const DEFAULT_RENDER_CONCURRENCY = 2;
export const DEFAULT_X264_PRESET = 'veryfast' as const;

type X264Preset = NonNullable<ReturnType<typeof getEnv>['RENDER_X264_PRESET']>;

export interface RenderSettings {
  concurrency: number;
  x264Preset: X264Preset;
  timeoutMs: number;
  /** Remotion's `scale` for the video and the thumbnail: 0.25 renders a 720×1280 composition at 180×320. */
  scale: number;
  /** Render only these frames (inclusive), e.g. [0, 44]; null renders the whole video. */
  frameRange: [number, number] | null;
}

let settingsOverride: Partial<RenderSettings> | null = null;

/**
 * Test hook: settings laid over the environment's for every render of this
 * process, for values the environment rightly refuses (a timeout of a few
 * seconds). null removes them.
 */
export function overrideRenderSettings(overrides: Partial<RenderSettings> | null): void {
  settingsOverride = overrides;
}

export function renderSettings(): RenderSettings {
  const env = getEnv();
  return {
    concurrency: env.RENDER_CONCURRENCY ?? DEFAULT_RENDER_CONCURRENCY,
    x264Preset: env.RENDER_X264_PRESET ?? DEFAULT_X264_PRESET,
    timeoutMs: env.RENDER_TIMEOUT_SECONDS * 1000,
    scale: env.RENDER_SCALE,
    frameRange: null,
    ...settingsOverride,
  };
}

/**
 * A side of the MP4 Remotion writes at `scale`: H.264 with 4:2:0 chroma needs
 * even sides, so Remotion first trims the side until its scaled size is even.
 */
export function scaledSide(side: number, scale: number): number {
  let trimmed = side;
  while (Math.round(trimmed * scale) % 2 !== 0) trimmed -= 1;
  return Math.round(trimmed * scale);
}

export class RenderTimeoutError extends Error {
  readonly code = 'render_timeout';
  constructor(ms: number) {
    super(`Render took longer than ${Math.round(ms / 1000)} s and was stopped`);
    this.name = 'RenderTimeoutError';
  }
}

export class RenderCancelledError extends Error {
  readonly code = 'render_cancelled';
  constructor() {
    super('Render cancelled');
    this.name = 'RenderCancelledError';
  }
}

/** An exception thrown inside the composition; `frame` is where, when Remotion knows. */
export class TemplateRenderError extends Error {
  readonly code = 'template_error';
  readonly frame: number | null;
  constructor(cause: Error & { frame?: number | null }) {
    const frame = typeof cause.frame === 'number' ? cause.frame : null;
    // Remotion appends help links and stacks after the first line, and a cancelRender() message
    // read back from the page's stack starts with "Error: "; what broke is the rest of the first line.
    const what = (cause.message.split('\n')[0] ?? '').replace(/^\w*Error: /, '').trim() || cause.name;
    super(`The template failed to render${frame === null ? '' : ` frame ${frame}`}: ${what}`, { cause });
    this.name = 'TemplateRenderError';
    this.frame = frame;
  }
}

/**
 * Whether Remotion reports an exception from inside the page: an
 * ErrorWithStackFrame (symbolicated) or the SymbolicateableError it starts
 * from both carry `frame` and `delayRenderCall`; a cancelRender() whose error
 * could not be read back is a plain Error with a fixed message. Duck-typed,
 * because the renderer module is imported lazily and may be a second copy.
 */
export function isCompositionError(err: unknown): err is Error & { frame?: number | null } {
  if (!(err instanceof Error)) return false;
  if ('delayRenderCall' in err && 'frame' in err && ('symbolicatedStackFrames' in err || 'stackFrame' in err)) return true;
  return /Render was cancelled using cancelRender\(\)/.test(err.message);
}

interface BrowserSlot {
  browser: HeadlessBrowser;
  renders: number;
}

const g = globalThis as unknown as { __clipwrightBrowser?: Promise<BrowserSlot>; __clipwrightRenderSweepAt?: number };

const RENDER_DIR_PREFIX = 'cw-render-';
/**
 * Age after which a render temp folder is surely orphaned: the longest
 * RENDER_TIMEOUT_SECONDS allowed (so workers with other settings on the same
 * machine are safe) plus slack.
 */
const STALE_RENDER_DIR_MS = 70 * 60_000;
const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Removes render temp folders under `root` older than `maxAgeMs`: a worker
 * killed mid-render (kill -9, out of memory) never ran its cleanup. A live
 * render is never that old (it is stopped at its timeout), so the folders of
 * other workers on the same machine are safe. Returns how many were removed.
 */
export async function sweepStaleRenderDirs(maxAgeMs: number, root = os.tmpdir()): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(RENDER_DIR_PREFIX)) continue;
    const dir = path.join(root, entry.name);
    try {
      if (Date.now() - (await stat(dir)).mtimeMs < maxAgeMs) continue;
      await rm(dir, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Removed meanwhile by another worker's sweep.
    }
  }
  if (removed > 0) logger.info('removed temp folders of interrupted renders', { removed, root });
  return removed;
}

async function openSharedBrowser(): Promise<BrowserSlot> {
  const { openBrowser } = await import('@remotion/renderer');
  const executable = await browserExecutable();
  const browser = await openBrowser('chrome', {
    browserExecutable: executable ?? null,
    chromeMode: 'headless-shell',
    // Chrome's default GL backend: 'swangle' (SwiftShader via ANGLE) made every frame ~3× slower here.
    chromiumOptions: { gl: null, enableMultiProcessOnLinux: true },
    logLevel: 'error',
  });
  return { browser, renders: 0 };
}

/** The process's shared render browser (opened on first use); benchmarks render their own compositions with it. */
export async function sharedRenderBrowser(): Promise<HeadlessBrowser> {
  return (await acquireBrowser()).browser;
}

async function acquireBrowser(): Promise<BrowserSlot> {
  g.__clipwrightBrowser ??= openSharedBrowser().catch((err) => {
    g.__clipwrightBrowser = undefined;
    throw err;
  });
  return g.__clipwrightBrowser;
}

/** Closes the shared browser (after N renders, after a crash, at shutdown). */
export async function closeSharedBrowser(): Promise<void> {
  const slot = g.__clipwrightBrowser;
  g.__clipwrightBrowser = undefined;
  if (!slot) return;
  try {
    await (await slot).browser.close({ silent: true });
  } catch (err) {
    logger.warn('closing the render browser failed', errorFields(err));
  }
}

/** Frame for the thumbnail: late in the intro, when the headline is fully on screen. */
export function thumbnailFrame(props: CompositionProps, durationInFrames: number): number {
  const template = getTemplate(props.template_id);
  if (!template) return 0;
  const intro = planTimeline(props.script, template.timing).segments.find((s) => s.kind === 'intro');
  const frame = intro ? intro.from + Math.round(intro.durationInFrames * 0.8) : Math.round(durationInFrames / 4);
  return Math.max(0, Math.min(durationInFrames - 1, frame));
}

export interface RenderOutput {
  dir: string;
  videoPath: string;
  thumbnailPath: string;
  /** Size and length of the MP4 as written (after `scale` and `frameRange`). */
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  durationSeconds: number;
  sizeBytes: number;
  templateVersion: string;
  timings: { bundleMs: number; selectMs: number; renderMs: number; stillMs: number; totalMs: number };
  /** Removes the temp folder. */
  cleanup: () => Promise<void>;
}

export interface RenderParams {
  props: CompositionProps;
  signal?: AbortSignal;
  onProgress?: (progress: number) => void;
  settings?: Partial<RenderSettings>;
  /** Skip the thumbnail (benchmarks of the video alone). */
  skipThumbnail?: boolean;
}

type RemotionRenderer = typeof import('@remotion/renderer');
type SelectedComposition = Awaited<ReturnType<RemotionRenderer['selectComposition']>>;

/** What one render session hands the work it runs: everything set up, nothing rendered yet. */
interface RenderSession {
  renderer: RemotionRenderer;
  settings: RenderSettings;
  /** The props as the composition receives them (after metadataFor). */
  props: CompositionProps;
  composition: SelectedComposition;
  /** Options every renderer call of the session shares (bundle, props, browser). */
  common: {
    serveUrl: string;
    inputProps: Record<string, unknown>;
    puppeteerInstance: HeadlessBrowser;
    browserExecutable: string | null;
    chromeMode: 'headless-shell';
    logLevel: 'error';
  };
  cancelSignal: ReturnType<RemotionRenderer['makeCancelSignal']>['cancelSignal'];
  /** The session's private temp folder; kept when the work succeeds, removed when it throws. */
  dir: string;
  cleanup: () => Promise<void>;
  templateVersion: string;
  /** performance.now() at the start, once the bundle was ready, once the composition was selected. */
  marks: { start: number; bundled: number; selected: number };
}

/**
 * The part every render shares, video or still: the bundle, the shared
 * browser, a private temp folder, the hard timeout and the job's signal
 * wired to Remotion's cancel signal, the composition selected, and errors
 * mapped to the classes the module header lists. `work` renders into
 * `session.dir`; the folder is removed if anything throws.
 */
async function withRenderSession<T>(
  params: { props: CompositionProps; signal?: AbortSignal; settings?: Partial<RenderSettings> },
  work: (session: RenderSession) => Promise<T>,
): Promise<T> {
  const start = performance.now();
  const settings = { ...renderSettings(), ...params.settings };
  const meta = metadataFor(params.props);
  const template = getTemplate(meta.props.template_id)!;
  const renderer = await import('@remotion/renderer');
  const bundle = await ensureRemotionBundle();
  const bundled = performance.now();
  // In the background (a render never waits for it), at most every SWEEP_INTERVAL_MS.
  if (Date.now() - (g.__clipwrightRenderSweepAt ?? 0) >= SWEEP_INTERVAL_MS) {
    g.__clipwrightRenderSweepAt = Date.now();
    sweepStaleRenderDirs(STALE_RENDER_DIR_MS).catch((err) =>
      logger.warn('could not sweep stale render folders', errorFields(err)),
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), RENDER_DIR_PREFIX));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const { cancelSignal, cancel } = renderer.makeCancelSignal();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancel();
  }, settings.timeoutMs);
  const onAbort = () => cancel();
  params.signal?.addEventListener('abort', onAbort, { once: true });
  let slot: BrowserSlot | undefined;
  let browserBroken = false;
  try {
    slot = await acquireBrowser();
    if (params.signal?.aborted) throw new RenderCancelledError();
    const common = {
      serveUrl: bundle.serveUrl,
      inputProps: meta.props as unknown as Record<string, unknown>,
      puppeteerInstance: slot.browser,
      browserExecutable: (await browserExecutable()) ?? null,
      chromeMode: 'headless-shell' as const,
      logLevel: 'error' as const,
    };
    const composition = await renderer.selectComposition({ ...common, id: template.compositionId });
    const result = await work({
      renderer,
      settings,
      props: meta.props,
      composition,
      common,
      cancelSignal,
      dir,
      cleanup,
      templateVersion: bundle.version,
      marks: { start, bundled, selected: performance.now() },
    });
    slot.renders += 1;
    return result;
  } catch (err) {
    await cleanup();
    if (timedOut) throw new RenderTimeoutError(settings.timeoutMs);
    if (params.signal?.aborted) throw new RenderCancelledError();
    if (isCompositionError(err)) throw new TemplateRenderError(err);
    // A crashed or disconnected browser must not serve the next render.
    const message = (err as Error)?.message ?? '';
    if (/Target closed|Browser (has )?(disconnected|closed)|Session closed|Protocol error/i.test(message)) browserBroken = true;
    throw err;
  } finally {
    clearTimeout(timer);
    params.signal?.removeEventListener('abort', onAbort);
    if (browserBroken || (slot && slot.renders >= getEnv().RENDER_BROWSER_RESTART_AFTER)) await closeSharedBrowser();
  }
}

/** One JPEG frame of the session's composition (a video's thumbnail, a template preview). */
async function drawJpegStill(
  session: RenderSession,
  still: { output: string; frame: number; scale: number; jpegQuality?: number },
): Promise<void> {
  await session.renderer.renderStill({
    ...session.common,
    composition: session.composition,
    output: still.output,
    frame: still.frame,
    imageFormat: 'jpeg',
    jpegQuality: still.jpegQuality ?? 85,
    scale: still.scale,
    cancelSignal: session.cancelSignal,
  });
}

/**
 * Renders the video and thumbnail into a temp folder. Throws
 * InvalidVideoPropsError (never retryable), TemplateRenderError (never
 * retryable), RenderTimeoutError, RenderCancelledError, or whatever the
 * renderer threw (a crashed browser: retryable).
 */
export async function renderVideoFiles(params: RenderParams): Promise<RenderOutput> {
  return withRenderSession(params, async (session) => {
    const { renderer, settings, props, composition, common, cancelSignal, dir, cleanup, templateVersion, marks } = session;
    const videoPath = path.join(dir, 'video.mp4');
    const [firstFrame, lastFrame] = settings.frameRange ?? [0, composition.durationInFrames - 1];
    await renderer.renderMedia({
      ...common,
      composition,
      codec: 'h264',
      outputLocation: videoPath,
      scale: settings.scale,
      frameRange: settings.frameRange,
      concurrency: settings.concurrency,
      x264Preset: settings.x264Preset,
      pixelFormat: 'yuv420p',
      // Limited-range BT.709, what every player expects (JPEG frames would otherwise give full-range yuvj420p).
      colorSpace: 'bt709',
      crf: 23,
      imageFormat: 'jpeg',
      jpegQuality: 90,
      cancelSignal,
      timeoutInMilliseconds: 60_000,
      onProgress: ({ progress }) => params.onProgress?.(progress),
    });
    const tRender = performance.now();
    const thumbnailPath = path.join(dir, 'thumbnail.jpg');
    if (!params.skipThumbnail) {
      await drawJpegStill(session, { output: thumbnailPath, frame: thumbnailFrame(props, composition.durationInFrames), scale: settings.scale });
    }
    const tStill = performance.now();
    const { size } = await stat(videoPath);
    const frames = lastFrame - firstFrame + 1;
    return {
      dir,
      videoPath,
      thumbnailPath,
      width: scaledSide(composition.width, settings.scale),
      height: scaledSide(composition.height, settings.scale),
      fps: composition.fps,
      durationInFrames: frames,
      durationSeconds: frames / composition.fps,
      sizeBytes: size,
      templateVersion,
      timings: {
        bundleMs: marks.bundled - marks.start,
        selectMs: marks.selected - marks.bundled,
        renderMs: tRender - marks.selected,
        stillMs: tStill - tRender,
        totalMs: tStill - marks.start,
      },
      cleanup,
    };
  });
}

export interface StillOutput {
  dir: string;
  /** The JPEG. */
  path: string;
  width: number;
  height: number;
  /** The frame drawn. */
  frame: number;
  templateVersion: string;
  /** Removes the temp folder. */
  cleanup: () => Promise<void>;
}

/**
 * Renders one JPEG still of the composition (by default the frame the
 * thumbnail of a video with these props shows) into a temp folder, with the
 * same bundle, browser, timeout, cancellation and errors as renderVideoFiles.
 * `scale` defaults to the render settings' scale.
 */
export async function renderStillFile(params: {
  props: CompositionProps;
  signal?: AbortSignal;
  settings?: Partial<RenderSettings>;
  frame?: number;
  scale?: number;
  jpegQuality?: number;
}): Promise<StillOutput> {
  return withRenderSession(params, async (session) => {
    const { settings, props, composition, dir, cleanup, templateVersion } = session;
    const scale = params.scale ?? settings.scale;
    const frame = params.frame ?? thumbnailFrame(props, composition.durationInFrames);
    const output = path.join(dir, 'still.jpg');
    await drawJpegStill(session, { output, frame, scale, jpegQuality: params.jpegQuality });
    return {
      dir,
      path: output,
      width: Math.round(composition.width * scale),
      height: Math.round(composition.height * scale),
      frame,
      templateVersion,
      cleanup,
    };
  });
}
