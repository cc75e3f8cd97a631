/**
 * Outbound HTTP to URLs our customers give us (webhook endpoints, logo URLs)
 * without letting them reach our own network (SSRF).
 *
 * - Only http(s), no credentials in the URL. The WHATWG URL parser already
 *   normalizes decimal, octal, hex and short IPv4 forms (`http://2130706433/`,
 *   `http://0x7f.1/`, `http://127.1/`, `http://0/`) and IPv6 spellings
 *   (`[::ffff:127.0.0.1]` → `[::ffff:7f00:1]`) before we look at the host.
 * - Every address a host resolves to must be public: loopback, private,
 *   link-local (incl. 169.254.169.254), CGNAT, ULA, multicast, reserved,
 *   documentation ranges and IPv4-mapped/compatible/NAT64/6to4 forms of them
 *   are refused; so is any IPv6 address outside global unicast (2000::/3).
 *   `localhost` and `*.localhost` (RFC 6761), `*.local` and `*.internal` are
 *   refused by name, with or without a trailing dot.
 * - The check runs again at connection time through the socket's `lookup`, so
 *   a DNS answer that changes after validation (rebinding) is caught, and the
 *   socket connects only to an address that passed.
 * - Redirects are never followed (a 3xx is returned to the caller as is).
 * - One timeout covers the whole exchange (DNS, connect, TLS, headers, body),
 *   and at most `maxBodyBytes` of the body are read: the connection is closed
 *   there, so a receiver that streams forever costs nothing.
 *
 * ALLOW_PRIVATE_NETWORK_TARGETS=true (or `policy.allowPrivateNetwork`) turns
 * the address checks off for local development and tests; the scheme and
 * credential checks stay.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { getEnv } from '../env';

/** The URL (or what its host resolves to) is not an allowed target. Nothing was sent. */
export class UnsafeUrlError extends Error {
  readonly code = 'unsafe_url';
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

export type OutboundErrorCode =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns_error'
  | 'tls_error'
  | 'aborted'
  | 'network_error';

/** A request that was (or may have been) sent but got no complete answer. */
export class OutboundRequestError extends Error {
  readonly code: OutboundErrorCode;
  constructor(code: OutboundErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundRequestError';
    this.code = code;
  }
}

/** One resolved address, as dns.lookup returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * Who may be reached and how names are resolved. Defaults: the
 * ALLOW_PRIVATE_NETWORK_TARGETS setting and the system resolver; tests inject
 * a resolver to play DNS answers (rebinding) without a network.
 */
export interface OutboundPolicy {
  allowPrivateNetwork?: boolean;
  resolve?: HostResolver;
}

const systemResolver: HostResolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

const blockedV4 = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blockedV4.addSubnet(addr, prefix, 'ipv4');
}

const globalUnicastV6 = new net.BlockList();
globalUnicastV6.addSubnet('2000::', 3, 'ipv6');

const blockedV6 = new net.BlockList();
for (const [addr, prefix] of [
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['2001::', 23], // IETF special purpose: Teredo, ORCHID, benchmarking…
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
] as const) {
  blockedV6.addSubnet(addr, prefix, 'ipv6');
}

/** The 8 hextets of an IPv6 address (handles `::`, a zone and a trailing dotted quad); null if malformed. */
function expandV6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    const hex = `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
    text = text.slice(0, -v4[1]!.length) + hex;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 && missing !== 0) return null;
  if (halves.length === 2 && missing < 1) return null;
  const all = [...head, ...Array(Math.max(0, missing)).fill('0'), ...tail].map((h) =>
    /^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN,
  );
  return all.length === 8 && all.every((n) => Number.isInteger(n)) ? all : null;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(hextets: number[]): string | null {
  const [a, b, c, d, e, f, g, h] = hextets as [number, number, number, number, number, number, number, number];
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeroPrefix = a === 0 && b === 0 && c === 0 && d === 0;
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), ::a.b.c.d (compatible; not :: or ::1)
  if (zeroPrefix && e === 0 && (f === 0xffff || (f === 0 && (g !== 0 || h > 1)))) return quad(g, h);
  if (zeroPrefix && e === 0xffff && f === 0) return quad(g, h);
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix)
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return quad(g, h);
  // 2002:AABB:CCDD::/48 (6to4) carries an IPv4 address in hextets 2-3.
  if (a === 0x2002) return quad(b, c);
  return null;
}

/** True when the address is not a public unicast address (or is not an IP address at all). */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blockedV4.check(ip, 'ipv4');
  if (family === 6) {
    const hextets = expandV6(ip);
    if (!hextets) return true;
    const v4 = embeddedV4(hextets);
    if (v4) return isPrivateAddress(v4);
    const canonical = hextets.map((n) => n.toString(16)).join(':');
    // Loopback, unspecified, ULA (fc00::/7), link-local (fe80::/10), multicast… all lie outside 2000::/3.
    if (!globalUnicastV6.check(canonical, 'ipv6')) return true;
    return blockedV6.check(canonical, 'ipv6');
  }
  return true;
}

function privateAllowed(policy?: OutboundPolicy): boolean {
  return policy?.allowPrivateNetwork ?? getEnv().ALLOW_PRIVATE_NETWORK_TARGETS;
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
  if (!url.hostname) throw new UnsafeUrlError('must name a host');
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Refuses IP literals that are not public and names that always mean this machine or its LAN. */
function assertHostAllowed(host: string): void {
  if (net.isIP(host)) {
    if (isPrivateAddress(host)) throw new UnsafeUrlError(`points to a private or reserved address (${host})`);
    return;
  }
  const name = host.toLowerCase().replace(/\.+$/, '');
  if (
    name === '' ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local') ||
    name === 'internal' ||
    name.endsWith('.internal') ||
    name.endsWith('.home.arpa')
  ) {
    throw new UnsafeUrlError(`points to a local host name (${host})`);
  }
}

function assertPublicAnswers(host: string, addresses: ResolvedAddress[]): void {
  if (addresses.length === 0) throw new UnsafeUrlError(`host ${host} does not resolve`);
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw new UnsafeUrlError(`${host} resolves to a private or reserved address (${bad.address})`);
}

/**
 * Creation-time check: parses the URL and, unless private targets are
 * allowed, refuses local names and resolves the host, refusing it unless
 * every address is public. Throws UnsafeUrlError with a message for the user.
 */
export async function assertPublicHttpUrl(raw: string, policy?: OutboundPolicy): Promise<URL> {
  const url = parseHttpUrl(raw);
  if (privateAllowed(policy)) return url;
  const host = hostOf(url);
  assertHostAllowed(host);
  if (net.isIP(host)) return url;
  let addresses: ResolvedAddress[];
  try {
    addresses = await (policy?.resolve ?? systemResolver)(host);
  } catch {
    throw new UnsafeUrlError(`host ${host} does not resolve`);
  }
  assertPublicAnswers(host, addresses);
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A socket `lookup` that resolves with the policy's resolver and refuses private answers (DNS rebinding). */
function guardedLookup(policy: OutboundPolicy | undefined) {
  const resolve = policy?.resolve ?? systemResolver;
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    resolve(hostname).then(
      (answers) => {
        const list = options.family === 4 || options.family === 6 ? answers.filter((a) => a.family === options.family) : answers;
        try {
          if (!privateAllowed(policy)) assertPublicAnswers(hostname, list);
          else if (list.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        } catch (err) {
          return callback(err as NodeJS.ErrnoException, '', 4);
        }
        if (options.all) return callback(null, list);
        callback(null, list[0]!.address, list[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

export interface SafeRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Covers the whole exchange: DNS, connect, TLS, response headers and body. */
  timeoutMs: number;
  /** Read at most this many bytes of the response body, then close the connection (default 64 KB). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  policy?: OutboundPolicy;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxBodyBytes; `body` holds its beginning. */
  truncated: boolean;
}

/** Maps Node's socket and TLS error codes to the few a customer can act on. */
function classifyNetworkError(err: unknown): OutboundRequestError | UnsafeUrlError {
  if (err instanceof UnsafeUrlError || err instanceof OutboundRequestError) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') return new OutboundRequestError('connection_refused', message, { cause: err });
  if (code === 'ECONNRESET' || code === 'EPIPE' || message === 'aborted') {
    return new OutboundRequestError('connection_reset', message, { cause: err });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') {
    return new OutboundRequestError('dns_error', message, { cause: err });
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SSL|TLS/.test(code)) {
    return new OutboundRequestError('tls_error', message, { cause: err });
  }
  return new OutboundRequestError('network_error', message, { cause: err });
}

/**
 * One HTTP request to a customer-supplied URL: scheme and address checks,
 * connection-time DNS check, a hard timeout over the whole exchange, no
 * redirects followed, a bounded response body. Rejects with UnsafeUrlError
 * (nothing was sent) or OutboundRequestError (`timeout`, `connection_refused`…).
 */
export async function safeRequest(raw: string, opts: SafeRequestOptions): Promise<SafeResponse> {
  const url = parseHttpUrl(raw);
  if (!privateAllowed(opts.policy)) assertHostAllowed(hostOf(url));
  if (opts.signal?.aborted) throw new OutboundRequestError('aborted', 'aborted before sending');
  const lib = url.protocol === 'https:' ? https : http;
  const maxBody = opts.maxBodyBytes ?? 64 * 1024;

  return new Promise<SafeResponse>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { ok: SafeResponse } | { err: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if ('ok' in outcome) resolve(outcome.ok);
      else reject(classifyNetworkError(outcome.err));
    };

    const req = lib.request(
      url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        lookup: guardedLookup(opts.policy) as unknown as typeof dns.lookup,
        // A fresh connection each time: a pooled socket would skip the connection-time address check.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean) =>
          finish({ ok: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated } });
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          const room = maxBody - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxBody;
            // Enough read: answer now and drop the connection instead of draining an endless body.
            done(true);
            req.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => done(false));
        res.on('error', (err) => finish({ err }));
        res.on('close', () => {
          if (!res.complete) finish({ err: new OutboundRequestError('connection_reset', 'the connection closed before the response was complete') });
        });
      },
    );
    const timer = setTimeout(() => {
      finish({ err: new OutboundRequestError('timeout', `no complete response within ${opts.timeoutMs} ms`) });
      req.destroy();
    }, opts.timeoutMs);
    const onAbort = () => {
      finish({ err: new OutboundRequestError('aborted', 'the request was aborted') });
      req.destroy();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish({ err }));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
