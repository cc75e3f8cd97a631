/**
 * A small set of line icons drawn as SVG paths (no icon font, no network),
 * and the badge that presents one with a springy entrance.
 */
import type React from 'react';
import { useCurrentFrame } from 'remotion';
import { premultipliedStops, withAlpha } from '../theme';
import { Glow } from './Halo';
import { SNAPPY, useEntrance } from './motion';
import { useStage } from './stage';

const PATHS = {
  star: 'M12 2.8l2.8 5.7 6.3.9-4.6 4.4 1.1 6.3L12 17.1l-5.6 3 1.1-6.3L2.9 9.4l6.3-.9z',
  bulb: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z',
  check: 'M4.5 12.5l5 5 10-11',
  spark: 'M12 2v5M12 17v5M2 12h5M17 12h5M5 5l3 3M16 16l3 3M19 5l-3 3M8 16l-3 3',
  gift: 'M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7c-1.5-3-5-3.5-5-1s3 1 5 1zm0 0c1.5-3 5-3.5 5-1s-3 1-5 1z',
  chart: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  rocket: 'M5 15c-1.5 1.5-2 5-2 5s3.5-.5 5-2M9 15l-3-3c1-4 4.5-8.5 12-9 0 7.5-5 11-9 12zM14.5 9.5a1.5 1.5 0 1 0 0-.01',
  heart: 'M12 20s-7-4.4-9-9c-1.3-3 .7-6.5 4-6.5 2 0 3.3 1.2 5 3 1.7-1.8 3-3 5-3 3.3 0 5.3 3.5 4 6.5-2 4.6-9 9-9 9z',
} as const;

export type IconName = keyof typeof PATHS;

/** One line icon; `draw` (0–1) strokes it on progressively. */
export const Icon: React.FC<{ name: IconName; size: number; color: string; strokeWidth?: number; draw?: number }> = ({
  name,
  size,
  color,
  strokeWidth = 1.8,
  draw = 1,
}) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" style={{ display: 'block' }}>
    <path
      d={PATHS[name]}
      stroke={color}
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      pathLength={1}
      strokeDasharray={1}
      strokeDashoffset={1 - draw}
    />
  </svg>
);

/** An icon on a glowing tile that springs in, then floats gently. */
export const IconBadge: React.FC<{ name: IconName; size: number; delay?: number }> = ({ name, size, delay = 0 }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const pop = useEntrance(delay, SNAPPY);
  const draw = useEntrance(delay + 8);
  const float = Math.sin((frame - delay) / 22) * 6 * u;
  return (
    <div
      style={{
        position: 'relative',
        width: size,
        height: size,
        transform: `translateY(${float}px) scale(${pop})`,
        opacity: Math.min(1, pop * 2),
      }}
    >
      <Glow
        width={size * 1.44}
        height={size * 1.44}
        extent={Math.SQRT2}
        stops={[
          [0, withAlpha(theme.accent, 0.28)],
          [0.68, withAlpha(theme.accent, 0)],
        ]}
        style={{ position: 'absolute', left: -size * 0.22, top: -size * 0.22 }}
      />
      <div
        style={{
          position: 'absolute',
          inset: 0,
          borderRadius: size * 0.3,
          background: `linear-gradient(145deg, ${premultipliedStops(withAlpha(theme.accent, 0.3), withAlpha(theme.secondary, 0.14))})`,
          border: `${Math.max(1, 2 * u)}px solid ${withAlpha(theme.accent, 0.55)}`,
          transform: `rotate(${(1 - pop) * -20}deg)`,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
        }}
      >
        <Icon name={name} size={size * 0.5} color={theme.text} draw={draw} />
      </div>
    </div>
  );
};
