/**
 * Emoji handling for browsers that cannot draw the bundled emoji font.
 *
 * The colour Noto font on npm is OpenType-SVG, which Chromium does not draw,
 * so the templates bundle the outline Noto Emoji (@fontsource/noto-emoji).
 * Should a browser still fail to draw it (see `emojiSupport` in fonts.ts),
 * the compositions drop them from the text instead, so "Zoë 🚀" reads "Zoë"
 * rather than "Zoë  ". Pure string functions, unit tested.
 */

// An emoji as drawn: a character that defaults to emoji presentation, a text symbol forced to emoji by VS16
// (so "©" and "™" stay), or a keycap, each with skin tones, tags and ZWJ continuations.
const EMOJI =
  /(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|[#*0-9]\uFE0F?\u20E3)(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}]|\p{Emoji_Presentation})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}])*)*/gu;

/** Whether the text contains at least one emoji. */
export function hasEmoji(text: string): boolean {
  EMOJI.lastIndex = 0;
  return EMOJI.test(text);
}

/**
 * The text without emoji, with the spaces around a removed emoji collapsed.
 * A text that is nothing but emoji is kept as it is: an empty name would be
 * worse than an empty-looking one.
 */
export function stripEmoji(text: string): string {
  if (!hasEmoji(text)) return text;
  const stripped = text
    .replace(EMOJI, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([!?.,;:)])/g, '$1')
    .trim();
  return stripped || text;
}

/** `stripEmoji` applied to every string inside a JSON-like value. */
export function stripEmojiDeep<T>(value: T): T {
  if (typeof value === 'string') return stripEmoji(value) as T;
  if (Array.isArray(value)) return value.map((v) => stripEmojiDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripEmojiDeep(v)])) as T;
  }
  return value;
}
