/**
 * OAuth 1.0a request signing as X uses it (RFC 5849, HMAC-SHA1): the
 * `Authorization: OAuth …` header, the signature base string built from the
 * method, the base URI and every query, header and form parameter, and the
 * checks a server makes (signature, timestamp window, nonce once). Pure
 * functions; auth.ts looks the credential up and records the nonce.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding of everything but the unreserved characters (RFC 5849 §3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface OAuthHeader {
  /** The oauth_* protocol parameters, decoded; `realm` is dropped (§3.4.1.3.1). */
  params: Record<string, string>;
}

/**
 * Parses `OAuth k="v", …` (§3.5.1); null when the header is not an OAuth
 * header at all, an Error naming the problem when it is malformed.
 */
export function parseOAuthHeader(header: string | null): OAuthHeader | null | Error {
  if (!header) return null;
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  const rest = match[1]!.trim();
  if (rest === '') return new Error('The OAuth header has no parameters.');
  for (const part of rest.split(',')) {
    const pair = /^\s*([A-Za-z0-9_.~-]+)\s*=\s*"([^"]*)"\s*$/.exec(part);
    if (!pair) return new Error(`The OAuth header is malformed near ${JSON.stringify(part.trim().slice(0, 40))}.`);
    const name = pair[1]!;
    let value: string;
    try {
      value = decodeURIComponent(pair[2]!);
    } catch {
      return new Error(`The OAuth header's ${name} is not percent-encoded.`);
    }
    if (name === 'realm') continue;
    if (Object.hasOwn(params, name)) return new Error(`The OAuth header repeats ${name}.`);
    params[name] = value;
  }
  return { params };
}

/**
 * The base string URI (§3.4.1.2): scheme and host in lower case, the port
 * only when it is not the scheme's default, the path, no query or fragment.
 */
export function baseStringUri(origin: string, pathname: string): string {
  const url = new URL(pathname, origin);
  const scheme = url.protocol.toLowerCase();
  const defaultPort = (scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
  const port = url.port && !defaultPort ? `:${url.port}` : '';
  return `${scheme}//${url.hostname.toLowerCase()}${port}${url.pathname}`;
}

/**
 * The signature base string (§3.4.1): `METHOD&uri&params`, where params are
 * every query, form and protocol parameter (not oauth_signature), each name
 * and value encoded, sorted by name then value, joined by `&`.
 */
export function signatureBaseString(
  method: string,
  uri: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const encoded = params.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  encoded.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  return [method.toUpperCase(), percentEncode(uri), percentEncode(normalized)].join('&');
}

/** HMAC-SHA1 over the base string with `consumer_secret&token_secret` (§3.4.2), base64. */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest('base64');
}

/** Constant-time comparison of two base64 signatures. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Query parameters as name/value pairs, repeats kept (each one is signed). */
export function queryPairs(url: URL): Array<[string, string]> {
  return [...url.searchParams];
}

/** A form body's parameters, repeats kept. */
export function formPairs(body: string): Array<[string, string]> {
  return [...new URLSearchParams(body)];
}
