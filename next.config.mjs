import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PHASE_PRODUCTION_BUILD } from 'next/constants.js';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native / WASM / binary-spawning packages must stay out of the bundle: webpack- or
  // Turbopack-bundled PGlite fails at its first query, Remotion's renderer and bundler
  // reach for esbuild and optional platform binaries.
  // drizzle-orm and postgres stay out too: bundled, drizzle was split over several chunks, so its
  // `is()` entity checks missed `instanceof` and walked prototype chains for every field of every
  // row read (a third of the CPU of a 50-row list under load; docs/benchmarks.md, "API").
  serverExternalPackages: [
    'drizzle-orm',
    'postgres',
    '@electric-sql/pglite',
    '@node-rs/argon2',
    '@remotion/renderer',
    '@remotion/bundler',
    '@remotion/lambda',
    '@sparticuz/chromium',
  ],
  poweredByHeader: false,
  // Files the background jobs route (WORKER_MODE=route, e.g. on Vercel) opens by path, which the tracer
  // cannot see: the Remotion bundle (`npm run bundle:remotion`, before `next build` so it is there to trace),
  // the compressed Chromium of @sparticuz/chromium, and Remotion's compositor (ffmpeg, ffprobe).
  // And the SQL migrations, which every process applies at start (server/db/client.ts) wherever a
  // function boots.
  outputFileTracingIncludes: {
    '/*': ['./drizzle/**/*'],
    '/api/jobs/run': [
      './build/remotion-bundle/**/*',
      './node_modules/@sparticuz/chromium/bin/**/*',
      './node_modules/@remotion/compositor-linux-x64-gnu/**/*',
    ],
  },
  // X's paths, so that code written against X works by changing the host alone: the Ads API under
  // any version prefix its SDKs send (/api/ads/12/…, as /api/ads/3/…), and host-relative aliases
  // (BASE/1.1/media/upload.json, BASE/2/media/upload/…, BASE/12/accounts/…); anything else under X's
  // prefixes answers JSON in X's error shape (app/api/ads/no-endpoint), not the app's HTML 404.
  //
  // `fallback`, not `afterFiles`: Next.js consults `fallback` rewrites only for a path no route
  // matched, while `afterFiles` ones are tried before the dynamic routes, and every request to a
  // dynamic route (GET /api/v1/videos/{id}, a watch page) compiled each of their patterns again, in
  // the route module (GET one took 14 % less CPU without it; docs/benchmarks.md, "API", 2026-12-07
  // (10:35–11:30 UTC)). So no dynamic route may catch these paths first: no catch-all
  // under /api/ads (the last rule sends what is left there to a static route).
  async rewrites() {
    return {
      beforeFiles: [],
      afterFiles: [],
      fallback: [
        { source: '/api/ads/:version(\\d{1,2})/accounts/:path*', destination: '/api/ads/3/accounts/:path*' },
        { source: '/api/ads/:version(\\d{1,2})/accounts', destination: '/api/ads/3/accounts' },
        { source: '/1.1/media/:path*', destination: '/api/ads/1.1/media/:path*' },
        { source: '/2/media/:path*', destination: '/api/ads/2/media/:path*' },
        { source: '/:version(\\d{1,2})/accounts/:path*', destination: '/api/ads/3/accounts/:path*' },
        { source: '/:version(\\d{1,2})/accounts', destination: '/api/ads/3/accounts' },
        { source: '/1.1/:path*', destination: '/api/ads/no-endpoint' },
        { source: '/:version(\\d{1,2})/:path*', destination: '/api/ads/no-endpoint' },
        { source: '/api/ads/:path*', destination: '/api/ads/no-endpoint' },
      ],
    };
  },
  // On every answer, pages and API alike (the pages' Content-Security-Policy and framing rules are in proxy.ts).
  async headers() {
    const common = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
    ];
    return [
      { source: '/:path*', headers: common },
      // JSON and files are never documents to frame or to run scripts in.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
      // HSTS only where the request came over https (behind a TLS-terminating proxy); over plain http it would mean nothing.
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
      },
    ];
  },
};

/**
 * `next build` also writes `.next/standalone` (server.js and a pruned `.next`) for the self-host
 * build (scripts/assemble-standalone.mjs, README "Standalone build"). Set for the build phase only:
 * `npm start` keeps running `next start` on the full `.next`, which would otherwise print
 * "next start does not work with output: standalone" on every start although it does here.
 * The tracing root is this folder, so server.js lands at the top of `.next/standalone` even
 * when a lockfile sits in a parent folder.
 */
export default function config(phase) {
  if (phase !== PHASE_PRODUCTION_BUILD) return nextConfig;
  return { ...nextConfig, output: 'standalone', outputFileTracingRoot: path.dirname(fileURLToPath(import.meta.url)) };
}

