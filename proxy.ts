/**
 * Runs before every page (not the API, files or Next's static assets):
 *
 * - A Content-Security-Policy with a fresh nonce per request. Next.js reads
 *   the nonce from the request's CSP header and puts it on the scripts it
 *   renders; 'strict-dynamic' lets those load their chunks, and nothing else
 *   runs. Styles stay 'unsafe-inline' (React style attributes, the video
 *   player, toasts and the API reference set inline styles; no nonce covers
 *   a style attribute). The watch page (/v/…) may be embedded by any site,
 *   as a player is; every other page only by this origin.
 * - The requested path for server components, so sign-in can send users
 *   back where they were going.
 *
 * The headers every answer carries (pages and API alike: nosniff, referrer
 * policy, permissions policy, HSTS behind https) are in next.config.mjs.
 */
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const embeddable = req.nextUrl.pathname.startsWith('/v/');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    // React's dev build evaluates code for its error overlay and stack traces.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    // Thumbnails, posters, logos and MP4s may live in S3 or any storage the deployment points at.
    "img-src 'self' data: blob: https: http:",
    // The video player primes audio with a silent data: clip.
    "media-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${embeddable ? '*' : "'self'"}`,
  ].join('; ');

  const headers = new Headers(req.headers);
  headers.set('x-pathname', req.nextUrl.pathname + req.nextUrl.search);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  if (!embeddable) res.headers.set('x-frame-options', 'SAMEORIGIN');
  return res;
}

export const config = {
  matcher: [
    {
      // Paths that start with a digit are X's host-relative API aliases (next.config.mjs), not pages.
      source: '/((?!api|_next/static|_next/image|files|favicon.ico|\\d).*)',
      // Prefetches are answered from the router cache and carry no new scripts.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
