/**
 * Captions of a video: the script's words, timed to the timeline's segments.
 * One source for the captions burned into the frames (CaptionBand) and the
 * WebVTT file stored beside the MP4 (server/videos/webvtt.ts), so both say
 * the same thing at the same moment.
 *
 * What each segment says: the intro its headline, a scene its title and
 * text, the end card its call to action (nothing when the script has none).
 * A segment's words are wrapped into lines of at most CAPTION_LINE_WIDTH
 * (CJK characters count double, as in reading time) and grouped into cues of
 * at most CAPTION_MAX_LINES; a segment with several cues shares its frames
 * between them by length, so the first starts and the last ends exactly on
 * the segment's boundaries. Pure: no React, no Node.
 */
import type { Script } from './script';
import { apportion, planTimeline, type TemplateTiming, type Timeline } from './timeline';

/** Widest caption line, in Latin characters (the usual broadcast limit). */
export const CAPTION_LINE_WIDTH = 42;
export const CAPTION_MAX_LINES = 2;

export type CaptionCue = {
  /** First frame shown (inclusive). */
  startFrame: number;
  /** First frame no longer shown (exclusive). */
  endFrame: number;
  lines: string[];
};

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Display width of a text in Latin characters: wide (CJK) graphemes count 2. */
export function captionWidth(text: string): number {
  let width = 0;
  for (const g of graphemes(text)) width += WIDE.test(g) ? 2 : 1;
  return width;
}

/** A piece of text a line may break before; `space` says whether a space separates it from the previous one. */
type Atom = { text: string; space: boolean };

/**
 * The break opportunities of a text: between words, between CJK characters
 * (which need no space), and inside a word too long for any line.
 */
function atomsOf(text: string, maxWidth: number): Atom[] {
  const atoms: Atom[] = [];
  for (const word of text.trim().split(/\s+/u).filter(Boolean)) {
    let first = true;
    let run = '';
    const push = (piece: string) => {
      // A piece wider than a line is cut into line-sized parts.
      let part = '';
      for (const g of graphemes(piece)) {
        if (part && captionWidth(part + g) > maxWidth) {
          atoms.push({ text: part, space: first && atoms.length > 0 });
          first = false;
          part = '';
        }
        part += g;
      }
      if (part) {
        atoms.push({ text: part, space: first && atoms.length > 0 });
        first = false;
      }
    };
    for (const g of graphemes(word)) {
      if (WIDE.test(g)) {
        if (run) push(run);
        run = '';
        push(g);
      } else {
        run += g;
      }
    }
    if (run) push(run);
  }
  return atoms;
}

function joinAtoms(atoms: readonly Atom[]): string {
  return atoms.map((a, i) => (i > 0 && a.space ? ` ${a.text}` : a.text)).join('');
}

/** Greedy wrap into lines of at most `maxWidth`, as atom lists. */
function wrapAtoms(atoms: readonly Atom[], maxWidth: number): Atom[][] {
  const lines: Atom[][] = [];
  let line: Atom[] = [];
  for (const atom of atoms) {
    if (line.length && captionWidth(joinAtoms([...line, atom])) > maxWidth) {
      lines.push(line);
      line = [];
    }
    line.push(atom);
  }
  if (line.length) lines.push(line);
  return lines;
}

/** Two lines of one cue, re-broken where the longer one is shortest (a 44-character cue reads 22 + 22, not 42 + 2). */
function balance(pair: Atom[][], maxWidth: number): string[] {
  const atoms = pair.flat();
  let best: string[] = pair.map(joinAtoms);
  let bestWidth = Math.max(...best.map(captionWidth));
  for (let k = 1; k < atoms.length; k++) {
    const a = joinAtoms(atoms.slice(0, k));
    const b = joinAtoms(atoms.slice(k));
    const widest = Math.max(captionWidth(a), captionWidth(b));
    if (widest <= maxWidth && widest < bestWidth) {
      best = [a, b];
      bestWidth = widest;
    }
  }
  return best;
}

/** Lines of a text wrapped to `maxWidth`. */
function wrap(text: string, maxWidth: number): Atom[][] {
  return wrapAtoms(atomsOf(text, maxWidth), maxWidth);
}

/** Sentence ends (Latin ones before a space, CJK ones anywhere) and, inside a sentence, clause ends. */
const SENTENCE_END = /(?<=[.!?…])\s+|(?<=[。！？])/u;
const CLAUSE_END = /(?<=[,;:–—])\s+|(?<=[，、；：])/u;

/** Two phrases as one text: a space between them, except after CJK punctuation (which needs none). */
function joinPhrases(a: string, b: string): string {
  if (!a) return b;
  return /[。！？，、；：]$/u.test(a) ? `${a}${b}` : `${a} ${b}`;
}

/**
 * The pieces a text is cut into before cues are packed: sentences, and the
 * clauses of a sentence too long for one cue; a clause still too long is
 * kept whole (it is then cut by lines).
 */
function phrasesOf(text: string, fits: (t: string) => boolean): string[] {
  return text
    .trim()
    .split(SENTENCE_END)
    .filter((t) => t.trim())
    .flatMap((sentence) => (fits(sentence) ? [sentence] : sentence.split(CLAUSE_END).filter((t) => t.trim())));
}

/**
 * A text as cues of at most `maxLines` lines of at most `maxWidth`
 * (CAPTION_LINE_WIDTH, CAPTION_MAX_LINES by default), in reading order.
 * Cues end at sentence or clause ends where they can: whole sentences (or
 * clauses) are packed into a cue while they fit, and only a phrase longer
 * than a cue is cut between lines. Two lines are balanced.
 */
export function splitCaption(text: string, maxWidth = CAPTION_LINE_WIDTH, maxLines = CAPTION_MAX_LINES): string[][] {
  const fits = (t: string) => wrap(t, maxWidth).length <= maxLines;
  const groups: Atom[][][] = [];
  let current = '';
  const flush = () => {
    if (current) groups.push(wrap(current, maxWidth));
    current = '';
  };
  for (const phrase of phrasesOf(text, fits)) {
    const joined = joinPhrases(current, phrase);
    if (fits(joined)) {
      current = joined;
      continue;
    }
    flush();
    if (fits(phrase)) {
      current = phrase;
      continue;
    }
    // Longer than a cue: whole cues of lines, the rest carried on to pack with what follows.
    const lines = wrap(phrase, maxWidth);
    const whole = lines.length - (lines.length % maxLines || maxLines);
    for (let i = 0; i < whole; i += maxLines) groups.push(lines.slice(i, i + maxLines));
    current = joinAtoms(lines.slice(whole).flat());
  }
  flush();
  return groups.map((group) => (group.length === 2 ? balance(group, maxWidth) : group.map(joinAtoms)));
}

/** A scene's caption: its title and its text as one sentence run ("Dashboards. Every number…"). */
export function sceneCaptionText(scene: { title?: string; text: string }): string {
  const title = scene.title?.trim();
  if (!title) return scene.text.trim();
  return /[.!?:;…。！？]$/u.test(title) ? `${title} ${scene.text.trim()}` : `${title}. ${scene.text.trim()}`;
}

/** What a segment of the timeline says (see the file header); null for a silent one. */
function segmentText(script: Pick<Script, 'headline' | 'scenes' | 'cta'>, segment: Timeline['segments'][number]): string | null {
  if (segment.kind === 'intro') return script.headline;
  if (segment.kind === 'outro') return script.cta?.label ?? null;
  const scene = script.scenes[segment.index];
  return scene ? sceneCaptionText(scene) : null;
}

/**
 * The cues of a script on a timeline planned for it. `script` may be the
 * one shown (emoji removed) while `timeline` comes from the original: cue
 * times follow the timeline, words the script.
 */
export function captionCuesOn(script: Pick<Script, 'headline' | 'scenes' | 'cta'>, timeline: Timeline): CaptionCue[] {
  const cues: CaptionCue[] = [];
  for (const segment of timeline.segments) {
    const text = segmentText(script, segment);
    if (!text?.trim()) continue;
    const groups = splitCaption(text);
    const frames = apportion(
      segment.durationInFrames,
      groups.map((g) => Math.max(1, captionWidth(g.join(' ')))),
    );
    let from = segment.from;
    groups.forEach((lines, i) => {
      const length = frames[i] ?? 0;
      if (length > 0) cues.push({ startFrame: from, endFrame: from + length, lines });
      from += length;
    });
  }
  return cues;
}

/** The cues of a script with a template's timing. */
export function captionCues(script: Script, timing: TemplateTiming): CaptionCue[] {
  return captionCuesOn(script, planTimeline(script, timing));
}

/** The cue on screen at `frame`, if any. */
export function cueAt(cues: readonly CaptionCue[], frame: number): CaptionCue | null {
  return cues.find((c) => frame >= c.startFrame && frame < c.endFrame) ?? null;
}
