/**
 * A loopback HTTP server for the `web` engine's pages: serves the Remotion
 * bundle folder (the same files the `classic` engine renders from) and takes
 * back what a page produces (an intermediate video, a still) and its progress.
 *
 * - Listens on 127.0.0.1 on a free port, one per process, started on first use.
 * - Uploads and progress go to one-off URLs under a random token that the
 *   engine registers before handing them to the page, so no other local
 *   process can write into a render, and a late upload from a cancelled
 *   render finds no token and is refused.
 * - Pages get a Content-Security-Policy that lets them reach this server and
 *   nothing else but remotion.pro: a template can neither fetch nor embed
 *   anything from outside (customer data never leaves the machine), while
 *   @remotion/web-renderer's usage event, which Remotion's license asks for
 *   and which carries no content of the video (README, "Remotion license"),
 *   goes out; it is never awaited, so an offline machine renders the same.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errorFields, logger } from '../lib/logger';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** Where an upload under a token goes, and what progress reports call. */
type Slot = {
  files: Map<string, string>;
  onProgress?: (progress: number) => void;
};

export type BundleServer = {
  origin: string;
  /** Serves `dir` (a bundle folder) under /b/<version>/. */
  urlFor: (dir: string, version: string) => string;
  /**
   * Registers one-off upload URLs for `files` (name → absolute path) and a
   * progress URL. `release` unregisters them (late uploads then get 410).
   */
  openSlot: (
    files: Record<string, string>,
    onProgress?: (progress: number) => void,
  ) => {
    uploadUrl: (name: string) => string;
    progressUrl: string;
    release: () => void;
  };
  close: () => Promise<void>;
};

const g = globalThis as unknown as { __clipwrightBundleServer?: Promise<BundleServer> };

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' data: blob:",
  "connect-src 'self' https://www.remotion.pro data: blob:",
  "worker-src 'self' blob:",
].join('; ');

async function startServer(): Promise<BundleServer> {
  const roots = new Map<string, string>();
  const slots = new Map<string, Slot>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    const fail = (status: number, message: string) => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(message);
    };
    if (parts[0] === 'out' && parts.length === 3 && req.method === 'PUT') {
      const slot = slots.get(parts[1]!);
      const name = parts[2]!;
      const file = slot?.files.get(name);
      if (!slot || !file) return fail(410, 'gone');
      // The page awaits this answer, so once it returns, the file is complete on disk.
      pipeline(req, createWriteStream(/*turbopackIgnore: true*/ file))
        .then(() => res.writeHead(204).end())
        .catch((err: unknown) => {
          // The page reports only the status; the cause (a vanished folder, a full disk, a dropped upload) is here.
          logger.warn('a render page could not hand its output back', { name, file, ...errorFields(err) });
          fail(500, 'write failed');
        });
      return;
    }
    if (parts[0] === 'progress' && parts.length === 2 && req.method === 'POST') {
      const slot = slots.get(parts[1]!);
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c.slice(0, 32)));
      req.on('end', () => {
        const value = Number(body);
        if (slot && Number.isFinite(value)) slot.onProgress?.(Math.min(1, Math.max(0, value)));
        res.writeHead(slot ? 204 : 410).end();
      });
      return;
    }
    if (parts[0] === 'b' && parts.length >= 2 && (req.method === 'GET' || req.method === 'HEAD')) {
      const root = roots.get(parts[1]!);
      if (!root) return fail(404, 'unknown bundle');
      const rel = parts.slice(2).map(decodeURIComponent).join('/') || 'index.html';
      const file = path.resolve(root, rel);
      if (file !== root && !file.startsWith(root + path.sep)) return fail(403, 'forbidden');
      stat(/*turbopackIgnore: true*/ file)
        .then((st) => {
          if (!st.isFile()) return fail(404, 'not found');
          const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
          res.writeHead(200, {
            'content-type': type,
            'content-length': st.size,
            'cache-control': rel === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
            ...(type.startsWith('text/html') ? { 'content-security-policy': CSP } : {}),
          });
          if (req.method === 'HEAD') return res.end();
          createReadStream(/*turbopackIgnore: true*/ file).on('error', () => res.destroy()).pipe(res);
        })
        .catch(() => fail(404, 'not found'));
      return;
    }
    fail(404, 'not found');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    urlFor: (dir, version) => {
      roots.set(version, path.resolve(dir));
      return `${origin}/b/${version}/index.html`;
    },
    openSlot: (files, onProgress) => {
      const token = randomBytes(16).toString('hex');
      const slot: Slot = { files: new Map(Object.entries(files)), onProgress };
      slots.set(token, slot);
      return {
        uploadUrl: (name) => `${origin}/out/${token}/${encodeURIComponent(name)}`,
        progressUrl: `${origin}/progress/${token}`,
        release: () => {
          slots.delete(token);
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The process's bundle server (started on first use). */
export function bundleServer(): Promise<BundleServer> {
  g.__clipwrightBundleServer ??= startServer().catch((err) => {
    g.__clipwrightBundleServer = undefined;
    throw err;
  });
  return g.__clipwrightBundleServer;
}
