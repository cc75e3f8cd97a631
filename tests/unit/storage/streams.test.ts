import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/lib/errors';
import { fixedSizeParts, limitBytes, toWebStream } from '@/server/storage/streams';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('fixedSizeParts', () => {
  it('regroups chunks of any size into exact parts, the last one shorter', async () => {
    const chunks = [Buffer.alloc(3, 1), Buffer.alloc(10, 2), Buffer.alloc(1, 3), Buffer.alloc(7, 4)];
    const parts = await collect(fixedSizeParts(Readable.from(chunks), 4));
    expect(parts.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 1]);
    expect(Buffer.concat(parts).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('yields nothing for an empty stream and one part for an exact fit', async () => {
    expect(await collect(fixedSizeParts(Readable.from([]), 4))).toEqual([]);
    expect((await collect(fixedSizeParts(Readable.from([Buffer.alloc(8)]), 4))).map((p) => p.length)).toEqual([4, 4]);
  });
});

describe('limitBytes', () => {
  it('passes up to the limit and fails with payload_too_large beyond it', async () => {
    expect(await collect(limitBytes(Readable.from([Buffer.alloc(5), Buffer.alloc(5)]), 10))).toHaveLength(2);
    const err = await collect(limitBytes(Readable.from([Buffer.alloc(5), Buffer.alloc(6)]), 10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('payload_too_large');
  });
});

describe('toWebStream', () => {
  it('reads the source only as the consumer pulls', async () => {
    let produced = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 1000; i++) {
          produced++;
          yield Buffer.alloc(1024);
        }
      })(),
      { objectMode: false, highWaterMark: 1024 },
    );
    const reader = toWebStream(source).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(produced).toBeLessThan(50);
    await reader.cancel();
    expect(source.destroyed).toBe(true);
  });
});
