/**
 * Renders one video (MP4, H.264, yuv420p, limited range, faststart) and its
 * JPEG thumbnail, or one JPEG still (template previews), through one of two
 * engines behind the same API:
 *
 * - `web` (web-engine.ts): @remotion/web-renderer draws the DOM onto a
 *   canvas inside tabs of the shared browser, frame ranges in parallel tabs,
 *   each encoded to H.264 by the browser as it draws and joined without
 *   re-encoding (or re-encoded by x264 to BT.709: RENDER_WEB_ENCODER).
 *   Several times faster here.
 * - `classic` (classic-engine.ts): Remotion's renderMedia, a screenshot per
 *   frame. Draws any CSS.
 *
 * RENDER_ENGINE picks: `auto` (default) renders with `web` every template
 * that declares it (TemplateSpec.engines) and falls back to `classic` once if
 * `web` fails; `web` / `classic` force one engine for every template.
 *
 * What every render shares (the session): the compositions bundle (built
 * once per template version, bundle.ts), one headless Chromium shared by
 * all renders of the process and replaced after RENDER_BROWSER_RESTART_AFTER
 * renders or when it crashes, a private temp folder whose files the caller
 * moves to storage only when complete (folders left by a worker killed
 * mid-render are removed by the next worker on the machine), and a hard
 * timeout that, like the job's AbortSignal, cancels the render.
 *
 * Errors: InvalidVideoPropsError (props no template accepts),
 * TemplateRenderError (the composition threw, or never became ready: the same
 * props fail the same way again), RenderTimeoutError, RenderCancelledError,
 * or whatever else broke (a crashed browser: worth retrying). Each carries a
 * `code`; callers test codes, never classes (STYLE.md, habit 12).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { metadataFor } from '../../remotion/metadata';
import type { CompositionProps } from '../../remotion/props';
import { getTemplate } from '../../remotion/templates/registry';
import { planTimeline } from '../../remotion/timeline';
import { getEnv } from '../env';
import { errorFields, logger } from '../lib/logger';
import { acquireBrowser, type BrowserSlot, closeSharedBrowser, isBrowserGoneError } from './browser';
import { sweepStaleTemp, TEMP_PREFIX } from '../lib/temp-sweep';
import { ensureRemotionBundle, type RemotionBundle } from './bundle';
import { prepareClassic, renderStillOnClassic, renderVideoOnClassic } from './classic-engine';
import { reportWebRender } from './license';
import { DELAY_RENDER_CAP_MS, renderStillOnWeb, renderVideoOnWeb, warmWebEngine, type WebEncoder, type WebSession } from './web-engine';

export { closeSharedBrowser, sharedRenderBrowser } from './browser';

/** Defaults chosen by `npm run bench:render` on a 2-core machine (docs/benchmarks.md). */
export const DEFAULT_RENDER_CONCURRENCY = 2;
export const DEFAULT_X264_PRESET = 'veryfast' as const;
/** x264 quality of every published video, whichever engine drew it. */
export const RENDER_CRF = 23;

export const RENDER_ENGINES = ['web', 'classic'] as const;
export type RenderEngine = (typeof RENDER_ENGINES)[number];
export type RenderEngineSetting = RenderEngine | 'auto';

type X264Preset = NonNullable<ReturnType<typeof getEnv>['RENDER_X264_PRESET']>;

export interface RenderSettings {
  /** RENDER_ENGINE: which engine draws (see the file header). */
  engine: RenderEngineSetting;
  /** Tabs drawing frames in parallel (both engines). */
  concurrency: number;
  x264Preset: X264Preset;
  /**
   * RENDER_WEB_ENCODER: who encodes the `web` engine's H.264 (web-engine.ts). `reference` (benchmarks only)
   * publishes near-lossless VP9 instead, to measure the others' quality against.
   */
  webEncoder: WebEncoder;
  timeoutMs: number;
  /** Remotion's `scale` for the video and the thumbnail: 0.25 renders a 720×1280 composition at 180×320. */
  scale: number;
  /** Render only these frames (inclusive), e.g. [0, 44]; null renders the whole video. */
  frameRange: [number, number] | null;
  /** The compositions bundle to draw with; null (always, outside the bench) is the templates' current one. */
  bundle: RemotionBundle | null;
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
    engine: env.RENDER_ENGINE,
    concurrency: env.RENDER_CONCURRENCY ?? DEFAULT_RENDER_CONCURRENCY,
    x264Preset: env.RENDER_X264_PRESET ?? DEFAULT_X264_PRESET,
    webEncoder: env.RENDER_WEB_ENCODER,
    timeoutMs: env.RENDER_TIMEOUT_SECONDS * 1000,
    scale: env.RENDER_SCALE,
    frameRange: null,
    bundle: null,
    ...settingsOverride,
  };
}

/** The engine that draws a template under a RENDER_ENGINE setting, and whether `classic` may take over when it fails. */
export function engineFor(templateId: string, setting: RenderEngineSetting): { engine: RenderEngine; fallback: boolean } {
  if (setting !== 'auto') return { engine: setting, fallback: false };
  const supportsWeb = getTemplate(templateId)?.engines.includes('web') ?? false;
  return supportsWeb ? { engine: 'web', fallback: true } : { engine: 'classic', fallback: false };
}

/**
 * A side of the MP4 the classic engine writes at `scale`: H.264 with 4:2:0
 * chroma needs even sides, so Remotion first trims the side until its scaled
 * size is even.
 */
export function scaledSide(side: number, scale: number): number {
  let trimmed = side;
  while (Math.round(trimmed * scale) % 2 !== 0) trimmed -= 1;
  return Math.round(trimmed * scale);
}


/** A delayRender() that was never cleared in time (Remotion's message, either engine). */
export function isDelayRenderTimeout(err: Error): boolean {
  return /delayRender\(\).*was called but not cleared/s.test(err.message);
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

/** An exception thrown inside the composition; `frame` is where, when the engine knows. */
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
 * Whether an engine reports an exception from inside the page. Classic:
 * Remotion's ErrorWithStackFrame (symbolicated) or the SymbolicateableError it
 * starts from both carry `frame` and `delayRenderCall`; a cancelRender() whose
 * error could not be read back is a plain Error with a fixed message. Web:
 * WebCompositionError, by its code. Duck-typed, because the renderer module
 * is imported lazily and may be a second copy.
 */
export function isCompositionError(err: unknown): err is Error & { frame?: number | null } {
  if (!(err instanceof Error)) return false;
  if ((err as { code?: unknown }).code === 'web_composition_error') return true;
  if ('delayRenderCall' in err && 'frame' in err && ('symbolicatedStackFrames' in err || 'stackFrame' in err)) return true;
  return /Render was cancelled using cancelRender\(\)/.test(err.message);
}

const g = globalThis as unknown as { __clipwrightRenderSweepAt?: number };

const SWEEP_INTERVAL_MS = 10 * 60_000;

/** Sweeps what killed work left in the temp folder (lib/temp-sweep.ts), in the background, at most every SWEEP_INTERVAL_MS. */
function sweepTempNowAndThen(): void {
  if (Date.now() - (g.__clipwrightRenderSweepAt ?? 0) < SWEEP_INTERVAL_MS) return;
  g.__clipwrightRenderSweepAt = Date.now();
  void sweepStaleTemp();
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
  /** The engine that drew it (after a fallback: `classic`). */
  engine: RenderEngine;
  /** Size and length of the MP4 as written (after `scale` and `frameRange`). */
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  durationSeconds: number;
  sizeBytes: number;
  templateVersion: string;
  /** Milliseconds per step; `web` also reports its drawing and its final x264 pass within renderMs. */
  timings: {
    bundleMs: number;
    selectMs: number;
    renderMs: number;
    stillMs: number;
    totalMs: number;
    drawMs?: number;
    transcodeMs?: number;
  };
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

/** What one render session hands the engine work it runs: everything set up, nothing drawn yet. */
interface RenderSession {
  settings: RenderSettings;
  engine: RenderEngine;
  /** The props as the composition receives them, and the size and length they give. */
  props: CompositionProps;
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  bundle: { serveUrl: string; version: string };
  slot: BrowserSlot;
  /** The session's private temp folder; kept when the work succeeds, removed when it throws. */
  dir: string;
  cleanup: () => Promise<void>;
  /** Fires when the job aborts or the render times out. */
  signal: AbortSignal;
  /** performance.now() at the start and once the bundle was ready. */
  marks: { start: number; bundled: number };
}

function webSession(s: RenderSession): WebSession {
  return {
    props: s.props,
    width: s.width,
    height: s.height,
    fps: s.fps,
    durationInFrames: s.durationInFrames,
    scale: s.settings.scale,
    concurrency: s.settings.concurrency,
    x264Preset: s.settings.x264Preset,
    crf: RENDER_CRF,
    encoder: s.settings.webEncoder,
    timeoutMs: s.settings.timeoutMs,
    frameRange: s.settings.frameRange,
    bundle: s.bundle,
    slot: s.slot,
    dir: s.dir,
    signal: s.signal,
  };
}

function classicSession(s: RenderSession) {
  return {
    props: s.props,
    scale: s.settings.scale,
    concurrency: s.settings.concurrency,
    x264Preset: s.settings.x264Preset,
    crf: RENDER_CRF,
    frameRange: s.settings.frameRange,
    bundle: s.bundle,
    slot: s.slot,
    dir: s.dir,
    signal: s.signal,
  };
}

/**
 * Runs `work` with one engine in a fresh session (see the file header),
 * mapping whatever it throws to the errors listed there. The folder is removed
 * if anything throws.
 */
async function withRenderSession<T>(
  params: { props: CompositionProps; signal?: AbortSignal; settings: RenderSettings },
  engine: RenderEngine,
  work: (session: RenderSession) => Promise<T>,
): Promise<T> {
  const start = performance.now();
  const { settings } = params;
  const meta = metadataFor(params.props);
  const bundle = settings.bundle ?? (await ensureRemotionBundle());
  const bundled = performance.now();
  sweepTempNowAndThen();
  const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX.render));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new RenderTimeoutError(settings.timeoutMs));
  }, settings.timeoutMs);
  const onAbort = () => controller.abort(new RenderCancelledError());
  if (params.signal?.aborted) onAbort();
  params.signal?.addEventListener('abort', onAbort, { once: true });
  let slot: BrowserSlot | undefined;
  let browserBroken = false;
  try {
    slot = await acquireBrowser();
    if (controller.signal.aborted) throw new RenderCancelledError();
    const result = await work({
      settings,
      engine,
      props: meta.props,
      width: meta.width,
      height: meta.height,
      fps: meta.fps,
      durationInFrames: meta.durationInFrames,
      bundle,
      slot,
      dir,
      cleanup,
      signal: controller.signal,
      marks: { start, bundled },
    });
    slot.renders += 1;
    return result;
  } catch (err) {
    await cleanup();
    if (timedOut) throw new RenderTimeoutError(settings.timeoutMs);
    if (params.signal?.aborted) throw new RenderCancelledError();
    if (isCompositionError(err)) {
      // A delayRender() limit that was the render's own budget ran out: the render took too long, whichever
      // timer fired first (under load the page's can beat ours by a few milliseconds).
      if (isDelayRenderTimeout(err) && settings.timeoutMs <= DELAY_RENDER_CAP_MS) throw new RenderTimeoutError(settings.timeoutMs);
      throw new TemplateRenderError(err);
    }
    // A crashed or disconnected browser must not serve the next render.
    if (isBrowserGoneError(err)) browserBroken = true;
    throw err;
  } finally {
    clearTimeout(timer);
    params.signal?.removeEventListener('abort', onAbort);
    if (browserBroken || (slot && slot.renders >= getEnv().RENDER_BROWSER_RESTART_AFTER)) await closeSharedBrowser();
  }
}

/** Errors after which `classic` must not take over: it would fail the same way, or the caller asked to stop. */
function ruleOutFallback(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'render_timeout' || code === 'render_cancelled' || code === 'invalid_props';
}

/**
 * Runs `attempt` with the engine RENDER_ENGINE picks for the template and,
 * under `auto`, once more with `classic` when `web` fails for another reason
 * than a timeout, a cancellation or invalid props.
 */
export async function withEngine<T>(
  params: { props: CompositionProps; settings?: Partial<RenderSettings> },
  attempt: (engine: RenderEngine, settings: RenderSettings) => Promise<T>,
): Promise<T> {
  const settings = { ...renderSettings(), ...params.settings };
  const { engine, fallback } = engineFor(params.props.template_id, settings.engine);
  if (!fallback) return attempt(engine, settings);
  const started = Date.now();
  try {
    return await attempt(engine, settings);
  } catch (err) {
    const remainingMs = settings.timeoutMs - (Date.now() - started);
    if (ruleOutFallback(err) || remainingMs < 10_000) throw err;
    logger.warn('web render failed; rendering with the classic engine', {
      templateId: params.props.template_id,
      ...errorFields(err),
    });
    return attempt('classic', { ...settings, timeoutMs: remainingMs });
  }
}

/**
 * Renders the video and thumbnail into a temp folder with the engine
 * RENDER_ENGINE picks (file header), which it reports in `engine`.
 */
export async function renderVideoFiles(params: RenderParams): Promise<RenderOutput> {
  return withEngine(params, (engine, settings) =>
    withRenderSession({ ...params, settings }, engine, async (session) => {
      const thumbnailPath = path.join(session.dir, 'thumbnail.jpg');
      const still = {
        output: thumbnailPath,
        frame: thumbnailFrame(session.props, session.durationInFrames),
        scale: settings.scale,
        jpegQuality: 85,
        format: 'jpeg' as const,
      };
      let videoPath: string;
      let width: number;
      let height: number;
      let frames: number;
      let selected = performance.now();
      let tRender: number;
      let tStill: number;
      let webTimings: { drawMs: number; transcodeMs: number } | null = null;
      if (engine === 'web') {
        const web = webSession(session);
        const video = await renderVideoOnWeb(web, params.onProgress).catch((err) => {
          if (!session.signal.aborted) reportWebRender({ isStill: false, succeeded: false });
          throw err;
        });
        reportWebRender({ isStill: false, succeeded: true });
        tRender = performance.now();
        if (!params.skipThumbnail) await renderStillOnWeb(web, still);
        tStill = performance.now();
        ({ videoPath, width, height, frames } = video);
        webTimings = video.timings;
      } else {
        const classic = classicSession(session);
        const prepared = await prepareClassic(classic);
        selected = performance.now();
        ({ videoPath } = await renderVideoOnClassic(classic, prepared, params.onProgress));
        tRender = performance.now();
        if (!params.skipThumbnail) await renderStillOnClassic(prepared, still);
        tStill = performance.now();
        const [first, last] = settings.frameRange ?? [0, session.durationInFrames - 1];
        frames = last - first + 1;
        width = scaledSide(session.width, settings.scale);
        height = scaledSide(session.height, settings.scale);
      }
      const { size } = await stat(videoPath);
      return {
        dir: session.dir,
        videoPath,
        thumbnailPath,
        engine,
        width,
        height,
        fps: session.fps,
        durationInFrames: frames,
        durationSeconds: frames / session.fps,
        sizeBytes: size,
        templateVersion: session.bundle.version,
        timings: {
          bundleMs: session.marks.bundled - session.marks.start,
          selectMs: selected - session.marks.bundled,
          renderMs: tRender - selected,
          stillMs: tStill - tRender,
          totalMs: tStill - session.marks.start,
          ...webTimings,
        },
        cleanup: session.cleanup,
      };
    }),
  );
}

export type StillFormat = 'jpeg' | 'png';

export interface StillOutput {
  dir: string;
  /** The image. */
  path: string;
  engine: RenderEngine;
  width: number;
  height: number;
  /** The frame drawn. */
  frame: number;
  templateVersion: string;
  /** Removes the temp folder. */
  cleanup: () => Promise<void>;
}

export interface StillsOutput {
  dir: string;
  engine: RenderEngine;
  /** One image per requested frame, in order. */
  stills: Array<{ frame: number; path: string }>;
  width: number;
  height: number;
  templateVersion: string;
  cleanup: () => Promise<void>;
}

type StillParams = {
  props: CompositionProps;
  signal?: AbortSignal;
  settings?: Partial<RenderSettings>;
  scale?: number;
  /** JPEG quality 0–100 (jpeg only). */
  jpegQuality?: number;
  format?: StillFormat;
};

/**
 * Renders stills of the composition at `frames` into one temp folder, in one
 * session (one bundle check, one composition selected), with the same engine
 * choice, browser, timeout, cancellation and errors as renderVideoFiles.
 * `scale` defaults to the render settings' scale.
 */
export async function renderStillFiles(params: StillParams & { frames: number[] }): Promise<StillsOutput> {
  return withEngine(params, (engine, settings) =>
    withRenderSession({ ...params, settings }, engine, async (session) => {
      const scale = params.scale ?? settings.scale;
      const format = params.format ?? 'jpeg';
      const web = engine === 'web' ? webSession(session) : null;
      const prepared = engine === 'classic' ? await prepareClassic(classicSession(session)) : null;
      const stills: StillsOutput['stills'] = [];
      for (const [i, frame] of params.frames.entries()) {
        const output = path.join(session.dir, `still-${String(i).padStart(3, '0')}.${format === 'png' ? 'png' : 'jpg'}`);
        const still = { output, frame, scale, jpegQuality: params.jpegQuality ?? 85, format };
        if (web) await renderStillOnWeb(web, still);
        else await renderStillOnClassic(prepared!, still);
        stills.push({ frame, path: output });
      }
      // One request for stills, however many frames it drew (server/render/license.ts).
      if (web) reportWebRender({ isStill: true, succeeded: true });
      return {
        dir: session.dir,
        engine,
        stills,
        width: Math.round(session.width * scale),
        height: Math.round(session.height * scale),
        templateVersion: session.bundle.version,
        cleanup: session.cleanup,
      };
    }),
  );
}

/**
 * Renders one still of the composition (by default the frame the thumbnail
 * of a video with these props shows); see renderStillFiles.
 */
export async function renderStillFile(params: StillParams & { frame?: number }): Promise<StillOutput> {
  const metadata = metadataFor(params.props);
  const frame = params.frame ?? thumbnailFrame(metadata.props, metadata.durationInFrames);
  const out = await renderStillFiles({ ...params, frames: [frame] });
  return {
    dir: out.dir,
    path: out.stills[0]!.path,
    engine: out.engine,
    width: out.width,
    height: out.height,
    frame,
    templateVersion: out.templateVersion,
    cleanup: out.cleanup,
  };
}

/** How long after a worker starts its render browser and tabs are opened (the start itself stays quick). */
export const WARM_UP_DELAY_MS = 5_000;

/**
 * For worker start-up (the embedded worker in server/boot.ts, `npm run
 * worker` with the heavy lane): after WARM_UP_DELAY_MS, checks the bundle,
 * opens the shared browser and, when the web engine is in use, its tabs
 * with the bundle loaded, so the first render starts drawing at once.
 * Returns at once and never throws: a cold first render is not worth a
 * failed start.
 */
export function scheduleRendererWarmUp(): void {
  const timer = setTimeout(() => {
    // What a killed worker left behind: at start, then from renders.
    sweepTempNowAndThen();
    (async () => {
      const settings = renderSettings();
      const bundle = await ensureRemotionBundle();
      const slot = await acquireBrowser();
      if (settings.engine !== 'classic') await warmWebEngine({ slot, bundle, concurrency: settings.concurrency });
      logger.info('render browser ready', { engine: settings.engine, tabs: settings.engine === 'classic' ? 0 : settings.concurrency });
    })().catch((err) => logger.warn('could not warm the renderer', errorFields(err)));
  }, WARM_UP_DELAY_MS);
  timer.unref();
}
