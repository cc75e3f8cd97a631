import { describe, expect, it } from 'vitest';
import { FPS } from '@/remotion/formats';
import { InvalidVideoPropsError, metadataFor } from '@/remotion/metadata';
import { DEFAULT_BRAND, type CompositionProps } from '@/remotion/props';
import { SCRIPT_LENGTHS, type Script } from '@/remotion/script';
import { durationInFramesFor, templates } from '@/remotion/templates/registry';
import { apportion, DEFAULT_TIMING, LENGTH_BANDS, planTimeline, readingWeight } from '@/remotion/timeline';

const sarah = { first_name: 'Sarah', company: 'Acme Inc.', product_tier: 'Enterprise' };

function script(length: Script['length'], texts: string[]): Script {
  return { length, headline: 'Hello Sarah', scenes: texts.map((text) => ({ kind: 'benefit', text })), cta: null };
}

describe('reading weight', () => {
  it('counts characters, collapses whitespace and doubles CJK', () => {
    expect(readingWeight('abc')).toBe(3);
    expect(readingWeight('a   b')).toBe(3);
    expect(readingWeight('  a  ')).toBe(1);
    expect(readingWeight('日本語')).toBe(6);
    expect(readingWeight('한국')).toBe(4);
  });
});

describe('apportion', () => {
  it('splits exactly, proportionally', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(450, [3, 4.5, 4.5, 3]).reduce((a, b) => a + b)).toBe(450);
    expect(apportion(7, [])).toEqual([]);
    expect(() => apportion(7, [0])).toThrow();
  });
});

describe('planTimeline', () => {
  it.each(templates.flatMap((t) => SCRIPT_LENGTHS.map((l) => [t.id, l, t] as const)))(
    '%s %s stays inside its length band',
    (_id, length, t) => {
      const s = t.exampleScript(sarah, length);
      const { durationInFrames, segments } = planTimeline(s, t.timing);
      const band = LENGTH_BANDS[length];
      expect(durationInFrames).toBeGreaterThanOrEqual(band.min * FPS);
      expect(durationInFrames).toBeLessThanOrEqual(band.max * FPS);
      expect(segments).toHaveLength(s.scenes.length + 2);
      expect(durationInFramesFor(t.id, s)).toBe(durationInFrames);
    },
  );

  it('lays segments end to end: intro, scenes in order, outro', () => {
    const plan = planTimeline(script('medium', ['one', 'two', 'three']));
    expect(plan.segments.map((s) => s.kind)).toEqual(['intro', 'scene', 'scene', 'scene', 'outro']);
    let at = 0;
    for (const seg of plan.segments) {
      expect(seg.from).toBe(at);
      expect(seg.durationInFrames).toBeGreaterThan(0);
      at += seg.durationInFrames;
    }
    expect(at).toBe(plan.durationInFrames);
    expect(plan.segments.filter((s) => s.kind === 'scene').map((s) => (s.kind === 'scene' ? s.index : -1))).toEqual([0, 1, 2]);
  });

  it('gives a wordier scene more time than a terse one', () => {
    const plan = planTimeline(script('medium', ['Short.', 'A much longer sentence that takes a viewer noticeably longer to read on screen.']));
    const [, a, b] = plan.segments;
    expect(b!.durationInFrames).toBeGreaterThan(a!.durationInFrames);
  });

  it('follows text length within the band, and clamps at its edges', () => {
    const terse = planTimeline(script('medium', ['Hi.'])).durationInFrames;
    const some = planTimeline(script('medium', ['x '.repeat(60), 'y '.repeat(60), 'z '.repeat(40)])).durationInFrames;
    const lots = planTimeline(script('medium', Array.from({ length: 7 }, () => 'w '.repeat(190)))).durationInFrames;
    expect(terse).toBe(LENGTH_BANDS.medium.min * FPS);
    expect(some).toBeGreaterThan(terse);
    expect(some).toBeLessThan(lots);
    expect(lots).toBe(LENGTH_BANDS.medium.max * FPS);
  });

  it('targets ≈15 s, ≈30 s and ≈60 s', () => {
    expect(LENGTH_BANDS.short.target).toBe(15);
    expect(LENGTH_BANDS.medium.target).toBe(30);
    expect(LENGTH_BANDS.long.target).toBe(60);
    for (const [length, band] of Object.entries(LENGTH_BANDS)) {
      expect(band.min).toBeLessThan(band.target);
      expect(band.max).toBeGreaterThan(band.target);
      const d = planTimeline(script(length as Script['length'], ['A sentence of ordinary length for a scene.']), DEFAULT_TIMING);
      expect(d.durationInFrames / FPS).toBeGreaterThanOrEqual(band.min);
    }
  });
});

describe('metadataFor', () => {
  const props = (over: Partial<CompositionProps> = {}): CompositionProps => ({
    template_id: 'tmpl_welcome_message',
    customer_data: sarah,
    script: templates[0].exampleScript(sarah, 'short'),
    aspect_ratio: '9:16',
    resolution: 'standard',
    brand: DEFAULT_BRAND,
    ...over,
  });

  it.each([
    ['9:16', 'standard', 720, 1280],
    ['16:9', 'standard', 1280, 720],
    ['1:1', 'standard', 720, 720],
    ['9:16', 'hd', 1080, 1920],
    ['16:9', 'hd', 1920, 1080],
    ['1:1', 'hd', 1080, 1080],
  ] as const)('%s %s is %i×%i at 30 fps', (aspect_ratio, resolution, width, height) => {
    const m = metadataFor(props({ aspect_ratio, resolution }), 'welcome-message');
    expect(m).toMatchObject({ width, height, fps: 30 });
    expect(m.durationInFrames).toBe(planTimeline(props().script, templates[0].timing).durationInFrames);
  });

  it.each([
    ['an unknown template', { template_id: 'tmpl_unknown' }, 'template_id'],
    ['customer_data without first_name', { customer_data: { company: 'Acme' } }, 'customer_data.first_name'],
    ['a bad brand colour', { brand: { color: 'purple', logo: null } }, 'brand.color'],
    ['a remote-looking logo that is not a URL', { brand: { color: '#123456', logo: 'ftp://x/logo.png' } }, 'brand.logo'],
    ['a bad aspect ratio', { aspect_ratio: '4:3' as never }, 'aspect_ratio'],
  ])('rejects %s', (_name, over, field) => {
    try {
      metadataFor(props(over as Partial<CompositionProps>), 'welcome-message');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidVideoPropsError);
      expect((err as InvalidVideoPropsError).issues.map((i) => i.field)).toContain(field);
    }
  });

  it('rejects props rendered under another template’s composition', () => {
    expect(() => metadataFor(props(), 'usage-recap')).toThrow(/renders as composition "welcome-message"/);
  });

  it('accepts data: URI and http(s) logos', () => {
    expect(() => metadataFor(props({ brand: { color: '#fff', logo: 'data:image/png;base64,iVBORw0KGgo=' } }))).not.toThrow();
    expect(() => metadataFor(props({ brand: { color: '#fff', logo: 'http://127.0.0.1:3000/files/logo.png' } }))).not.toThrow();
  });
});
