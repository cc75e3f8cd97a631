/**
 * The render-engine seam's rules, without a browser: which engine a
 * RENDER_ENGINE setting gives each template, when `auto` lets `classic`
 * take over a failed `web` render, how frames are split across tabs, how
 * sides are trimmed for H.264, and the pure helpers the web engine and the
 * fidelity check rely on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearOf, premultipliedStops } from '@/remotion/theme';
import { truncateToFit } from '@/remotion/text-fit';
import { downsample, ssim } from '@/server/render/fidelity';
import { engineFor, overrideRenderSettings, RenderCancelledError, RenderTimeoutError, withEngine } from '@/server/render/renderer';
import { concatList } from '@/server/render/transcode';
import { evenStageSide, MIN_FRAMES_PER_TAB, splitFrameRange, WebCompositionError } from '@/server/render/web-engine';
import { InvalidVideoPropsError } from '@/remotion/metadata';
import type { CompositionProps } from '@/remotion/props';
import { exampleScript } from '@/remotion/script';

const props: CompositionProps = {
  template_id: 'tmpl_welcome_message',
  customer_data: { first_name: 'Sarah' },
  script: exampleScript('tmpl_welcome_message', { first_name: 'Sarah' }, 'short'),
  aspect_ratio: '9:16',
  resolution: 'standard',
  brand: { color: '#6D5EF7', logo: null },
};

afterEach(() => overrideRenderSettings(null));

describe('engine choice', () => {
  it('auto renders templates that declare web with web, falling back; forced settings never fall back', () => {
    expect(engineFor('tmpl_welcome_message', 'auto')).toEqual({ engine: 'web', fallback: true });
    expect(engineFor('tmpl_welcome_message', 'web')).toEqual({ engine: 'web', fallback: false });
    expect(engineFor('tmpl_welcome_message', 'classic')).toEqual({ engine: 'classic', fallback: false });
    // A template the registry does not know cannot declare web support.
    expect(engineFor('tmpl_nope', 'auto')).toEqual({ engine: 'classic', fallback: false });
  });

  it('under auto, a failed web render is rendered once more with classic', async () => {
    const tried: string[] = [];
    const out = await withEngine({ props, settings: { engine: 'auto' } }, async (engine) => {
      tried.push(engine);
      if (engine === 'web') throw new Error('Protocol error: the tab crashed');
      return engine;
    });
    expect(out).toBe('classic');
    expect(tried).toEqual(['web', 'classic']);
  });

  it('a web composition error falls back too; classic then has the last word', async () => {
    const tried: string[] = [];
    await expect(
      withEngine({ props, settings: { engine: 'auto' } }, async (engine) => {
        tried.push(engine);
        throw engine === 'web' ? new WebCompositionError('boom', null) : new Error('classic failed as well');
      }),
    ).rejects.toThrow('classic failed as well');
    expect(tried).toEqual(['web', 'classic']);
  });

  it.each([
    ['a timeout', new RenderTimeoutError(1000)],
    ['a cancellation', new RenderCancelledError()],
    ['invalid props', new InvalidVideoPropsError('bad', [])],
  ])('%s is not retried with classic', async (_, error) => {
    const tried: string[] = [];
    await expect(
      withEngine({ props, settings: { engine: 'auto' } }, async (engine) => {
        tried.push(engine);
        throw error;
      }),
    ).rejects.toBe(error);
    expect(tried).toEqual(['web']);
  });

  it('a forced engine is tried once', async () => {
    const tried: string[] = [];
    await expect(
      withEngine({ props, settings: { engine: 'web' } }, async (engine) => {
        tried.push(engine);
        throw new Error('down');
      }),
    ).rejects.toThrow('down');
    expect(tried).toEqual(['web']);
  });

  it('the fallback gets what is left of the timeout, and none when too little is left', async () => {
    let classicTimeout = 0;
    await withEngine({ props, settings: { engine: 'auto', timeoutMs: 60_000 } }, async (engine, settings) => {
      if (engine === 'web') throw new Error('tab crashed');
      classicTimeout = settings.timeoutMs;
      return null;
    });
    expect(classicTimeout).toBeGreaterThan(55_000);
    expect(classicTimeout).toBeLessThanOrEqual(60_000);

    await expect(
      withEngine({ props, settings: { engine: 'auto', timeoutMs: 5_000 } }, async (engine) => {
        if (engine === 'web') throw new Error('tab crashed');
        return null;
      }),
    ).rejects.toThrow('tab crashed');
  });
});

describe('web engine layout of a render', () => {
  it('splits frames into contiguous ranges covering every frame once, never shorter than MIN_FRAMES_PER_TAB', () => {
    expect(splitFrameRange(0, 509, 4)).toEqual([
      [0, 126],
      [127, 254],
      [255, 381],
      [382, 509],
    ]);
    expect(splitFrameRange(10, 54, 4)).toEqual([[10, 54]]);
    for (const [first, last, tabs] of [
      [0, 0, 3],
      [0, 1799, 8],
      [100, 219, 3],
      [5, 5 + MIN_FRAMES_PER_TAB * 2, 16],
    ] as const) {
      const ranges = splitFrameRange(first, last, tabs);
      expect(ranges[0]![0]).toBe(first);
      expect(ranges.at(-1)![1]).toBe(last);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
      if (ranges.length > 1) for (const [a, b] of ranges) expect(b - a + 1).toBeGreaterThanOrEqual(MIN_FRAMES_PER_TAB);
    }
  });

  it('trims a side until its scaled size is even (H.264 4:2:0)', () => {
    expect(evenStageSide(720, 1)).toEqual({ stage: 720, output: 720 });
    expect(evenStageSide(720, 0.25)).toEqual({ stage: 720, output: 180 });
    const odd = evenStageSide(1080, 0.3);
    expect(odd.output % 2).toBe(0);
    expect(odd.output).toBe(Math.ceil(odd.stage * 0.3));
    expect(1080 - odd.stage).toBeLessThan(5);
  });

  it('lists chunks for the concat demuxer with quotes escaped', () => {
    expect(concatList(['/tmp/a.ts', "/tmp/it's.ts"])).toBe("file '/tmp/a.ts'\nfile '/tmp/it'\\''s.ts'\n");
  });
});

describe('drawing helpers both engines share', () => {
  it('premultipliedStops interpolates like CSS: hue follows the more opaque colour', () => {
    const stops = premultipliedStops('rgba(255, 0, 0, 0.4)', 'rgba(0, 0, 255, 0.1)', 4).split(', rgba');
    expect(stops).toHaveLength(5);
    expect(stops[0]).toBe('rgba(255, 0, 0, 0.4) 0%');
    // Halfway: alpha 0.25; red weighs 0.4, blue 0.1, so the colour is 80 % red, not 50 %.
    expect(stops[2]).toBe('(204, 0, 51, 0.25) 50%');
    expect(stops[4]).toBe('(0, 0, 255, 0.1) 100%');
  });

  it('clearOf keeps the hue of hex and rgba colours at alpha 0', () => {
    expect(clearOf('#ff8000')).toBe('rgba(255, 128, 0, 0)');
    expect(clearOf('rgba(1, 2, 3, 0.5)')).toBe('rgba(1, 2, 3, 0)');
  });

  it('truncateToFit keeps the longest prefix that fits, without trailing spaces or commas', () => {
    const graphemes = Array.from('Hello, wonderful world');
    const fits = (s: string) => s.length <= 12;
    expect(truncateToFit(graphemes, fits)).toBe('Hello, wond…');
    expect(truncateToFit(Array.from('Hello, world'), (s) => s.length <= 8)).toBe('Hello…');
    expect(truncateToFit(Array.from('abc'), () => false)).toBe('…');
  });
});

describe('ssim', () => {
  const image = (w: number, h: number, f: (x: number, y: number) => number) => {
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
    return { width: w, height: h, channels: 1 as const, data };
  };
  const pattern = image(64, 64, (x, y) => ((x >> 3) + (y >> 3)) % 2 ? 200 : 40);

  it('is 1 for identical images and drops for a missing part', () => {
    expect(ssim(pattern, pattern)).toEqual({ mean: 1, worstBlock: 1, worstShift: 0 });
    const damaged = image(64, 64, (x, y) => (x < 16 && y < 16 ? 40 : pattern.data[y * 64 + x]!));
    const result = ssim(pattern, damaged);
    expect(result.mean).toBeLessThan(0.97);
    expect(result.worstBlock).toBeLessThan(0.5);
  });

  it('downsampling averages blocks', () => {
    const half = downsample(image(4, 2, (x) => x * 10), 2);
    expect(half).toMatchObject({ width: 2, height: 1 });
    expect(Array.from(half.data)).toEqual([5, 25]);
  });
});
