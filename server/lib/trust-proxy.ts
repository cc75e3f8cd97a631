/**
 * TRUST_PROXY: which proxies in front of the app may tell it the client's
 * address (X-Forwarded-For). Parsed once at start-up (server/env.ts refuses a
 * bad value) and applied by server/http/client-ip.ts.
 *
 * - unset, `false` or `0`: no proxy is trusted; the client is the address
 *   that opened the connection, whatever headers it sends.
 * - a whole number N (1–10): N proxies stand in front; each appends the
 *   address it was reached from, so the client is the N-th address from the
 *   right of X-Forwarded-For plus the connection's own address.
 * - a comma-separated list of addresses, CIDR ranges and the names
 *   `loopback`, `private` (10/8, 172.16/12, 192.168/16, fc00::/7) and
 *   `linklocal`: from the connection's address leftwards, every trusted
 *   address is skipped; the first untrusted one is the client.
 */
import { BlockList, isIP } from 'node:net';

export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; source: string };

const NAMED: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
};

/** An address as the proxy wrote it, bare: no port, no brackets, IPv4-mapped IPv6 as IPv4. Null when not an address. */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  return isIP(value) ? value.toLowerCase() : null;
}

/** Parses TRUST_PROXY; throws an Error saying what is wrong. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return { kind: 'none' };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error('a number of proxies must be from 0 to 10');
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const named = NAMED[entry.toLowerCase()];
    if (named) {
      for (const [net, prefix, type] of named) list.addSubnet(net, prefix, type);
      continue;
    }
    const [address, prefixText, extra] = entry.split('/');
    const ip = address ? normalizeAddress(address) : null;
    const family = ip ? isIP(ip) : 0;
    if (!ip || extra !== undefined) {
      throw new Error(`${JSON.stringify(entry)} is not an address, a CIDR range or one of ${Object.keys(NAMED).join(', ')}`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      list.addAddress(ip, type);
      continue;
    }
    const prefix = Number(prefixText);
    if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`${JSON.stringify(entry)} has an invalid prefix length`);
    }
    list.addSubnet(ip, prefix, type);
  }
  return { kind: 'list', list, source: value };
}

/**
 * The client in a chain of addresses, oldest first: X-Forwarded-For's
 * entries, then the address the connection came from (the nearest hop).
 */
export function clientFromChain(chain: readonly string[], trust: TrustProxy): string | null {
  if (chain.length === 0) return null;
  const last = chain.length - 1;
  switch (trust.kind) {
    case 'none':
      return chain[last]!;
    case 'hops':
      return chain[Math.max(0, last - trust.hops)]!;
    case 'list': {
      let i = last;
      while (i > 0) {
        const address = normalizeAddress(chain[i]!);
        if (!address || !trust.list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6')) break;
        i -= 1;
      }
      return chain[i]!;
    }
  }
}
