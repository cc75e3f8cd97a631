/**
 * The client address behind the per-address limits: X-Forwarded-For is
 * believed only as far as TRUST_PROXY allows, and the launcher's peer header
 * only when the launcher set it up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clientIp, PEER_HEADER } from '@/server/http/client-ip';
import { getEnv, resetEnvCache } from '@/server/env';
import { clientFromChain, normalizeAddress, parseTrustProxy } from '@/server/lib/trust-proxy';

function withEnv(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

function request(headers: Record<string, string>) {
  return new Request('http://app.test/api/signup', { method: 'POST', headers });
}

afterEach(() => withEnv({ TRUST_PROXY: undefined, CLIPWRIGHT_PEER_HEADER: undefined }));

describe('normalizeAddress', () => {
  it('strips ports, brackets and the IPv4-mapped prefix', () => {
    expect(normalizeAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeAddress(' 203.0.113.7:5123 ')).toBe('203.0.113.7');
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(normalizeAddress('unknown')).toBeNull();
    expect(normalizeAddress('')).toBeNull();
  });
});

describe('parseTrustProxy', () => {
  it('reads none, hop counts and lists', () => {
    expect(parseTrustProxy(undefined).kind).toBe('none');
    expect(parseTrustProxy('false').kind).toBe('none');
    expect(parseTrustProxy('0').kind).toBe('none');
    expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(parseTrustProxy('loopback, 10.0.0.0/8, 2001:db8::/32, 198.51.100.4').kind).toBe('list');
  });

  it('refuses what it cannot read, saying what', () => {
    expect(() => parseTrustProxy('11')).toThrow(/0 to 10/);
    expect(() => parseTrustProxy('everyone')).toThrow(/"everyone" is not an address/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseTrustProxy('10.0.0.0/8/1')).toThrow(/not an address/);
  });

  it('stops start-up with the variable named', () => {
    withEnv({ TRUST_PROXY: 'my-proxy' });
    expect(() => getEnv()).toThrow(/TRUST_PROXY: "my-proxy" is not an address/);
  });
});

describe('clientFromChain', () => {
  const chain = ['198.51.100.9', '10.0.0.5', '127.0.0.1']; // client, inner proxy, the connection
  it('takes the connection when nothing is trusted', () => {
    expect(clientFromChain(chain, parseTrustProxy(undefined))).toBe('127.0.0.1');
  });
  it('walks back as many hops as are trusted, never past the first entry', () => {
    expect(clientFromChain(chain, parseTrustProxy('1'))).toBe('10.0.0.5');
    expect(clientFromChain(chain, parseTrustProxy('2'))).toBe('198.51.100.9');
    expect(clientFromChain(chain, parseTrustProxy('5'))).toBe('198.51.100.9');
  });
  it('skips trusted addresses from the right and stops at the first untrusted one', () => {
    expect(clientFromChain(chain, parseTrustProxy('loopback'))).toBe('10.0.0.5');
    expect(clientFromChain(chain, parseTrustProxy('loopback,private'))).toBe('198.51.100.9');
    // A client cannot hide behind an address it wrote itself further left.
    expect(clientFromChain(['10.0.0.1', '198.51.100.9', '127.0.0.1'], parseTrustProxy('loopback,private'))).toBe('198.51.100.9');
    expect(clientFromChain(['garbage', '127.0.0.1'], parseTrustProxy('loopback'))).toBe('garbage');
  });
});

describe('clientIp', () => {
  it('behind the launcher, ignores a rotating X-Forwarded-For unless the connection is a trusted proxy', () => {
    withEnv({ CLIPWRIGHT_PEER_HEADER: '1' });
    const a = request({ 'x-forwarded-for': '1.1.1.1', [PEER_HEADER]: '::ffff:203.0.113.5' });
    const b = request({ 'x-forwarded-for': '2.2.2.2', [PEER_HEADER]: '::ffff:203.0.113.5' });
    expect(clientIp(a)).toBe('203.0.113.5');
    expect(clientIp(b)).toBe('203.0.113.5');

    withEnv({ TRUST_PROXY: '203.0.113.0/24' });
    expect(clientIp(a)).toBe('1.1.1.1');
    expect(clientIp(b)).toBe('2.2.2.2');
    // A proxy that is not trusted cannot vouch for anyone.
    expect(clientIp(request({ 'x-forwarded-for': '1.1.1.1', [PEER_HEADER]: '198.51.100.1' }))).toBe('198.51.100.1');
  });

  it('believes the peer header only when the launcher set it up', () => {
    const spoofed = request({ [PEER_HEADER]: '9.9.9.9', 'x-forwarded-for': '127.0.0.1' });
    expect(clientIp(spoofed)).toBe('127.0.0.1');
    withEnv({ CLIPWRIGHT_PEER_HEADER: '1' });
    expect(clientIp(spoofed)).toBe('9.9.9.9');
  });

  it('without the launcher, the rightmost X-Forwarded-For entry stands for the connection', () => {
    expect(clientIp(request({ 'x-forwarded-for': '1.1.1.1, 203.0.113.5' }))).toBe('203.0.113.5');
    withEnv({ TRUST_PROXY: '1' });
    expect(clientIp(request({ 'x-forwarded-for': '1.1.1.1, 203.0.113.5' }))).toBe('1.1.1.1');
    expect(clientIp(request({}))).toBe('unknown');
  });
});
