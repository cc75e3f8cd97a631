/**
 * Absolute URLs for API responses and webhooks. APP_URL wins; without it a
 * request's own origin is used, and outside a request (webhooks, workers)
 * http://localhost:PORT.
 */
import { getEnv } from '../env';

export function appOrigin(req?: Request): string {
  const env = getEnv();
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '');
  if (req) {
    // The request URL's scheme without parsing the whole URL (this runs on every API answer).
    const protocol = req.url.startsWith('https:') ? 'https:' : 'http:';
    const forwardedHost = req.headers.get('x-forwarded-host');
    if (forwardedHost) return `${req.headers.get('x-forwarded-proto') ?? protocol.slice(0, -1)}://${forwardedHost}`;
    const host = req.headers.get('host');
    if (host) return `${protocol}//${host}`;
    return new URL(req.url).origin;
  }
  return `http://localhost:${env.PORT}`;
}

/**
 * The same origin for a page (a server component, which has the request's
 * headers but not its URL): APP_URL, else the forwarded or Host header.
 */
export function originFromHeaders(headers: Headers): string {
  const env = getEnv();
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return `http://localhost:${env.PORT}`;
  return `${headers.get('x-forwarded-proto') ?? 'http'}://${host}`;
}

/** Makes a root-relative URL (local storage: /files/…) absolute. */
export function absoluteUrl(url: string, origin: string): string {
  return url.startsWith('/') ? `${origin}${url}` : url;
}
