/**
 * Where to send a user after signing in: a path on this site, or the dashboard.
 * Browsers read `/\evil.example` and `/\t/evil.example` as `//evil.example` (another
 * origin), so a leading slash is not enough: the value is resolved against a
 * placeholder origin and kept only if it stays there, without backslashes or
 * control characters anywhere.
 */
const ORIGIN = 'http://app.invalid';

export function safeNextPath(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return fallback;
  // Backslashes and C0/DEL are never in a path we link to; browsers strip or reinterpret them.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  return url.pathname + url.search + url.hash;
}
