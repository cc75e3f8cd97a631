/**
 * The `classic` render engine: Remotion's renderMedia / renderStill, which
 * open the bundle in tabs of the shared browser and screenshot every frame.
 * It draws any CSS Chromium draws, at the cost of one capture per frame
 * (docs/benchmarks.md), and is the fallback for templates the `web` engine
 * does not support.
 */
import path from 'node:path';
import type { CompositionProps } from '../../remotion/props';
import { getTemplate } from '../../remotion/templates/registry';
import { browserExecutable, type BrowserSlot } from './browser';
import { remotionLicenseKey } from './license';

type RemotionRenderer = typeof import('@remotion/renderer');

/** What a classic render needs from the render session (renderer.ts). */
export interface ClassicSession {
  props: CompositionProps;
  scale: number;
  concurrency: number;
  x264Preset: NonNullable<Parameters<RemotionRenderer['renderMedia']>[0]['x264Preset']>;
  crf: number;
  frameRange: [number, number] | null;
  bundle: { serveUrl: string };
  slot: BrowserSlot;
  dir: string;
  signal: AbortSignal;
}

/** Remotion's cancel signal, fired by the session's AbortSignal. */
function cancelSignalFor(renderer: RemotionRenderer, signal: AbortSignal) {
  const { cancelSignal, cancel } = renderer.makeCancelSignal();
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', () => cancel(), { once: true });
  return cancelSignal;
}

async function prepare(session: ClassicSession) {
  const renderer = await import('@remotion/renderer');
  const template = getTemplate(session.props.template_id)!;
  const common = {
    serveUrl: session.bundle.serveUrl,
    inputProps: session.props as unknown as Record<string, unknown>,
    puppeteerInstance: session.slot.browser,
    browserExecutable: (await browserExecutable()) ?? null,
    chromeMode: 'headless-shell' as const,
    logLevel: 'error' as const,
    // Reported to remotion.pro only when a key is set (server/render/license.ts).
    licenseKey: remotionLicenseKey(),
  };
  const composition = await renderer.selectComposition({ ...common, id: template.compositionId });
  return { renderer, common, composition, cancelSignal: cancelSignalFor(renderer, session.signal) };
}

export type ClassicPrepared = Awaited<ReturnType<typeof prepare>>;

/** Selects the composition once (it opens a tab to evaluate calculateMetadata); the video and its thumbnail share it. */
export function prepareClassic(session: ClassicSession): Promise<ClassicPrepared> {
  return prepare(session);
}

/** Renders the session's video to `<dir>/video.mp4`. */
export async function renderVideoOnClassic(
  session: ClassicSession,
  prepared: ClassicPrepared,
  onProgress?: (progress: number) => void,
): Promise<{ videoPath: string }> {
  const { renderer, common, composition, cancelSignal } = prepared;
  const videoPath = path.join(session.dir, 'video.mp4');
  await renderer.renderMedia({
    ...common,
    composition,
    codec: 'h264',
    outputLocation: videoPath,
    scale: session.scale,
    frameRange: session.frameRange,
    concurrency: session.concurrency,
    x264Preset: session.x264Preset,
    pixelFormat: 'yuv420p',
    // Limited-range BT.709, what every player expects (JPEG frames would otherwise give full-range yuvj420p).
    colorSpace: 'bt709',
    crf: session.crf,
    imageFormat: 'jpeg',
    jpegQuality: 90,
    cancelSignal,
    timeoutInMilliseconds: 60_000,
    onProgress: ({ progress }) => onProgress?.(progress),
  });
  return { videoPath };
}

/** Draws one frame into `output`, as a JPEG or a PNG. */
export async function renderStillOnClassic(
  prepared: ClassicPrepared,
  still: { output: string; frame: number; scale: number; jpegQuality: number; format: 'jpeg' | 'png' },
): Promise<void> {
  const { renderer, common, composition, cancelSignal } = prepared;
  await renderer.renderStill({
    ...common,
    composition,
    output: still.output,
    frame: still.frame,
    imageFormat: still.format,
    ...(still.format === 'jpeg' ? { jpegQuality: still.jpegQuality } : {}),
    scale: still.scale,
    cancelSignal,
  });
}
