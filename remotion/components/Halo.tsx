/**
 * Soft glows drawn into a small <canvas> with a radial gradient, instead of
 * a CSS radial-gradient: a canvas is drawn the same by both render engines
 * (the `web` engine draws no CSS radial gradient), a glow has no detail a
 * third of its size would lose, and an upscaled small canvas costs less to
 * paint than a large CSS gradient or a blurred box-shadow, which is what a
 * frame spent most of its software paint time on.
 *
 * - Halo: behind an element, reaching `spread` px beyond its wrapper on
 *   every side (an ellipse that fills the box, like CSS `closest-side`).
 * - Glow: the general form, a gradient of colour stops over a box.
 */
import type React from 'react';
import { useLayoutEffect, useRef } from 'react';
import { clearOf } from '../theme';

export type GlowStop = [offset: number, color: string];

/**
 * Radial gradient stops over a box, drawn into a canvas a third of its size
 * (between 8 and 192 px). `extent` is where offset 1 lies, as a fraction of
 * the box's half side: 1 for CSS `closest-side`, √2 for `farthest-corner`
 * (the default of `radial-gradient(circle, …)` in a square). A non-square
 * box stretches the circle into an ellipse, as `closest-side` does.
 */
export const Glow: React.FC<{
  width: number;
  height: number;
  stops: GlowStop[];
  extent?: number;
  style?: React.CSSProperties;
}> = ({ width, height, stops, extent = 1, style }) => {
  const ref = useRef<HTMLCanvasElement>(null);
  // Sized through CSS (width or height 0): a resolution that is smooth at any size the templates use.
  const side = Math.min(width, height);
  const res = side > 0 ? Math.round(Math.min(192, Math.max(8, side / 3))) : 96;
  const key = JSON.stringify([res, extent, stops]);
  useLayoutEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, res, res);
    const r = (res / 2) * extent;
    const gradient = ctx.createRadialGradient(res / 2, res / 2, 0, res / 2, res / 2, r);
    for (const [offset, color] of stops) gradient.addColorStop(Math.min(1, Math.max(0, offset)), color);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, res, res);
    // The key holds everything drawn.
  }, [key]);
  return <canvas ref={ref} width={res} height={res} style={{ width, height, display: 'block', pointerEvents: 'none', ...style }} />;
};

/** `color` at its core, fading out towards the box's edges (see the file header). */
export const Halo: React.FC<{
  /** The glow's colour at its core (use an rgba with the strength wanted). */
  color: string;
  /** How far the glow reaches beyond the wrapper on each side, in px. */
  spread: number;
  /** Moves the glow down, like light from above. */
  offsetY?: number;
  opacity?: number;
  /** Size of the wrapper, when known; otherwise the glow fills it through CSS. */
  box?: { w: number; h: number };
}> = ({ color, spread, offsetY = 0, opacity = 1, box }) => (
  <div
    style={{
      position: 'absolute',
      left: -spread,
      right: -spread,
      top: -spread + offsetY,
      bottom: -spread - offsetY,
      opacity,
      pointerEvents: 'none',
    }}
  >
    <Glow
      width={box ? box.w + spread * 2 : 0}
      height={box ? box.h + spread * 2 : 0}
      stops={[
        [0, color],
        [0.45, color],
        [1, clearOf(color)],
      ]}
      style={box ? undefined : { width: '100%', height: '100%' }}
    />
  </div>
);
