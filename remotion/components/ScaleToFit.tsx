/**
 * Fits content of unknown size (chips, lists) to a box: measures the natural
 * size once the fonts for `text` are loaded, then scales by transform, down
 * as far as needed and up by at most `maxScale` (so three chips do not sit
 * tiny in a large box). The frame waits (delayRender) until the scale is known.
 */
import type React from 'react';
import { useLayoutEffect, useRef, useState } from 'react';
import { useDelayRender } from 'remotion';
import { BODY_FONT, DISPLAY_FONT, loadFontsFor } from '../fonts';

export const ScaleToFit: React.FC<{
  width: number;
  height: number;
  text: string;
  maxScale?: number;
  children: React.ReactNode;
}> = ({
  width,
  height,
  text,
  maxScale = 1,
  children,
}) => {
  const ref = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState<number | null>(null);
  const { delayRender, continueRender } = useDelayRender();
  const handle = useRef<number | null>(null);

  useLayoutEffect(() => {
    let active = true;
    const h = delayRender('Scaling content to fit');
    handle.current = h;
    Promise.all([
      loadFontsFor({ family: BODY_FONT, weight: 600 }, text),
      loadFontsFor({ family: DISPLAY_FONT, weight: 700 }, text),
    ]).then(() => {
      if (!active || !ref.current) return;
      // Width of the widest row, not of the wrapper, so centred rows can grow into the free margins.
      const rows = Array.from(ref.current.querySelectorAll<HTMLElement>('[data-fit-item]'));
      const used = rows.length
        ? Math.max(...rows.map((r) => r.offsetLeft + r.offsetWidth)) - Math.min(...rows.map((r) => r.offsetLeft))
        : ref.current.scrollWidth;
      const hgt = ref.current.scrollHeight;
      setScale(Math.min(maxScale, width / Math.max(1, used), height / Math.max(1, hgt)));
    });
    return () => {
      active = false;
      if (handle.current === h) {
        handle.current = null;
        continueRender(h);
      }
    };
  }, [width, height, text, maxScale, delayRender, continueRender]);

  useLayoutEffect(() => {
    if (scale !== null && handle.current !== null) {
      const h = handle.current;
      handle.current = null;
      continueRender(h);
    }
  }, [scale, continueRender]);

  return (
    <div
      style={{ width, height, display: 'flex', alignItems: 'center', justifyContent: 'center', overflow: 'visible' }}
    >
      <div
        ref={ref}
        style={{
          width,
          flexShrink: 0,
          transform: `scale(${scale ?? 1})`,
          transformOrigin: 'center center',
          visibility: scale === null ? 'hidden' : undefined,
        }}
      >
        {children}
      </div>
    </div>
  );
};
