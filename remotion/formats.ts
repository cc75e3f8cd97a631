/**
 * Output formats: frame rate, aspect ratios and the pixel size of each.
 * A leaf module (no imports) so specs, props and the timeline can all use it
 * without import cycles.
 */
export const FPS = 30;

export const ASPECT_RATIOS = ['9:16', '16:9', '1:1'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const RESOLUTIONS = ['standard', 'hd'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const DIMENSIONS: Record<Resolution, Record<AspectRatio, { width: number; height: number }>> = {
  standard: {
    '9:16': { width: 720, height: 1280 },
    '16:9': { width: 1280, height: 720 },
    '1:1': { width: 720, height: 720 },
  },
  hd: {
    '9:16': { width: 1080, height: 1920 },
    '16:9': { width: 1920, height: 1080 },
    '1:1': { width: 1080, height: 1080 },
  },
};

/** Output size in pixels for an aspect ratio and resolution. */
export function dimensionsFor(aspectRatio: AspectRatio, resolution: Resolution): { width: number; height: number } {
  return DIMENSIONS[resolution][aspectRatio];
}

