/**
 * A single line of text that ends in "…" when it is wider than the space
 * its layout gives it. The cut is measured in the page, after the fonts it
 * uses are loaded, and the shortened string is what gets rendered: CSS
 * `text-overflow: ellipsis` would be drawn by the `classic` engine only (the
 * `web` engine paints the whole line, cut mid-glyph by the box's edge).
 *
 * Use it where the width comes from a flex layout; FitText handles text
 * whose box size is known.
 */
import type React from 'react';
import { useLayoutEffect, useRef, useState } from 'react';
import { useDelayRender } from 'remotion';
import { loadFontsFor } from '../fonts';
import { truncateToFit } from '../text-fit';

export const OneLine: React.FC<{ text: string; style?: React.CSSProperties }> = ({ text, style }) => {
  const ref = useRef<HTMLDivElement>(null);
  const [cut, setCut] = useState<{ text: string; width: number; shown: string } | null>(null);
  const { delayRender, continueRender } = useDelayRender();
  const pending = useRef<number | null>(null);
  const release = () => {
    if (pending.current === null) return;
    const handle = pending.current;
    pending.current = null;
    continueRender(handle);
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (cut && cut.text === text && cut.width === el.clientWidth) {
      // The cut for this text and width is on screen: the frame may be captured.
      release();
      return;
    }
    if (pending.current === null) pending.current = delayRender(`Fitting "${text.slice(0, 40)}" on one line`);
    let active = true;
    const computed = getComputedStyle(el);
    loadFontsFor({ family: computed.fontFamily, weight: Number(computed.fontWeight) || 400 }, text).then(() => {
      const node = ref.current;
      if (!active || !node) return;
      const available = node.clientWidth;
      // Measured on a detached copy with the same font: React owns the element's own text node.
      const probe = document.createElement('div');
      const style = getComputedStyle(node);
      Object.assign(probe.style, {
        position: 'absolute',
        left: '-100000px',
        top: '0',
        visibility: 'hidden',
        whiteSpace: 'nowrap',
        font: style.font,
        letterSpacing: style.letterSpacing,
        textTransform: style.textTransform,
        fontKerning: style.fontKerning,
      });
      document.body.appendChild(probe);
      probe.textContent = text;
      let shown = text;
      if (probe.scrollWidth > available + 0.5) {
        const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
        shown = truncateToFit(graphemes, (candidate) => {
          probe.textContent = candidate;
          return probe.scrollWidth <= available + 0.5;
        });
      }
      probe.remove();
      setCut({ text, width: available, shown });
    });
    return () => {
      active = false;
    };
  }, [text, cut]);

  // Unmounted while measuring: never leave the frame held.
  useLayoutEffect(() => release, []);

  const shown = cut && cut.text === text ? cut.shown : text;
  return (
    <div ref={ref} style={{ whiteSpace: 'nowrap', overflow: 'hidden', minWidth: 0, ...style }}>
      {shown}
    </div>
  );
};
