/**
 * safeRequest against real HTTP servers on 127.0.0.1 (the only network
 * here): private targets refused before any byte is sent, DNS answers
 * checked again at connection time (rebinding), redirects never followed,
 * one timeout over the whole exchange, bounded bodies. Names are answered by
 * an injected resolver; "public" answers are documentation-free public
 * addresses that are never actually dialled.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertPublicHttpUrl,
  OutboundRequestError,
  safeRequest,
  UnsafeUrlError,
  type HostResolver,
} from '@/server/lib/ssrf';
import { startReceiver, type Receiver } from '../../helpers/webhooks/receiver';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
afterEach(() => {
  receiver.requests.length = 0;
  receiver.respond(() => ({ status: 200, body: 'ok' }));
});

const fixed =
  (address: string): HostResolver =>
  async () => [{ address, family: address.includes(':') ? 6 : 4 }];

/** Public at validation time, loopback afterwards: the classic DNS rebinding. */
function rebinding(): HostResolver {
  let calls = 0;
  return async () => [{ address: calls++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
}

const strict = (resolve?: HostResolver) => ({ allowPrivateNetwork: false, resolve });
const open = (resolve?: HostResolver) => ({ allowPrivateNetwork: true, resolve });

async function expectUnsafe(promise: Promise<unknown>): Promise<UnsafeUrlError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsafeUrlError);
  return err as UnsafeUrlError;
}

describe('private targets are refused before anything is sent', () => {
  it.each([
    ['loopback literal', (p: number) => `http://127.0.0.1:${p}/hooks`],
    ['decimal loopback', (p: number) => `http://2130706433:${p}/hooks`],
    ['hex loopback', (p: number) => `http://0x7f000001:${p}/hooks`],
    ['short loopback', (p: number) => `http://127.1:${p}/hooks`],
    ['IPv4-mapped loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/hooks`],
    ['localhost.', (p: number) => `http://localhost.:${p}/hooks`],
    ['*.localhost', (p: number) => `http://hooks.localhost:${p}/hooks`],
    ['0.0.0.0', (p: number) => `http://0.0.0.0:${p}/hooks`],
  ])('%s', async (_name, url) => {
    await expectUnsafe(safeRequest(url(receiver.port), { method: 'POST', body: '{}', timeoutMs: 2000, policy: strict() }));
    expect(receiver.requests).toHaveLength(0);
  });

  it('a DNS name resolving to 127.0.0.1 is refused at connection time', async () => {
    const err = await expectUnsafe(
      safeRequest(`http://hooks.example.com:${receiver.port}/hooks`, {
        method: 'POST',
        body: '{}',
        timeoutMs: 2000,
        policy: strict(fixed('127.0.0.1')),
      }),
    );
    expect(err.message).toContain('127.0.0.1');
    expect(receiver.requests).toHaveLength(0);
  });

  it('DNS rebinding: a name that was public when the endpoint was created and loopback when sending is refused', async () => {
    const resolve = rebinding();
    const url = `http://rebind.example.com:${receiver.port}/hooks`;
    await expect(assertPublicHttpUrl(url, strict(resolve))).resolves.toBeInstanceOf(URL);
    await expectUnsafe(safeRequest(url, { method: 'POST', body: '{}', timeoutMs: 2000, policy: strict(resolve) }));
    expect(receiver.requests).toHaveLength(0);
  });

  it('with private targets allowed the same name reaches the receiver (the check is what stopped it)', async () => {
    const res = await safeRequest(`http://hooks.example.com:${receiver.port}/hooks`, {
      method: 'POST',
      body: '{"a":1}',
      timeoutMs: 2000,
      policy: open(fixed('127.0.0.1')),
    });
    expect(res.status).toBe(200);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers.host).toBe(`hooks.example.com:${receiver.port}`);
    expect(receiver.requests[0]!.body).toBe('{"a":1}');
  });
});

describe('redirects are not followed', () => {
  let target: Receiver;
  beforeAll(async () => {
    target = await startReceiver();
  });
  afterAll(() => target.close());

  it.each([
    ['to another local server', () => `http://127.0.0.1:${target.port}/internal`],
    ['to the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['to localhost', () => `http://localhost:${target.port}/`],
  ])('a 302 %s is returned as is', async (_name, location) => {
    receiver.respond(() => ({ status: 302, headers: { location: location() }, body: 'moved' }));
    const res = await safeRequest(receiver.url, { method: 'POST', body: '{}', timeoutMs: 2000, policy: open() });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(location());
    expect(receiver.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });
});

describe('time and size bounds', () => {
  it('a receiver that never answers is cut at the timeout and the connection closed', async () => {
    receiver.respond(() => 'hang');
    const started = Date.now();
    const err = await safeRequest(receiver.url, { method: 'POST', body: '{}', timeoutMs: 300, policy: open() }).catch((e) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(OutboundRequestError);
    expect(err.code).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
    await expect.poll(() => receiver.requests[0]?.closedAt, { timeout: 2000 }).toBeTypeOf('number');
  });

  it('the timeout covers the whole exchange: a body dripping one byte at a time is cut too', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const started = Date.now();
      const err = await safeRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 400, policy: open() }).catch((e) => e);
      expect(err.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('reads at most maxBodyBytes of an endless body, then hangs up', async () => {
    let closed = false;
    const server = http.createServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => (closed = true));
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await safeRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 5000, maxBodyBytes: 2048, policy: open() });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(2048);
      expect(res.truncated).toBe(true);
      await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a body of exactly maxBodyBytes is complete, not truncated', async () => {
    receiver.respond(() => ({ status: 200, body: 'y'.repeat(100) }));
    const res = await safeRequest(receiver.url, { timeoutMs: 2000, maxBodyBytes: 100, policy: open() });
    expect(res.body.toString()).toBe('y'.repeat(100));
    expect(res.truncated).toBe(false);
  });

  it('names a refused connection', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const err = await safeRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000, policy: open() }).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundRequestError);
    expect(err.code).toBe('connection_refused');
  });

  it('stops when its signal is aborted', async () => {
    receiver.respond(() => 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await safeRequest(receiver.url, { timeoutMs: 5000, signal: controller.signal, policy: open() }).catch((e) => e);
    expect(err.code).toBe('aborted');
  });
});
