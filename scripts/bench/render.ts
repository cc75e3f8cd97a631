/**
 * `npm run bench:render`: the two render engines side by side, on this
 * machine, in one run.
 *
 * The 15 s ("short") version of the reference template
 * (tmpl_welcome_message, the seed's Sarah data) is rendered through the
 * production code path (renderVideoFiles: shared Chromium from
 * @sparticuz/chromium, RENDER_CONCURRENCY tabs, x264 veryfast CRF 23,
 * BT.709, thumbnail) by `classic` (a screenshot per frame) and `web` (the
 * canvas engine), interleaved: every run alternates which engine goes first,
 * so a busy moment of the machine hits both alike. Per render: wall time,
 * realtime factor (video seconds per wall second), frames per second, the
 * CPU seconds of each kind of process (Chromium's renderers, GPU and browser
 * processes, Node, ffmpeg), the peak memory of the whole tree (PSS, each
 * shared page counted once, and the RSS sum, which counts Chromium's shared
 * pages once per process), and for `web` the drawing and x264 shares. Then the medians and
 * the speed-up, and the pipeline floor of both engines: a composition that
 * draws nothing (scripts/bench/floor), which separates what the templates
 * cost from what each pipeline costs. The machine line includes what a page
 * fault costs here, which both pipelines pay for every frame-sized buffer.
 *
 * Every change to the web engine is measured side by side with the engine
 * it replaces, interleaved in one run:
 *
 * - `web-x264`: the web engine as it was before its H.264 from the browser
 *   was published as it is: that stream re-encoded by x264 (veryfast, CRF
 *   23, BT.709), RENDER_WEB_ENCODER=x264.
 * - `web-before` (BENCH_BEFORE=1): older still, @remotion/web-renderer as
 *   published, without the patches of server/render/web-renderer-loader.cjs
 *   (a second bundle is built for it in a temp folder), with x264.
 * - `web@<commit>` (BENCH_BEFORE=<git ref>, e.g. HEAD or a commit): the page
 *   side of the web engine as it is at that commit (its templates, remotion/,
 *   and its loader patches), bundled from `git archive` of that commit in a
 *   temp folder, drawn by this checkout's server side with the browser's
 *   H.264, like `web`. How a change to the templates or the patches is
 *   measured against the code before it, before it is committed.
 *
 * Quality: each size is first rendered once, untimed, as near-lossless VP9
 * from the same frames (the web engine's `reference` encoder); every
 * render's PSNR against it (RGB, as a player shows it) and its bitrate are
 * listed, so a faster render that looks worse or weighs more shows it.
 *
 * Options (env): BENCH_RUNS=n (runs per engine and case, default 3),
 * BENCH_ALL=1 (also 16:9, 1:1 and 1080×1080), BENCH_FLOOR=0 (skip the floor),
 * BENCH_BEFORE=1 (add `web-before`) or BENCH_BEFORE=<git ref> (add
 * `web@<commit>`), BENCH_X264=0 (skip `web-x264`), BENCH_CLASSIC=0 (skip `classic`),
 * BENCH_HD=0 (720×1280 only).
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FPS } from '../../remotion/formats';
import type { CompositionProps } from '../../remotion/props';
import { writeBuiltinScript } from '../../server/messaging/service';
import { acquireBrowser, browserExecutable } from '../../server/render/browser';
import { ensureRemotionBundle, type RemotionBundle } from '../../server/render/bundle';
import {
  closeSharedBrowser,
  DEFAULT_RENDER_CONCURRENCY,
  DEFAULT_X264_PRESET,
  RENDER_CRF,
  type RenderEngine,
  renderVideoFiles,
} from '../../server/render/renderer';
import { drainPagePool } from '../../server/render/page-pool';
import { renderVideoOnWeb, warmWebEngine } from '../../server/render/web-engine';
import { cpuReferenceMs, cpuSampler, pageFaultMicros, pssSampler, rssSampler } from './proc';
import { type Psnr, psnr } from './quality';

const customerData = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};

type Case = { aspect: CompositionProps['aspect_ratio']; resolution: CompositionProps['resolution'] };

/** What is measured: an engine, and for the web engine's earlier versions how it encodes and the bundle it draws with. */
type Variant = 'classic' | 'web' | 'web-x264' | 'web-before';

/** BENCH_BEFORE=<git ref>: `web-before` is the page side at that commit (see the file header), else the unpatched library. */
const BEFORE = process.env.BENCH_BEFORE;
const beforeRef = BEFORE && BEFORE !== '1' && BEFORE !== '0' ? BEFORE : null;
let beforeLabel = 'web-before';

function webEncoderOf(v: Variant): 'browser' | 'x264' {
  return v === 'web' || (v === 'web-before' && beforeRef) ? 'browser' : 'x264';
}

/** How a variant is named in the tables. */
function labelOf(v: Variant): string {
  return v === 'web-before' ? beforeLabel : v;
}

/** The near-lossless VP9 of each size (see the file header), what PSNR is measured against. */
const references = new Map<string, string>();

let beforeBundle: RemotionBundle | null = null;

function engineOf(v: Variant): RenderEngine {
  return v === 'classic' ? 'classic' : 'web';
}

/** The bundle a variant draws with: `web-before` its own, the others the current one. */
function bundleOf(v: Variant): RemotionBundle | null {
  return v === 'web-before' ? beforeBundle : null;
}

interface Result {
  engine: Variant;
  size: string;
  wallS: number;
  videoS: number;
  fps: number;
  cpuS: number;
  cpuByKind: Map<string, number>;
  peakRssMiB: number;
  peakPssMiB: number;
  drawS: number | null;
  x264S: number | null;
  thumbS: number;
  mbps: number;
  psnr: Psnr | null;
}

function props(c: Case): CompositionProps {
  return {
    template_id: 'tmpl_welcome_message',
    customer_data: customerData,
    script: writeBuiltinScript({ templateId: 'tmpl_welcome_message', customerData, aiMessaging: { tone: 'friendly', length: 'short' } }),
    aspect_ratio: c.aspect,
    resolution: c.resolution,
    brand: { color: '#6D5EF7', logo: null },
  };
}

/**
 * Each engine is measured alone in the shared browser: before a classic
 * render the web engine's idle tabs are closed; before a web render they are
 * opened again and warmed with a short untimed render (fonts loaded, code
 * compiled), as tabs are in a worker that has rendered before. So neither
 * engine's memory or CPU figures include the other's tabs, and a web render
 * is timed as a warm worker runs it.
 */
async function isolate(variant: Variant, c: Case): Promise<void> {
  if (variant === 'classic') {
    await drainPagePool();
    return;
  }
  // Tabs hold one bundle: switching between web and web-before opens (and warms) new ones.
  const bundle = bundleOf(variant) ?? (await ensureRemotionBundle());
  const slot = await acquireBrowser();
  await warmWebEngine({ slot, bundle, concurrency: DEFAULT_RENDER_CONCURRENCY });
  // Two ranges of 45 frames: one for each tab.
  const warmUp = await renderVideoFiles({
    props: props(c),
    settings: { engine: 'web', frameRange: [0, 89], bundle: bundleOf(variant), webEncoder: webEncoderOf(variant) },
    skipThumbnail: true,
  });
  await warmUp.cleanup();
}

async function renderOnce(variant: Variant, c: Case, warm = true): Promise<Result> {
  const engine = engineOf(variant);
  if (warm) await isolate(variant, c);
  // Sampling costs CPU on the 2 cores being measured: RSS every 250 ms, PSS every second.
  const rss = rssSampler(process.pid, 250);
  const pss = pssSampler(process.pid, 1000);
  const cpu = cpuSampler(process.pid, 250);
  const start = performance.now();
  const out = await renderVideoFiles({ props: props(c), settings: { engine, bundle: bundleOf(variant), webEncoder: webEncoderOf(variant) } });
  const wall = (performance.now() - start) / 1000;
  const peak = rss.stop();
  const peakPss = pss.stop();
  const cpuByKind = cpu.stop();
  const reference = references.get(sizeOf(c));
  const quality = reference ? await psnr(reference, out.videoPath, out.width, out.height) : null;
  await out.cleanup();
  if (out.engine !== engine) throw new Error(`asked for ${engine}, rendered with ${out.engine}`);
  return {
    engine: variant,
    size: `${out.width}×${out.height}`,
    wallS: wall,
    videoS: out.durationSeconds,
    fps: out.durationInFrames / wall,
    cpuS: [...cpuByKind.values()].reduce((a, b) => a + b, 0),
    cpuByKind,
    peakRssMiB: peak / 2 ** 20,
    peakPssMiB: peakPss / 2 ** 20,
    drawS: out.timings.drawMs === undefined ? null : out.timings.drawMs / 1000,
    x264S: out.timings.transcodeMs === undefined ? null : out.timings.transcodeMs / 1000,
    thumbS: out.timings.stillMs / 1000,
    mbps: (out.sizeBytes * 8) / out.durationSeconds / 1e6,
    psnr: quality,
  };
}

/** Renders `c` once with the `reference` encoder (untimed) and keeps the file for PSNR. */
async function renderReference(c: Case): Promise<void> {
  const out = await renderVideoFiles({ props: props(c), settings: { engine: 'web', webEncoder: 'reference' }, skipThumbnail: true });
  const file = path.join(os.tmpdir(), `clipwright-bench-reference-${sizeOf(c)}.mp4`);
  await copyFile(out.videoPath, file);
  await out.cleanup();
  references.set(sizeOf(c), file);
}

const f = (n: number | null, d = 1) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(d));

/** CPU seconds per kind of process, largest first. */
function cpuLine(byKind: Map<string, number>): string {
  return [...byKind]
    .filter(([, s]) => s >= 0.1)
    .map(([kind, s]) => `${kind.replace('chromium ', '')} ${s.toFixed(1)}`)
    .join(', ');
}

function row(label: string, r: Result): Result {
  console.log(
    `| ${label} | ${r.size} | ${labelOf(r.engine)} | ${f(r.wallS)} | ${f(r.videoS / r.wallS, 2)} | ${f(r.fps, 0)} | ${f(r.drawS)} | ${f(r.x264S)} | ${f(r.thumbS, 2)} | ${f(r.cpuS)} (${cpuLine(r.cpuByKind)}) | ${f(r.peakPssMiB, 0)} / ${f(r.peakRssMiB, 0)} | ${f(r.mbps, 2)} | ${r.psnr ? `${f(r.psnr.overall, 1)} / ${f(r.psnr.min, 1)}` : '–'} |`,
  );
  return r;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The floor: a solid-colour composition (scripts/bench/floor) through both
 * engines' pipelines with the renderer's settings.
 */
async function pipelineFloor(frames: number) {
  const { bundle } = await import('@remotion/bundler');
  const renderer = await import('@remotion/renderer');
  const serveUrl = await bundle({
    entryPoint: path.resolve('scripts/bench/floor/index.tsx'),
    outDir: path.join(os.tmpdir(), 'clipwright-bench-floor'),
  });
  const slot = await acquireBrowser();
  const executable = (await browserExecutable()) ?? null;
  console.log('| engine | size | frames | wall s | fps | CPU s by process |');
  console.log('|---|---|---|---|---|---|');
  for (const [width, height] of [
    [720, 1280],
    [1080, 1920],
  ] as const) {
    const common = {
      serveUrl,
      inputProps: {},
      puppeteerInstance: slot.browser,
      browserExecutable: executable,
      chromeMode: 'headless-shell' as const,
      logLevel: 'error' as const,
    };
    const composition = await renderer.selectComposition({ ...common, id: `floor-${width}x${height}` });
    for (const engine of ['classic', 'web'] as const) {
      const cpu = cpuSampler();
      const t0 = performance.now();
      if (engine === 'classic') {
        await renderer.renderMedia({
          ...common,
          composition,
          codec: 'h264',
          outputLocation: path.join(os.tmpdir(), 'clipwright-bench-floor.mp4'),
          frameRange: [0, frames - 1],
          concurrency: DEFAULT_RENDER_CONCURRENCY,
          x264Preset: DEFAULT_X264_PRESET,
          pixelFormat: 'yuv420p',
          colorSpace: 'bt709',
          crf: RENDER_CRF,
          imageFormat: 'jpeg',
          jpegQuality: 90,
        });
      } else {
        const { mkdtemp, rm } = await import('node:fs/promises');
        const dir = await mkdtemp(path.join(os.tmpdir(), 'cw-render-floor-'));
        try {
          await renderVideoOnWeb({
            props: props({ aspect: '9:16', resolution: 'standard' }),
            width,
            height,
            fps: FPS,
            durationInFrames: frames,
            scale: 1,
            concurrency: DEFAULT_RENDER_CONCURRENCY,
            encoder: 'browser',
            x264Preset: DEFAULT_X264_PRESET,
            crf: RENDER_CRF,
            timeoutMs: 300_000,
            frameRange: [0, frames - 1],
            bundle: { serveUrl, version: 'bench-floor' },
            slot,
            dir,
            signal: new AbortController().signal,
          });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
      const wall = (performance.now() - t0) / 1000;
      console.log(`| ${engine} | ${width}×${height} | ${frames} | ${wall.toFixed(1)} | ${(frames / wall).toFixed(0)} | ${cpuLine(cpu.stop())} |`);
    }
  }
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const cases: Case[] = [
    { aspect: '9:16', resolution: 'standard' },
    ...(process.env.BENCH_HD === '0' ? [] : ([{ aspect: '9:16', resolution: 'hd' }] as Case[])),
    ...(process.env.BENCH_ALL
      ? ([
          { aspect: '16:9', resolution: 'standard' },
          { aspect: '1:1', resolution: 'standard' },
          { aspect: '1:1', resolution: 'hd' },
        ] as Case[])
      : []),
  ];
  console.log(
    `# bench:render — ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(`page fault: ${pageFaultMicros().toFixed(2)} µs per fresh 4 KiB page (bare metal: ~0.1–0.5); CPU reference: ${cpuReferenceMs().toFixed(0)} ms (scripts/bench/proc.ts, lower is faster)`);
  const b0 = performance.now();
  const bundle = await ensureRemotionBundle();
  console.log(`bundle ready in ${((performance.now() - b0) / 1000).toFixed(1)} s (template version ${bundle.version})`);
  const withBefore = process.env.BENCH_BEFORE === '1' || beforeRef !== null;
  const withClassic = process.env.BENCH_CLASSIC !== '0';
  const withX264 = process.env.BENCH_X264 !== '0';
  if (beforeRef) {
    beforeBundle = bundleAtCommit(beforeRef);
    beforeLabel = `web@${beforeBundle.version.slice('before-'.length)}`;
  } else if (withBefore) {
    // In a child process: webpack would leave this process (whose memory is measured) hundreds of MB larger.
    const outDir = path.join(os.tmpdir(), 'clipwright-bench-web-before');
    const t0 = performance.now();
    execFileSync(process.execPath, [...process.execArgv, 'scripts/bundle-remotion.ts', '--out', outDir, '--unpatched-web-renderer'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    beforeBundle = { serveUrl: outDir, version: `${bundle.version}-before` };
    console.log(
      `web-before: the same templates with @remotion/web-renderer as published (unpatched), bundled in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    `tmpl_welcome_message, length short (${FPS} fps); concurrency ${DEFAULT_RENDER_CONCURRENCY}; web: H.264 from the browser, published as it is; web-x264 and classic: x264 ${DEFAULT_X264_PRESET} CRF ${RENDER_CRF}; ${runs} runs per engine and size, interleaved`,
  );
  const r0 = performance.now();
  for (const c of cases) await renderReference(c);
  console.log(`quality reference (near-lossless VP9 of the same frames, untimed) rendered in ${((performance.now() - r0) / 1000).toFixed(1)} s; PSNR is RGB, overall / worst frame\n`);
  console.log('| run | size | engine | wall s | realtime × | fps | web: draw s | web: encode tail s | thumbnail s | CPU s (by process) | peak PSS / RSS MiB | Mbit/s | PSNR dB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  // Cold: the first render of the process (tabs opened, fonts loaded) for each engine.
  if (withClassic) row('cold', await renderOnce('classic', cases[0]!, false));
  row('cold', await renderOnce('web', cases[0]!, false));
  const results = new Map<string, Result[]>();
  const variants: Variant[] = [
    ...(withClassic ? (['classic'] as const) : []),
    ...(withBefore ? (['web-before'] as const) : []),
    ...(withX264 ? (['web-x264'] as const) : []),
    'web',
  ];
  for (const c of cases) {
    for (let i = 0; i < runs; i++) {
      // Each run rotates which variant goes first, so a busy moment of the machine hits all alike.
      const order = variants.map((_, k) => variants[(k + i) % variants.length]!);
      for (const variant of order) {
        const r = row(`warm ${i + 1}`, await renderOnce(variant, c));
        const key = `${sizeOf(c)} ${variant}`;
        results.set(key, [...(results.get(key) ?? []), r]);
      }
    }
  }
  console.log('\n## Medians\n');
  console.log('| size | variant | wall s | web vs it | realtime × | CPU s | web CPU vs it | peak PSS / RSS MiB | Mbit/s | PSNR dB (overall / worst frame) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    const web = results.get(`${sizeOf(c)} web`)!;
    const ws = median(web.map((r) => r.wallS));
    const wc = median(web.map((r) => r.cpuS));
    for (const variant of [...variants].reverse()) {
      const rs = results.get(`${sizeOf(c)} ${variant}`)!;
      const s = median(rs.map((r) => r.wallS));
      const cpu = median(rs.map((r) => r.cpuS));
      const q = rs.map((r) => r.psnr).filter((p): p is Psnr => !!p);
      console.log(
        `| ${sizeOf(c)} | ${labelOf(variant)} | ${f(s)} | ${variant === 'web' ? '–' : `${f(s / ws, 2)}× faster`} | ${f(rs[0]!.videoS / s, 2)} | ${f(cpu)} | ${variant === 'web' ? '–' : `${f((1 - wc / cpu) * 100, 0)} % less`} | ${f(Math.max(...rs.map((r) => r.peakPssMiB)), 0)} / ${f(Math.max(...rs.map((r) => r.peakRssMiB)), 0)} | ${f(median(rs.map((r) => r.mbps)), 2)} | ${q.length ? `${f(median(q.map((p) => p.overall)), 1)} / ${f(Math.min(...q.map((p) => p.min)), 1)}` : '–'} |`,
      );
    }
  }
  if (process.env.BENCH_FLOOR !== '0') {
    console.log('\n## Pipeline floor (a composition that draws nothing), both engines\n');
    await pipelineFloor(300);
  }
  await closeSharedBrowser();
}

/**
 * The page side of the web engine at `ref` (BENCH_BEFORE=<git ref>): that
 * commit's files from `git archive` in a temp folder sharing this checkout's
 * node_modules, bundled there by its own scripts/bundle-remotion.ts (its
 * remotion/ and its web-renderer loader), in a child process so webpack's
 * memory stays out of the measured tree.
 */
function bundleAtCommit(ref: string): RemotionBundle {
  const sha = execFileSync('git', ['rev-parse', '--short=10', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
  const tree = path.join(os.tmpdir(), `clipwright-bench-tree-${sha}`);
  const outDir = path.join(os.tmpdir(), `clipwright-bench-bundle-${sha}`);
  const t0 = performance.now();
  if (!existsSync(path.join(outDir, 'index.html'))) {
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    execSync(`git archive --format=tar ${sha} | tar -x -C ${JSON.stringify(tree)}`, { stdio: ['ignore', 'ignore', 'inherit'] });
    symlinkSync(path.resolve('node_modules'), path.join(tree, 'node_modules'), 'dir');
    execFileSync(process.execPath, [...process.execArgv, 'scripts/bundle-remotion.ts', '--out', outDir], {
      cwd: tree,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    rmSync(tree, { recursive: true, force: true });
  }
  console.log(`web@${sha}: the page side (templates, web-renderer patches) of ${ref}, bundled in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${outDir}`);
  return { serveUrl: outDir, version: `before-${sha}` };
}

function sizeOf(c: Case): string {
  const sizes = { standard: { '9:16': '720×1280', '16:9': '1280×720', '1:1': '720×720' }, hd: { '9:16': '1080×1920', '16:9': '1920×1080', '1:1': '1080×1080' } };
  return sizes[c.resolution][c.aspect];
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
