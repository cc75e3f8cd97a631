import { describe, expect, it } from 'vitest';
import { assertValidRange, parseRangeHeader } from '@/server/storage/http-range';

describe('parseRangeHeader (size 1000)', () => {
  it.each([
    [null, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['bytes=0-99', { kind: 'range', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'range', start: 100, end: 999 }],
    ['bytes=-500', { kind: 'range', start: 500, end: 999 }],
    ['bytes=-5000', { kind: 'range', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'range', start: 990, end: 999 }],
    ['bytes=999-999', { kind: 'range', start: 999, end: 999 }],
    ['Bytes = 10-19', { kind: 'range', start: 10, end: 19 }],
    ['bytes=10-19,', { kind: 'range', start: 10, end: 19 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-1001', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=99999999999999999999-', { kind: 'unsatisfiable' }],
    ['bytes=20-10', { kind: 'none' }],
    ['bytes=-', { kind: 'none' }],
    ['bytes=a-b', { kind: 'none' }],
    ['bytes=1.5-2', { kind: 'none' }],
    ['bytes=0-1,5-6', { kind: 'none' }],
    ['items=0-1', { kind: 'none' }],
    ['0-1', { kind: 'none' }],
  ])('%j → %j', (header, expected) => {
    expect(parseRangeHeader(header, 1000)).toEqual(expected);
  });

  it('finds nothing satisfiable in an empty object', () => {
    expect(parseRangeHeader('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('assertValidRange', () => {
  it('accepts sane ranges and refuses the rest', () => {
    expect(() => assertValidRange(undefined)).not.toThrow();
    expect(() => assertValidRange({ start: 0 })).not.toThrow();
    expect(() => assertValidRange({ start: 5, end: 5 })).not.toThrow();
    expect(() => assertValidRange({ start: -1 })).toThrow(/Invalid byte range/);
    expect(() => assertValidRange({ start: 5, end: 4 })).toThrow(/Invalid byte range/);
    expect(() => assertValidRange({ start: 1.5 })).toThrow(/Invalid byte range/);
    expect(() => assertValidRange({ start: Number.NaN })).toThrow(/Invalid byte range/);
  });
});
