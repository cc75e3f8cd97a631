/**
 * Stream plumbing shared by the drivers and the file route: one Node Readable
 * from any accepted body, a byte cap enforced while streaming, fixed-size parts
 * for multipart uploads, and a pull-based web stream for Responses (a chunk is
 * read from disk only when the client is ready for it).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { AppError } from '../lib/errors';
import type { PutBody } from './types';

export function isBinary(body: PutBody): body is Buffer | Uint8Array {
  return body instanceof Uint8Array;
}

/** Any streaming PutBody as a Node Readable of bytes. */
export function toNodeReadable(body: Exclude<PutBody, Buffer | Uint8Array>): Readable {
  if (body instanceof Readable) return body;
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    return Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>);
  }
  return Readable.from(body as AsyncIterable<Uint8Array>, { objectMode: false });
}

export function tooLargeError(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The body is larger than the limit of ${maxBytes} bytes`);
}

/** Passes bytes through and fails with payload_too_large once more than maxBytes went by. */
export async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw tooLargeError(maxBytes);
    yield chunk;
  }
}

/**
 * Regroups a byte stream into parts of exactly `partSize` bytes (the last one
 * shorter). Holds at most one part plus one incoming chunk in memory.
 */
export async function* fixedSizeParts(source: AsyncIterable<Uint8Array>, partSize: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (pendingBytes + buf.length >= partSize) {
      const take = partSize - pendingBytes;
      pending.push(buf.subarray(0, take));
      yield Buffer.concat(pending, partSize);
      pending = [];
      pendingBytes = 0;
      buf = buf.subarray(take);
    }
    if (buf.length > 0) {
      pending.push(buf);
      pendingBytes += buf.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/**
 * A web ReadableStream over a Node Readable that reads on demand: each pull
 * takes one chunk, so a slow client holds back the disk instead of the whole
 * file piling up in memory. Cancelling (client gone) destroys the source.
 */
export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } catch (err) {
          controller.error(err);
        }
      },
      async cancel() {
        await iterator.return?.();
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
