/**
 * Byte ranges: the HTTP `Range` header (RFC 9110 §14) resolved against an
 * object's size, and validation of the ranges drivers accept.
 */
import { AppError } from '../lib/errors';
import type { ByteRange } from './types';

export type RangeRequest =
  /** No usable Range: send the whole object with 200. */
  | { kind: 'none' }
  /** Syntactically valid but outside the object: 416 with `Content-Range: bytes *\/size`. */
  | { kind: 'unsatisfiable' }
  /** Inclusive offsets, already clamped to the object. */
  | { kind: 'range'; start: number; end: number };

const SPEC = /^(\d*)-(\d*)$/;

/**
 * Resolves a Range header for an object of `size` bytes. Only a single
 * `bytes` range is honoured: other units, malformed headers and multi-range
 * requests are ignored (RFC 9110 allows it), so the client gets the whole object.
 */
export function parseRangeHeader(header: string | null | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return { kind: 'none' };
  const specs = (match[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length !== 1) return { kind: 'none' };
  const parts = SPEC.exec(specs[0] ?? '');
  if (!parts) return { kind: 'none' };
  const [, first = '', last = ''] = parts;
  if (first === '' && last === '') return { kind: 'none' };

  if (first === '') {
    // Suffix range: the last N bytes (all of them when N exceeds the size).
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }

  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Throws AppError bad_request unless start/end are non-negative safe integers with end ≥ start. */
export function assertValidRange(range: ByteRange | undefined): void {
  if (!range) return;
  const { start, end } = range;
  const ok =
    Number.isSafeInteger(start) && start >= 0 && (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!ok) throw new AppError('bad_request', `Invalid byte range ${JSON.stringify(range)}`);
}
