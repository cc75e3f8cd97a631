/** The WebVTT file of a video's captions (server/videos/webvtt.ts). */
import { describe, expect, it } from 'vitest';
import { captionCues } from '@/remotion/captions';
import type { Script } from '@/remotion/script';
import { getTemplate } from '@/remotion/templates/registry';
import { planTimeline } from '@/remotion/timeline';
import { buildWebVtt, escapeCueText, vttTimestamp, webVttForScript } from '@/server/videos/webvtt';

const script: Script = {
  length: 'short',
  headline: 'Hello <b>Sarah</b> & team',
  scenes: [
    { kind: 'greeting', text: 'Arrows --> must not end a cue.' },
    { kind: 'benefit', title: 'Fast', text: 'Reports arrive on time, every Monday, in every inbox of the team.' },
  ],
  cta: { label: 'Open it', url: null },
};

function parseVtt(text: string) {
  const [header, ...blocks] = text.trim().split(/\n\n/);
  return {
    header,
    cues: blocks.map((block) => {
      const [id, timing, ...lines] = block.split('\n');
      const m = /^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(timing!);
      if (!m) throw new Error(`bad timing line ${timing}`);
      const ms = (h: string, mi: string, s: string, f: string) => ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + Number(f);
      return { id, start: ms(m[1]!, m[2]!, m[3]!, m[4]!), end: ms(m[5]!, m[6]!, m[7]!, m[8]!), lines };
    }),
  };
}

describe('vttTimestamp', () => {
  it.each([
    [0, '00:00:00.000'],
    [1, '00:00:00.033'],
    [78, '00:00:02.600'],
    [30 * 61, '00:01:01.000'],
    [30 * 3600 + 15, '01:00:00.500'],
  ])('frame %i at 30 fps is %s', (frame, expected) => {
    expect(vttTimestamp(frame)).toBe(expected);
  });
});

describe('escapeCueText', () => {
  it('escapes &, < and > (so "-->" cannot end the cue text) and folds line breaks', () => {
    expect(escapeCueText('a & b <i>c</i> --> d')).toBe('a &amp; b &lt;i&gt;c&lt;/i&gt; --&gt; d');
    expect(escapeCueText('one\n\ntwo')).toBe('one two');
  });
});

describe('buildWebVtt', () => {
  const timing = getTemplate('tmpl_welcome_message')!.timing;
  const vtt = webVttForScript('tmpl_welcome_message', script);
  const parsed = parseVtt(vtt);

  it('is a WebVTT document of numbered cues', () => {
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    expect(vtt.endsWith('\n\n')).toBe(true);
    expect(parsed.header).toBe('WEBVTT');
    expect(parsed.cues.map((c) => c.id)).toEqual(parsed.cues.map((_, i) => String(i + 1)));
  });

  it('times cues exactly on the scene boundaries of the timeline', () => {
    const timeline = planTimeline(script, timing);
    const boundaries = timeline.segments.map((s) => Math.round((s.from * 1000) / 30));
    const starts = parsed.cues.map((c) => c.start);
    for (const b of boundaries) expect(starts).toContain(b);
    expect(parsed.cues.at(-1)!.end).toBe(Math.round((timeline.durationInFrames * 1000) / 30));
    for (let i = 1; i < parsed.cues.length; i++) expect(parsed.cues[i]!.start).toBe(parsed.cues[i - 1]!.end);
    expect(parsed.cues.length).toBe(captionCues(script, timing).length);
  });

  it('says the script with <, & and --> escaped', () => {
    expect(parsed.cues[0]!.lines).toEqual(['Hello &lt;b&gt;Sarah&lt;/b&gt; &amp; team']);
    expect(vtt).not.toMatch(/-->\s*must/);
    expect(vtt).toContain('Arrows --&gt; must not end a cue.');
    expect(parsed.cues.at(-1)!.lines).toEqual(['Open it']);
    for (const cue of parsed.cues) {
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      for (const line of cue.lines) expect(line.replace(/&\w+;/g, '_').length).toBeLessThanOrEqual(42);
    }
  });

  it('writes an empty document for no cues', () => {
    expect(buildWebVtt([])).toBe('WEBVTT\n\n');
  });
});
