/**
 * The two layout building blocks every scene uses.
 *
 * SplitLayout puts a visual and a text column in the content area: side by
 * side at 16:9, stacked (visual on top) at 9:16 and 1:1. Both get exact pixel
 * boxes so text can be measured against them.
 *
 * TextStack is the typographic hierarchy (eyebrow, title, body) with staggered
 * entrances, each part fitted into its share of the box.
 */
import type React from 'react';
import { readingWeight } from '../timeline';
import { FitText } from './FitText';
import { rise, useEntrance } from './motion';
import { type Orientation, useStage } from './stage';

export type Size = { w: number; h: number };

/** Copy longer than this (in reading weight, CJK counting double) starts to shrink the visual. */
const LONG_COPY = 170;

/** Visual + text column in the content area; see the file header. */
export const SplitLayout: React.FC<{
  visual?: (box: Size) => React.ReactNode;
  /** Share of the content height (stacked) or width (side by side) the visual takes. */
  visualShare?: Partial<Record<Orientation, number>>;
  /** At 16:9, put the visual on the left. */
  flip?: boolean;
  /** The scene's copy; long copy takes room from the visual so it stays readable. */
  text?: string;
  children: (box: Size) => React.ReactNode;
}> = ({ visual, visualShare, flip, text, children }) => {
  const { content, orientation, u } = useStage();
  const abs = (x: number, y: number, w: number, h: number): React.CSSProperties => ({
    position: 'absolute',
    left: x,
    top: y,
    width: w,
    height: h,
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
  });
  if (!visual) {
    return <div style={abs(content.x, content.y, content.w, content.h)}>{children({ w: content.w, h: content.h })}</div>;
  }
  const baseShare = visualShare?.[orientation] ?? (orientation === 'landscape' ? 0.42 : orientation === 'portrait' ? 0.44 : 0.4);
  const load = text ? readingWeight(text) : 0;
  const share = baseShare * Math.min(1, Math.max(0.55, LONG_COPY / Math.max(1, load)));
  if (orientation === 'landscape') {
    const gap = 64 * u;
    const vw = Math.round(content.w * share);
    const tw = content.w - vw - gap;
    const vx = flip ? content.x : content.x + tw + gap;
    const tx = flip ? content.x + vw + gap : content.x;
    return (
      <>
        <div style={{ ...abs(vx, content.y, vw, content.h), alignItems: 'center' }}>{visual({ w: vw, h: content.h })}</div>
        <div style={abs(tx, content.y, tw, content.h)}>{children({ w: tw, h: content.h })}</div>
      </>
    );
  }
  const gap = (orientation === 'portrait' ? 56 : 32) * u;
  const vh = Math.round(content.h * share);
  const th = content.h - vh - gap;
  // Stacked: the text column keeps its natural height and the pair is centred, so short copy never leaves a hole below.
  return (
    <div style={{ ...abs(content.x, content.y, content.w, content.h), alignItems: 'stretch', gap }}>
      <div style={{ height: vh, flexShrink: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        {visual({ w: content.w, h: vh })}
      </div>
      <div style={{ maxHeight: th, flexShrink: 0 }}>{children({ w: content.w, h: th })}</div>
    </div>
  );
};

type Variant = 'hero' | 'scene' | 'statement';

const TITLE_SIZE: Record<Variant, Record<Orientation, number>> = {
  hero: { portrait: 92, landscape: 84, square: 70 },
  scene: { portrait: 66, landscape: 58, square: 52 },
  statement: { portrait: 62, landscape: 56, square: 50 },
};
const BODY_SIZE: Record<Orientation, number> = { portrait: 38, landscape: 32, square: 30 };

/** Eyebrow, title and body, fitted to `box` and entering one after another. */
export const TextStack: React.FC<{
  box: Size;
  eyebrow?: string;
  title?: string;
  body?: string;
  variant?: Variant;
  align?: 'left' | 'center';
  delay?: number;
  /** Colour of the title; defaults to the theme's text colour. */
  titleColor?: string;
}> = ({ box, eyebrow, title, body, variant = 'scene', align = 'left', delay = 0, titleColor }) => {
  const { u, orientation, theme } = useStage();
  const pEyebrow = useEntrance(delay);
  const pTitle = useEntrance(delay + 5);
  const pBody = useEntrance(delay + 12);
  const gap = (orientation === 'square' ? 16 : 22) * u;
  const eyebrowH = eyebrow ? 34 * u : 0;
  const free = box.h - eyebrowH - (eyebrow ? gap : 0) - (title && body ? gap : 0);
  const titleShare = body ? (variant === 'hero' ? 0.62 : 0.5) : 1;
  const titleH = title ? free * titleShare : 0;
  const bodyH = body ? free - titleH : 0;
  const isStatement = variant === 'statement' && !title;
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap,
        alignItems: align === 'center' ? 'center' : 'flex-start',
      }}
    >
      {eyebrow ? (
        <FitText
          text={eyebrow}
          width={box.w}
          maxHeight={eyebrowH}
          maxFontSize={(orientation === 'landscape' ? 20 : 22) * u}
          minFontSize={13 * u}
          maxLines={1}
          font="body"
          weight={600}
          letterSpacing={0.16}
          uppercase
          align={align}
          color={theme.accent}
          style={rise(pEyebrow, 20 * u)}
        />
      ) : null}
      {title ? (
        <FitText
          text={title}
          width={box.w}
          maxHeight={titleH}
          maxFontSize={TITLE_SIZE[variant][orientation] * u}
          minFontSize={26 * u}
          font="display"
          weight={700}
          lineHeight={1.08}
          letterSpacing={-0.02}
          wrap="balance"
          align={align}
          color={titleColor ?? theme.text}
          style={rise(pTitle, 40 * u)}
        />
      ) : null}
      {body ? (
        <FitText
          text={body}
          width={box.w}
          maxHeight={bodyH}
          maxFontSize={(isStatement ? TITLE_SIZE.statement[orientation] : BODY_SIZE[orientation]) * u}
          minFontSize={(isStatement ? 24 : 18) * u}
          font={isStatement ? 'display' : 'body'}
          weight={isStatement ? 500 : 400}
          lineHeight={isStatement ? 1.18 : 1.4}
          letterSpacing={isStatement ? -0.01 : 0}
          wrap={isStatement ? 'balance' : 'pretty'}
          align={align}
          color={isStatement ? theme.text : theme.textMuted}
          style={rise(isStatement ? pTitle : pBody, 30 * u)}
        />
      ) : null}
    </div>
  );
};
