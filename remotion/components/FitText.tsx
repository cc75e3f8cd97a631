/**
 * Text that always fits its box: the largest font size at which the text,
 * wrapped by the browser itself (so CJK, emoji and accents break the way they
 * will render), stays inside `width` × `maxHeight`. Fonts for the exact text
 * are loaded before measuring, and the frame waits (delayRender) until the
 * size is known. Renders at its natural height, never taller than maxHeight.
 */
import type React from 'react';
import { useLayoutEffect, useRef, useState } from 'react';
import { useDelayRender } from 'remotion';
import { BODY_FONT, DISPLAY_FONT, loadFontsFor } from '../fonts';
import { decideFit, type FitDecision, truncateToFit } from '../text-fit';

export type FitTextProps = {
  text: string;
  /** Shown instead of `text` while sized for `text` (a counter sized for its final value). */
  display?: string;
  width: number;
  maxHeight: number;
  maxFontSize: number;
  minFontSize: number;
  font: 'display' | 'body';
  weight: number;
  lineHeight?: number;
  /** In em. */
  letterSpacing?: number;
  maxLines?: number;
  align?: 'left' | 'center' | 'right';
  wrap?: 'balance' | 'pretty';
  uppercase?: boolean;
  color?: string;
  style?: React.CSSProperties;
};

const cache = new Map<string, FitDecision>();
let measurer: HTMLDivElement | null = null;

function getMeasurer(): HTMLDivElement {
  if (measurer && measurer.isConnected) return measurer;
  measurer = document.createElement('div');
  Object.assign(measurer.style, {
    position: 'absolute',
    left: '-100000px',
    top: '0',
    visibility: 'hidden',
    pointerEvents: 'none',
    overflow: 'hidden',
    padding: '0',
    margin: '0',
    border: '0',
    whiteSpace: 'normal',
    wordBreak: 'normal',
  } satisfies Partial<CSSStyleDeclaration>);
  document.body.appendChild(measurer);
  return measurer;
}

function textStyle(p: FitTextProps, family: string): React.CSSProperties {
  return {
    fontFamily: family,
    fontWeight: p.weight,
    lineHeight: p.lineHeight ?? 1.2,
    letterSpacing: p.letterSpacing ? `${p.letterSpacing}em` : undefined,
    textTransform: p.uppercase ? 'uppercase' : undefined,
    textAlign: p.align ?? 'left',
    textWrap: p.wrap ?? 'pretty',
    whiteSpace: 'normal',
    wordBreak: 'normal',
  };
}

function measureFit(p: FitTextProps, family: string): FitDecision {
  const el = getMeasurer();
  const style = textStyle(p, family);
  el.style.fontFamily = family;
  el.style.fontWeight = String(p.weight);
  el.style.lineHeight = String(style.lineHeight);
  el.style.letterSpacing = (style.letterSpacing as string | undefined) ?? 'normal';
  el.style.textTransform = p.uppercase ? 'uppercase' : 'none';
  el.style.textAlign = p.align ?? 'left';
  el.style.setProperty('text-wrap', p.wrap ?? 'pretty');
  // Glyph overhang (italics, wide emoji) is not part of scrollWidth: keep a small margin.
  el.style.width = `${Math.max(1, p.width - 2)}px`;
  el.textContent = p.text;
  const decision = decideFit({
    maxWidth: p.width - 2,
    maxHeight: p.maxHeight,
    minFontSize: p.minFontSize,
    maxFontSize: Math.max(p.minFontSize, p.maxFontSize),
    lineHeight: p.lineHeight ?? 1.2,
    maxLines: p.maxLines,
    measure(fontSize, breakWords) {
      el.style.fontSize = `${fontSize}px`;
      el.style.overflowWrap = breakWords ? 'anywhere' : 'normal';
      return { width: el.scrollWidth, height: el.scrollHeight };
    },
  });
  if (decision.clampLines === null) return decision;
  // Cut the text to the clamped lines here, once, instead of CSS line-clamp, which the web engine does not draw.
  el.style.fontSize = `${decision.fontSize}px`;
  el.style.overflowWrap = decision.breakWords ? 'anywhere' : 'normal';
  const maxHeight = decision.clampLines * decision.fontSize * (p.lineHeight ?? 1.2) + 0.5;
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(p.text), (s) => s.segment);
  const truncated = truncateToFit(graphemes, (candidate) => {
    el.textContent = candidate;
    return el.scrollHeight <= maxHeight && el.scrollWidth <= p.width - 1.5;
  });
  return { ...decision, truncated };
}

export const FitText: React.FC<FitTextProps> = (props) => {
  const family = props.font === 'display' ? DISPLAY_FONT : BODY_FONT;
  // Every prop that changes the measurement; the effect below reads the rest through `latest`.
  const key = JSON.stringify([
    props.text,
    props.width,
    props.maxHeight,
    props.maxFontSize,
    props.minFontSize,
    family,
    props.weight,
    props.lineHeight,
    props.letterSpacing,
    props.maxLines,
    props.align,
    props.wrap,
    props.uppercase,
  ]);
  const [fit, setFit] = useState<{ key: string; decision: FitDecision } | null>(() => {
    const cached = cache.get(key);
    return cached ? { key, decision: cached } : null;
  });
  const { delayRender, continueRender } = useDelayRender();
  const handle = useRef<number | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useLayoutEffect(() => {
    const cached = cache.get(key);
    if (cached) {
      setFit({ key, decision: cached });
      return;
    }
    let active = true;
    const h = delayRender(`Fitting text "${props.text.slice(0, 40)}"`);
    handle.current = h;
    loadFontsFor({ family, weight: props.weight }, props.text)
      .then(() => {
        if (!active) return;
        const decision = measureFit(latest.current, family);
        cache.set(key, decision);
        setFit({ key, decision });
      })
      .catch(() => {
        if (active) setFit({ key, decision: { fontSize: props.minFontSize, breakWords: true, clampLines: 1 } });
      });
    return () => {
      active = false;
      if (handle.current === h) {
        handle.current = null;
        continueRender(h);
      }
    };
  }, [key]);

  // Released only after the measured size is committed, so the screenshot never shows the unfitted text.
  useLayoutEffect(() => {
    if (fit?.key === key && handle.current !== null) {
      const h = handle.current;
      handle.current = null;
      continueRender(h);
    }
  }, [fit, key, continueRender]);

  const decision = fit?.key === key ? fit.decision : null;
  return (
    <div
      style={{
        ...textStyle(props, family),
        width: props.width,
        fontSize: decision?.fontSize ?? props.minFontSize,
        overflowWrap: decision?.breakWords ? 'anywhere' : 'normal',
        color: props.color,
        visibility: decision ? undefined : 'hidden',
        ...props.style,
      }}
    >
      {decision?.truncated ?? props.display ?? props.text}
    </div>
  );
};
