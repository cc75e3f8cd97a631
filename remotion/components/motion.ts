/**
 * Motion vocabulary shared by every template, so all of them move alike:
 * soft springs for entrances, a quick eased exit that overlaps the next
 * scene's entrance (a crossfade without a black gap).
 */
import type React from 'react';
import { useContext } from 'react';
import { Easing, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { TRANSITION_FRAMES } from '../timeline';
import { SceneTimingContext } from './stage';

/** Spring without overshoot, for text and panels. */
export const SMOOTH = { damping: 200, stiffness: 120, mass: 0.9 } as const;
/** Spring with a little bounce, for badges, chips and buttons. */
export const SNAPPY = { damping: 16, stiffness: 170, mass: 0.7 } as const;

/** 0 → 1 spring that starts `delay` frames into the current sequence. */
export function useEntrance(delay = 0, config: { damping: number; stiffness: number; mass: number } = SMOOTH): number {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  return spring({ frame: frame - delay, fps, config });
}

/** 0 → 1 while the current scene leaves (during the overlap with the next one). */
export function useExit(): number {
  const frame = useCurrentFrame();
  const { durationInFrames } = useContext(SceneTimingContext);
  if (!Number.isFinite(durationInFrames)) return 0;
  return interpolate(frame, [durationInFrames, durationInFrames + TRANSITION_FRAMES], [0, 1], {
    extrapolateLeft: 'clamp',
    extrapolateRight: 'clamp',
    easing: Easing.in(Easing.cubic),
  });
}

/**
 * Opacity + upward drift for a progress value p in [0, 1]. Once settled it
 * sets neither: an element with a transform (even translateY(0.0001px)) or
 * an opacity costs the `web` engine extra layout work for itself and every
 * element inside it, on every frame.
 */
export function rise(p: number, distance: number): React.CSSProperties {
  const opacity = Math.min(1, Math.max(0, p * 1.4));
  const offset = (1 - p) * distance;
  return {
    opacity: opacity >= 0.999 ? undefined : opacity,
    transform: Math.abs(offset) < 0.01 ? undefined : `translateY(${offset}px)`,
  };
}

/** Ease a linear 0 → 1 value over [start, end] frames. */
export function progress(frame: number, start: number, end: number, easing = Easing.out(Easing.cubic)): number {
  return interpolate(frame, [start, end], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp', easing });
}
