import { describe, expect, it } from 'vitest';
import { hasEmoji, stripEmoji, stripEmojiDeep } from '@/remotion/emoji';

describe('stripEmoji', () => {
  it.each([
    ['Zoë 🚀', 'Zoë'],
    ["Welcome aboard, Zoë 🚀! Let's go 🔥", "Welcome aboard, Zoë! Let's go"],
    ['Café Crème ☕ & Co.', 'Café Crème & Co.'],
    ['👩‍👩‍👧 family', 'family'],
    ['flag 🇩🇪 de', 'flag de'],
    ['keycap 1️⃣ one', 'keycap one'],
    ['thumb 👍🏽 ok', 'thumb ok'],
    ['❤️ love', 'love'],
    ['ようこそ、陽菜さん！🎉', 'ようこそ、陽菜さん！'],
  ])('%s → %s', (input, output) => {
    expect(hasEmoji(input)).toBe(true);
    expect(stripEmoji(input)).toBe(output);
  });

  it.each([['plain 123 #hash *star'], ['© 2025 ™'], ['Ünal Øresund Łódź'], ['株式会社']])('leaves %s alone', (input) => {
    expect(hasEmoji(input)).toBe(false);
    expect(stripEmoji(input)).toBe(input);
  });

  it('keeps a text that is only emoji', () => {
    expect(stripEmoji('🚀')).toBe('🚀');
  });

  it('strips every string of a nested value', () => {
    expect(stripEmojiDeep({ a: 'x 🚀', b: ['🎉 y', 3], c: { d: null, e: true } })).toEqual({
      a: 'x',
      b: ['y', 3],
      c: { d: null, e: true },
    });
  });
});
