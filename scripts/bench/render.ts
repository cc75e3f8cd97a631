/**
 * `npm run bench:render`: how fast and how heavy a render is on this machine.
 *
 * Renders the 15 s ("short") version of the reference template
 * (tmpl_welcome_message, the seed's Sarah data) at each aspect ratio and
 * size, cold (first render of the process: browser start, bundle check) and
 * warm, and prints per run: wall time, realtime factor (video seconds per wall
 * second), frames per second, time to first frame, thumbnail time, and the
 * peak RSS of the whole render (this Node process + Chromium + ffmpeg,
 * sampled from /proc every 100 ms). Then a sweep of concurrency × x264 preset
 * at 720×1280 that picks the defaults.
 *
 * Options (env): BENCH_QUICK=1 (skip the sweep), BENCH_RUNS=n (warm runs per
 * case, default 1).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { FPS } from '../../remotion/formats';
import type { CompositionProps } from '../../remotion/props';
import { getTemplate } from '../../remotion/templates/registry';
import { writeBuiltinScript } from '../../server/messaging/service';
import { closeSharedBrowser, renderVideoFiles, type RenderSettings } from '../../server/render/renderer';
import { ensureRemotionBundle } from '../../server/render/bundle';

const customerData = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};

function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* process ended */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function sampler() {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(process.pid));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treeRssBytes(process.pid));
    },
  };
}

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
  const rss = sampler();
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
  };
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
  console.log(`bundle ready in ${((performance.now() - b0) / 1000).toFixed(1)} s (version ${bundle.version})\n`);

  const base: Partial<RenderSettings> = { concurrency: 2, x264Preset: 'veryfast' };
  header();
  row(await renderOnce('cold', '9:16', 'standard', base));
  for (const [aspect, res] of [
    ['9:16', 'standard'],
    ['16:9', 'standard'],
    ['1:1', 'standard'],
    ['9:16', 'hd'],
    ['16:9', 'hd'],
    ['1:1', 'hd'],
  ] as const) {
    for (let i = 0; i < runs; i++) row(await renderOnce('warm', aspect, res, base));
  }

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
