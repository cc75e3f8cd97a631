/**
 * Starts the production build (`npm start`'s scripts/start.mjs) on a free port with its own
 * DATA_DIR, for e2e tests over real HTTP. Requires `next build` first
 * (`npm run test:e2e` does it when missing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface AppServer {
  url: string;
  dataDir: string;
  logs: () => string;
  /** The launcher's process id (its children are the web processes when WEB_PROCESSES > 1). */
  pid: () => number | undefined;
  stop: () => Promise<void>;
  restart: (env?: Record<string, string>) => Promise<void>;
  cleanup: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitHealthy(url: string, child: ChildProcess, logs: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`app did not become healthy in ${timeoutMs} ms:\n${logs()}`);
}

/**
 * `nodeArgs` go before the launcher (e.g. `--cpu-prof`, which NODE_OPTIONS refuses); `node` is the
 * Node.js binary to serve with (default: the one running this).
 */
export async function startApp(env: Record<string, string> = {}, opts: { nodeArgs?: string[]; node?: string } = {}): Promise<AppServer> {
  if (!existsSync(path.resolve('.next/BUILD_ID'))) throw new Error('No production build: run `npm run build` first');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | undefined;
  let currentEnv = env;

  const launch = async () => {
    // What `npm start` runs (WEB_PROCESSES in env serves from that many processes).
    child = spawn(opts.node ?? process.execPath, [...(opts.nodeArgs ?? []), path.resolve('scripts/start.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        APP_URL: url,
        ...currentEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await waitHealthy(url, child, () => output);
  };

  const stop = async () => {
    if (child) await stopProcess(child);
  };

  await launch();
  return {
    url,
    dataDir,
    logs: () => output,
    pid: () => child?.pid,
    stop,
    restart: async (env2) => {
      await stop();
      if (env2) currentEnv = env2;
      await launch();
    },
    cleanup: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A bench server script on a free port (PORT in its env), once it prints `ready` on stdout; its
 * stdout is kept for `output()` (e.g. V8's --trace-gc-nvp lines).
 */
export async function startReadyServer(
  name: string,
  node: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(node, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, output: () => out };
}

/** SIGTERM, then SIGKILL if it has not exited after `killAfterMs`; resolves once it has exited. */
export function stopProcess(child: ChildProcess, killAfterMs = 10_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * `npm run worker` beside an app started with WORKER_MODE=off and a Postgres
 * DATABASE_URL (the production layout: renders and deliveries in a process of
 * their own): same env, same data folder (local storage), same APP_URL.
 */
export function startWorkerProcess(app: AppServer, env: Record<string, string>): { pid: () => number | undefined; logs: () => string; stop: () => Promise<void> } {
  if (!env.DATABASE_URL) throw new Error('a separate worker needs Postgres (DATABASE_URL): PGlite is one process');
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/worker.ts')], {
    env: { ...process.env, NODE_ENV: 'production', ...env, WORKER_MODE: 'embedded', DATA_DIR: app.dataDir, APP_URL: app.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return {
    pid: () => child.pid,
    logs: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A minimal cookie jar for driving next-auth over HTTP. */
export class CookieJar {
  private cookies = new Map<string, string>();

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const idx = pair!.indexOf('=');
      const name = pair!.slice(0, idx).trim();
      const value = pair!.slice(idx + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  has(prefix: string) {
    return [...this.cookies.keys()].some((k) => k.includes(prefix));
  }
}

/** Signs in through next-auth's credentials flow (CSRF token + callback) and returns the session cookies. */
export async function signInOverHttp(url: string, email: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrfRes = await fetch(`${url}/api/auth/csrf`);
  jar.store(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${url}/dashboard` }),
  });
  jar.store(res);
  return jar;
}

/** Calls a tRPC procedure over HTTP (superjson, non-batched). */
export async function trpcCall(url: string, jar: CookieJar, path: string, input: unknown, type: 'query' | 'mutation') {
  const body = JSON.stringify({ json: input });
  const res =
    type === 'mutation'
      ? await fetch(`${url}/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: jar.header() },
          body,
        })
      : await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers: { cookie: jar.header() } });
  const json = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; code: number; data: { code: string } } } };
  return { status: res.status, data: json.result?.data.json as any, error: json.error?.json };
}
