/** Where a render is cut into chunks (server/render/render-chunks.ts planFrameRanges). */
import { describe, expect, it } from 'vitest';
import { planFrameRanges } from '@/server/render/render-chunks';

const FPS = 30;

describe('planFrameRanges', () => {
  it.each([
    ['splitting off', 1800, { chunkSeconds: 0, minSeconds: 0 }, null],
    ['shorter than the minimum', 1799, { chunkSeconds: 15, minSeconds: 60 }, null],
    ['one chunk only', 500, { chunkSeconds: 15, minSeconds: 0 }, null],
    ['exact chunks', 1800, { chunkSeconds: 15, minSeconds: 60 }, [[0, 449], [450, 899], [900, 1349], [1350, 1799]]],
    // A tail of at least half a chunk is a chunk of its own...
    ['a long tail', 1200, { chunkSeconds: 15, minSeconds: 0 }, [[0, 449], [450, 899], [900, 1199]]],
    // ...a shorter one joins the chunk before it.
    ['a short tail', 1000, { chunkSeconds: 15, minSeconds: 0 }, [[0, 449], [450, 999]]],
  ] as const)('%s', (_, frames, settings, expected) => {
    expect(planFrameRanges(frames, FPS, settings)).toEqual(expected);
  });

  it('covers every frame exactly once, in order', () => {
    for (const frames of [451, 899, 1337, 1800, 3601]) {
      const ranges = planFrameRanges(frames, FPS, { chunkSeconds: 7, minSeconds: 0 })!;
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(frames - 1);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
      for (const [a, b] of ranges) expect(b - a + 1).toBeGreaterThanOrEqual(7 * FPS / 2);
    }
  });
});
