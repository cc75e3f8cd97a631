/**
 * The SSRF checks without sending any traffic: address classification, URL
 * parsing, and the creation-time check with an injected resolver (the
 * machine has no DNS; names are answered by the test). Real requests to
 * 127.0.0.1 (rebinding at connection time, redirects, timeouts) are in
 * tests/integration/webhooks/safe-request.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/server/env';
import { assertPublicHttpUrl, isPrivateAddress, parseHttpUrl, UnsafeUrlError, type HostResolver } from '@/server/lib/ssrf';

const answers =
  (map: Record<string, string[]>): HostResolver =>
  async (host) => {
    // Like the system resolver, a fully qualified name (trailing dot) is the same name.
    const list = map[host.replace(/\.$/, '')];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const resolver = answers({
  'loopback.example.com': ['127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.215.14', '10.0.0.5'],
  'v6-loopback.example.com': ['::1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'public.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
});

const strict = { allowPrivateNetwork: false, resolve: resolver };

async function refusal(url: string): Promise<string> {
  try {
    await assertPublicHttpUrl(url, strict);
  } catch (err) {
    expect(err).toBeInstanceOf(UnsafeUrlError);
    expect((err as UnsafeUrlError).code).toBe('unsafe_url');
    return (err as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('assertPublicHttpUrl refuses SSRF tricks', () => {
  const tricks: Array<[string, string]> = [
    ['decimal IPv4', 'http://2130706433/'],
    ['octal IPv4', 'http://017700000001/'],
    ['octal dotted IPv4', 'http://0177.0.0.1/'],
    ['zero-padded dotted IPv4', 'http://127.000.000.001/'],
    ['hex IPv4', 'http://0x7f000001/'],
    ['mixed hex dotted IPv4', 'http://0x7f.0.0.1/'],
    ['short form 127.1', 'http://127.1/'],
    ['bare 0', 'http://0/'],
    ['0.0.0.0', 'http://0.0.0.0:8080/'],
    ['IPv4 with trailing dot', 'http://127.0.0.1./'],
    ['IPv4-mapped IPv6 (dotted)', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 (hex)', 'http://[::ffff:7f00:1]/'],
    ['IPv4-mapped IPv6, long form', 'http://[0:0:0:0:0:ffff:169.254.169.254]/'],
    ['IPv4-compatible IPv6', 'http://[::127.0.0.1]/'],
    ['IPv4-translated IPv6', 'http://[::ffff:0:127.0.0.1]/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['localhost with trailing dot', 'http://localhost./'],
    ['LOCALHOST upper case', 'http://LOCALHOST:3000/'],
    ['*.localhost', 'http://admin.localhost/'],
    ['*.localhost with trailing dot', 'http://api.localhost./'],
    ['*.local (mDNS)', 'http://printer.local/'],
    ['*.internal', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['link-local IPv4', 'http://169.254.1.1/'],
    ['CGNAT 100.64/10', 'http://100.64.0.1/'],
    ['CGNAT upper end', 'http://100.127.255.254/'],
    ['RFC 1918 10/8', 'http://10.0.0.1/'],
    ['RFC 1918 172.16/12', 'http://172.31.255.1/'],
    ['RFC 1918 192.168/16', 'http://192.168.1.1/'],
    ['TEST-NET-1', 'http://192.0.2.10/'],
    ['benchmarking 198.18/15', 'http://198.18.0.1/'],
    ['multicast', 'http://224.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['ULA fc00::/7', 'http://[fc00::1]/'],
    ['ULA fd00::/8', 'http://[fd12:3456:789a::1]/'],
    ['link-local fe80::/10', 'http://[fe80::1]/'],
    ['site-local fec0::/10', 'http://[fec0::1]/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['NAT64 of 127.0.0.1', 'http://[64:ff9b::7f00:1]/'],
    ['NAT64 of the metadata address', 'http://[64:ff9b::169.254.169.254]/'],
    ['local-use NAT64', 'http://[64:ff9b:1::808:808]/'],
    ['6to4 of 127.0.0.1', 'http://[2002:7f00:1::1]/'],
    ['6to4 of 10.0.0.1', 'http://[2002:a00:1::]/'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/'],
    ['IPv6 documentation', 'http://[2001:db8::1]/'],
    ['reserved IPv6 outside 2000::/3', 'http://[4000::1]/'],
    ['DNS name resolving to 127.0.0.1', 'http://loopback.example.com/'],
    ['DNS name resolving to the metadata address', 'https://metadata.example.com/'],
    ['DNS name with one private answer among public ones', 'https://mixed.example.com/hook'],
    ['DNS name resolving to ::1', 'https://v6-loopback.example.com/'],
    ['DNS name resolving to a mapped loopback', 'https://mapped.example.com/'],
    ['DNS name that does not resolve', 'https://nowhere.example.com/'],
  ];

  it('has at least 15 tricks', () => expect(tricks.length).toBeGreaterThanOrEqual(15));

  it.each(tricks)('%s: %s', async (_name, url) => {
    const message = await refusal(url);
    expect(message.length).toBeGreaterThan(5);
  });

  it('names the address it refused', async () => {
    expect(await refusal('http://2130706433/')).toContain('127.0.0.1');
    expect(await refusal('http://loopback.example.com/')).toContain('127.0.0.1');
    expect(await refusal('https://mixed.example.com/')).toContain('10.0.0.5');
  });

  it.each([
    ['ftp', 'ftp://example.com/file'],
    ['file', 'file:///etc/passwd'],
    ['gopher', 'gopher://127.0.0.1:6379/_INFO'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/plain,hi'],
    ['relative', '/api/hooks'],
    ['garbage', 'not a url'],
    ['credentials', 'https://user:secret@example.com/hook'],
  ])('refuses a %s URL even when private targets are allowed', async (_name, url) => {
    await expect(assertPublicHttpUrl(url, { allowPrivateNetwork: true, resolve: resolver })).rejects.toBeInstanceOf(UnsafeUrlError);
  });
});

describe('assertPublicHttpUrl accepts public targets', () => {
  it.each([
    'https://93.184.215.14/hooks',
    'http://8.8.8.8:8080/x',
    'https://[2606:4700:4700::1111]/',
    'https://[::ffff:8.8.8.8]/',
    'https://public.example.com/webhooks?source=clipwright',
    'https://public.example.com./trailing-dot',
  ])('%s', async (url) => {
    await expect(assertPublicHttpUrl(url, strict)).resolves.toBeInstanceOf(URL);
  });

  it('allows private targets when the policy says so (and then does not resolve at all)', async () => {
    const never: HostResolver = async () => {
      throw new Error('should not resolve');
    };
    for (const url of ['http://127.0.0.1:3000/', 'http://localhost/', 'http://[::1]/', 'http://anything.internal/']) {
      await expect(assertPublicHttpUrl(url, { allowPrivateNetwork: true, resolve: never })).resolves.toBeInstanceOf(URL);
    }
  });
});

describe('ALLOW_PRIVATE_NETWORK_TARGETS', () => {
  const saved = process.env.ALLOW_PRIVATE_NETWORK_TARGETS;
  afterEach(() => {
    if (saved === undefined) delete process.env.ALLOW_PRIVATE_NETWORK_TARGETS;
    else process.env.ALLOW_PRIVATE_NETWORK_TARGETS = saved;
    resetEnvCache();
  });

  it('is off by default and on with true', async () => {
    delete process.env.ALLOW_PRIVATE_NETWORK_TARGETS;
    resetEnvCache();
    await expect(assertPublicHttpUrl('http://127.0.0.1/')).rejects.toBeInstanceOf(UnsafeUrlError);
    process.env.ALLOW_PRIVATE_NETWORK_TARGETS = 'true';
    resetEnvCache();
    await expect(assertPublicHttpUrl('http://127.0.0.1/')).resolves.toBeInstanceOf(URL);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.255.255.255',
    '100.64.0.0',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '192.0.0.8',
    '192.168.0.1',
    '198.19.255.255',
    '203.0.113.7',
    '240.0.0.1',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '::7f00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::',
    'fc00::',
    'fdff:ffff::1',
    'fe80::1%eth0',
    'febf::1',
    'ff00::',
    '100::1',
    '2001:db8:85a3::8a2e:370:7334',
    'not-an-ip',
    '1:2:3',
    '::ffff:999.1.1.1',
  ])('%s is not public', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe('parseHttpUrl', () => {
  it('normalizes the host forms the checks then see', () => {
    expect(parseHttpUrl('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(parseHttpUrl('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(parseHttpUrl('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
    expect(parseHttpUrl('HTTPS://Example.COM/x').hostname).toBe('example.com');
  });
});
