/**
 * A <canvas> a visual draws itself into with the 2D API, redrawn whenever
 * `deps` change (usually every frame). Both render engines draw a canvas
 * pixel for pixel the same, and one canvas element costs the `web` engine
 * far less than the dozen styled elements it replaces (docs/benchmarks.md),
 * so rings, arcs, dots, orbs and glows are drawn here; text stays in the DOM.
 *
 * The canvas has `resolution` pixels per CSS pixel (1 by default: crisp at
 * the composition's own size; lower for soft content).
 */
import type React from 'react';
import { useLayoutEffect, useRef } from 'react';

export type Draw = (ctx: CanvasRenderingContext2D, size: { w: number; h: number }) => void;

export const Drawing: React.FC<{
  width: number;
  height: number;
  draw: Draw;
  /** Everything `draw` reads; the canvas is redrawn when one changes. */
  deps: unknown[];
  resolution?: number;
  style?: React.CSSProperties;
}> = ({ width, height, draw, deps, resolution = 1, style }) => {
  const ref = useRef<HTMLCanvasElement>(null);
  const w = Math.max(1, Math.round(width * resolution));
  const h = Math.max(1, Math.round(height * resolution));
  useLayoutEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(resolution, 0, 0, resolution, 0, 0);
    draw(ctx, { w: width, h: height });
    // `deps` lists what draw reads.
  }, [w, h, resolution, ...deps]);
  return <canvas ref={ref} width={w} height={h} style={{ width, height, display: 'block', pointerEvents: 'none', ...style }} />;
};

/** A CSS-style linear gradient (`angle` in degrees, 0 = to top) over the box x, y, w, h, as CSS sizes it. */
export function cssLinearGradient(
  ctx: CanvasRenderingContext2D,
  angle: number,
  box: { x: number; y: number; w: number; h: number },
  stops: Array<[number, string]>,
): CanvasGradient {
  const a = (angle * Math.PI) / 180;
  const dx = Math.sin(a);
  const dy = -Math.cos(a);
  const half = (Math.abs(box.w * dx) + Math.abs(box.h * dy)) / 2;
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const gradient = ctx.createLinearGradient(cx - dx * half, cy - dy * half, cx + dx * half, cy + dy * half);
  for (const [offset, color] of stops) gradient.addColorStop(offset, color);
  return gradient;
}
