/**
 * Whether the two render engines draw a template the same: stills of the
 * same frames from `web` and `classic`, compared with SSIM (structural
 * similarity, Wang et al. 2004) on luma. Used by the fidelity test
 * (tests/integration/render/fidelity.test.ts) and by `npm run
 * docs:templates`, which publishes the pairs side by side.
 *
 * SSIM rather than PSNR: what matters is whether shapes, text and gradients
 * are where they should be, not the last bit of anti-aliasing, and SSIM is
 * robust to the small rasterisation differences between Chromium's paint
 * and the canvas the web engine draws on, while a missing glow, a clipped
 * shadow, an empty frame or text drawn elsewhere drop it sharply.
 */
import { spawn } from 'node:child_process';
import { planTimeline } from '../../remotion/timeline';
import type { CompositionProps } from '../../remotion/props';
import { getTemplate } from '../../remotion/templates/registry';
import { ffmpegPaths, runFfprobeJson } from '../media/ffmpeg';
import { renderStillFiles, type StillsOutput, thumbnailFrame } from './renderer';
import { metadataFor } from '../../remotion/metadata';

export type Image = { width: number; height: number; channels: 1 | 3; data: Uint8Array };

/** Decodes an image file (PNG, JPEG) to raw 8-bit gray or RGB with Remotion's ffmpeg. */
export async function decodeImage(file: string, mode: 'gray' | 'rgb' = 'gray'): Promise<Image> {
  const probe = (await runFfprobeJson(['-show_entries', 'stream=width,height', file])) as {
    streams: Array<{ width: number; height: number }>;
  };
  const { width, height } = probe.streams[0]!;
  const { ffmpeg, env } = ffmpegPaths();
  const pixFmt = mode === 'gray' ? 'gray' : 'rgb24';
  const data = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(ffmpeg, ['-loglevel', 'error', '-i', file, '-f', 'image2pipe', '-c:v', 'rawvideo', '-pix_fmt', pixFmt, 'pipe:1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg could not decode ${file}: ${stderr}`))));
  });
  const channels = mode === 'gray' ? 1 : 3;
  if (data.length !== width * height * channels) throw new Error(`${file}: expected ${width}×${height}×${channels} bytes, got ${data.length}`);
  return { width, height, channels, data };
}

/** Averages `factor`×`factor` pixel blocks of a gray image (a box filter). */
export function downsample(img: Image, factor: number): Image {
  if (factor === 1) return img;
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = 0; j < factor; j++) {
        const row = (y * factor + j) * img.width + x * factor;
        for (let i = 0; i < factor; i++) sum += img.data[row + i]!;
      }
      data[y * width + x] = Math.round(sum / (factor * factor));
    }
  }
  return { width, height, channels: 1, data };
}

const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

export type SsimResult = {
  /** Mean over the whole frame. */
  mean: number;
  /** Mean of the worst block (an eighth of the short side square): a defect confined to one place. */
  worstBlock: number;
  /**
   * The largest difference of mean brightness between the same block (a
   * quarter of the short side) of both images, in grey levels (0–255). SSIM barely notices a soft glow that is
   * missing (it has no structure), and a glyph a pixel off moves no block's
   * mean: this catches the first and ignores the second.
   */
  worstShift: number;
};

/**
 * SSIM of two gray images of the same size, over 8×8 windows every 4 pixels
 * (the window of the original paper's fast variant): 1 = identical, ~0.99 for
 * re-encoded copies, far lower for missing or moved content. A missing glow
 * or a badge drawn elsewhere is a small part of the frame, so besides the
 * mean the worst block is reported.
 */
export function ssim(a: Image, b: Image): SsimResult {
  if (a.width !== b.width || a.height !== b.height || a.channels !== 1 || b.channels !== 1) {
    throw new Error(`ssim needs two gray images of one size, got ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }
  const { width: w, height: h } = a;
  const win = 8;
  const step = 4;
  const block = Math.max(win, Math.floor(Math.min(w, h) / 8));
  const cols = Math.ceil(w / block);
  const blockSum = new Float64Array(cols * Math.ceil(h / block));
  const blockCount = new Float64Array(blockSum.length);
  // Brightness is compared over coarser blocks (a quarter of the short side): a glyph drawn a pixel
  // off changes a small block's mean, a missing glow changes a large one's.
  const shiftBlock = Math.max(win, Math.floor(Math.min(w, h) / 4));
  const shiftCols = Math.ceil(w / shiftBlock);
  const shiftCells = shiftCols * Math.ceil(h / shiftBlock);
  const lumaA = new Float64Array(shiftCells);
  const lumaB = new Float64Array(shiftCells);
  const pixels = new Float64Array(shiftCells);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = Math.floor(y / shiftBlock) * shiftCols + Math.floor(x / shiftBlock);
      lumaA[k]! += a.data[y * w + x]!;
      lumaB[k]! += b.data[y * w + x]!;
      pixels[k]! += 1;
    }
  }
  let worstShift = 0;
  for (let k = 0; k < pixels.length; k++) {
    if (pixels[k]! > 0) worstShift = Math.max(worstShift, Math.abs(lumaA[k]! - lumaB[k]!) / pixels[k]!);
  }
  let sum = 0;
  let n = 0;
  for (let y = 0; y + win <= h; y += step) {
    for (let x = 0; x + win <= w; x += step) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let j = 0; j < win; j++) {
        const row = (y + j) * w + x;
        for (let i = 0; i < win; i++) {
          const va = a.data[row + i]!;
          const vb = b.data[row + i]!;
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      }
      const count = win * win;
      const ma = sa / count;
      const mb = sb / count;
      const va = saa / count - ma * ma;
      const vb = sbb / count - mb * mb;
      const cov = sab / count - ma * mb;
      const value = ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      sum += value;
      n += 1;
      const k = Math.floor((y + win / 2) / block) * cols + Math.floor((x + win / 2) / block);
      blockSum[k]! += value;
      blockCount[k]! += 1;
    }
  }
  let worstBlock = 1;
  for (let k = 0; k < blockSum.length; k++) {
    if (blockCount[k]! > 0) worstBlock = Math.min(worstBlock, blockSum[k]! / blockCount[k]!);
  }
  return { mean: n === 0 ? 1 : sum / n, worstBlock, worstShift };
}

/**
 * The moments a fidelity check looks at: the thumbnail frame (headline
 * settled), the first scene mid-entrance and settled, the crossfade into the
 * second scene, and the end card settled. Together they show every visual
 * of the template, its text and its transitions.
 */
export function fidelityFrames(props: CompositionProps): number[] {
  const template = getTemplate(props.template_id)!;
  const { durationInFrames } = metadataFor(props);
  const segments = planTimeline(props.script, template.timing).segments;
  const scenes = segments.filter((s) => s.kind === 'scene');
  const outro = segments[segments.length - 1]!;
  const first = scenes[0];
  const frames = [
    thumbnailFrame(props, durationInFrames),
    first ? first.from + 8 : null,
    first ? first.from + Math.min(45, first.durationInFrames - 1) : null,
    first ? first.from + first.durationInFrames + 4 : null,
    outro.from + Math.min(50, outro.durationInFrames - 1),
  ];
  return [...new Set(frames.filter((f): f is number => f !== null && f < durationInFrames))];
}

/**
 * The engines place glyphs with different sub-pixel rounding (Chromium's text
 * layout vs the canvas's fillText word by word): at the pixel level every
 * edge of every letter differs a little, which SSIM reads as structure. Both
 * stills are drawn at twice the compared size and averaged 2×2, which keeps
 * what a viewer sees (shapes, glows, where text is) and drops that jitter.
 */
export const COMPARE_DOWNSAMPLE = 2;

export type EnginePair = {
  frame: number;
  ssim: SsimResult;
  web: string;
  classic: string;
};

/**
 * Renders `frames` (default fidelityFrames) with both engines as PNGs at
 * `scale` and compares each pair. The caller removes the files with cleanup().
 */
export async function compareEngines(params: {
  props: CompositionProps;
  scale: number;
  frames?: number[];
  /** Box-filter both stills by this factor before comparing (default 2; see COMPARE_DOWNSAMPLE). */
  downsample?: number;
}): Promise<{ pairs: EnginePair[]; web: StillsOutput; classic: StillsOutput; cleanup: () => Promise<void> }> {
  const frames = params.frames ?? fidelityFrames(params.props);
  const common = { props: params.props, frames, scale: params.scale, format: 'png' as const };
  const web = await renderStillFiles({ ...common, settings: { engine: 'web' } });
  try {
    const classic = await renderStillFiles({ ...common, settings: { engine: 'classic' } });
    const pairs: EnginePair[] = [];
    for (const [i, frame] of frames.entries()) {
      const factor = params.downsample ?? COMPARE_DOWNSAMPLE;
      const a = downsample(await decodeImage(web.stills[i]!.path), factor);
      const b = downsample(await decodeImage(classic.stills[i]!.path), factor);
      pairs.push({ frame, ssim: ssim(a, b), web: web.stills[i]!.path, classic: classic.stills[i]!.path });
    }
    return {
      pairs,
      web,
      classic,
      cleanup: async () => {
        await web.cleanup();
        await classic.cleanup();
      },
    };
  } catch (err) {
    await web.cleanup();
    throw err;
  }
}

/** Writes a raw RGB or gray image as a JPEG or PNG (by extension) with Remotion's ffmpeg. */
export async function writeImage(img: Image, file: string, jpegQuality = 3): Promise<void> {
  const { ffmpeg, env } = ffmpegPaths();
  const pixFmt = img.channels === 1 ? 'gray' : 'rgb24';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      ffmpeg,
      [
        '-loglevel', 'error', '-y',
        '-f', 'image2pipe', '-frame_size', String(img.data.length), '-c:v', 'rawvideo', '-pix_fmt', pixFmt,
        '-video_size', `${img.width}x${img.height}`, '-i', 'pipe:0',
        ...(file.endsWith('.png') ? [] : ['-q:v', String(jpegQuality)]),
        '-frames:v', '1', file,
      ],
      { env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not write ${file}: ${stderr}`))));
    child.stdin.end(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length));
  });
}

/** RGB images of one size laid out in rows (a contact sheet), `gap` px of `background` between them. */
export function contactSheet(rows: Image[][], gap = 8, background = 255): Image {
  const cell = rows[0]![0]!;
  const cols = Math.max(...rows.map((r) => r.length));
  const width = cols * cell.width + (cols - 1) * gap;
  const height = rows.length * cell.height + (rows.length - 1) * gap;
  const data = new Uint8Array(width * height * 3).fill(background);
  rows.forEach((row, r) =>
    row.forEach((img, c) => {
      for (let y = 0; y < img.height; y++) {
        const src = y * img.width * 3;
        const dst = ((r * (cell.height + gap) + y) * width + c * (cell.width + gap)) * 3;
        data.set(img.data.subarray(src, src + img.width * 3), dst);
      }
    }),
  );
  return { width, height, channels: 3, data };
}
