import { describe, expect, it } from 'vitest';
import { decideFit, largestFittingSize } from '@/remotion/text-fit';

/** A fake browser: monospace glyphs 0.6 em wide, words broken only at spaces unless breakWords. */
function fakeMeasure(text: string, boxWidth: number, lineHeight: number) {
  return (fontSize: number, breakWords: boolean) => {
    const charW = fontSize * 0.6;
    let lines = 1;
    let line = 0;
    let widest = 0;
    for (const word of text.split(' ')) {
      const w = word.length * charW;
      const needed = line === 0 ? w : line + charW + w;
      if (needed <= boxWidth) {
        line = needed;
      } else if (w <= boxWidth) {
        lines += line === 0 ? 0 : 1;
        line = w;
      } else if (breakWords) {
        const perLine = Math.max(1, Math.floor(boxWidth / charW));
        lines += (line === 0 ? 0 : 1) + Math.ceil(word.length / perLine) - 1;
        line = (word.length % perLine || perLine) * charW;
      } else {
        lines += line === 0 ? 0 : 1;
        line = w;
      }
      widest = Math.max(widest, line);
    }
    return { width: Math.max(widest, 0), height: lines * fontSize * lineHeight };
  };
}

describe('largestFittingSize', () => {
  it('returns max when it fits, null when even min does not, else the boundary', () => {
    expect(largestFittingSize(10, 80, () => true)).toBe(80);
    expect(largestFittingSize(10, 80, () => false)).toBeNull();
    expect(largestFittingSize(10, 80, (s) => s <= 37.3)).toBe(37);
    const fine = largestFittingSize(10, 80, (s) => s <= 37.3, 0.25)!;
    expect(fine).toBeLessThanOrEqual(37.3);
    expect(fine).toBeGreaterThan(37.3 - 0.25);
    expect(fine % 0.25).toBe(0);
  });

  it('rejects an inverted range', () => {
    expect(() => largestFittingSize(50, 10, () => true)).toThrow();
  });
});

describe('decideFit', () => {
  const box = { maxWidth: 400, maxHeight: 200, minFontSize: 12, maxFontSize: 80, lineHeight: 1.2 };

  it('keeps short text at the largest size', () => {
    const d = decideFit({ ...box, measure: fakeMeasure('Hi Sarah', 400, 1.2) });
    expect(d).toEqual({ fontSize: 80, breakWords: false, clampLines: null });
  });

  it('shrinks longer text until it fits, never overflowing', () => {
    const text = 'Welcome aboard, we are very glad to have you and your whole team with us today';
    const measure = fakeMeasure(text, 400, 1.2);
    const d = decideFit({ ...box, measure });
    expect(d.breakWords).toBe(false);
    expect(d.fontSize).toBeLessThan(80);
    expect(d.fontSize).toBeGreaterThanOrEqual(12);
    const m = measure(d.fontSize, false);
    expect(m.width).toBeLessThanOrEqual(400.5);
    expect(m.height).toBeLessThanOrEqual(200.5);
  });

  it('respects maxLines', () => {
    const text = 'one two three four five six seven eight';
    const d = decideFit({ ...box, maxLines: 1, measure: fakeMeasure(text, 400, 1.2) });
    expect(fakeMeasure(text, 400, 1.2)(d.fontSize, false).height).toBeLessThanOrEqual(d.fontSize * 1.2 + 0.5);
  });

  it('breaks a word wider than the box only when shrinking cannot help', () => {
    const text = 'Donaudampfschifffahrtsgesellschaftskapitänskajütenschlüsselbund'.repeat(2);
    const d = decideFit({ ...box, measure: fakeMeasure(text, 400, 1.2) });
    expect(d.breakWords).toBe(true);
    expect(d.clampLines).toBeNull();
  });

  it('clamps lines with an ellipsis as the last resort', () => {
    const text = Array.from({ length: 400 }, () => 'word').join(' ');
    const d = decideFit({ ...box, measure: fakeMeasure(text, 400, 1.2) });
    expect(d.fontSize).toBe(12);
    expect(d.clampLines).toBe(Math.floor(200 / (12 * 1.2)));
  });
});
