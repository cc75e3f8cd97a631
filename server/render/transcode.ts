/**
 * The `web` engine's last step: the intermediate MP4s its tabs wrote (one
 * per frame range, H.264 from Chromium's encoder, BT.601, no faststart
 * guarantee) become the video we publish: one H.264 MP4, yuv420p,
 * limited-range BT.709 (converted, not just relabelled, so colours match
 * the `classic` engine), x264 at the renderer's preset and CRF, moov first.
 *
 * The ranges are joined by ffmpeg's concat demuxer and encoded in one pass,
 * so there is no seam where one tab's range ends: x264 sees one continuous
 * video. Progress comes from ffmpeg's `-progress` output.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg, stderrSummary } from '../media/ffmpeg';

export type TranscodeParams = {
  /** Intermediate files in playing order. */
  parts: string[];
  output: string;
  /** Even output size; the intermediates are cropped to it when they are a pixel larger. */
  width: number;
  height: number;
  fps: number;
  totalFrames: number;
  x264Preset: string;
  crf: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (progress: number) => void;
};

/** The concat demuxer's list file: one `file '…'` line per part, quotes escaped as the format asks. */
export function concatList(parts: string[]): string {
  return parts.map((p) => `file '${p.replaceAll("'", "'\\''")}'`).join('\n') + '\n';
}

export async function transcodeParts(params: TranscodeParams): Promise<void> {
  const list = path.join(path.dirname(params.output), 'parts.txt');
  await writeFile(list, concatList(params.parts));
  const filters = [
    `crop=${params.width}:${params.height}:0:0`,
    // Chromium's encoder converts RGB with the BT.601 matrix; re-derive BT.709 like the classic engine's frames.
    'colorspace=all=bt709:iall=bt601-6-525:irange=tv:range=tv:fast=1',
    'format=yuv420p',
  ];
  let lastFrame = 0;
  try {
    await runFfmpeg(
      [
        '-y',
        '-f',
        'concat',
        '-safe',
        '0',
        '-i',
        list,
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
        '-movflags',
        '+faststart',
        '-progress',
        'pipe:1',
        '-nostats',
        params.output,
      ],
      {
        signal: params.signal,
        timeoutMs: params.timeoutMs,
        onStdoutLine: (line) => {
          const m = /^frame=(\d+)/.exec(line);
          if (!m) return;
          const frame = Number(m[1]);
          if (frame > lastFrame) {
            lastFrame = frame;
            params.onProgress?.(Math.min(1, frame / Math.max(1, params.totalFrames)));
          }
        },
      },
    );
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr;
    if (stderr) (err as Error).message = `${(err as Error).message}: ${stderrSummary(stderr)}`;
    throw err;
  }
}
