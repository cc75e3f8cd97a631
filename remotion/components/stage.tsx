/**
 * The stage every scene is laid out on: orientation, a size unit that makes
 * one design work at 720 and 1080 class outputs, safe margins per aspect
 * ratio, and the brand theme. Shared through context so components stay
 * free of prop drilling.
 */
import type React from 'react';
import { createContext, useContext } from 'react';
import { useVideoConfig } from 'remotion';
import type { Theme } from '../theme';

export type Orientation = 'portrait' | 'landscape' | 'square';

export type Rect = { x: number; y: number; w: number; h: number };

/** The caption band, its largest caption font and its vertical padding, in pixels. */
export type CaptionBandRect = Rect & { fontSize: number; padY: number };

export type Stage = {
  width: number;
  height: number;
  orientation: Orientation;
  /** Design unit: 1 at 720-class output, 1.5 at 1080-class. */
  u: number;
  /** Where content may go: clear of the logo on top, of player controls and social UI below, and of the caption band. */
  content: Rect;
  /** Where burned-in captions are drawn, when the video has them; content stays above it. */
  captionBand: CaptionBandRect | null;
  theme: Theme;
  logo: string | null;
};

const StageContext = createContext<Stage | null>(null);

/** Portrait, landscape or square (within 2 px) for a frame size. */
export function orientationOf(width: number, height: number): Orientation {
  if (Math.abs(width - height) < 2) return 'square';
  return width > height ? 'landscape' : 'portrait';
}

const MARGINS: Record<Orientation, { x: number; top: number; bottom: number }> = {
  portrait: { x: 64, top: 150, bottom: 190 },
  landscape: { x: 100, top: 116, bottom: 92 },
  square: { x: 64, top: 112, bottom: 80 },
};

/**
 * The caption band per orientation, in design units: the largest caption
 * font, the gap below the band (portrait keeps clear of the social apps'
 * bottom bar, the others of the progress line and player controls) and the
 * gap between the band and the content above it.
 */
const CAPTION_BAND: Record<Orientation, { font: number; below: number; above: number; padY: number; x: number; maxW: number }> = {
  portrait: { font: 32, below: 112, above: 24, padY: 14, x: 36, maxW: 720 },
  landscape: { font: 34, below: 34, above: 20, padY: 12, x: 100, maxW: 940 },
  square: { font: 30, below: 30, above: 18, padY: 12, x: 44, maxW: 720 },
};

/** Line height of caption text. */
export const CAPTION_LINE_HEIGHT = 1.28;

/** The caption band's rectangle and its largest font size, in pixels (two lines of text plus padding). */
export function captionBandRect(width: number, height: number): CaptionBandRect {
  const u = Math.min(width, height) / 720;
  const o = orientationOf(width, height);
  const b = CAPTION_BAND[o];
  const h = (2 * b.font * CAPTION_LINE_HEIGHT + 2 * b.padY) * u;
  // A little wider than the content at 9:16 and 1:1, where every character of a 42-character line counts.
  const w = Math.min(width - 2 * b.x * u, b.maxW * u);
  return { x: (width - w) / 2, y: height - (b.below * u + h), w, h, fontSize: b.font * u, padY: b.padY * u };
}

/** Content rectangle for a frame size, in pixels; with captions it ends above the caption band. */
export function contentRect(width: number, height: number, captions = false): Rect {
  const u = Math.min(width, height) / 720;
  const o = orientationOf(width, height);
  const m = MARGINS[o];
  let bottom = m.bottom * u;
  if (captions) {
    const band = captionBandRect(width, height);
    bottom = Math.max(bottom, height - band.y + CAPTION_BAND[o].above * u);
  }
  return { x: m.x * u, y: m.top * u, w: width - 2 * m.x * u, h: height - m.top * u - bottom };
}

/** Computes the stage from the composition size and shares it with every scene. */
export const StageProvider: React.FC<{ theme: Theme; logo: string | null; captions?: boolean; children: React.ReactNode }> = ({
  theme,
  logo,
  captions = false,
  children,
}) => {
  const { width, height } = useVideoConfig();
  const stage: Stage = {
    width,
    height,
    orientation: orientationOf(width, height),
    u: Math.min(width, height) / 720,
    content: contentRect(width, height, captions),
    captionBand: captions ? captionBandRect(width, height) : null,
    theme,
    logo,
  };
  return <StageContext.Provider value={stage}>{children}</StageContext.Provider>;
};

/** The stage of the current composition; throws outside a template. */
export function useStage(): Stage {
  const stage = useContext(StageContext);
  if (!stage) throw new Error('useStage must be used inside <StageProvider>');
  return stage;
}

/** Scene-local timing: the nominal length of the scene (its exit runs after it). */
export const SceneTimingContext = createContext<{ durationInFrames: number; index: number }>({
  durationInFrames: Number.POSITIVE_INFINITY,
  index: 0,
});
