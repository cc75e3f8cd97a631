/**
 * scripts/coalesce-head.mjs: `npm start` sends an answer's head with the body written in the same
 * tick (one write, as Next.js flushes the head just before the first chunk), and never holds a
 * flushed head back past that tick.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceHead } from '../../../scripts/coalesce-head.mjs';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Serves `handler`; counts the writes each response made to its socket. */
async function serve(handler: (res: http.ServerResponse) => void, coalesce: boolean) {
  const writes: number[] = [];
  const wrapped = new WeakMap<Socket, { index: number }>();
  const server = http.createServer((_req, res) => {
    const socket = res.socket as Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    // A kept-alive socket serves several requests: wrap it once, count against the current one.
    let state = wrapped.get(socket);
    if (!state) {
      const counted = { index: 0 };
      wrapped.set(socket, (state = counted));
      for (const method of ['_write', '_writev'] as const) {
        const original = socket[method];
        socket[method] = function (this: Socket, ...args: unknown[]) {
          writes[counted.index] = (writes[counted.index] ?? 0) + 1;
          return original.apply(this, args);
        };
      }
    }
    state.index = writes.push(0) - 1;
    if (coalesce) coalesceHead(res);
    handler(res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, writes };
}

/** What Next.js does for a route handler's JSON answer. */
function nextLikeJson(res: http.ServerResponse) {
  res.setHeader('content-type', 'application/json');
  res.flushHeaders();
  res.write('{"status":"ok"}');
  res.end();
}

describe('coalesceHead', () => {
  it('sends the head, the body and the end of a JSON answer in one write', async () => {
    const { url, writes } = await serve(nextLikeJson, true);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(url);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect(res.headers.get('content-type')).toBe('application/json');
    }
    expect(writes).toEqual([1, 1, 1]);
  });

  it('is what makes the difference: without it the head is a write of its own', async () => {
    const { url, writes } = await serve(nextLikeJson, false);
    expect(await (await fetch(url)).json()).toEqual({ status: 'ok' });
    expect(writes).toEqual([2]);
  });

  it('still sends a flushed head at once when the body comes later (a stream)', async () => {
    let release!: () => void;
    const later = new Promise<void>((r) => (release = r));
    const { url } = await serve((res) => {
      res.setHeader('content-type', 'text/event-stream');
      res.flushHeaders();
      void later.then(() => res.end('data: done\n\n'));
    }, true);
    // fetch resolves on the head: it arrives while the body is still held back.
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    release();
    expect(await res.text()).toBe('data: done\n\n');
  });

  it('leaves a head already sent alone, and big bodies flow (back-pressure does not wait on the cork)', async () => {
    const big = 'x'.repeat(256 * 1024);
    const { url } = await serve((res) => {
      res.flushHeaders();
      res.flushHeaders();
      const ok = res.write(big);
      if (ok) res.end();
      else res.once('drain', () => res.end());
    }, true);
    expect((await (await fetch(url)).text()).length).toBe(big.length);
  });
});
