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

export type Stage = {
  width: number;
  height: number;
  orientation: Orientation;
  /** Design unit: 1 at 720-class output, 1.5 at 1080-class. */
  u: number;
  /** Where content may go: clear of the logo on top and of player controls and social UI below. */
  content: Rect;
  theme: Theme;
  logo: string | null;
};

const StageContext = createContext<Stage | null>(null);

/** Portrait, landscape or square (within 2 px) for a frame size. */
export function orientationOf(width: number, height: number): Orientation {
  if (Math.abs(width - height) < 2) return 'square';
  return width > height ? 'landscape' : 'portrait';
}

/** Content rectangle for a frame size, in pixels. */
export function contentRect(width: number, height: number): Rect {
  const u = Math.min(width, height) / 720;
  const o = orientationOf(width, height);
  const m =
    o === 'portrait'
      ? { x: 64, top: 150, bottom: 190 }
      : o === 'landscape'
        ? { x: 100, top: 116, bottom: 92 }
        : { x: 64, top: 112, bottom: 80 };
  return { x: m.x * u, y: m.top * u, w: width - 2 * m.x * u, h: height - (m.top + m.bottom) * u };
}

/** Computes the stage from the composition size and shares it with every scene. */
export const StageProvider: React.FC<{ theme: Theme; logo: string | null; children: React.ReactNode }> = ({
  theme,
  logo,
  children,
}) => {
  const { width, height } = useVideoConfig();
  const stage: Stage = {
    width,
    height,
    orientation: orientationOf(width, height),
    u: Math.min(width, height) / 720,
    content: contentRect(width, height),
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
