/**
 * The living background behind every scene: brand-tinted stage, two slow
 * drifting glows, a turning halo of dashes and a vignette.
 *
 * Drawn into a quarter-resolution canvas and scaled up: the glows are soft
 * gradients, so the lost resolution cannot be seen, while painting them as
 * full-frame CSS layers every frame cost more than the rest of the frame.
 *
 * Scaled up in two steps: smoothly ×2 into the half-resolution canvas on the
 * page, which is shown at full size pixelated (each pixel doubled). A smooth
 * ×4 straight to the full frame costs the `web` engine ~4 ms of software
 * raster per 720×1280 frame, the two steps ~1.5 ms, and the two pictures
 * differ by less than the H.264 encoding does (PSNR 58.8 dB between them;
 * docs/benchmarks.md, "Render").
 */
import type React from 'react';
import { useLayoutEffect, useRef } from 'react';
import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { withAlpha } from '../theme';
import { useStage } from './stage';

/** The glows are drawn at 1/DOWNSCALE of the frame, the page's canvas holds 1/SHOWN of it. */
const DOWNSCALE = 4;
const SHOWN = 2;

export const Backdrop: React.FC = () => {
  const frame = useCurrentFrame();
  const { width, height, theme, orientation } = useStage();
  const ref = useRef<HTMLCanvasElement>(null);
  const quarter = useRef<HTMLCanvasElement | null>(null);
  const w = Math.ceil(width / DOWNSCALE);
  const h = Math.ceil(height / DOWNSCALE);
  const shownW = w * (DOWNSCALE / SHOWN);
  const shownH = h * (DOWNSCALE / SHOWN);

  useLayoutEffect(() => {
    const shown = ref.current?.getContext('2d');
    if (!shown) return;
    quarter.current ??= document.createElement('canvas');
    const source = quarter.current;
    if (source.width !== w || source.height !== h) {
      source.width = w;
      source.height = h;
    }
    const ctx = source.getContext('2d');
    if (!ctx) return;
    const t = frame / 30;
    const stage = ctx.createLinearGradient(0, 0, w * 0.35, h);
    stage.addColorStop(0, theme.background);
    stage.addColorStop(1, theme.backgroundDeep);
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = stage;
    ctx.fillRect(0, 0, w, h);
    const r = Math.max(w, h) * 0.58;
    const glows = [
      {
        x: w * (0.22 + Math.sin(t * 0.35) * 0.08),
        y: h * ((orientation === 'portrait' ? 0.18 : 0.24) + Math.cos(t * 0.28) * 0.06),
        stops: [withAlpha(theme.accent, 0.34), withAlpha(theme.accent, 0.1)],
      },
      {
        x: w * (0.82 + Math.cos(t * 0.3) * 0.07),
        y: h * ((orientation === 'portrait' ? 0.84 : 0.8) + Math.sin(t * 0.4) * 0.06),
        stops: [withAlpha(theme.secondary, 0.26), withAlpha(theme.secondary, 0.06)],
      },
    ];
    for (const g of glows) {
      const grad = ctx.createRadialGradient(g.x, g.y, 0, g.x, g.y, r);
      grad.addColorStop(0, g.stops[0] ?? 'transparent');
      grad.addColorStop(0.5, g.stops[1] ?? 'transparent');
      grad.addColorStop(1, 'rgba(0,0,0,0)');
      ctx.fillStyle = grad;
      ctx.fillRect(0, 0, w, h);
    }
    // Soft halo: at quarter resolution a 1px dash becomes a blurred 4px one, which is the look we want.
    const cx = w * (orientation === 'landscape' ? 0.72 : 0.55);
    const cy = h * (orientation === 'portrait' ? 0.2 : 0.1);
    const ring = Math.max(w, h) * 0.31;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 5]);
    ctx.lineDashOffset = -frame * 0.12;
    ctx.strokeStyle = withAlpha(theme.accent, 0.22);
    ctx.beginPath();
    ctx.arc(cx, cy, ring, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.strokeStyle = 'rgba(255,255,255,0.05)';
    ctx.beginPath();
    ctx.arc(cx, cy, ring * 0.78, 0, Math.PI * 2);
    ctx.stroke();
    const vignette = ctx.createRadialGradient(w / 2, h * 0.45, Math.min(w, h) * 0.3, w / 2, h * 0.45, Math.max(w, h) * 0.75);
    vignette.addColorStop(0, 'rgba(0,0,0,0)');
    vignette.addColorStop(1, 'rgba(0,0,0,0.5)');
    ctx.fillStyle = vignette;
    ctx.fillRect(0, 0, w, h);
    // The whole canvas is covered (the stage gradient is opaque): no clear needed.
    shown.imageSmoothingEnabled = true;
    shown.drawImage(source, 0, 0, shownW, shownH);
  }, [frame, w, h, shownW, shownH, theme, orientation]);

  return (
    <AbsoluteFill>
      <canvas ref={ref} width={shownW} height={shownH} style={{ width, height, display: 'block', imageRendering: 'pixelated' }} />
    </AbsoluteFill>
  );
};
