/**
 * Outbound HTTP to URLs our customers give us (webhook endpoints, logo URLs)
 * without letting them reach our own network (SSRF).
 *
 * - Only http(s). The WHATWG URL parser already normalizes decimal, octal and
 *   hex IPv4 forms (`http://2130706433/`, `http://0x7f.1/`) to dotted quads.
 * - Every address a host resolves to must be public: loopback, private,
 *   link-local (incl. 169.254.169.254), CGNAT, ULA, multicast, reserved,
 *   documentation ranges and IPv4-mapped/NAT64/6to4 forms of them are refused.
 * - The check runs again at connection time through the socket's `lookup`, so
 *   a DNS answer that changes after validation (rebinding) is caught.
 * - Redirects are never followed (a 3xx is returned to the caller as is).
 *
 * ALLOW_PRIVATE_NETWORK_TARGETS=true turns the address check off for local
 * development and tests (the scheme check stays).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { getEnv } from '../env';

export class UnsafeUrlError extends Error {
  readonly code = 'unsafe_url';
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

const blockedV4 = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blockedV4.addSubnet(addr, prefix, 'ipv4');
}

const blockedV6 = new net.BlockList();
for (const [addr, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blockedV6.addSubnet(addr, prefix, 'ipv6');
}

function expandV6(ip: string): number[] | null {
  // Returns the 8 hextets of an IPv6 address (handles `::` and a trailing dotted quad).
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    const hex = `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
    text = text.slice(0, -v4[1]!.length) + hex;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 && missing !== 0) return null;
  const all = [...head, ...Array(Math.max(0, missing)).fill('0'), ...tail].map((h) => parseInt(h, 16));
  return all.length === 8 && all.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? all : null;
}

function embeddedV4(hextets: number[]): string | null {
  const [a, b, c, d, e, f, g, h] = hextets as [number, number, number, number, number, number, number, number];
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64)
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0) && (g !== 0 || h > 1)) return quad(g, h);
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return quad(g, h);
  // 2002:AABB:CCDD::/48 (6to4) carries an IPv4 address in hextets 2-3.
  if (a === 0x2002) return quad(b, c);
  return null;
}

/** True when the address is not a public unicast address. */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blockedV4.check(ip, 'ipv4');
  if (family === 6) {
    const hextets = expandV6(ip);
    if (!hextets) return true;
    const v4 = embeddedV4(hextets);
    if (v4) return isPrivateAddress(v4);
    return blockedV6.check(ip.split('%')[0]!, 'ipv6');
  }
  return true;
}

function privateTargetsAllowed(): boolean {
  return getEnv().ALLOW_PRIVATE_NETWORK_TARGETS;
}

/** Parses and checks the scheme; throws UnsafeUrlError. */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeUrlError('must use http or https');
  if (url.username || url.password) throw new UnsafeUrlError('must not contain credentials');
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Resolves the URL's host and refuses it unless every address is public. */
export async function assertPublicHttpUrl(raw: string): Promise<URL> {
  const url = parseHttpUrl(raw);
  if (privateTargetsAllowed()) return url;
  const host = hostOf(url);
  if (net.isIP(host)) {
    if (isPrivateAddress(host)) throw new UnsafeUrlError(`points to a private or reserved address (${host})`);
    return url;
  }
  const lowered = host.toLowerCase().replace(/\.$/, '');
  if (lowered === 'localhost' || lowered.endsWith('.localhost') || lowered.endsWith('.local') || lowered.endsWith('.internal')) {
    throw new UnsafeUrlError(`points to a local host name (${host})`);
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    throw new UnsafeUrlError(`host ${host} does not resolve`);
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad || addresses.length === 0) throw new UnsafeUrlError(`resolves to a private or reserved address (${bad?.address ?? 'none'})`);
  return url;
}

/** dns.lookup replacement for sockets: refuses private answers at connection time (DNS rebinding). */
function guardedLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
) {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as dns.LookupAddress[];
    const bad = privateTargetsAllowed() ? undefined : list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) {
      return callback(new UnsafeUrlError(`resolves to a private or reserved address (${bad?.address ?? 'none'})`), '', 4);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

export interface SafeRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** Stop reading the response body after this many bytes (the rest is discarded). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
}

/**
 * One HTTP request to a customer-supplied URL: scheme and address checks,
 * connection-time DNS check, a hard timeout over the whole exchange, no
 * redirects followed, a bounded response body.
 */
export async function safeRequest(raw: string, opts: SafeRequestOptions): Promise<SafeResponse> {
  const url = parseHttpUrl(raw);
  const host = hostOf(url);
  if (net.isIP(host) && !privateTargetsAllowed() && isPrivateAddress(host)) {
    throw new UnsafeUrlError(`points to a private or reserved address (${host})`);
  }
  const lib = url.protocol === 'https:' ? https : http;
  const maxBody = opts.maxBodyBytes ?? 64 * 1024;
  return new Promise<SafeResponse>((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        lookup: guardedLookup as unknown as typeof dns.lookup,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBody) {
            truncated = true;
            return;
          }
          const room = maxBody - size;
          chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
          if (chunk.length > room) truncated = true;
          size += Math.min(chunk.length, room);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`timed out after ${opts.timeoutMs} ms`), { code: 'timeout' }));
    }, opts.timeoutMs);
    const onAbort = () => req.destroy(Object.assign(new Error('aborted'), { code: 'aborted' }));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    req.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
