/**
 * The client's address, for the limits kept per address (sign-in, sign-up,
 * playback beacons).
 *
 * `npm start` (scripts/start.mjs) writes the address each connection came
 * from into PEER_HEADER, replacing whatever a client sent under that name,
 * and sets CLIPWRIGHT_PEER_HEADER=1 so the header is believed. X-Forwarded-For
 * is then believed only as far as TRUST_PROXY allows (server/lib/trust-proxy.ts):
 * by default not at all, so rotating it makes no new client.
 *
 * Without the launcher (`next dev`, a serverless platform) the connection's
 * address is not known here: the rightmost X-Forwarded-For entry, which Next.js
 * fills from the socket when a request has none and which platforms such as
 * Vercel overwrite with the address they saw, stands in for it.
 */
import { getEnv } from '../env';
import { clientFromChain, normalizeAddress, parseTrustProxy, type TrustProxy } from '../lib/trust-proxy';

export const PEER_HEADER = 'x-clipwright-peer';

let parsed: { raw: string | undefined; trust: TrustProxy } | undefined;

function trustProxy(): TrustProxy {
  const raw = getEnv().TRUST_PROXY;
  if (!parsed || parsed.raw !== raw) parsed = { raw, trust: parseTrustProxy(raw) };
  return parsed.trust;
}

/** The client's address (IPv4-mapped IPv6 written as IPv4), or 'unknown' when the request names none. */
export function clientIp(req: Request): string {
  const forwarded = (req.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const peer = process.env.CLIPWRIGHT_PEER_HEADER === '1' ? req.headers.get(PEER_HEADER) : null;
  const client = clientFromChain(peer ? [...forwarded, peer] : forwarded, trustProxy());
  return client ? (normalizeAddress(client) ?? client.slice(0, 100)) : 'unknown';
}
