/**
 * One write for an answer's head and the body written in the same tick.
 *
 * Next.js sends every route handler's and page's answer as a stream, and calls `res.flushHeaders()`
 * just before it writes the first chunk (next/dist/server/pipe-readable.js). Node writes the head
 * at once, so a JSON answer left in two writes (two syscalls, two TCP segments, two wake-ups of the
 * client): the head, then the body with the chunked terminator. With the socket corked until the
 * next tick, the head goes out together with whatever the same tick writes — for a JSON answer, the
 * whole response in one `writev`. Nothing waits longer than that tick, so a stream's head still
 * leaves when it is flushed (server-sent events, a page that streams), with its first chunk if that
 * is ready. What it saves for certain is a syscall, a TCP segment and a wake-up of the client per
 * answer; under load (GET /api/v1/videos/{id}, two processes, alternated runs) that came to 0–6 % more
 * answers a second and a p99 1–8 ms lower, at the edge of the run-to-run spread (docs/benchmarks.md,
 * "API", 2026-12-07 (13:30–15:00 UTC)).
 *
 * scripts/start.mjs applies it to every response of the server it starts (`npm start`, Docker).
 */
import http from 'node:http';

const flushHeaders = http.ServerResponse.prototype.flushHeaders;

function uncork(socket) {
  socket.uncork();
}

/** @this {http.ServerResponse} */
function coalescedFlushHeaders() {
  const socket = this.socket;
  // No socket yet: a pipelined answer waiting its turn, which Node buffers anyway.
  if (socket && !this.headersSent && !socket.destroyed) {
    socket.cork();
    process.nextTick(uncork, socket);
  }
  return flushHeaders.call(this);
}

/** Makes `res.flushHeaders()` send the head with what the same tick writes, not on its own. */
export function coalesceHead(res) {
  res.flushHeaders = coalescedFlushHeaders;
}
