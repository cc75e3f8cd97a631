/**
 * A streaming multipart/form-data reader for APPEND. `Request.formData()`
 * buffers the whole body (undici collects every chunk before parsing), so a
 * large or hostile body would sit in memory; this reader holds at most one
 * network chunk plus the boundary length, and hands the file part to storage
 * as a stream.
 *
 * Usage: `for (;;) { const part = await reader.nextPart(); if (!part) break; …
 * consume part.body() or part.text() fully before asking for the next }`.
 */
import { AppError } from '../lib/errors';

export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  /** The part's bytes as they arrive; must be consumed (or skipped) before nextPart(). */
  body: () => AsyncGenerator<Buffer>;
  /** The whole part as UTF-8, refusing more than maxBytes. */
  text: (maxBytes: number) => Promise<string>;
}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

const malformed = (why: string) => new AppError('bad_request', `Malformed multipart body: ${why}.`);

/** The boundary of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 200 ? boundary : null;
}

function headerParam(header: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\*?=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]+))`).exec(header);
  if (!match) return null;
  const value = match[1] ?? match[2] ?? '';
  return value.replace(/\\(.)/g, '$1').trim();
}

export class MultipartReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly delimiter: Buffer;
  // The body is read as if it started with CRLF, so the first boundary looks like every other one.
  private buf: Buffer = Buffer.from(CRLF);
  private eof = false;
  private started = false;
  private finished = false;
  // A part was handed out and its body not read to the end: skip the rest before the next one.
  private partPending = false;

  constructor(body: ReadableStream<Uint8Array>, boundary: string) {
    this.reader = body.getReader();
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const { done, value } = await this.reader.read();
    if (done) {
      this.eof = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? Buffer.from(value) : Buffer.concat([this.buf, value]);
    return true;
  }

  /** Discards bytes up to and including the next delimiter; false at end of input. */
  private async skipToDelimiter(): Promise<boolean> {
    for (;;) {
      const at = this.buf.indexOf(this.delimiter);
      if (at >= 0) {
        this.buf = this.buf.subarray(at + this.delimiter.length);
        return true;
      }
      this.buf = this.buf.subarray(Math.max(0, this.buf.length - this.delimiter.length + 1));
      if (!(await this.fill())) return false;
    }
  }

  private async need(bytes: number): Promise<boolean> {
    while (this.buf.length < bytes) if (!(await this.fill())) return false;
    return true;
  }

  /** The next part's headers, or null after the closing boundary. */
  async nextPart(): Promise<MultipartPart | null> {
    if (this.finished) return null;
    if (this.partPending) {
      this.partPending = false;
      if (!(await this.skipToDelimiter())) throw malformed('unexpected end of a part (no closing boundary)');
    }
    if (!this.started) {
      this.started = true;
      if (!(await this.skipToDelimiter())) throw malformed('no boundary found');
    }
    if (!(await this.need(2))) throw malformed('unexpected end after a boundary');
    if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
      this.finished = true;
      await this.reader.cancel().catch(() => {});
      return null;
    }
    // Transport padding after the boundary, then CRLF.
    let lineEnd: number;
    while ((lineEnd = this.buf.indexOf(CRLF)) < 0) {
      if (this.buf.length > 1024 || !(await this.fill())) throw malformed('bad boundary line');
    }
    this.buf = this.buf.subarray(lineEnd + 2);
    let headerEnd: number;
    // A part without headers starts right away with the blank line.
    if (await this.need(2)) {
      if (this.buf[0] === 0x0d && this.buf[1] === 0x0a) headerEnd = -2;
      else {
        while ((headerEnd = this.buf.indexOf(HEADER_END)) < 0) {
          if (this.buf.length > MAX_HEADER_BYTES) throw malformed('part headers too large');
          if (!(await this.fill())) throw malformed('unexpected end in part headers');
        }
      }
    } else throw malformed('unexpected end in part headers');
    const rawHeaders = headerEnd < 0 ? '' : this.buf.subarray(0, headerEnd).toString('utf8');
    this.buf = this.buf.subarray(headerEnd < 0 ? 2 : headerEnd + 4);
    const headers = new Map<string, string>();
    for (const line of rawHeaders.split('\r\n')) {
      const idx = line.indexOf(':');
      if (idx > 0) headers.set(line.slice(0, idx).trim().toLowerCase(), line.slice(idx + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = headerParam(disposition, 'name');
    if (!/^form-data/i.test(disposition) || name === null) throw malformed('a part has no form-data name');
    this.partPending = true;
    const body = () => this.readBody();
    return {
      name,
      filename: headerParam(disposition, 'filename'),
      contentType: headers.get('content-type') ?? null,
      body,
      text: async (maxBytes: number) => {
        const chunks: Buffer[] = [];
        let total = 0;
        for await (const chunk of body()) {
          total += chunk.length;
          if (total > maxBytes) {
            throw AppError.param('bad_request', name, `Form field "${name}" is longer than ${maxBytes} bytes.`);
          }
          chunks.push(chunk);
        }
        return Buffer.concat(chunks).toString('utf8');
      },
    };
  }

  private async *readBody(): AsyncGenerator<Buffer> {
    for (;;) {
      const at = this.buf.indexOf(this.delimiter);
      if (at >= 0) {
        const last = at > 0 ? Buffer.from(this.buf.subarray(0, at)) : null;
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.partPending = false;
        if (last) yield last;
        return;
      }
      // Keep a tail that could be the start of the delimiter; emit the rest.
      const safe = this.buf.length - this.delimiter.length + 1;
      if (safe > 0) {
        const out = Buffer.from(this.buf.subarray(0, safe));
        this.buf = this.buf.subarray(safe);
        yield out;
      }
      if (!(await this.fill())) throw malformed('unexpected end of a part (no closing boundary)');
    }
  }

  /** Stops reading the request body. */
  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}
