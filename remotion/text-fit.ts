/**
 * The search behind FitText, kept free of the DOM so it can be unit tested:
 * given a predicate "does the text fit at this size", find the largest size
 * that does, and decide the last-resort fallbacks when none does.
 */

export type FitDecision = {
  fontSize: number;
  /** Break inside words: only when a single word is wider than the box at the smallest size. */
  breakWords: boolean;
  /** Lines to clamp to (with an ellipsis) when even the smallest size is too tall; null when it fits. */
  clampLines: number | null;
  /** With clampLines: the text cut to those lines, ending in "…" (drawn as is: no engine needs line-clamp). */
  truncated?: string;
};

/**
 * The longest prefix of `graphemes` that, followed by "…", still `fits`
 * (monotone: a longer prefix never fits better). Trailing spaces and
 * punctuation before the ellipsis are dropped.
 */
export function truncateToFit(graphemes: readonly string[], fits: (candidate: string) => boolean): string {
  const candidate = (n: number) => `${graphemes.slice(0, n).join('').replace(/[\s,;:.\-–—]+$/u, '')}…`;
  let lo = 0;
  let hi = graphemes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(candidate(mid))) lo = mid;
    else hi = mid - 1;
  }
  return candidate(lo);
}

/**
 * Largest size in [min, max] (to `step`) for which `fits` holds, assuming
 * `fits` is monotone (true below some size, false above). Null if even `min`
 * does not fit.
 */
export function largestFittingSize(min: number, max: number, fits: (size: number) => boolean, step = 0.5): number | null {
  if (max < min) throw new Error('max must be >= min');
  if (fits(max)) return max;
  if (!fits(min)) return null;
  let lo = min;
  let hi = max;
  // Narrow to a quarter step so flooring to the grid loses less than one step.
  while (hi - lo > step / 4) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo / step) * step;
}

export type BoxMeasurer = (fontSize: number, breakWords: boolean) => { width: number; height: number };

/**
 * Picks size and fallbacks for a text box: shrink until it fits; if a word is
 * still too wide at the minimum, allow breaking words; if it is still too
 * tall, clamp the line count at the minimum size.
 */
export function decideFit(options: {
  measure: BoxMeasurer;
  maxWidth: number;
  maxHeight: number;
  minFontSize: number;
  maxFontSize: number;
  lineHeight: number;
  maxLines?: number;
}): FitDecision {
  const { measure, maxWidth, maxHeight, minFontSize, maxFontSize, lineHeight, maxLines } = options;
  const fitsWith = (breakWords: boolean) => (size: number) => {
    const box = measure(size, breakWords);
    const lines = Math.round(box.height / (size * lineHeight));
    return box.width <= maxWidth + 0.5 && box.height <= maxHeight + 0.5 && (maxLines === undefined || lines <= maxLines);
  };
  const whole = largestFittingSize(minFontSize, maxFontSize, fitsWith(false));
  if (whole !== null) return { fontSize: whole, breakWords: false, clampLines: null };
  const broken = largestFittingSize(minFontSize, maxFontSize, fitsWith(true));
  if (broken !== null) return { fontSize: broken, breakWords: true, clampLines: null };
  const byHeight = Math.max(1, Math.floor(maxHeight / (minFontSize * lineHeight)));
  return { fontSize: minFontSize, breakWords: true, clampLines: maxLines === undefined ? byHeight : Math.min(maxLines, byHeight) };
}
