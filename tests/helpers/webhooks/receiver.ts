/**
 * A real HTTP receiver on 127.0.0.1 for the webhook suites. It records every
 * request (headers, raw body, arrival time) and answers with whatever the
 * test's responder says: a status, headers and body, or `hang` (never answer;
 * the connection stays open until the sender gives up or the receiver closes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '../jobs-fixtures';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  /** Set when the sender closed the connection before we answered (e.g. its timeout). */
  closedAt?: number;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';
export type Responder = (req: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  respond: (responder: Responder) => void;
  waitForRequests: (count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
}

export async function startReceiver(responder: Responder = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let current = responder;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = requests.push(received) - 1;
      res.on('close', () => {
        if (!res.writableEnded) received.closedAt = Date.now();
      });
      const reply = await current(received, index);
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    requests,
    respond: (r) => (current = r),
    waitForRequests: (count, timeoutMs = 20_000) =>
      waitFor(`${count} webhook request(s) at the receiver`, () => (requests.length >= count ? requests.slice() : null), {
        timeoutMs,
        intervalMs: 20,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies a received request with the standardwebhooks library and returns the parsed payload. */
export function verifyWith(secret: string, req: ReceivedRequest): { id: string; type: string; timestamp: string; data: any } {
  return new Webhook(secret).verify(req.body, req.headers) as { id: string; type: string; timestamp: string; data: any };
}
