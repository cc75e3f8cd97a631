import { describe, expect, it } from 'vitest';
import { contrastRatio, makeTheme, mix, parseHex, toHex } from '@/remotion/theme';

const BRANDS = ['#6D5EF7', '#000000', '#111111', '#ffffff', '#FACC15', '#ef4444', '#10b981', '#0ea5e9', '#1e3a8a', '#000080', '#f0f', '#808080'];

describe('theme', () => {
  it('parses 3- and 6-digit hex', () => {
    expect(parseHex('#f0a')).toEqual({ r: 255, g: 0, b: 170 });
    expect(toHex(parseHex('#6D5EF7'))).toBe('#6d5ef7');
    expect(() => parseHex('purple')).toThrow();
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
  });

  it.each(BRANDS.map((b) => [b]))('%s gives readable accents, fills and labels', (brand) => {
    const t = makeTheme(brand);
    expect(contrastRatio(t.accent, t.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(t.text, t.background)).toBeGreaterThanOrEqual(7);
    expect(contrastRatio(t.fill, t.background)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(t.onFill, t.fill)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(t.onAccent, t.accent)).toBeGreaterThanOrEqual(3);
  });

  it('keeps the brand colour itself for fills when it stands out', () => {
    expect(makeTheme('#6D5EF7').fill).toBe('#6d5ef7');
    expect(makeTheme('#000080').fill).not.toBe('#000080');
  });
});
