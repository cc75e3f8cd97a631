/**
 * A soft glow or shadow drawn as a radial gradient behind an element.
 *
 * Blurred box-shadows are what a frame spends most of its paint time on in
 * software rendering (removing them lifted throughput by more than half), so
 * large glows are gradients instead. Place it first inside a relatively
 * positioned wrapper, before the element it lights.
 */
import type React from 'react';

export const Halo: React.FC<{
  /** The glow's colour at its core (use an rgba with the strength wanted). */
  color: string;
  /** How far the glow reaches beyond the wrapper on each side, in px. */
  spread: number;
  /** Moves the glow down, like light from above. */
  offsetY?: number;
  opacity?: number;
}> = ({ color, spread, offsetY = 0, opacity = 1 }) => (
  <div
    style={{
      position: 'absolute',
      left: -spread,
      right: -spread,
      top: -spread + offsetY,
      bottom: -spread - offsetY,
      background: `radial-gradient(closest-side, ${color} 0%, ${color} 45%, transparent 100%)`,
      opacity,
      pointerEvents: 'none',
    }}
  />
);
