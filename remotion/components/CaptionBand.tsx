/**
 * Burned-in captions: the cue of the current frame (remotion/captions.ts) in
 * the stage's caption band, below the content, in the template's palette: a
 * dark panel tinted with the brand, an accent rule, light text. The text is
 * fitted to two lines of the band, so it stays legible at 9:16, 16:9 and 1:1.
 */
import type React from 'react';
import { useCurrentFrame } from 'remotion';
import { type CaptionCue, cueAt } from '../captions';
import { withAlpha } from '../theme';
import { FitText } from './FitText';
import { CAPTION_LINE_HEIGHT, useStage } from './stage';

export const CaptionBand: React.FC<{ cues: readonly CaptionCue[] }> = ({ cues }) => {
  const frame = useCurrentFrame();
  const { captionBand: band, theme, u } = useStage();
  if (!band) return null;
  const cue = cueAt(cues, frame);
  if (!cue) return null;
  const padX = 22 * u;
  const rule = 4 * u;
  return (
    <div
      data-caption-band=""
      style={{
        position: 'absolute',
        left: band.x,
        top: band.y,
        width: band.w,
        height: band.h,
        borderRadius: 16 * u,
        background: withAlpha(theme.backgroundDeep, 0.86),
        border: `${Math.max(1, u)}px solid ${theme.surfaceBorder}`,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        overflow: 'hidden',
      }}
    >
      <div style={{ position: 'absolute', left: 0, top: 0, width: rule, height: band.h, background: theme.accent }} />
      <FitText
        text={cue.lines.join(' ')}
        width={band.w - 2 * padX - rule}
        maxHeight={band.h - 2 * band.padY}
        maxFontSize={band.fontSize}
        minFontSize={band.fontSize * 0.62}
        maxLines={2}
        lineHeight={CAPTION_LINE_HEIGHT}
        font="body"
        weight={600}
        align="center"
        wrap="balance"
        color={theme.text}
        style={{ marginLeft: rule }}
      />
    </div>
  );
};
