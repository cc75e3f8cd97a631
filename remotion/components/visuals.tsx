/**
 * Illustrations the templates place in a SplitLayout's visual box. Each one
 * takes the box it may fill and scales its drawing to it, so the same visual
 * works at 9:16, 16:9 and 1:1 and at both resolutions.
 */
import type React from 'react';
import { interpolate, useCurrentFrame } from 'remotion';
import { BODY_FONT, DISPLAY_FONT } from '../fonts';
import { mix, premultipliedStops, withAlpha } from '../theme';
import { FitText } from './FitText';
import { cssLinearGradient, type Draw, Drawing } from './Drawing';
import { Halo } from './Halo';
import { Icon } from './Icon';
import { progress, rise, SNAPPY, useEntrance } from './motion';
import { OneLine } from './OneLine';
import { ScaleToFit } from './ScaleToFit';
import { useStage } from './stage';

type Box = { w: number; h: number };

/** A glowing orb with the viewer's initial and rings that ripple outwards. */
export const Monogram: React.FC<{ box: Box; initial: string }> = ({ box, initial }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const size = Math.min(box.w, box.h) * 0.62;
  const pop = useEntrance(2, SNAPPY);
  const letter = useEntrance(10);
  // Rings grow to 1.75× the orb and the dots orbit at 0.66× its size from the centre: the canvas holds all of it.
  const extent = size * 1.8;
  const draw: Draw = (ctx) => {
    const c = extent / 2;
    const r = size / 2;
    // Halo: the orb's glow, reaching 0.22 × size beyond it.
    ctx.globalAlpha = pop;
    const haloR = r + size * 0.22;
    const halo = ctx.createRadialGradient(c, c, 0, c, c, haloR);
    halo.addColorStop(0, withAlpha(theme.accent, 0.5));
    halo.addColorStop(0.45, withAlpha(theme.accent, 0.5));
    halo.addColorStop(1, withAlpha(theme.accent, 0));
    ctx.fillStyle = halo;
    ctx.fillRect(c - haloR, c - haloR, haloR * 2, haloR * 2);
    ctx.globalAlpha = 1;
    // Rings rippling outwards from the orb's edge.
    ctx.strokeStyle = withAlpha(theme.accent, 0.5);
    for (let i = 0; i < 3; i++) {
      const t = (((frame + i * 24) % 72) / 72) * Math.min(1, frame / 20);
      const scale = 1 + t * 0.75;
      ctx.globalAlpha = (1 - t) * 0.8;
      ctx.lineWidth = 2 * u * scale;
      ctx.beginPath();
      ctx.arc(c, c, (r - u) * scale, 0, Math.PI * 2);
      ctx.stroke();
    }
    // Three dots in orbit.
    ctx.globalAlpha = pop;
    for (let i = 0; i < 3; i++) {
      const angle = ((frame * 0.9 + i * 120) * Math.PI) / 180;
      ctx.fillStyle = i === 1 ? theme.secondary : theme.accent;
      ctx.beginPath();
      ctx.arc(c + Math.cos(angle) * size * 0.66, c + Math.sin(angle) * size * 0.66, 6 * u, 0, Math.PI * 2);
      ctx.fill();
    }
    // The orb: a diagonal gradient, a light from the top left and a shade at the bottom, popping in.
    ctx.globalAlpha = 1;
    ctx.save();
    ctx.translate(c, c);
    ctx.scale(pop, pop);
    ctx.translate(-r, -r);
    ctx.beginPath();
    ctx.arc(r, r, r, 0, Math.PI * 2);
    ctx.clip();
    const orb = { x: 0, y: 0, w: size, h: size };
    ctx.fillStyle = cssLinearGradient(ctx, 140, orb, [
      [0.15, theme.fill],
      [0.95, mix(theme.fill, theme.secondary, 0.55)],
    ]);
    ctx.fillRect(0, 0, size, size);
    const light = ctx.createRadialGradient(size * 0.3, size * 0.25, 0, size * 0.3, size * 0.25, size * 1.026 * 0.4);
    light.addColorStop(0, 'rgba(255, 255, 255, 0.45)');
    light.addColorStop(1, 'rgba(255, 255, 255, 0)');
    ctx.fillStyle = light;
    ctx.fillRect(0, 0, size, size);
    const shade = ctx.createRadialGradient(size * 0.5, size * 1.1, 0, size * 0.5, size * 1.1, size * 1.208 * 0.55);
    shade.addColorStop(0, 'rgba(0, 0, 0, 0.22)');
    shade.addColorStop(1, 'rgba(0, 0, 0, 0)');
    ctx.fillStyle = shade;
    ctx.fillRect(0, 0, size, size);
    ctx.restore();
  };
  return (
    <div style={{ position: 'relative', width: size, height: size }}>
      <Drawing
        width={extent}
        height={extent}
        draw={draw}
        deps={[frame, extent, size, pop, u, theme]}
        style={{ position: 'absolute', left: (size - extent) / 2, top: (size - extent) / 2 }}
      />
      <div
        style={{
          position: 'absolute',
          inset: 0,
          transform: Math.abs(pop - 1) < 0.0005 ? undefined : `scale(${pop})`,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
        }}
      >
        <span
          style={{
            fontFamily: DISPLAY_FONT,
            fontWeight: 700,
            fontSize: size * 0.46,
            lineHeight: 1,
            color: theme.onFill,
            ...rise(letter, size * 0.1),
          }}
        >
          {initial}
        </span>
      </div>
    </div>
  );
};

/** A big numeral ("01") in a gradient, for numbered benefits. */
export const NumberBadge: React.FC<{ box: Box; n: number }> = ({ box, n }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const p = useEntrance(0, SNAPPY);
  const ring = useEntrance(6);
  const size = Math.min(box.w, box.h) * 0.78;
  const label = String(n).padStart(2, '0');
  const draw: Draw = (ctx) => {
    const c = size / 2;
    // A soft glow inside the ring.
    const inner = size * 0.38;
    const glow = ctx.createRadialGradient(c, c, 0, c, c, inner * Math.SQRT2 * 0.7);
    glow.addColorStop(0, withAlpha(theme.accent, 0.18));
    glow.addColorStop(1, withAlpha(theme.accent, 0));
    ctx.fillStyle = glow;
    ctx.beginPath();
    ctx.arc(c, c, inner, 0, Math.PI * 2);
    ctx.fill();
    // The track, and the arc that sweeps to 72% of it while the whole ring turns slowly.
    const r = size * 0.47;
    ctx.lineWidth = size * 0.012;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.08)';
    ctx.beginPath();
    ctx.arc(c, c, r, 0, Math.PI * 2);
    ctx.stroke();
    if (ring > 0.001) {
      const start = ((-90 + frame * 0.3) * Math.PI) / 180;
      ctx.lineWidth = size * 0.016;
      ctx.lineCap = 'round';
      ctx.strokeStyle = theme.accent;
      ctx.beginPath();
      ctx.arc(c, c, r, start, start + Math.PI * 2 * ring * 0.72);
      ctx.stroke();
    }
  };
  return (
    <div
      style={{
        position: 'relative',
        width: size,
        height: size,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Drawing width={size} height={size} draw={draw} deps={[frame, size, ring, theme]} style={{ position: 'absolute', inset: 0 }} />
      <span
        style={{
          fontFamily: DISPLAY_FONT,
          fontWeight: 700,
          fontSize: size * 0.42,
          letterSpacing: '-0.04em',
          lineHeight: 1,
          backgroundImage: `linear-gradient(160deg, #ffffff 20%, ${theme.accent} 100%)`,
          WebkitBackgroundClip: 'text',
          backgroundClip: 'text',
          color: 'transparent',
          transform: `scale(${0.7 + 0.3 * p}) translateY(${(1 - p) * 20 * u}px)`,
          opacity: Math.min(1, p * 1.5),
        }}
      >
        {label}
      </span>
    </div>
  );
};

/** A to-do card whose first item (the next step) gets ticked. */
export const ChecklistCard: React.FC<{ box: Box; label: string }> = ({ box, label }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const w = Math.min(box.w, 560 * u);
  const rowH = Math.min(86 * u, (box.h * 0.8) / 3);
  const card = useEntrance(0);
  const tick = progress(frame, 24, 40);
  return (
    <div
      style={{
        width: w,
        padding: 22 * u,
        borderRadius: 28 * u,
        background: theme.surface,
        border: `${1.5 * u}px solid ${theme.surfaceBorder}`,
        display: 'flex',
        flexDirection: 'column',
        gap: 12 * u,
        ...rise(card, 50 * u),
      }}
    >
      {[0, 1, 2].map((i) => {
        const row = entranceAt(frame, 6 + i * 5);
        const done = i === 0 ? tick : 0;
        return (
          <div
            key={i}
            style={{
              height: rowH,
              borderRadius: 18 * u,
              background: i === 0 ? withAlpha(theme.accent, 0.12 + 0.1 * done) : 'rgba(255,255,255,0.035)',
              border: `${1.5 * u}px solid ${i === 0 ? withAlpha(theme.accent, 0.5) : 'transparent'}`,
              display: 'flex',
              alignItems: 'center',
              gap: 18 * u,
              padding: `0 ${20 * u}px`,
              opacity: row,
              transform: `translateX(${(1 - row) * 30 * u}px)`,
            }}
          >
            <div
              style={{
                width: rowH * 0.44,
                height: rowH * 0.44,
                flexShrink: 0,
                borderRadius: 10 * u,
                border: `${2.5 * u}px solid ${i === 0 ? theme.accent : 'rgba(255,255,255,0.25)'}`,
                background: i === 0 ? withAlpha(theme.fill, done) : 'transparent',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              {i === 0 ? <Icon name="check" size={rowH * 0.34} color={theme.onFill} strokeWidth={3} draw={done} /> : null}
            </div>
            {i === 0 ? (
              <OneLine
                text={label}
                style={{
                  fontFamily: BODY_FONT,
                  fontWeight: 600,
                  fontSize: Math.min(28 * u, rowH * 0.34),
                  color: theme.text,
                  flex: 1,
                }}
              />
            ) : (
              <div style={{ display: 'flex', flexDirection: 'column', gap: 10 * u, flex: 1 }}>
                <div
                  style={{
                    height: 12 * u,
                    width: `${70 - i * 15}%`,
                    borderRadius: 6 * u,
                    background: 'rgba(255,255,255,0.16)',
                  }}
                />
                <div
                  style={{
                    height: 10 * u,
                    width: `${45 - i * 8}%`,
                    borderRadius: 5 * u,
                    background: 'rgba(255,255,255,0.08)',
                  }}
                />
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
};

/** An eased 0 → 1 starting at `delay`, for list items (hooks cannot be called per item). */
function entranceAt(frame: number, delay: number): number {
  return progress(frame, delay, delay + 14);
}

/** A tear-off calendar page for a date (or "soon" when there is none). */
export const CalendarTile: React.FC<{ box: Box; month: string | null; day: string; caption: string }> = ({
  box,
  month,
  day,
  caption,
}) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const size = Math.min(box.w * 0.8, box.h * 0.86, 440 * u);
  const flip = useEntrance(2, { damping: 14, stiffness: 120, mass: 0.8 });
  const glow = 0.35 + 0.15 * Math.sin(frame / 14);
  const headH = size * 0.27;
  return (
    <div style={{ position: 'relative' }}>
      <Halo color={withAlpha(theme.accent, 0.55)} spread={size * 0.22} offsetY={16 * u} opacity={glow * flip * 1.6} />
      <div
        style={{
          position: 'relative',
          width: size,
          height: size,
          borderRadius: size * 0.1,
          overflow: 'hidden',
          background: '#fbfbfe',
          // The page flips down from its top edge: a turn about the horizontal axis, drawn flat.
          transform: `scaleY(${Math.cos(((1 - flip) * 80 * Math.PI) / 180)})`,
          transformOrigin: 'top center',
          opacity: Math.min(1, flip * 2),
          display: 'flex',
          flexDirection: 'column',
        }}
      >
        <div
          style={{
            height: headH,
            background: `linear-gradient(135deg, ${theme.fill}, ${mix(theme.fill, theme.secondary, 0.4)})`,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            padding: `0 ${size * 0.08}px`,
          }}
        >
          <FitText
            text={month ?? 'Renews'}
            width={size * 0.84}
            maxHeight={headH * 0.7}
            maxFontSize={headH * 0.46}
            minFontSize={12 * u}
            maxLines={1}
            font="body"
            weight={700}
            letterSpacing={0.14}
            uppercase
            align="center"
            color={theme.onFill}
          />
        </div>
        <div
          style={{
            flex: 1,
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            justifyContent: 'center',
            gap: size * 0.02,
          }}
        >
          <FitText
            text={day}
            width={size * 0.86}
            maxHeight={size * 0.44}
            maxFontSize={size * 0.38}
            minFontSize={14 * u}
            maxLines={1}
            font="display"
            weight={700}
            lineHeight={1}
            letterSpacing={-0.04}
            align="center"
            color="#10121a"
          />
          <FitText
            text={caption}
            width={size * 0.8}
            maxHeight={size * 0.12}
            maxFontSize={size * 0.075}
            minFontSize={10 * u}
            maxLines={1}
            font="body"
            weight={600}
            align="center"
            color="#5b6072"
          />
        </div>
      </div>
    </div>
  );
};

/** A row of stat tiles (big value, small label) that count in one after another. */
export const StatTiles: React.FC<{ box: Box; stats: Array<{ value: string; label: string }> }> = ({ box, stats }) => {
  const frame = useCurrentFrame();
  const { theme, u, orientation } = useStage();
  const vertical = orientation === 'landscape';
  const gap = 20 * u;
  const n = Math.max(1, stats.length);
  const tileW = vertical ? Math.min(box.w, 460 * u) : (Math.min(box.w, 640 * u) - gap * (n - 1)) / n;
  const tileH = vertical ? Math.min((box.h * 0.86 - gap * (n - 1)) / n, 190 * u) : Math.min(box.h * 0.8, 260 * u);
  return (
    <div style={{ display: 'flex', flexDirection: vertical ? 'column' : 'row', gap }}>
      {stats.map((stat, i) => {
        const p = progress(frame, 8 + i * 7, 26 + i * 7);
        return (
          <div
            key={stat.label}
            style={{
              width: tileW,
              height: tileH,
              borderRadius: 26 * u,
              background: `linear-gradient(160deg, ${premultipliedStops(withAlpha(theme.accent, i === 0 ? 0.22 : 0.1), theme.surface)})`,
              border: `${1.5 * u}px solid ${i === 0 ? withAlpha(theme.accent, 0.45) : theme.surfaceBorder}`,
              padding: `${18 * u}px ${22 * u}px`,
              display: 'flex',
              flexDirection: 'column',
              justifyContent: 'flex-end',
              gap: 4 * u,
              ...rise(p, 40 * u),
            }}
          >
            <FitText
              text={stat.value}
              width={tileW - 44 * u}
              maxHeight={tileH * 0.56}
              maxFontSize={tileH * 0.46}
              minFontSize={16 * u}
              maxLines={1}
              font="display"
              weight={700}
              lineHeight={1.05}
              letterSpacing={-0.03}
              color={theme.text}
            />
            <FitText
              text={stat.label}
              width={tileW - 44 * u}
              maxHeight={tileH * 0.22}
              maxFontSize={Math.min(24 * u, tileH * 0.14)}
              minFontSize={11 * u}
              maxLines={1}
              font="body"
              weight={600}
              letterSpacing={0.04}
              color={theme.textMuted}
            />
          </div>
        );
      })}
    </div>
  );
};

/** A number that counts up inside a sweeping ring. */
export const CounterRing: React.FC<{ box: Box; value: number | null; label: string }> = ({ box, value, label }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const size = Math.min(box.w, box.h) * 0.9;
  const count = progress(frame, 6, 46);
  const sweep = progress(frame, 0, 50);
  const shown = value === null ? '—' : new Intl.NumberFormat('en-US').format(Math.round(value * count));
  const final = value === null ? '—' : new Intl.NumberFormat('en-US').format(value);
  const ticks = 48;
  return (
    <div
      style={{
        position: 'relative',
        width: size,
        height: size,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <svg width={size} height={size} viewBox="0 0 100 100" style={{ position: 'absolute', inset: 0 }}>
        {Array.from({ length: ticks }, (_, i) => {
          const a = (i / ticks) * Math.PI * 2 - Math.PI / 2;
          const lit = i / ticks <= sweep;
          return (
            <line
              key={i}
              x1={50 + Math.cos(a) * 44}
              y1={50 + Math.sin(a) * 44}
              x2={50 + Math.cos(a) * 48}
              y2={50 + Math.sin(a) * 48}
              stroke={lit ? (i % 4 === 0 ? theme.secondary : theme.accent) : 'rgba(255,255,255,0.1)'}
              strokeWidth={1.4}
              strokeLinecap="round"
            />
          );
        })}
        <circle
          cx="50"
          cy="50"
          r="38"
          fill={withAlpha(theme.accent, 0.08)}
          stroke={withAlpha(theme.accent, 0.25)}
          strokeWidth="0.4"
        />
      </svg>
      <div
        style={{
          position: 'relative',
          width: size * 0.62,
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
        }}
      >
        <FitText
          text={final}
          display={shown}
          width={size * 0.62}
          maxHeight={size * 0.34}
          maxFontSize={size * 0.3}
          minFontSize={14 * u}
          maxLines={1}
          font="display"
          weight={700}
          lineHeight={1}
          letterSpacing={-0.04}
          align="center"
          color={theme.text}
        />
        <FitText
          text={label}
          width={size * 0.6}
          maxHeight={size * 0.1}
          maxFontSize={size * 0.065}
          minFontSize={11 * u}
          maxLines={1}
          font="body"
          weight={600}
          letterSpacing={0.14}
          uppercase
          align="center"
          color={theme.accent}
        />
      </div>
    </div>
  );
};

/** Feature names as chips that pop in one by one; more than fit become "+N more". */
export const Chips: React.FC<{ box: Box; items: string[]; max: number }> = ({ box, items, max }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const shown = items.slice(0, items.length > max ? max - 1 : max);
  const more = items.length - shown.length;
  const labels = more > 0 ? [...shown, `+${more} more`] : shown;
  const fontSize = 30 * u;
  return (
    <ScaleToFit width={box.w} height={box.h} text={labels.join(' ')} maxScale={1.4}>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'center', alignContent: 'center', gap: 16 * u }}>
        {labels.map((label, i) => {
          const p = interpolate(frame, [6 + i * 5, 18 + i * 5], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' });
          const isMore = more > 0 && i === labels.length - 1;
          return (
            <div
              key={`${label}-${i}`}
              data-fit-item
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 12 * u,
                maxWidth: box.w,
                padding: `${14 * u}px ${24 * u}px ${14 * u}px ${isMore ? 24 * u : 16 * u}px`,
                borderRadius: 999,
                background: isMore ? 'rgba(255,255,255,0.06)' : withAlpha(theme.accent, 0.16),
                border: `${1.5 * u}px solid ${isMore ? theme.surfaceBorder : withAlpha(theme.accent, 0.5)}`,
                transform: `scale(${0.6 + 0.4 * p}) translateY(${(1 - p) * 20 * u}px)`,
                opacity: p,
              }}
            >
              {isMore ? null : (
                <div
                  style={{
                    width: fontSize * 1.1,
                    height: fontSize * 1.1,
                    flexShrink: 0,
                    borderRadius: '50%',
                    background: theme.fill,
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: 'center',
                  }}
                >
                  <Icon
                    name="check"
                    size={fontSize * 0.8}
                    color={theme.onFill}
                    strokeWidth={3}
                    draw={progress(frame, 12 + i * 5, 24 + i * 5)}
                  />
                </div>
              )}
              <OneLine text={label} style={{ fontFamily: BODY_FONT, fontWeight: 600, fontSize, lineHeight: 1.2, color: theme.text }} />
            </div>
          );
        })}
      </div>
    </ScaleToFit>
  );
};

/** An upward line chart that draws itself, for outcome claims. */
export const RisingChart: React.FC<{ box: Box }> = ({ box }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const w = Math.min(box.w, 620 * u);
  const h = Math.min(box.h * 0.8, w * 0.62);
  const draw = progress(frame, 6, 44);
  const points = [8, 14, 12, 22, 20, 31, 29, 42, 47, 58, 63, 78];
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'} ${(i / (points.length - 1)) * 100} ${100 - p}`)
    .join(' ');
  const card = useEntrance(0);
  return (
    <div
      style={{
        width: w,
        height: h,
        borderRadius: 28 * u,
        background: theme.surface,
        border: `${1.5 * u}px solid ${theme.surfaceBorder}`,
        padding: 24 * u,
        ...rise(card, 40 * u),
      }}
    >
      <svg width="100%" height="100%" viewBox="0 0 100 100" preserveAspectRatio="none">
        <defs>
          <linearGradient id="rising-fill" x1="0" x2="0" y1="0" y2="1">
            <stop offset="0%" stopColor={theme.accent} stopOpacity={0.35} />
            <stop offset="100%" stopColor={theme.accent} stopOpacity={0} />
          </linearGradient>
          <clipPath id="rising-clip">
            <rect x="0" y="0" width={draw * 100} height="100" />
          </clipPath>
        </defs>
        {[25, 50, 75].map((y) => (
          <line
            key={y}
            x1="0"
            x2="100"
            y1={y}
            y2={y}
            stroke="rgba(255,255,255,0.07)"
            strokeWidth="0.5"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        <g clipPath="url(#rising-clip)">
          <path d={`${path} L 100 100 L 0 100 Z`} fill="url(#rising-fill)" />
          <path
            d={path}
            fill="none"
            stroke={theme.accent}
            strokeWidth={4 * u}
            vectorEffect="non-scaling-stroke"
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        </g>
      </svg>
    </div>
  );
};

/** A price-tag shape holding a short offer ("2 months free"). */
export const OfferTag: React.FC<{ box: Box; label: string }> = ({ box, label }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const w = Math.min(box.w * 0.92, 560 * u);
  const h = Math.min(box.h * 0.7, w * 0.46);
  const p = useEntrance(0, SNAPPY);
  const swing = Math.sin(frame / 18) * 2.5 * Math.min(1, frame / 30);
  return (
    <div
      style={{
        width: w,
        height: h,
        position: 'relative',
        transform: `rotate(${-6 + swing}deg) scale(${0.5 + 0.5 * p})`,
        opacity: Math.min(1, p * 2),
      }}
    >
      <div
        style={{
          position: 'absolute',
          inset: 0,
          background: `linear-gradient(135deg, ${theme.fill}, ${mix(theme.fill, theme.secondary, 0.4)})`,
          clipPath: `polygon(${h * 0.4}px 0, 100% 0, 100% 100%, ${h * 0.4}px 100%, 0 50%)`,
          borderRadius: 20 * u,
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: h * 0.22,
          top: h / 2 - 11 * u,
          width: 22 * u,
          height: 22 * u,
          borderRadius: '50%',
          background: theme.background,
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: h * 0.55,
          right: h * 0.2,
          top: 0,
          bottom: 0,
          display: 'flex',
          alignItems: 'center',
        }}
      >
        <FitText
          text={label}
          width={w - h * 0.75}
          maxHeight={h * 0.8}
          maxFontSize={h * 0.36}
          minFontSize={14 * u}
          maxLines={2}
          font="display"
          weight={700}
          lineHeight={1.02}
          letterSpacing={-0.02}
          wrap="balance"
          color={theme.onFill}
        />
      </div>
    </div>
  );
};
