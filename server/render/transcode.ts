/**
 * The `web` engine's last steps, with Remotion's ffmpeg.
 *
 * encodeChunk: one intermediate MP4 a tab wrote (a frame range, H.264 from
 * Chromium's encoder, BT.601) becomes a chunk of the published video:
 * x264 at the renderer's preset and CRF, yuv420p, limited-range BT.709
 * (converted, not just relabelled, so colours match the `classic` engine),
 * in MPEG-TS so chunks join exactly, B-frames and all.
 *
 * joinChunks: the chunks, in order, become one MP4 without re-encoding (as
 * Remotion Lambda joins its chunks): every chunk starts on a key frame and
 * was encoded with the same settings, so there is no seam to see, and the
 * moov atom goes first (faststart) for progressive playback.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg, stderrSummary } from '../media/ffmpeg';

async function ffmpeg(args: string[], opts: { signal?: AbortSignal; onStdoutLine?: (line: string) => void }): Promise<void> {
  try {
    await runFfmpeg(args, opts);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr;
    if (stderr) (err as Error).message = `${(err as Error).message}: ${stderrSummary(stderr)}`;
    throw err;
  }
}

export type EncodeChunkParams = {
  input: string;
  /** A .ts file. */
  output: string;
  /** Even output size; the intermediate is cropped to it when it is a pixel larger. */
  width: number;
  height: number;
  fps: number;
  /** Frames in the input, for progress. */
  frames: number;
  x264Preset: string;
  crf: number;
  signal?: AbortSignal;
  onProgress?: (progress: number) => void;
};

export async function encodeChunk(params: EncodeChunkParams): Promise<void> {
  const filters = [
    `crop=${params.width}:${params.height}:0:0`,
    // Chromium's encoder converts RGB with the BT.601 matrix (and tags it so); re-derive BT.709 like the classic engine's frames.
    'colorspace=all=bt709:iall=bt601-6-525:irange=tv:range=tv:fast=1',
    'format=yuv420p',
  ];
  let lastFrame = 0;
  await ffmpeg(
    [
      '-y',
      '-i',
      params.input,
      '-an',
      '-vf',
      filters.join(','),
      '-r',
      String(params.fps),
      '-c:v',
      'libx264',
      '-preset',
      params.x264Preset,
      '-crf',
      String(params.crf),
      '-pix_fmt',
      'yuv420p',
      '-colorspace',
      'bt709',
      '-color_primaries',
      'bt709',
      '-color_trc',
      'bt709',
      '-color_range',
      'tv',
      '-f',
      'mpegts',
      '-progress',
      'pipe:1',
      '-nostats',
      params.output,
    ],
    {
      signal: params.signal,
      onStdoutLine: (line) => {
        const m = /^frame=(\d+)/.exec(line);
        if (!m) return;
        const frame = Number(m[1]);
        if (frame > lastFrame) {
          lastFrame = frame;
          params.onProgress?.(Math.min(1, frame / Math.max(1, params.frames)));
        }
      },
    },
  );
  params.onProgress?.(1);
}

/** The concat demuxer's list file: one `file '…'` line per chunk, quotes escaped as the format asks. */
export function concatList(files: string[]): string {
  return files.map((p) => `file '${p.replaceAll("'", "'\\''")}'`).join('\n') + '\n';
}

export async function joinChunks(params: { chunks: string[]; output: string; signal?: AbortSignal }): Promise<void> {
  const list = path.join(path.dirname(params.output), 'chunks.txt');
  await writeFile(list, concatList(params.chunks));
  await ffmpeg(['-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', params.output], {
    signal: params.signal,
  });
}
