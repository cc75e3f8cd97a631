/**
 * Upload benchmark: a large chunked upload (default 500 MB of random bytes
 * as video/mp4) over real HTTP against the production build (`next start`),
 * measuring throughput and the server's memory (VmRSS sampled every 50 ms
 * over the server's whole process tree, and VmHWM) before, during and after.
 * Memory must stay flat: APPEND streams each segment to storage.
 *
 *   npm run build && npm run bench:upload -- [--mb 500] [--segment-mb 5] [--mode multipart|raw] [--parallel 1]
 *
 * The random bytes are not a playable video: processing assembles the
 * segments (also timed) and then fails at ffprobe, as it should.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processTree, statusKb } from './proc';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const totalMb = Number(arg('mb', '500'));
const segmentMb = Number(arg('segment-mb', '5'));
const mode = arg('mode', 'multipart') as 'multipart' | 'raw';
const parallel = Number(arg('parallel', '1'));
const totalBytes = Math.round(totalMb * 1024 * 1024);
const segmentBytes = Math.min(5 * 1024 * 1024, Math.round(segmentMb * 1024 * 1024));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const mb = (kb: number) => Math.round(kb / 1024);

async function main() {
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` first');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cw-bench-upload-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const apiKey = `cwk_${randomBytes(30).toString('hex').slice(0, 40)}`;
  const child = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      APP_URL: url,
      LOG_LEVEL: 'warn',
      BOOTSTRAP_EMAIL: 'bench@example.com',
      BOOTSTRAP_PASSWORD: 'bench-password',
      BOOTSTRAP_API_KEY: apiKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (d) => (logs += d));
  child.stderr.on('data', (d) => (logs += d));
  const auth = { authorization: `Bearer ${apiKey}` };

  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${logs}`);
      try {
        if ((await fetch(`${url}/api/health`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 240) throw new Error(`server not healthy:\n${logs}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // One small upload first, so every code path is loaded before the baseline is taken.
    const warm = await fetch(`${url}/api/ads/1.1/media/upload`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'INIT', total_bytes: '10', media_type: 'video/mp4' }),
    });
    const warmId = ((await warm.json()) as { media_id_string: string }).media_id_string;
    await fetch(`${url}/api/ads/1.1/media/upload?command=APPEND&media_id=${warmId}&segment_index=0`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(10),
    });

    const pid = child.pid!;
    const tree = () => processTree(pid);
    const rssNow = () => tree().reduce((s, p) => s + statusKb(p, 'VmRSS'), 0);
    await new Promise((r) => setTimeout(r, 1000));
    const baseline = rssNow();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssNow())), 50);

    const init = await fetch(`${url}/api/ads/1.1/media/upload`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'INIT', total_bytes: String(totalBytes), media_type: 'video/mp4', media_category: 'amplify_video' }),
    });
    if (!init.ok) throw new Error(`INIT ${init.status}: ${await init.text()}`);
    const mediaId = ((await init.json()) as { media_id_string: string }).media_id_string;
    const segments = Math.ceil(totalBytes / segmentBytes);
    // One random block, varied per segment: generating 500 MB of fresh randomness would time the generator.
    const block = randomBytes(segmentBytes);
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const index = next++;
        if (index >= segments) return;
        const size = Math.min(segmentBytes, totalBytes - index * segmentBytes);
        const bytes = Buffer.from(block.subarray(0, size));
        bytes.writeUInt32BE(index, 0);
        const qs = new URLSearchParams({ command: 'APPEND', media_id: mediaId, segment_index: String(index) });
        let res: Response;
        if (mode === 'raw') {
          res = await fetch(`${url}/api/ads/1.1/media/upload?${qs}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/octet-stream' },
            body: new Uint8Array(bytes),
          });
        } else {
          const form = new FormData();
          for (const [k, v] of qs) form.append(k, v);
          form.append('media', new Blob([new Uint8Array(bytes)]), 'blob');
          res = await fetch(`${url}/api/ads/1.1/media/upload`, { method: 'POST', headers: auth, body: form });
        }
        if (res.status !== 204) throw new Error(`APPEND ${index}: ${res.status} ${await res.text()}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    const uploadMs = performance.now() - started;
    const peakDuringUpload = peak;

    const fin = await fetch(`${url}/api/ads/1.1/media/upload`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'FINALIZE', media_id: mediaId }),
    });
    if (!fin.ok) throw new Error(`FINALIZE ${fin.status}: ${await fin.text()}`);
    const finalizedAt = performance.now();
    let state = '';
    let error = '';
    for (;;) {
      const s = (await (await fetch(`${url}/api/ads/1.1/media/upload?command=STATUS&media_id=${mediaId}`, { headers: auth })).json()) as {
        processing_info?: { state: string; error?: { name: string } };
      };
      state = s.processing_info?.state ?? '';
      if (state === 'succeeded' || state === 'failed') {
        error = s.processing_info?.error?.name ?? '';
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const processMs = performance.now() - finalizedAt;
    clearInterval(sampler);
    const hwm = Math.max(...tree().map((p) => statusKb(p, 'VmHWM')));
    const after = rssNow();

    const result = {
      machine: { nproc: os.cpus().length, memGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version },
      settings: { totalMb, segmentMb: segmentBytes / 1024 / 1024, segments, mode, parallel, storage: 'local', database: 'PGlite (embedded)' },
      upload: { seconds: +(uploadMs / 1000).toFixed(2), mbPerSecond: +(totalBytes / 1024 / 1024 / (uploadMs / 1000)).toFixed(1) },
      finalizeToProcessed: { seconds: +(processMs / 1000).toFixed(2), state, error },
      serverRssMb: { baseline: mb(baseline), peakDuringUpload: mb(peakDuringUpload), peakOverall: mb(peak), after: mb(after), vmHwmLargestProcess: mb(hwm) },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
