/**
 * The render pipeline's floor for `npm run bench:render`: a composition that
 * draws almost nothing (a solid colour and the frame number), so its frame
 * rate is what each engine's pipeline allows on this machine, whatever a
 * template draws: for `classic`, Chromium's screenshot path, the JPEG
 * hand-over and x264; for `web`, the canvas walk, the in-page encoder and
 * x264.
 *
 * It registers the compositions for `classic` and puts the same page API as
 * remotion/web-engine.ts on the page (renderVideo only), drawing this
 * composition whatever props it is given, so the bench drives it through
 * the production web engine (server/render/web-engine.ts) unchanged.
 */
import { renderMediaOnWeb } from '@remotion/web-renderer';
import React from 'react';
import { AbsoluteFill, Composition, registerRoot, useCurrentFrame } from 'remotion';
import type { WebEngineApi, WebVideoJob, WebVideoResult } from '../../../remotion/web-engine';
// The production page set-up (canvas reuse, usage events answered in the page); its API is replaced below.
import '../../../remotion/web-engine';

const Solid: React.FC = () => {
  const frame = useCurrentFrame();
  return (
    <AbsoluteFill
      style={{ background: '#1c1b3a', color: '#fff', fontSize: 96, fontFamily: 'sans-serif', justifyContent: 'center', alignItems: 'center' }}
    >
      {frame}
    </AbsoluteFill>
  );
};

const sizes = [
  [720, 1280],
  [1080, 1920],
] as const;

const Root: React.FC = () => (
  <>
    {sizes.map(([width, height]) => (
      <Composition key={width} id={`floor-${width}x${height}`} component={Solid} durationInFrames={300} fps={30} width={width} height={height} />
    ))}
  </>
);

const controllers = new Map<string, AbortController>();

async function renderVideo(id: string, job: WebVideoJob): Promise<WebVideoResult> {
  const controller = new AbortController();
  controllers.set(id, controller);
  const started = performance.now();
  try {
    const { getBlob, internalState } = await renderMediaOnWeb({
      composition: { id: 'floor', component: Solid, width: job.width, height: job.height, fps: 30, durationInFrames: job.frameRange[1] + 1 },
      container: 'mp4',
      videoCodec: 'h264',
      videoBitrate: job.bitrate,
      frameRange: job.frameRange,
      scale: job.scale,
      muted: true,
      signal: controller.signal,
      licenseKey: job.licenseKey,
      logLevel: 'error',
      pageResponsiveness: 'disabled',
      outputTarget: 'arraybuffer',
    });
    const blob = await getBlob();
    const res = await fetch(job.outputUrl, { method: 'PUT', body: blob });
    if (!res.ok) throw new Error(`upload failed: HTTP ${res.status}`);
    return {
      ok: true,
      frames: job.frameRange[1] - job.frameRange[0] + 1,
      bytes: blob.size,
      timings: { totalMs: performance.now() - started, drawMs: internalState.getCreateFrameTime(), encodeWaitMs: internalState.getAddSampleTime(), readyWaitMs: internalState.getWaitForReadyTime() },
    };
  } catch (err) {
    return { ok: false, kind: controller.signal.aborted ? 'cancelled' : 'composition', message: (err as Error).message, stack: null };
  } finally {
    controllers.delete(id);
  }
}

const api: WebEngineApi = {
  version: 1,
  renderVideo,
  renderStill: async () => ({ ok: false, kind: 'composition', message: 'the floor draws videos only', stack: null }),
  cancel: (id) => controllers.get(id)?.abort(),
};
window.clipwrightWebEngine = api;

registerRoot(Root);
