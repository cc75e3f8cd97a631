/**
 * `npm run bench:render`: how fast and how heavy a render is on this machine.
 *
 * Renders the 15 s ("short") version of the reference template
 * (tmpl_welcome_message, the seed's Sarah data) at each aspect ratio and
 * size, cold (first render of the process: browser start, bundle check) and
 * warm, and prints per run: wall time, realtime factor (video seconds per wall
 * second), frames per second, time to first frame, thumbnail time, and the
 * peak RSS of the whole render (this Node process + Chromium + ffmpeg,
 * sampled from /proc every 100 ms), with the CPU seconds each kind of process
 * (Chromium's GPU, browser and renderer processes, Node, ffmpeg) spent. Then
 * the pipeline floor: a composition that draws nothing, at 720×1280 and
 * 1080×1920, to separate what the templates cost from what capturing a frame
 * costs on this machine; and what a page fault costs here (the floor's main
 * term under some hypervisors). Then a sweep of concurrency × x264 preset at
 * 720×1280 that picks the defaults.
 *
 * Options (env): BENCH_QUICK=1 (skip the sweep), BENCH_RUNS=n (warm runs per
 * case, default 1).
 */
import os from 'node:os';
import path from 'node:path';
import { FPS } from '../../remotion/formats';
import type { CompositionProps } from '../../remotion/props';
import { getTemplate } from '../../remotion/templates/registry';
import { writeBuiltinScript } from '../../server/messaging/service';
import { browserExecutable } from '../../server/render/browser';
import { closeSharedBrowser, renderVideoFiles, sharedRenderBrowser, type RenderSettings } from '../../server/render/renderer';
import { ensureRemotionBundle } from '../../server/render/bundle';
import { cpuSampler, pageFaultMicros, rssSampler } from './proc';

const customerData = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};

interface Result {
  label: string;
  size: string;
  settings: string;
  wallS: number;
  videoS: number;
  realtime: number;
  fps: number;
  firstFrameS: number;
  thumbS: number;
  peakRssMiB: number;
  cpuByKind: Map<string, number>;
}

async function renderOnce(
  label: string,
  aspect: CompositionProps['aspect_ratio'],
  resolution: CompositionProps['resolution'],
  settings: Partial<RenderSettings>,
): Promise<Result> {
  const script = writeBuiltinScript({
    templateId: 'tmpl_welcome_message',
    customerData,
    aiMessaging: { tone: 'friendly', length: 'short' },
  });
  const props: CompositionProps = {
    template_id: 'tmpl_welcome_message',
    customer_data: customerData,
    script,
    aspect_ratio: aspect,
    resolution,
    brand: { color: '#6D5EF7', logo: null },
  };
  const rss = rssSampler();
  const cpu = cpuSampler();
  const start = performance.now();
  let firstFrameAt = 0;
  const out = await renderVideoFiles({
    props,
    settings,
    onProgress: (p) => {
      if (!firstFrameAt && p > 0) firstFrameAt = performance.now();
    },
  });
  const wall = (performance.now() - start) / 1000;
  const peak = rss.stop();
  const cpuByKind = cpu.stop();
  await out.cleanup();
  return {
    label,
    size: `${out.width}×${out.height}`,
    settings: `c=${settings.concurrency} ${settings.x264Preset}`,
    wallS: wall,
    videoS: out.durationSeconds,
    realtime: out.durationSeconds / wall,
    fps: out.durationInFrames / ((out.timings.renderMs || 1) / 1000),
    firstFrameS: firstFrameAt ? (firstFrameAt - start) / 1000 : NaN,
    thumbS: out.timings.stillMs / 1000,
    peakRssMiB: peak / 1024 / 1024,
    cpuByKind,
  };
}

/** CPU seconds per kind of process, largest first. */
function cpuLine(byKind: Map<string, number>): string {
  return [...byKind]
    .filter(([, s]) => s >= 0.1)
    .map(([kind, s]) => `${kind} ${s.toFixed(1)}`)
    .join(', ');
}

/**
 * The capture pipeline's floor: a solid-colour composition (scripts/bench/floor)
 * through the renderer's own browser and settings. Whatever a template draws,
 * it cannot render faster than this on this machine.
 */
async function pipelineFloor(frames: number) {
  const { bundle } = await import('@remotion/bundler');
  const renderer = await import('@remotion/renderer');
  const serveUrl = await bundle({
    entryPoint: path.resolve('scripts/bench/floor/index.tsx'),
    outDir: path.join(os.tmpdir(), 'clipwright-bench-floor'),
  });
  const browser = await sharedRenderBrowser();
  const executable = (await browserExecutable()) ?? null;
  console.log('| composition | frames | wall s | fps | CPU s by process |');
  console.log('|---|---|---|---|---|');
  for (const id of ['floor-720x1280', 'floor-1080x1920']) {
    const common = {
      serveUrl,
      inputProps: {},
      puppeteerInstance: browser,
      browserExecutable: executable,
      chromeMode: 'headless-shell' as const,
      logLevel: 'error' as const,
    };
    const composition = await renderer.selectComposition({ ...common, id });
    const cpu = cpuSampler();
    const t0 = performance.now();
    await renderer.renderMedia({
      ...common,
      composition,
      codec: 'h264',
      outputLocation: path.join(os.tmpdir(), 'clipwright-bench-floor.mp4'),
      frameRange: [0, frames - 1],
      concurrency: 2,
      x264Preset: 'veryfast',
      pixelFormat: 'yuv420p',
      colorSpace: 'bt709',
      imageFormat: 'jpeg',
      jpegQuality: 90,
    });
    const wall = (performance.now() - t0) / 1000;
    console.log(`| ${id} (solid colour) | ${frames} | ${wall.toFixed(1)} | ${(frames / wall).toFixed(1)} | ${cpuLine(cpu.stop())} |`);
  }
}

function header() {
  console.log('| run | size | settings | wall s | video s | realtime × | fps | first frame s | thumbnail s | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
}

/** One table row, printed as soon as the run ends (long benchmarks show progress). */
function row(r: Result): Result {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  console.log(
    `| ${r.label} | ${r.size} | ${r.settings} | ${f(r.wallS)} | ${f(r.videoS)} | ${f(r.realtime, 2)} | ${f(r.fps, 0)} | ${f(r.firstFrameS, 2)} | ${f(r.thumbS, 2)} | ${f(r.peakRssMiB, 0)} |`,
  );
  return r;
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 1);
  console.log(`# bench:render — ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`template tmpl_welcome_message, length short, ${FPS} fps; template ${getTemplate('tmpl_welcome_message')?.name}`);
  const b0 = performance.now();
  const bundle = await ensureRemotionBundle();
  console.log(`bundle ready in ${((performance.now() - b0) / 1000).toFixed(1)} s (version ${bundle.version})`);
  console.log(`page fault: ${pageFaultMicros().toFixed(2)} µs per fresh 4 KiB page (bare metal: ~0.1–0.5)\n`);

  const base: Partial<RenderSettings> = { concurrency: 2, x264Preset: 'veryfast' };
  header();
  row(await renderOnce('cold', '9:16', 'standard', base));
  const warm: Result[] = [];
  for (const [aspect, res] of [
    ['9:16', 'standard'],
    ['16:9', 'standard'],
    ['1:1', 'standard'],
    ['9:16', 'hd'],
    ['16:9', 'hd'],
    ['1:1', 'hd'],
  ] as const) {
    for (let i = 0; i < runs; i++) warm.push(row(await renderOnce('warm', aspect, res, base)));
  }
  console.log('\nCPU seconds by process, warm runs:');
  for (const r of warm) console.log(`- ${r.size}: ${cpuLine(r.cpuByKind)}`);

  console.log('\n## Pipeline floor (nothing drawn), c=2 veryfast\n');
  await pipelineFloor(300);

  if (!process.env.BENCH_QUICK) {
    console.log('\n## Settings sweep, 720×1280 warm\n');
    header();
    const sweep: Result[] = [];
    for (const concurrency of [1, 2, 3].filter((c) => c <= os.cpus().length)) {
      for (const x264Preset of ['veryfast', 'medium'] as const) {
        sweep.push(row(await renderOnce('sweep', '9:16', 'standard', { concurrency, x264Preset })));
      }
    }
    const best = [...sweep].sort((a, b) => a.wallS - b.wallS)[0]!;
    console.log(`\nfastest: ${best.settings} (${best.wallS.toFixed(1)} s)`);
  }
  await closeSharedBrowser();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
