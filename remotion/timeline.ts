/**
 * How a script becomes a timeline: an intro, one segment per scene, an end
 * card. Pure maths shared by `calculateMetadata` (the video's length), the
 * compositions (where each scene starts) and the server (estimates).
 *
 * Each segment gets a natural length from how long its text takes to read;
 * the sum is then held inside the band of the script's length (short ≈ 15 s,
 * medium ≈ 30 s, long ≈ 60 s) by scaling every segment by the same factor, so
 * a wordier scene always stays longer than a terse one.
 */
import { FPS } from './formats';
import type { Script, ScriptLength, ScriptScene } from './script';

/** Allowed total length in seconds per script length. */
export const LENGTH_BANDS: Record<ScriptLength, { min: number; target: number; max: number }> = {
  short: { min: 13, target: 15, max: 17 },
  medium: { min: 26, target: 30, max: 34 },
  long: { min: 52, target: 60, max: 68 },
};

/** Frames during which a scene leaves while the next one arrives. */
export const TRANSITION_FRAMES = 12;

/** Comfortable on-screen reading speed for Latin text; CJK characters count double. */
export const READING_CHARS_PER_SECOND = 17;

export const SCENE_SECONDS = { min: 2.5, max: 10 } as const;

/** Per-template pacing: what the intro and the end card need besides reading time. */
export type TemplateTiming = {
  introSeconds: number;
  outroSeconds: number;
  /** Time a scene needs for its entrance and visuals before any reading. */
  sceneBaseSeconds: number;
};

export const DEFAULT_TIMING: TemplateTiming = { introSeconds: 2.6, outroSeconds: 3.2, sceneBaseSeconds: 1.6 };

export type TimelineSegment =
  | { kind: 'intro'; from: number; durationInFrames: number }
  | { kind: 'scene'; index: number; from: number; durationInFrames: number }
  | { kind: 'outro'; from: number; durationInFrames: number };

export type Timeline = { durationInFrames: number; segments: TimelineSegment[] };

const WIDE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Reading effort of a text in "Latin characters": whitespace runs count once, CJK characters twice. */
export function readingWeight(text: string): number {
  let weight = 0;
  let inSpace = false;
  for (const ch of text.trim()) {
    if (/\s/u.test(ch)) {
      if (!inSpace) weight += 1;
      inSpace = true;
      continue;
    }
    inSpace = false;
    weight += WIDE_SCRIPT.test(ch) ? 2 : 1;
  }
  return weight;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Natural length in seconds of one scene, before the band scaling. */
export function naturalSceneSeconds(scene: Pick<ScriptScene, 'title' | 'text'>, timing: TemplateTiming): number {
  const read = readingWeight(`${scene.title ?? ''} ${scene.text}`) / READING_CHARS_PER_SECOND;
  return clamp(timing.sceneBaseSeconds + read, SCENE_SECONDS.min, SCENE_SECONDS.max);
}

/**
 * Splits `total` into integers proportional to `weights` that sum exactly to
 * `total` (largest remainder), so rounding never shifts the end of the video.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new Error('apportion needs positive weights');
  const exact = weights.map((w) => (w / sum) * total);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** The segments of a script's video and its total length in frames at FPS. */
export function planTimeline(
  script: Pick<Script, 'length' | 'headline' | 'scenes' | 'cta'>,
  timing: TemplateTiming = DEFAULT_TIMING,
): Timeline {
  const intro = clamp(timing.introSeconds + (0.5 * readingWeight(script.headline)) / READING_CHARS_PER_SECOND, 2, 6);
  const scenes = script.scenes.map((scene) => naturalSceneSeconds(scene, timing));
  const outro = timing.outroSeconds + (script.cta ? 0.6 : 0);
  const natural = [intro, ...scenes, outro];
  const band = LENGTH_BANDS[script.length];
  const totalSeconds = clamp(
    natural.reduce((a, b) => a + b, 0),
    band.min,
    band.max,
  );
  const frames = apportion(Math.round(totalSeconds * FPS), natural);

  const segments: TimelineSegment[] = [];
  let from = 0;
  frames.forEach((durationInFrames, i) => {
    if (i === 0) segments.push({ kind: 'intro', from, durationInFrames });
    else if (i === frames.length - 1) segments.push({ kind: 'outro', from, durationInFrames });
    else segments.push({ kind: 'scene', index: i - 1, from, durationInFrames });
    from += durationInFrames;
  });
  return { durationInFrames: from, segments };
}
