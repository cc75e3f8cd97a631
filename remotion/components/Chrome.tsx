/**
 * What stays on screen for the whole video: the brand logo (on a light chip,
 * because most primary logos are drawn for white) and a thin progress line.
 */
import type React from 'react';
import { Img, interpolate, useCurrentFrame, useVideoConfig } from 'remotion';
import { withAlpha } from '../theme';
import { useEntrance } from './motion';
import { useStage } from './stage';

/** The customer's logo on a white chip, contained within `height` × `maxWidth`. */
export const LogoChip: React.FC<{ height: number; maxWidth: number }> = ({ height, maxWidth }) => {
  const { logo, u } = useStage();
  if (!logo) return null;
  return (
    <div
      style={{
        height,
        padding: `0 ${height * 0.32}px`,
        borderRadius: height * 0.28,
        background: 'rgba(255, 255, 255, 0.95)',
        display: 'flex',
        alignItems: 'center',
        boxShadow: `0 ${2 * u}px ${6 * u}px rgba(0, 0, 0, 0.3)`,
      }}
    >
      <Img src={logo} style={{ maxHeight: height * 0.6, maxWidth, objectFit: 'contain', display: 'block' }} />
    </div>
  );
};

/** Logo and progress line; the logo steps aside from `hideLogoFrom` on, where the end card shows it large. */
export const Chrome: React.FC<{ hideLogoFrom: number }> = ({ hideLogoFrom }) => {
  const frame = useCurrentFrame();
  const { durationInFrames } = useVideoConfig();
  const { u, content, theme, logo, width, height } = useStage();
  const appear = useEntrance(4);
  const hide = Number.isFinite(hideLogoFrom)
    ? interpolate(frame, [hideLogoFrom, hideLogoFrom + 10], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' })
    : 0;
  const done = interpolate(frame, [0, durationInFrames - 1], [0, 1], { extrapolateRight: 'clamp' });
  const top = Math.max(28 * u, content.y - 96 * u);
  return (
    <>
      {logo ? (
        <div
          style={{
            position: 'absolute',
            left: content.x,
            top,
            opacity: appear * (1 - hide),
            transform: `translateY(${(1 - appear) * -12 * u}px)`,
          }}
        >
          <LogoChip height={52 * u} maxWidth={Math.min(190 * u, width * 0.4)} />
        </div>
      ) : null}
      <div
        style={{
          position: 'absolute',
          left: 0,
          top: height - 5 * u,
          width,
          height: 5 * u,
          background: 'rgba(255,255,255,0.08)',
        }}
      >
        <div
          style={{
            width: width * done,
            height: '100%',
            background: `linear-gradient(90deg, ${withAlpha(theme.accent, 0.6)}, ${theme.accent})`,
          }}
        />
      </div>
    </>
  );
};
