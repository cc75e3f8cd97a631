/**
 * A membership-style card for the viewer's plan: its name, the holder, seats
 * and renewal date, with a sheen sweeping across it.
 */
import type React from 'react';
import { useCurrentFrame } from 'remotion';
import { FitText } from '../../components/FitText';
import { Halo } from '../../components/Halo';
import { progress, useEntrance } from '../../components/motion';
import { useStage } from '../../components/stage';
import { mix, withAlpha } from '../../theme';

export const PlanCard: React.FC<{
  box: { w: number; h: number };
  /** The plan's name, large. */
  title: string;
  /** Who holds the plan, shown under the title when it is not the title itself. */
  holder: string | null;
  details: string[];
}> = ({
  box,
  title,
  holder,
  details,
}) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const w = Math.min(box.w * 0.92, box.h * 0.92 * 1.586, 560 * u);
  const h = w / 1.586;
  const p = useEntrance(0);
  const sheen = progress(frame, 18, 60);
  const pad = w * 0.07;
  return (
    <div style={{ position: 'relative' }}>
      <Halo color={withAlpha(theme.fill, 0.5)} spread={w * 0.14} offsetY={18 * u} opacity={p} />
      <div
        style={{
          width: w,
          height: h,
          borderRadius: w * 0.06,
          position: 'relative',
          overflow: 'hidden',
          background: `linear-gradient(135deg, ${theme.fill} 0%, ${mix(theme.fill, theme.secondary, 0.55)} 60%, ${mix(theme.fill, '#000000', 0.35)} 100%)`,
          // The card swings in towards the viewer: a turn about the vertical axis, drawn flat (both
          // engines draw 2D transforms alike, and at this speed the missing perspective is not seen).
          transform: `translateY(${(1 - p) * 50 * u}px) skewY(${(1 - p) * 6}deg) scaleX(${Math.cos(((1 - p) * 35 * Math.PI) / 180)}) scaleY(${Math.cos(((1 - p) * 10 * Math.PI) / 180)})`,
          opacity: Math.min(1, p * 1.5),
          padding: pad,
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          color: theme.onFill,
        }}
      >
        <div
          style={{
            position: 'absolute',
            top: -h,
            left: -w * 0.6 + sheen * w * 2,
            width: w * 0.35,
            height: h * 3,
            transform: 'rotate(20deg)',
            background: 'linear-gradient(90deg, transparent, rgba(255,255,255,0.28), transparent)',
          }}
        />
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: pad }}>
          <FitText
            text="Your plan"
            width={w * 0.5}
            maxHeight={h * 0.12}
            maxFontSize={h * 0.075}
            minFontSize={9 * u}
            maxLines={1}
            font="body"
            weight={600}
            letterSpacing={0.16}
            uppercase
            color={theme.onFill}
            style={{ opacity: 0.8 }}
          />
          <div
            style={{
              width: h * 0.16,
              height: h * 0.12,
              borderRadius: h * 0.025,
              background: 'linear-gradient(135deg, #f4d58d, #c9a449)',
              border: '1px solid rgba(0,0,0,0.15)',
              boxSizing: 'border-box',
            }}
          />
        </div>
        <FitText
          text={title}
          width={w - 2 * pad}
          maxHeight={h * 0.34}
          maxFontSize={h * 0.24}
          minFontSize={14 * u}
          maxLines={2}
          font="display"
          weight={700}
          lineHeight={1.04}
          letterSpacing={-0.02}
          wrap="balance"
          color={theme.onFill}
        />
        <div style={{ display: 'flex', flexDirection: 'column', gap: h * 0.02 }}>
          {holder ? (
            <FitText
              text={holder}
              width={w - 2 * pad}
              maxHeight={h * 0.12}
              maxFontSize={h * 0.085}
              minFontSize={9 * u}
              maxLines={1}
              font="body"
              weight={600}
              color={theme.onFill}
            />
          ) : null}
          {details.length ? (
            <FitText
              text={details.join('  ·  ')}
              width={w - 2 * pad}
              maxHeight={h * 0.1}
              maxFontSize={h * 0.065}
              minFontSize={8 * u}
              maxLines={1}
              font="body"
              weight={500}
              color={theme.onFill}
              style={{ opacity: 0.8 }}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
};
