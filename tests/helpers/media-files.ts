/**
 * What a rendered file really is, read from its bytes: the MP4's video
 * stream through ffprobe (the binary shipped with Remotion), a JPEG's size
 * from its SOF marker, and whether the MP4 is faststart (moov before mdat).
 */
import { readFileSync } from 'node:fs';
import { runFfprobeJson } from '../../server/media/ffmpeg';

export interface ProbedVideo {
  codec: string;
  pixelFormat: string;
  width: number;
  height: number;
  /** Frames the container declares. */
  frames: number;
  /** Frames ffprobe actually decoded. */
  decodedFrames: number;
  frameRate: number;
  durationSeconds: number;
  faststart: boolean;
  /** Colour tags of the stream (e.g. bt709, tv). */
  color: { space: string; transfer: string; primaries: string; range: string };
}

export async function probeVideo(file: string): Promise<ProbedVideo> {
  const probe = (await runFfprobeJson([
    '-count_frames',
    '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,pix_fmt,width,height,nb_frames,nb_read_frames,r_frame_rate,duration,color_space,color_transfer,color_primaries,color_range:format=duration',
    file,
  ])) as {
    streams: Array<Record<string, string | number>>;
    format: { duration?: string };
  };
  const stream = probe.streams[0];
  if (!stream) throw new Error(`${file} has no video stream`);
  const [num, den] = String(stream.r_frame_rate).split('/').map(Number);
  const bytes = readFileSync(file);
  const moov = bytes.indexOf('moov');
  const mdat = bytes.indexOf('mdat');
  return {
    codec: String(stream.codec_name),
    pixelFormat: String(stream.pix_fmt),
    width: Number(stream.width),
    height: Number(stream.height),
    frames: Number(stream.nb_frames),
    decodedFrames: Number(stream.nb_read_frames),
    frameRate: (num ?? 0) / (den || 1),
    durationSeconds: Number(probe.format.duration ?? stream.duration),
    faststart: moov > 0 && moov < mdat,
    color: {
      space: String(stream.color_space),
      transfer: String(stream.color_transfer),
      primaries: String(stream.color_primaries),
      range: String(stream.color_range),
    },
  };
}

/** Width and height of a baseline or progressive JPEG; throws when the bytes are not a JPEG. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) throw new Error(`not a JPEG (no marker at byte ${i})`);
    const marker = bytes[i + 1]!;
    const length = bytes.readUInt16BE(i + 2);
    // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new Error('not a JPEG (no SOF marker)');
}

/** The colour tags of the web engine's published H.264 (server/render/transcode.ts, BROWSER_H264_TAGS). */
export const BROWSER_H264_COLOR = { space: 'smpte170m', transfer: 'bt709', primaries: 'bt709', range: 'tv' };
/** The colour tags of an x264 encode (the classic engine, RENDER_WEB_ENCODER=x264, uploads). */
export const X264_COLOR = { space: 'bt709', transfer: 'bt709', primaries: 'bt709', range: 'tv' };
