/**
 * `npm run build && npm run bench:publish`: how long the seed's request
 * takes from POST to `published`, over real HTTP against the production
 * build (`next start`, embedded PGlite, local storage, the embedded worker,
 * the default render engine), the way an API client sees it.
 *
 * The request is seeds/000's "Create Video" example with `length: "short"`
 * (a 15–17 s video at 720×1280). The server starts with a fresh data folder
 * and a bootstrapped API key; the bench waits for the worker's render warm-up,
 * publishes one video untimed (the first render of the process), then times
 * BENCH_RUNS (default 5) more, polling GET /api/v1/videos/{id} every 100 ms.
 * Printed per run: time to `processing`, time to `published`, the video's
 * length, and the realtime factor of the whole request.
 *
 * Uses the e2e tests' harness (tests/helpers/app-server.ts) to start the app.
 */
import os from 'node:os';
import { startApp } from '../../tests/helpers/app-server';
import { seedCreateVideoRequest } from '../../tests/helpers/seed-000';

const API_KEY = 'cwk_benchPublishKey0000000000000000000000';

type Video = { id: string; status: string; duration: number | null; url: string | null };

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...init?.headers } });
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${body.error?.message ?? ''}`);
  return body;
}

async function publishOnce(base: string): Promise<{ processingMs: number; publishedMs: number; duration: number }> {
  const request = JSON.parse(seedCreateVideoRequest) as { ai_messaging: { length: string } };
  request.ai_messaging.length = 'short';
  const start = performance.now();
  const created = await api<Video>(`${base}/api/v1/videos`, { method: 'POST', body: JSON.stringify(request) });
  let processingMs = NaN;
  for (;;) {
    const video = await api<Video>(`${base}/api/v1/videos/${created.id}`);
    const now = performance.now() - start;
    if (video.status === 'processing' && Number.isNaN(processingMs)) processingMs = now;
    if (video.status === 'published') return { processingMs, publishedMs: now, duration: video.duration ?? NaN };
    if (video.status === 'failed') throw new Error(`video ${video.id} failed: ${JSON.stringify(video)}`);
    if (now > 300_000) throw new Error(`video ${video.id} not published after 300 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const app = await startApp({
    BOOTSTRAP_EMAIL: 'bench@example.com',
    BOOTSTRAP_PASSWORD: 'bench-password-123',
    BOOTSTRAP_API_KEY: API_KEY,
  });
  try {
    console.log(`# bench:publish — ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
    // The worker opens its browser and tabs a few seconds after start (renderer.ts, scheduleRendererWarmUp).
    const ready = Date.now();
    while (!/render browser ready/.test(app.logs()) && Date.now() - ready < 60_000) await new Promise((r) => setTimeout(r, 250));
    const first = await publishOnce(app.url);
    console.log(`first video of the process (untimed): published in ${(first.publishedMs / 1000).toFixed(1)} s\n`);
    console.log('| run | POST → processing s | POST → published s | video s | realtime × |');
    console.log('|---|---|---|---|---|');
    const times: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const r = await publishOnce(app.url);
      times.push(r.publishedMs / 1000);
      console.log(
        `| ${i} | ${(r.processingMs / 1000).toFixed(2)} | ${(r.publishedMs / 1000).toFixed(1)} | ${r.duration.toFixed(1)} | ${(r.duration / (r.publishedMs / 1000)).toFixed(2)} |`,
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`\nmedian POST → published: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} s (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`);
  } finally {
    await app.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
