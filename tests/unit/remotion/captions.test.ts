/**
 * Captions of a script (remotion/captions.ts): the words of each segment,
 * cut into readable cues, timed exactly on the timeline's segments.
 */
import { describe, expect, it } from 'vitest';
import { CAPTION_LINE_WIDTH, captionCues, captionWidth, cueAt, sceneCaptionText, splitCaption } from '@/remotion/captions';
import { contentRect, captionBandRect } from '@/remotion/components/stage';
import { ASPECT_RATIOS, dimensionsFor, RESOLUTIONS } from '@/remotion/formats';
import type { Script } from '@/remotion/script';
import { templates } from '@/remotion/templates/registry';
import { planTimeline } from '@/remotion/timeline';

const script: Script = {
  length: 'short',
  headline: 'Welcome aboard, Sarah!',
  scenes: [
    { kind: 'greeting', text: "We're so glad Acme Inc. is here. Your Enterprise workspace is ready." },
    {
      kind: 'benefit',
      title: 'Everything in one place',
      text: 'Projects, people and progress live on one dashboard, so nobody hunts for the latest version.',
    },
  ],
  cta: { label: 'Open your workspace', url: null },
};

describe('splitCaption', () => {
  it('keeps a short text as one line', () => {
    expect(splitCaption('Welcome aboard, Sarah!')).toEqual([['Welcome aboard, Sarah!']]);
  });

  it('never makes a line wider than 42 characters or a cue of more than 2 lines, and loses no word', () => {
    const texts = [
      ...templates.flatMap((t) =>
        (['short', 'medium', 'long'] as const).flatMap((length) => {
          const s = t.exampleScript(t.exampleData, length);
          return [s.headline, ...s.scenes.map(sceneCaptionText)];
        }),
      ),
      'x'.repeat(100),
      'A sentence. '.repeat(20),
    ];
    for (const text of texts) {
      const cues = splitCaption(text);
      for (const lines of cues) {
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const line of lines) expect(captionWidth(line)).toBeLessThanOrEqual(CAPTION_LINE_WIDTH);
      }
      expect(cues.flat().join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('ends cues at sentence or clause ends when a text needs several', () => {
    expect(splitCaption("Your Enterprise plan renews automatically on March 14, 2026. If everything looks right, there's nothing to do.")).toEqual([
      ['Your Enterprise plan renews', 'automatically on March 14, 2026.'],
      ['If everything looks right,', "there's nothing to do."],
    ]);
  });

  it('balances two lines instead of filling the first', () => {
    const [lines] = splitCaption('Schedule the numbers your team reviews each week.');
    expect(lines).toHaveLength(2);
    const [a, b] = lines!.map(captionWidth);
    expect(Math.abs(a! - b!)).toBeLessThan(12);
  });

  it('counts CJK characters double and breaks between them without adding spaces', () => {
    const text = '日本語のテキストはスペースなしで書かれます。これは二番目の文です。';
    const cues = splitCaption(text);
    for (const line of cues.flat()) expect(captionWidth(line)).toBeLessThanOrEqual(42);
    expect(cues.flat().join('')).toBe(text);
  });

  it('cuts a word longer than a line', () => {
    const cues = splitCaption('y'.repeat(50));
    expect(cues).toEqual([['y'.repeat(42), 'y'.repeat(8)]]);
  });
});

describe('captionCues', () => {
  const timing = templates[0]!.timing;
  const timeline = planTimeline(script, timing);
  const cues = captionCues(script, timing);

  it('says the headline, each scene (title then text) and the call to action', () => {
    const text = cues.map((c) => c.lines.join(' ')).join(' ');
    expect(text.startsWith('Welcome aboard, Sarah!')).toBe(true);
    expect(text).toContain("We're so glad Acme Inc. is here.");
    expect(text).toContain('Everything in one place. Projects, people');
    expect(text.endsWith('Open your workspace')).toBe(true);
  });

  it('starts and ends exactly on the segment boundaries, with no gap or overlap inside a segment', () => {
    for (const segment of timeline.segments) {
      const inside = cues.filter((c) => c.startFrame >= segment.from && c.endFrame <= segment.from + segment.durationInFrames);
      expect(inside.length).toBeGreaterThan(0);
      expect(inside[0]!.startFrame).toBe(segment.from);
      expect(inside[inside.length - 1]!.endFrame).toBe(segment.from + segment.durationInFrames);
      for (let i = 1; i < inside.length; i++) expect(inside[i]!.startFrame).toBe(inside[i - 1]!.endFrame);
    }
    expect(cues[cues.length - 1]!.endFrame).toBe(timeline.durationInFrames);
  });

  it('has no cue for an end card without a call to action', () => {
    const silent = captionCues({ ...script, cta: null }, timing);
    const outro = planTimeline({ ...script, cta: null }, timing).segments.at(-1)!;
    expect(silent.every((c) => c.endFrame <= outro.from)).toBe(true);
    expect(cueAt(silent, outro.from)).toBeNull();
  });

  it('finds the cue of a frame', () => {
    expect(cueAt(cues, 0)?.lines).toEqual(['Welcome aboard, Sarah!']);
    const second = cues[1]!;
    expect(cueAt(cues, second.startFrame)).toBe(second);
    expect(cueAt(cues, second.endFrame - 1)).toBe(second);
  });
});

describe('caption band', () => {
  it('sits below the content, inside the frame, at every format and resolution', () => {
    for (const resolution of RESOLUTIONS) {
      for (const ratio of ASPECT_RATIOS) {
        const { width, height } = dimensionsFor(ratio, resolution);
        const band = captionBandRect(width, height);
        const content = contentRect(width, height, true);
        expect(content.y + content.h).toBeLessThanOrEqual(band.y);
        expect(band.x).toBeGreaterThanOrEqual(0);
        expect(band.x + band.w).toBeLessThanOrEqual(width);
        expect(band.y + band.h).toBeLessThan(height);
        // Two lines of the largest caption font fit, and it is no smaller than 4 % of the short side.
        expect(band.h).toBeGreaterThanOrEqual(2 * band.fontSize);
        expect(band.fontSize).toBeGreaterThanOrEqual(Math.min(width, height) * 0.04);
        // The content keeps most of its room.
        expect(content.h).toBeGreaterThan(contentRect(width, height).h * 0.8);
      }
    }
  });
});
