/**
 * `npm run build && npm run soak`: SOAK_MINUTES (default 20) of mixed work
 * against the production build (`npm start`, embedded PGlite by default or
 * SOAK_DATABASE_URL, local storage, the embedded worker, or with
 * SOAK_WORKER=process and Postgres a worker process of its own, the
 * production layout), all at once:
 *
 * - API load: SOAK_CLIENTS (default 6) clients in a loop, each request picked
 *   at random: GET one video, the video list (page 1 or a random page), the
 *   Ads API's library list, POST a draft, DELETE one of its drafts, a
 *   project create or list. The per-key budgets are raised: this is one key.
 * - Renders: a full-size seed video (`length: short`) every SOAK_RENDER_EVERY
 *   seconds (default 30), each followed to `published`.
 * - Uploads: every SOAK_UPLOAD_EVERY seconds (default 20) the first rendered
 *   MP4 is uploaded in two chunks (INIT, APPEND ×2, FINALIZE, STATUS until
 *   processed), added to the library, then deleted.
 * - Webhooks: an endpoint on a local receiver subscribed to every event
 *   (SOAK_WEBHOOK_EVENTS, comma-separated, narrows it: `video.published`);
 *   each delivery is verified with the `standardwebhooks` library.
 *
 * Counted as an error: any 5xx, a refused connection or timeout, an answer
 * other than the one the request must get, a render or upload that fails, a
 * webhook whose signature does not verify, a `video.published` that never
 * arrives. Printed per minute: requests, errors, p50 / p99, renders, uploads,
 * webhooks, and the RSS of the server process and of its whole tree
 * (Chromium included). At the end: the drift of p99 and of RSS between the
 * first minutes (after one of warm-up) and the last, and exit code 1 on any
 * error.
 */
import os from 'node:os';
import { Webhook } from 'standardwebhooks';
import { processTree, statusKb } from './bench/proc';
import { startApp, startWorkerProcess } from '../tests/helpers/app-server';
import { seedCreateVideoRequest } from '../tests/helpers/seed-000';
import { startReceiver } from '../tests/helpers/webhooks/receiver';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 20);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 6);
const RENDER_EVERY_S = Number(process.env.SOAK_RENDER_EVERY ?? 30);
const UPLOAD_EVERY_S = Number(process.env.SOAK_UPLOAD_EVERY ?? 20);
const API_KEY = 'cwk_soakTestKey00000000000000000000000000';

interface Minute {
  requests: number;
  errors: number;
  latencies: number[];
  /** Latencies by operation (`GET /api/v1/videos/:id`…), to tell which one drifts. */
  byOp: Map<string, number[]>;
  renders: number;
  uploads: number;
  webhooks: number;
  serverRss: number[];
  treeRss: number[];
}

const started = Date.now();
const minutes: Minute[] = [];
const errors: string[] = [];
const minute = (): Minute => {
  const i = Math.floor((Date.now() - started) / 60_000);
  while (minutes.length <= i) minutes.push({ requests: 0, errors: 0, latencies: [], byOp: new Map(), renders: 0, uploads: 0, webhooks: 0, serverRss: [], treeRss: [] });
  return minutes[i]!;
};
const fail = (what: string) => {
  minute().errors++;
  if (errors.length < 50) errors.push(`${new Date().toISOString()} ${what}`);
};
const done = () => Date.now() - started >= MINUTES * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let base = '';

/** One API request, timed and checked: `expect` lists the statuses it may get. */
async function api(method: string, path: string, opts: { json?: unknown; form?: Record<string, string>; body?: BodyInit; expect?: number[]; timed?: boolean } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const m = minute();
    if (opts.timed !== false) {
      const ms = performance.now() - t0;
      const op = `${method} ${path.replace(/\?.*$/, '').replace(/(vid|proj)_[a-z0-9]+/g, ':id').replace(/\/accounts\/[^/]+/, '/accounts/:id')}`;
      m.requests++;
      m.latencies.push(ms);
      const list = m.byOp.get(op);
      if (list) list.push(ms);
      else m.byOp.set(op, [ms]);
    }
    if (!(opts.expect ?? [200]).includes(res.status)) {
      fail(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return null;
    }
    return text ? JSON.parse(text) : {};
  } catch (err) {
    fail(`${method} ${path}: ${(err as Error).message}`);
    return null;
  }
}

async function apiClient(accountId: string, seed: number) {
  const mine: string[] = [];
  let n = seed;
  while (!done()) {
    const pick = (n = (n * 1103515245 + 12345) % 2 ** 31) % 100;
    if (pick < 30 && mine.length) await api('GET', `/api/v1/videos/${mine[pick % mine.length]}`);
    else if (pick < 50) await api('GET', `/api/v1/videos?limit=20&page=${1 + (pick % 5)}`);
    else if (pick < 62) await api('GET', `/api/ads/3/accounts/${accountId}/videos?count=20`);
    else if (pick < 80) {
      const draft = await api('POST', '/api/v1/videos', {
        json: { title: `Soak ${n}`, template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sam', company: 'Soak Co' }, draft: true },
        expect: [201],
      });
      if (draft?.id) mine.push(draft.id);
    } else if (pick < 88 && mine.length > 20) await api('DELETE', `/api/v1/videos/${mine.shift()}`, { expect: [204] });
    else if (pick < 94) await api('GET', '/api/v1/projects');
    else await api('POST', '/api/v1/projects', { json: { name: `Soak project ${n}` }, expect: [201] });
  }
}

async function waitForVideo(id: string): Promise<{ status: string; url: string | null } | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < 300_000) {
    const video = await api('GET', `/api/v1/videos/${id}`, { timed: false });
    if (!video) return null;
    if (video.status === 'published' || video.status === 'failed') return video;
    await sleep(500);
  }
  fail(`video ${id} not published in 300 s`);
  return null;
}

let firstMp4: Buffer | null = null;
const published: string[] = [];

async function renderLoop() {
  const request = JSON.parse(seedCreateVideoRequest) as { ai_messaging: { length: string } };
  request.ai_messaging.length = 'short';
  while (!done()) {
    const t0 = Date.now();
    const created = await api('POST', '/api/v1/videos', { json: request, expect: [201], timed: false });
    const video = created?.id ? await waitForVideo(created.id) : null;
    if (video?.status === 'failed') fail(`render of ${created.id} failed: ${JSON.stringify(video)}`);
    else if (video?.status === 'published') {
      minute().renders++;
      published.push(created.id);
      if (!firstMp4 && video.url) firstMp4 = Buffer.from(await (await fetch(video.url)).arrayBuffer());
    }
    await sleep(Math.max(0, RENDER_EVERY_S * 1000 - (Date.now() - t0)));
  }
}

async function uploadLoop(accountId: string) {
  while (!firstMp4 && !done()) await sleep(1000);
  while (!done()) {
    const t0 = Date.now();
    const bytes = firstMp4!;
    const init = await api('POST', '/api/ads/1.1/media/upload', {
      form: { command: 'INIT', total_bytes: String(bytes.length), media_type: 'video/mp4', media_category: 'amplify_video' },
      expect: [202, 200, 201],
      timed: false,
    });
    const mediaId: string | undefined = init?.media_id_string;
    if (mediaId) {
      const half = Math.ceil(bytes.length / 2);
      let ok = true;
      for (const [index, part] of [bytes.subarray(0, half), bytes.subarray(half)].entries()) {
        const form = new FormData();
        form.set('command', 'APPEND');
        form.set('media_id', mediaId);
        form.set('segment_index', String(index));
        form.set('media', new Blob([new Uint8Array(part)]));
        ok = (await api('POST', '/api/ads/1.1/media/upload', { body: form, expect: [204, 200], timed: false })) !== null && ok;
      }
      const fin = ok ? await api('POST', '/api/ads/1.1/media/upload', { form: { command: 'FINALIZE', media_id: mediaId }, expect: [200, 201], timed: false }) : null;
      let state = fin?.processing_info?.state ?? (fin ? 'succeeded' : 'failed');
      const t1 = Date.now();
      while ((state === 'pending' || state === 'in_progress') && Date.now() - t1 < 120_000) {
        await sleep(1000);
        const status = await api('GET', `/api/ads/1.1/media/upload?command=STATUS&media_id=${mediaId}`, { timed: false });
        state = status?.processing_info?.state ?? 'failed';
      }
      if (state !== 'succeeded') fail(`upload ${mediaId} ended ${state}`);
      else {
        const added = await api('POST', `/api/ads/3/accounts/${accountId}/videos`, { form: { video_media_id: mediaId, title: 'Soak upload' }, expect: [201], timed: false });
        if (added?.data?.id) await api('DELETE', `/api/ads/3/accounts/${accountId}/videos/${added.data.id}`, { timed: false });
        minute().uploads++;
      }
    }
    await sleep(Math.max(0, UPLOAD_EVERY_S * 1000 - (Date.now() - t0)));
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const median = (values: number[]) => percentile(values, 50);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

async function main() {
  const receiver = await startReceiver();
  const separateWorker = process.env.SOAK_WORKER === 'process';
  const env: Record<string, string> = {
    BOOTSTRAP_EMAIL: 'soak@example.com',
    BOOTSTRAP_PASSWORD: 'soak-password-123456',
    BOOTSTRAP_API_KEY: API_KEY,
    API_RATE_LIMIT_PER_MINUTE: '100000000',
    ADS_RATE_LIMIT_PER_MINUTE: '1000000',
    MEDIA_UPLOAD_RATE_LIMIT_PER_MINUTE: '1000000',
    ALLOW_PRIVATE_NETWORK_TARGETS: 'true',
    LOG_LEVEL: 'warn',
    ...(process.env.SOAK_DATABASE_URL ? { DATABASE_URL: process.env.SOAK_DATABASE_URL } : {}),
  };
  const app = await startApp(separateWorker ? { ...env, WORKER_MODE: 'off' } : env);
  const worker = separateWorker ? startWorkerProcess(app, env) : undefined;
  base = app.url;
  const pid = app.pid()!;
  const sampler = setInterval(() => {
    const m = minute();
    m.serverRss.push(statusKb(pid, 'VmRSS') * 1024);
    // The whole tree: the server's, and the worker's (its Chromium included) when it runs apart.
    const roots = [pid, worker?.pid()].filter((p): p is number => !!p);
    m.treeRss.push(roots.flatMap((root) => processTree(root)).reduce((sum, p) => sum + statusKb(p, 'VmRSS') * 1024, 0));
  }, 5_000);
  try {
    console.log(
      `# soak — ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`,
    );
    console.log(
      `${MINUTES} min; ${CLIENTS} API clients; a render every ${RENDER_EVERY_S} s; an upload every ${UPLOAD_EVERY_S} s; database: ${process.env.SOAK_DATABASE_URL ? 'Postgres' : 'PGlite (embedded)'}; worker: ${separateWorker ? 'a process of its own (npm run worker)' : 'embedded in the server'}\n`,
    );
    const accounts = await api('GET', '/api/ads/3/accounts', { timed: false });
    const accountId: string = accounts.data[0].id;
    const hook = await api('POST', '/api/v1/webhooks', { json: { url: receiver.url, events: (process.env.SOAK_WEBHOOK_EVENTS ?? '*').split(',') }, expect: [201], timed: false });
    const verifier = new Webhook(hook.secret);
    let verified = 0;
    const seen = new Set<string>();
    receiver.respond((req) => {
      try {
        const payload = verifier.verify(req.body, req.headers) as { type: string; data: { video?: { id: string } } };
        verified++;
        minute().webhooks++;
        if (payload.type === 'video.published' && payload.data.video) seen.add(payload.data.video.id);
      } catch (err) {
        fail(`webhook signature: ${(err as Error).message}`);
      }
      return { status: 200, body: 'ok' };
    });

    const printer = setInterval(() => {
      const i = Math.floor((Date.now() - started) / 60_000) - 1;
      const m = minutes[i];
      if (!m) return;
      console.log(
        `| ${i + 1} | ${m.requests} | ${m.errors} | ${median(m.latencies).toFixed(0)} | ${percentile(m.latencies, 99).toFixed(0)} | ${m.renders} | ${m.uploads} | ${m.webhooks} | ${mb(median(m.serverRss))} | ${mb(median(m.treeRss))} |`,
      );
    }, 60_000);
    console.log('| minute | API requests | errors | p50 ms | p99 ms | renders | uploads | webhooks | server RSS MB | tree RSS MB |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    await Promise.all([...Array.from({ length: CLIENTS }, (_, i) => apiClient(accountId, i + 1)), renderLoop(), uploadLoop(accountId)]);
    clearInterval(printer);

    // Every published video's event reaches the receiver (retries included) within a minute.
    const deadline = Date.now() + 60_000;
    while (published.some((id) => !seen.has(id)) && Date.now() < deadline) await sleep(500);
    const missing = published.filter((id) => !seen.has(id));
    if (missing.length) fail(`video.published never delivered for ${missing.join(', ')}`);

    const full = minutes.slice(0, MINUTES);
    const window = Math.max(1, Math.min(5, Math.floor((MINUTES - 1) / 2)));
    const early = full.slice(1, 1 + window);
    const late = full.slice(-window);
    const p99 = (ms: Minute[]) => percentile(ms.flatMap((m) => m.latencies), 99);
    const rss = (ms: Minute[], pick: (m: Minute) => number[]) => median(ms.flatMap(pick));
    const totalErrors = minutes.reduce((s, m) => s + m.errors, 0);
    const drift = (a: number, b: number) => `${((100 * (b - a)) / a).toFixed(1)} %`;
    console.log(`\nrequests: ${minutes.reduce((s, m) => s + m.requests, 0)}; renders published: ${published.length}; uploads: ${minutes.reduce((s, m) => s + m.uploads, 0)}; webhooks verified: ${verified}`);
    console.log(`errors: ${totalErrors}`);
    console.log(`p99: minutes 2–${1 + window} ${p99(early).toFixed(0)} ms → last ${window} ${p99(late).toFixed(0)} ms (${drift(p99(early), p99(late))})`);
    console.log(
      `server RSS (median): ${mb(rss(early, (m) => m.serverRss))} MB → ${mb(rss(late, (m) => m.serverRss))} MB (${drift(rss(early, (m) => m.serverRss), rss(late, (m) => m.serverRss))})`,
    );
    console.log(
      `tree RSS (median, Chromium included): ${mb(rss(early, (m) => m.treeRss))} MB → ${mb(rss(late, (m) => m.treeRss))} MB (${drift(rss(early, (m) => m.treeRss), rss(late, (m) => m.treeRss))})`,
    );
    const ops = [...new Set(full.flatMap((m) => [...m.byOp.keys()]))].sort();
    console.log(`\n| operation | requests | p50 ms, minutes 2–${1 + window} | p50 ms, last ${window} | p99 ms, minutes 2–${1 + window} | p99 ms, last ${window} |`);
    console.log('|---|---|---|---|---|---|');
    for (const op of ops) {
      const of = (ms: Minute[]) => ms.flatMap((m) => m.byOp.get(op) ?? []);
      const n = full.reduce((sum, m) => sum + (m.byOp.get(op)?.length ?? 0), 0);
      console.log(
        `| ${op} | ${n} | ${median(of(early)).toFixed(0)} | ${median(of(late)).toFixed(0)} | ${percentile(of(early), 99).toFixed(0)} | ${percentile(of(late), 99).toFixed(0)} |`,
      );
    }
    if (errors.length) console.log(`\nfirst errors:\n${errors.join('\n')}`);
    process.exitCode = totalErrors > 0 ? 1 : 0;
  } finally {
    clearInterval(sampler);
    await worker?.stop();
    await app.cleanup();
    await receiver.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
