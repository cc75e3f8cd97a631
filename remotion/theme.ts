/**
 * Turns one brand colour into a readable palette. Any hex a customer sends
 * must work: a near-black or a pale yellow brand still gets accents that stand
 * out on the dark stage and a button label that can be read (WCAG contrast).
 */

export type Rgb = { r: number; g: number; b: number };

export type Theme = {
  /** The brand colour exactly as given, for large decorative fills. */
  brand: string;
  /** Stage background, tinted towards the brand hue. */
  background: string;
  backgroundDeep: string;
  /** Brand colour adjusted to at least 4.5:1 against the background: text and lines. */
  accent: string;
  /** A second hue (the brand's hue turned) for gradients, so the stage is never flat. */
  secondary: string;
  /** Text on an `accent` fill. */
  onAccent: string;
  /**
   * Colour for large filled shapes (orbs, buttons): the brand itself when it
   * stands out from the stage (3:1, the WCAG figure for UI shapes), else the
   * lightened accent.
   */
  fill: string;
  onFill: string;
  text: string;
  textMuted: string;
  surface: string;
  surfaceBorder: string;
};

/** #rgb or #rrggbb to channels; throws on anything else. */
export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) throw new Error(`Not a hex colour: ${hex}`);
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
}

/** Channels (clamped) to #rrggbb. */
export function toHex({ r, g, b }: Rgb): string {
  const part = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

/** Linear blend: t = 0 gives `a`, t = 1 gives `b`. */
export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex({ r: x.r + (y.r - x.r) * t, g: x.g + (y.g - x.g) * t, b: x.b + (y.b - x.b) * t });
}

/** A hex colour as rgba() with the given opacity. */
export function withAlpha(hex: string, alpha: number): string {
  const { r, g, b } = parseHex(hex);
  return `rgba(${r}, ${g}, ${b}, ${Math.min(1, Math.max(0, alpha))})`;
}

/**
 * The same colour fully transparent, for the last stop of a canvas gradient:
 * canvas gradients interpolate unpremultiplied, so fading to `transparent`
 * (black at alpha 0) would pass through a dark fringe. Takes #hex or rgb()/rgba().
 */
export function clearOf(color: string): string {
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(color);
  if (m) return `rgba(${m[1]}, ${m[2]}, ${m[3]}, 0)`;
  return withAlpha(color, 0);
}

function parseColor(color: string): { r: number; g: number; b: number; a: number } {
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(color.trim());
  if (m) return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: m[4] === undefined ? 1 : Number(m[4]) };
  return { ...parseHex(color), a: 1 };
}

/**
 * CSS colour stops (for linear-gradient) from `from` to `to`, interpolated
 * in premultiplied alpha as CSS does, at `steps` points. Between two
 * translucent colours of different hue a canvas gradient (what the `web`
 * engine paints with) interpolates unpremultiplied and drifts towards the
 * more transparent colour; with stops this close both engines agree.
 */
export function premultipliedStops(from: string, to: string, steps = 8): string {
  const a = parseColor(from);
  const b = parseColor(to);
  const stops: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const alpha = a.a + (b.a - a.a) * t;
    const channel = (x: number, y: number) =>
      alpha === 0 ? 0 : Math.round((x * a.a + (y * b.a - x * a.a) * t) / alpha);
    stops.push(
      `rgba(${channel(a.r, b.r)}, ${channel(a.g, b.g)}, ${channel(a.b, b.b)}, ${Math.round(alpha * 1000) / 1000}) ${Math.round(t * 1000) / 10}%`,
    );
  }
  return stops.join(', ');
}

/** WCAG 2 relative luminance. */
export function luminance(hex: string): number {
  const { r, g, b } = parseHex(hex);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio between two colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Lightens `color` towards white in small steps until it reaches `ratio` against `against`. */
export function ensureContrast(color: string, against: string, ratio: number): string {
  let current = color;
  for (let t = 0.08; contrastRatio(current, against) < ratio && t <= 1; t += 0.08) {
    current = mix(color, '#ffffff', t);
  }
  return current;
}

/**
 * Text colour on `fill`. Everything drawn on fills here is large bold text,
 * for which WCAG asks 3:1, so white is kept down to 3:1: on saturated brand
 * colours (red, violet) it is what designers pick; below that, near-black.
 */
export function readableOn(fill: string): string {
  return contrastRatio(fill, '#ffffff') >= 3 ? '#ffffff' : '#0b0c10';
}

function rotateHue(hex: string, degrees: number): string {
  const { r, g, b } = parseHex(hex);
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return hex;
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === rn ? ((gn - bn) / d) % 6 : max === gn ? (bn - rn) / d + 2 : (rn - gn) / d + 4;
  h = (h * 60 + degrees + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r1, g1, b1] =
    h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return toHex({ r: (r1 + m) * 255, g: (g1 + m) * 255, b: (b1 + m) * 255 });
}

/** The palette for a brand colour (any valid hex). */
export function makeTheme(brandColor: string): Theme {
  const brand = toHex(parseHex(brandColor));
  const background = mix(brand, '#07080d', 0.9);
  const backgroundDeep = mix(brand, '#030406', 0.95);
  const accent = ensureContrast(brand, background, 4.5);
  const secondary = ensureContrast(rotateHue(brand, 42), background, 3);
  const fill = contrastRatio(brand, background) >= 3 ? brand : accent;
  return {
    brand,
    fill,
    onFill: readableOn(fill),
    background,
    backgroundDeep,
    accent,
    secondary,
    onAccent: readableOn(accent),
    text: '#f6f7fb',
    textMuted: 'rgba(236, 239, 247, 0.72)',
    surface: 'rgba(255, 255, 255, 0.055)',
    surfaceBorder: 'rgba(255, 255, 255, 0.11)',
  };
}
