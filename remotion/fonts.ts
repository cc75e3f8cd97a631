/**
 * Fonts, all from @fontsource npm packages (bundled as files, never fetched
 * from a CDN). Each family is split by unicode-range, so the browser only
 * loads the slices a text needs; `loadFontsFor` asks for exactly those slices
 * and resolves when they are ready, so measuring never sees a fallback font.
 *
 * Stacks: Latin/Greek/Cyrillic from Space Grotesk (display) and Inter (body),
 * Japanese and Chinese from Noto Sans JP/SC, emoji from Noto Emoji (outline; Chromium's headless shell draws no colour emoji font).
 */
import '@fontsource/space-grotesk/500.css';
import '@fontsource/space-grotesk/700.css';
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@fontsource/noto-sans-jp/400.css';
import '@fontsource/noto-sans-jp/700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-emoji/400.css';
import '@fontsource/noto-emoji/700.css';

const CJK_AND_EMOJI = "'Noto Sans JP', 'Noto Sans SC', 'Noto Emoji'";

/** Headlines and numbers. */
export const DISPLAY_FONT = `'Space Grotesk', 'Inter', ${CJK_AND_EMOJI}, sans-serif`;
/** Body copy, labels and buttons. */
export const BODY_FONT = `'Inter', ${CJK_AND_EMOJI}, sans-serif`;

export type FontSpec = { family: string; weight: number };

const pending = new Map<string, Promise<void>>();

/**
 * Resolves once every face of `font` that `text` needs is loaded. Failures
 * resolve too: a missing slice must degrade to a fallback glyph, not hang the
 * render until its timeout.
 */
export function loadFontsFor(font: FontSpec, text: string): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return Promise.resolve();
  const key = `${font.weight}|${font.family}|${text}`;
  let promise = pending.get(key);
  if (!promise) {
    promise = document.fonts
      .load(`${font.weight} 40px ${font.family}`, text)
      .then(() => undefined)
      .catch(() => undefined);
    pending.set(key, promise);
  }
  return promise;
}

let emojiCheck: Promise<boolean> | null = null;
let emojiResult: boolean | null = null;

/** The answer of emojiSupport() once it has resolved in this page, else null. */
export function emojiSupportKnown(): boolean | null {
  if (typeof document === 'undefined') return true;
  return emojiResult;
}

/**
 * Whether this browser can draw the bundled emoji font: draws one emoji to a
 * canvas and looks for ink. False in Chromium with the OpenType-SVG Noto Color
 * Emoji from @fontsource (see emoji.ts); true once a COLR or outline emoji
 * font replaces it, with no other change needed.
 */
export function emojiSupport(): Promise<boolean> {
  if (typeof document === 'undefined') return Promise.resolve(true);
  emojiCheck ??= loadFontsFor({ family: "'Noto Emoji'", weight: 400 }, '\u{1F600}').then(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 32;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return true;
    ctx.font = "24px 'Noto Emoji'";
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#000';
    ctx.fillText('\u{1F600}', 2, 2);
    const { data } = ctx.getImageData(0, 0, 32, 32);
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return true;
    return false;
  }).then((ok) => {
    emojiResult = ok;
    return ok;
  });
  return emojiCheck;
}
