// One case of `npm run bench:gc` (scripts/bench/young-gen.ts): a bare node:http server whose every
// request builds the same small graph of objects (300 of them, each pointing at the request) and then
// does one thing Next.js or Node.js does per request (YOUNG_GEN_CASE). Run with --trace-gc-nvp: what
// matters is how much of each request's garbage a scavenge finds alive.
import http from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const CASE = process.env.YOUNG_GEN_CASE ?? 'nothing more';

/** @type {Record<string, (req: http.IncomingMessage, res: http.ServerResponse, graph: object[]) => void | Promise<void>>} */
const cases = {
  'nothing more': () => {},
  // A function made during the request, stored in a property of an object made during the request.
  'closure in a property': (_req, res, graph) => {
    const o = {};
    o.write = () => graph.length;
    res.o = o;
  },
  // Next.js's request store (app-route runtime) is such a literal, built for every request.
  'object literal with a getter': (_req, res, graph) => {
    res.o = { get cookies() { return graph; }, set cookies(v) {} };
  },
  // Next.js calls it for every request (the work store's runInCleanSnapshot).
  'AsyncLocalStorage.snapshot()': () => {
    AsyncLocalStorage.snapshot();
  },
  // Next.js builds its NextRequest with the response's abort signal.
  'new Request(url, { signal })': (req, res) => {
    const controller = new AbortController();
    res.once('close', () => controller.abort());
    res.r = new Request(`http://127.0.0.1${req.url}`, { headers: req.headers, signal: controller.signal });
  },
  // Next.js's router server makes it once and runs it for every request unless `compress: false`.
  'Next.js compression middleware': (req, res) => new Promise((resolve) => compression()(req, res, resolve)),
};

/** @type {undefined | ((req: unknown, res: unknown, next: () => void) => void)} */
let compressionMiddleware;
function compression() {
  return (compressionMiddleware ??= require('next/dist/compiled/compression')());
}

export const CASES = Object.keys(cases);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const work = cases[CASE];
  if (!work) throw new Error(`YOUNG_GEN_CASE: unknown case "${CASE}" (${CASES.join(', ')})`);
  http
    .createServer(async (req, res) => {
      const graph = Array.from({ length: 300 }, (_, i) => ({ i, req }));
      await new Promise((resolve) => setImmediate(resolve));
      await work(req, res, graph);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, objects: graph.length }));
    })
    .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
}
