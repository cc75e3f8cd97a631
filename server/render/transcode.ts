/**
 * The `web` engine's last steps, with Remotion's ffmpeg.
 *
 * copyChunk (the default): the H.264 a tab's browser encoder wrote for a
 * frame range becomes a chunk of the published video as it is.
 *
 * encodeChunk (RENDER_WEB_ENCODER=x264): that H.264 is an intermediate and
 * becomes a chunk of the published video:
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
import { runFfmpeg, runFfprobeJson, stderrSummary } from '../media/ffmpeg';

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

/**
 * Colour tags for the browser's H.264: Chromium converts the canvas's sRGB
 * pixels with the BT.601 matrix and tags the stream as BT.601 throughout
 * (SMPTE 170M matrix, primaries and transfer). The matrix tag is right and
 * kept; the pixels' primaries and transfer are sRGB's, BT.709, which is what
 * the classic engine's files say too, so players show both alike.
 */
const BROWSER_H264_TAGS = 'h264_metadata=colour_primaries=1:transfer_characteristics=1:video_full_range_flag=0';

/**
 * A range the browser encoded becomes a chunk of the published video without
 * re-encoding: its H.264 copied into MPEG-TS, colour tags corrected (above);
 * a `vp9` reference (benchmarks) into Matroska.
 */
export async function copyChunk(params: { input: string; output: string; codec: 'h264' | 'vp9'; signal?: AbortSignal }): Promise<void> {
  const out = params.codec === 'h264' ? ['-bsf:v', `h264_mp4toannexb,${BROWSER_H264_TAGS}`, '-f', 'mpegts'] : ['-f', 'matroska'];
  await ffmpeg(['-y', '-i', params.input, '-an', '-map', '0:v:0', '-c:v', 'copy', ...out, params.output], { signal: params.signal });
}

/**
 * Copied streams are not cropped as x264's are: the joined video must have
 * the size the page was asked to draw (even sides), checked once per render.
 */
export async function assertVideoSize(file: string, width: number, height: number): Promise<void> {
  const probe = (await runFfprobeJson(['-select_streams', 'v:0', '-show_entries', 'stream=width,height', file])) as {
    streams?: Array<{ width?: number; height?: number }>;
  };
  const stream = probe.streams?.[0] ?? {};
  if (stream.width !== width || stream.height !== height) {
    throw new Error(`The browser encoded ${stream.width}×${stream.height}, not ${width}×${height}`);
  }
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
