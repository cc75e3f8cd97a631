/**
 * The WebVTT file stored beside a video's MP4 when it has captions: the same
 * cues the compositions burn in (remotion/captions.ts), so the sidecar track
 * and the picture never disagree.
 */
import { type CaptionCue, captionCues } from '../../remotion/captions';
import { FPS } from '../../remotion/formats';
import type { Script } from '../../remotion/script';
import { getTemplate } from '../../remotion/templates/registry';
import { DEFAULT_TIMING } from '../../remotion/timeline';

/** `HH:MM:SS.mmm` of a frame, rounded to the millisecond. */
export function vttTimestamp(frame: number, fps = FPS): string {
  const totalMs = Math.round((frame * 1000) / fps);
  const ms = totalMs % 1000;
  const s = Math.floor(totalMs / 1000) % 60;
  const m = Math.floor(totalMs / 60_000) % 60;
  const h = Math.floor(totalMs / 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(ms).padStart(3, '0')}`;
}

/**
 * Cue text as WebVTT reads it: `&`, `<` and `>` escaped (a `<` would open a
 * tag, and `-->` in a line would end the cue's text), and no blank line
 * (which would end the cue).
 */
export function escapeCueText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ')
    .trim();
}

/** A WebVTT document of the cues, numbered from 1. */
export function buildWebVtt(cues: readonly CaptionCue[], fps = FPS): string {
  const blocks = cues.map(
    (cue, i) =>
      `${i + 1}\n${vttTimestamp(cue.startFrame, fps)} --> ${vttTimestamp(cue.endFrame, fps)}\n${cue.lines.map(escapeCueText).join('\n')}`,
  );
  return `WEBVTT\n\n${blocks.map((b) => `${b}\n\n`).join('')}`;
}

/** The WebVTT document of a video of `templateId` with this script. */
export function webVttForScript(templateId: string, script: Script): string {
  const timing = getTemplate(templateId)?.timing ?? DEFAULT_TIMING;
  return buildWebVtt(captionCues(script, timing));
}
