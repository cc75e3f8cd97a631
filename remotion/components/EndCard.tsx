/**
 * The closing card shared by all templates: a personal line, the call to
 * action as a big button (with its address spelled out, since a video frame
 * cannot be clicked) and the brand logo.
 */
import type React from 'react';
import { useCurrentFrame } from 'remotion';
import { BODY_FONT } from '../fonts';
import type { ScriptCta } from '../script';
import { mix, withAlpha } from '../theme';
import { LogoChip } from './Chrome';
import { Glow, Halo } from './Halo';
import { FitText } from './FitText';
import { SNAPPY, rise, useEntrance } from './motion';
import { OneLine } from './OneLine';
import { useStage } from './stage';

function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

export const EndCard: React.FC<{ title: string; cta: ScriptCta | null }> = ({ title, cta }) => {
  const frame = useCurrentFrame();
  const { content, u, orientation, theme, logo } = useStage();
  const burst = useEntrance(0);
  const pTitle = useEntrance(4);
  const pButton = useEntrance(14, SNAPPY);
  const pUrl = useEntrance(22);
  const pLogo = useEntrance(26);

  const maxW = Math.min(content.w, (orientation === 'landscape' ? 900 : 600) * u);
  const buttonW = Math.min(content.w, (orientation === 'landscape' ? 560 : 540) * u);
  const buttonH = (orientation === 'square' ? 88 : 100) * u;
  const logoH = logo ? 64 * u : 0;
  const urlH = cta?.url ? 34 * u : 0;
  const gap = (orientation === 'square' ? 26 : 40) * u;
  const titleH = content.h - (cta ? buttonH + gap : 0) - (urlH ? urlH + 14 * u : 0) - (logo ? logoH + gap : 0);
  const pulse = ((frame - 30) % 50) / 50;
  const cx = content.x + content.w / 2;
  const cy = content.y + content.h / 2;
  const burstSize = Math.max(content.w, content.h) * 1.1;

  return (
    <>
      <Glow
        width={burstSize}
        height={burstSize}
        extent={Math.SQRT2}
        stops={[
          [0, withAlpha(theme.accent, 0.22)],
          [0.4, withAlpha(theme.accent, 0.06)],
          [0.66, withAlpha(theme.accent, 0)],
        ]}
        style={{
          position: 'absolute',
          left: cx - burstSize / 2,
          top: cy - burstSize / 2,
          transform: `scale(${0.4 + burst * 0.6})`,
          opacity: burst,
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: content.x,
          top: content.y,
          width: content.w,
          height: content.h,
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          justifyContent: 'center',
          gap,
        }}
      >
        <FitText
          text={title}
          width={maxW}
          maxHeight={Math.max(60 * u, titleH)}
          maxFontSize={(orientation === 'portrait' ? 84 : orientation === 'landscape' ? 76 : 64) * u}
          minFontSize={28 * u}
          font="display"
          weight={700}
          lineHeight={1.08}
          letterSpacing={-0.02}
          wrap="balance"
          align="center"
          color={theme.text}
          style={rise(pTitle, 40 * u)}
        />
        {cta ? (
          <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 14 * u }}>
            <div
              style={{
                position: 'relative',
                transform: `scale(${0.6 + 0.4 * pButton})`,
                opacity: Math.min(1, pButton * 2),
              }}
            >
              <Halo color={withAlpha(theme.fill, 0.45)} spread={34 * u} offsetY={12 * u} />
              {frame > 30 ? (
                <div
                  style={{
                    position: 'absolute',
                    inset: 0,
                    borderRadius: buttonH / 2,
                    border: `${2 * u}px solid ${theme.accent}`,
                    transform: `scale(${1 + pulse * 0.12}, ${1 + pulse * 0.35})`,
                    opacity: 0.7 * (1 - pulse),
                  }}
                />
              ) : null}
              <div
                style={{
                  position: 'relative',
                  width: buttonW,
                  height: buttonH,
                  borderRadius: buttonH / 2,
                  // Every stop positioned: the web engine places unpositioned first and last stops inwards
                  // when another stop has a position (CSS puts them at 0% and 100%).
                  background: `linear-gradient(135deg, ${theme.fill} 0%, ${theme.fill} 50%, ${mix(theme.fill, theme.secondary, 0.4)} 100%)`,
                  display: 'flex',
                  alignItems: 'center',
                  justifyContent: 'center',
                  gap: 16 * u,
                  padding: `0 ${36 * u}px`,
                }}
              >
                <FitText
                  text={cta.label}
                  width={buttonW - 72 * u - 44 * u}
                  maxHeight={buttonH * 0.7}
                  maxFontSize={(orientation === 'square' ? 32 : 36) * u}
                  minFontSize={16 * u}
                  maxLines={1}
                  font="body"
                  weight={700}
                  align="center"
                  color={theme.onFill}
                />
                <svg width={28 * u} height={28 * u} viewBox="0 0 24 24" fill="none" style={{ flexShrink: 0 }}>
                  <path
                    d="M5 12h14M13 6l6 6-6 6"
                    stroke={theme.onFill}
                    strokeWidth={2.4}
                    strokeLinecap="round"
                    strokeLinejoin="round"
                    transform={`translate(${Math.sin(frame / 8) * 1.5} 0)`}
                  />
                </svg>
              </div>
            </div>
            {cta.url ? (
              <div style={{ maxWidth: maxW, height: urlH, display: 'flex', ...rise(pUrl, 16 * u) }}>
                <OneLine
                  text={displayUrl(cta.url)}
                  style={{
                    fontFamily: BODY_FONT,
                    fontWeight: 500,
                    fontSize: 24 * u,
                    lineHeight: `${urlH}px`,
                    color: theme.textMuted,
                  }}
                />
              </div>
            ) : null}
          </div>
        ) : null}
        {logo ? <div style={rise(pLogo, 16 * u)}><LogoChip height={logoH} maxWidth={260 * u} /></div> : null}
      </div>
    </>
  );
};
