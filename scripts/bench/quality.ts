/**
 * PSNR of a rendered video against a reference rendering of the same frames
 * (bench:render: near-lossless VP9 from the web engine), both decoded by
 * Remotion's ffmpeg to 8-bit RGB with the colour matrix each stream is
 * tagged with, so a file converted to another matrix is compared by what a
 * player shows, not by its YUV planes.
 */
import { spawn } from 'node:child_process';
import { ffmpegPaths } from '../../server/media/ffmpeg';

function frameReader(file: string, frameBytes: number): () => Promise<Buffer | null> {
  const { ffmpeg, env } = ffmpegPaths();
  const child = spawn(
    ffmpeg,
    ['-v', 'error', '-i', file, '-vf', 'scale=in_color_matrix=auto:in_range=auto,format=rgb24', '-c:v', 'rawvideo', '-f', 'image2pipe', '-'],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let pending: Buffer = Buffer.alloc(0);
  const frames: Buffer[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  child.stdout.on('data', (data: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, data]) : data;
    while (pending.length >= frameBytes) {
      frames.push(pending.subarray(0, frameBytes));
      pending = pending.subarray(frameBytes);
    }
    if (frames.length > 8) child.stdout.pause();
    wake?.();
  });
  child.on('close', () => {
    ended = true;
    wake?.();
  });
  return async () => {
    for (;;) {
      const next = frames.shift();
      if (next) {
        if (frames.length <= 8) child.stdout.resume();
        return next;
      }
      if (ended) return null;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
}

export type Psnr = { frames: number; overall: number; min: number; median: number };

/** PSNR in dB over all frames (from the summed squared error) and its worst and median frame. */
export async function psnr(reference: string, test: string, width: number, height: number): Promise<Psnr> {
  const frameBytes = width * height * 3;
  const a = frameReader(reference, frameBytes);
  const b = frameReader(test, frameBytes);
  const perFrame: number[] = [];
  let sse = 0;
  for (;;) {
    const [fa, fb] = await Promise.all([a(), b()]);
    if (!fa || !fb) {
      if (fa || fb) throw new Error(`${test} and ${reference} have different frame counts`);
      break;
    }
    let s = 0;
    for (let i = 0; i < frameBytes; i++) {
      const d = fa[i]! - fb[i]!;
      s += d * d;
    }
    sse += s;
    perFrame.push(db(s / frameBytes));
  }
  if (!perFrame.length) throw new Error(`no frames decoded from ${test}`);
  perFrame.sort((x, y) => x - y);
  return { frames: perFrame.length, overall: db(sse / (perFrame.length * frameBytes)), min: perFrame[0]!, median: perFrame[Math.floor(perFrame.length / 2)]! };
}

const db = (mse: number) => (mse === 0 ? 99 : 10 * Math.log10((255 * 255) / mse));
