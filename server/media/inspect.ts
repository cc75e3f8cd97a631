/**
 * What ffprobe says about a file, normalized, and the decisions made from
 * it: whether the file breaks a limit (and which processing error that is),
 * and whether it can be served as it is, needs only a remux (faststart, MOV
 * → MP4, audio re-encode) or a full H.264/AAC transcode (and to what size).
 * Pure functions, unit-tested without ffmpeg.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { MediaLimits, ProcessingErrorName } from './schemas';

export interface ProbedMedia {
  formatName: string;
  durationMs: number | null;
  video: {
    codec: string;
    width: number;
    height: number;
    pixFmt: string | null;
    frameRate: number | null;
    rotation: number;
  } | null;
  audio: { codec: string; channels: number | null } | null;
}

export class MediaCheckError extends Error {
  readonly errorName: ProcessingErrorName;

  constructor(errorName: ProcessingErrorName, message: string) {
    super(message);
    this.name = 'MediaCheckError';
    this.errorName = errorName;
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

function parseRate(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const [a, b] = v.split('/').map(Number);
  if (!a || !b || !Number.isFinite(a / b)) return null;
  return a / b;
}

/** Normalizes `ffprobe -show_format -show_streams` JSON. */
export function normalizeProbe(raw: unknown): ProbedMedia {
  const root = obj(raw);
  const format = obj(root.format);
  const streams = Array.isArray(root.streams) ? root.streams.map(obj) : [];
  const v = streams.find((s) => s.codec_type === 'video' && obj(s.disposition).attached_pic !== 1);
  const a = streams.find((s) => s.codec_type === 'audio');
  let durationSeconds = num(format.duration) ?? num(v?.duration) ?? null;
  if (durationSeconds === null && v) {
    // Matroska keeps per-stream duration in a tag such as "00:00:01.000000000".
    const tag = obj(v.tags).DURATION;
    if (typeof tag === 'string') {
      const m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(tag);
      if (m) durationSeconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    }
  }
  let rotation = 0;
  if (v) {
    const sideData = Array.isArray(v.side_data_list) ? v.side_data_list.map(obj) : [];
    const matrix = sideData.find((d) => d.rotation !== undefined);
    rotation = num(matrix?.rotation) ?? num(obj(v.tags).rotate) ?? 0;
    rotation = (((Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  }
  return {
    formatName: typeof format.format_name === 'string' ? format.format_name : '',
    durationMs: durationSeconds === null ? null : Math.round(durationSeconds * 1000),
    video: v
      ? {
          codec: String(v.codec_name ?? 'unknown'),
          width: num(v.width) ?? 0,
          height: num(v.height) ?? 0,
          pixFmt: typeof v.pix_fmt === 'string' ? v.pix_fmt : null,
          frameRate: parseRate(v.avg_frame_rate) ?? parseRate(v.r_frame_rate),
          rotation,
        }
      : null,
    audio: a ? { codec: String(a.codec_name ?? 'unknown'), channels: num(a.channels) } : null,
  };
}

/** Greatest common divisor, for reducing aspect ratios. */
function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

const COMMON_RATIOS: Array<[string, number]> = [
  ['16:9', 16 / 9],
  ['9:16', 9 / 16],
  ['1:1', 1],
  ['4:3', 4 / 3],
  ['3:4', 3 / 4],
  ['4:5', 4 / 5],
  ['5:4', 5 / 4],
  ['2:1', 2],
  ['1:2', 1 / 2],
  ['21:9', 21 / 9],
  ['3:2', 3 / 2],
  ['2:3', 2 / 3],
];

/**
 * The display aspect ratio as X writes it (`16:9`): the nearest common ratio
 * within 2 %, else the reduced width:height.
 */
export function aspectRatioLabel(width: number, height: number): string {
  if (width <= 0 || height <= 0) return '1:1';
  const ratio = width / height;
  for (const [label, value] of COMMON_RATIOS) if (Math.abs(ratio - value) / value < 0.02) return label;
  const d = gcd(width, height);
  return `${width / d}:${height / d}`;
}

const MP4_FORMATS = /(^|,)(mov|mp4)(,|$)/;

/** Reads the top-level MP4 boxes: true when `moov` comes before `mdat` (plays while downloading). */
export function isFaststart(filePath: string): boolean {
  const fd = openSync(filePath, 'r');
  try {
    const header = Buffer.alloc(16);
    let offset = 0;
    for (let i = 0; i < 64; i++) {
      if (readSync(fd, header, 0, 16, offset) < 8) return false;
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      if (size === 1) size = Number(header.readBigUInt64BE(8));
      if (size < 8) return false;
      offset += size;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the top-level MP4 boxes fit in the file: a truncated upload ends
 * inside a box (usually `mdat`), which ffprobe happily reads past.
 */
export function mp4BoxesComplete(filePath: string): boolean {
  const fd = openSync(filePath, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset < size) {
      if (readSync(fd, header, 0, 16, offset) < 8) return false;
      let box = header.readUInt32BE(0);
      if (box === 1) box = Number(header.readBigUInt64BE(8));
      else if (box === 0) return true; // "extends to the end of the file"
      if (box < 8 || offset + box > size) return false;
      offset += box;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

export type ImageCodec = 'mjpeg' | 'png' | 'gif' | 'webp';

/** The codec each accepted image media_type declares, and its name in messages. */
export const IMAGE_CODECS: Record<string, { codec: ImageCodec; label: string }> = {
  'image/jpeg': { codec: 'mjpeg', label: 'a JPEG' },
  'image/png': { codec: 'png', label: 'a PNG' },
  'image/gif': { codec: 'gif', label: 'a GIF' },
  'image/webp': { codec: 'webp', label: 'a WebP' },
};
const labelOf = (codec: string) => Object.values(IMAGE_CODECS).find((c) => c.codec === codec)?.label ?? 'an unsupported';

/** The image format by its magic bytes (JPEG, PNG, GIF87a/89a, RIFF…WEBP), or null. */
export function sniffImage(filePath: string): ImageCodec | null {
  const fd = openSync(filePath, 'r');
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    if (n >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'mjpeg';
    if (n >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
    if (n >= 6 && /^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return 'gif';
    if (n >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
    return null;
  } finally {
    closeSync(fd);
  }
}

export type VideoPlan =
  | { action: 'keep' }
  | { action: 'remux'; reasons: string[]; reencodeAudio: boolean }
  | { action: 'transcode'; reasons: string[]; width: number; height: number };

export interface VideoDecision {
  /** Display size after rotation and any downscale. */
  width: number;
  height: number;
  durationMs: number;
  frameRate: number | null;
  aspectRatio: string;
  plan: VideoPlan;
}

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/**
 * Checks a probed video against the limits and plans its processing. Throws
 * MediaCheckError naming the broken limit. `faststart` says whether an MP4's
 * moov box already precedes its media data.
 */
export function decideVideo(p: ProbedMedia, limits: MediaLimits, faststart: boolean): VideoDecision {
  const v = p.video;
  if (!v) throw new MediaCheckError('InvalidMedia', 'The file has no video stream.');
  if (v.width <= 0 || v.height <= 0) throw new MediaCheckError('InvalidMedia', 'The video stream has no dimensions.');
  const durationMs = p.durationMs;
  if (durationMs === null || durationMs <= 0) {
    throw new MediaCheckError('InvalidMedia', 'The video has no readable duration (the file may be truncated).');
  }
  if (durationMs < limits.minDurationMs) {
    throw new MediaCheckError(
      'DurationTooShort',
      `The video is ${(durationMs / 1000).toFixed(2)} s long; the minimum is ${limits.minDurationMs / 1000} s.`,
    );
  }
  if (durationMs > limits.maxDurationMs) {
    throw new MediaCheckError(
      'DurationTooLong',
      `The video is ${(durationMs / 1000).toFixed(1)} s long; the maximum is ${limits.maxDurationMs / 1000} s.`,
    );
  }
  const rotated = v.rotation === 90 || v.rotation === 270;
  const dispW = rotated ? v.height : v.width;
  const dispH = rotated ? v.width : v.height;
  if (Math.min(dispW, dispH) < limits.minDimension) {
    throw new MediaCheckError(
      'DimensionsTooSmall',
      `The video is ${dispW}×${dispH}; each side must be at least ${limits.minDimension} pixels.`,
    );
  }
  if (Math.max(dispW, dispH) > limits.maxInputDimension) {
    throw new MediaCheckError(
      'DimensionsTooLarge',
      `The video is ${dispW}×${dispH}; sides above ${limits.maxInputDimension} pixels are not accepted.`,
    );
  }
  const ratio = dispW / dispH;
  if (ratio < limits.minAspect - 1e-9 || ratio > limits.maxAspect + 1e-9) {
    throw new MediaCheckError(
      'AspectRatioOutOfRange',
      `The video's aspect ratio ${aspectRatioLabel(dispW, dispH)} (${ratio.toFixed(2)}) is outside 1:3 to 3:1.`,
    );
  }
  if (v.frameRate !== null && v.frameRate > limits.maxFrameRate + 0.01) {
    throw new MediaCheckError(
      'FrameRateTooHigh',
      `The video runs at ${v.frameRate.toFixed(2)} fps; the maximum is ${limits.maxFrameRate} fps.`,
    );
  }

  // Fit the long side and the short side (either orientation), keeping the aspect ratio; 4:2:0 needs even sides.
  const scale = Math.min(1, limits.maxLongSide / Math.max(dispW, dispH), limits.maxShortSide / Math.min(dispW, dispH));
  const outW = even(dispW * scale);
  const outH = even(dispH * scale);

  const reasons: string[] = [];
  if (v.codec !== 'h264') reasons.push(`video codec ${v.codec}`);
  if (v.pixFmt !== 'yuv420p' && v.pixFmt !== 'yuvj420p') reasons.push(`pixel format ${v.pixFmt ?? 'unknown'}`);
  if (v.rotation !== 0) reasons.push(`rotation ${v.rotation}°`);
  if (dispW % 2 !== 0 || dispH % 2 !== 0) reasons.push(`odd dimensions ${dispW}×${dispH}`);
  if (scale < 1) reasons.push(`larger than ${limits.maxLongSide}×${limits.maxShortSide}`);

  const base = {
    durationMs,
    frameRate: v.frameRate,
    aspectRatio: aspectRatioLabel(outW, outH),
  };
  if (reasons.length > 0) {
    return { ...base, width: outW, height: outH, plan: { action: 'transcode', reasons, width: outW, height: outH } };
  }
  const remuxReasons: string[] = [];
  const isMp4Family = MP4_FORMATS.test(p.formatName);
  if (!isMp4Family) remuxReasons.push(`container ${p.formatName}`);
  const reencodeAudio = !!p.audio && p.audio.codec !== 'aac';
  if (reencodeAudio) remuxReasons.push(`audio codec ${p.audio?.codec}`);
  if (isMp4Family && !faststart) remuxReasons.push('not faststart');
  const size = { width: dispW, height: dispH };
  if (remuxReasons.length > 0) return { ...base, ...size, plan: { action: 'remux', reasons: remuxReasons, reencodeAudio } };
  return { ...base, ...size, plan: { action: 'keep' } };
}

export interface ImageDecision {
  width: number;
  height: number;
}

/** Checks a probed image (JPEG, PNG, GIF or WebP) against the limits. */
export function decideImage(p: ProbedMedia, expectedCodec: ImageCodec, limits: MediaLimits): ImageDecision {
  const v = p.video;
  const known = v ? Object.values(IMAGE_CODECS).some((c) => c.codec === v.codec) : false;
  if (!v || !known || v.width <= 0 || v.height <= 0) {
    throw new MediaCheckError('InvalidMedia', `The file is not a readable ${labelOf(expectedCodec).replace(/^an? /, '')} image.`);
  }
  if (v.codec !== expectedCodec) {
    throw new MediaCheckError('InvalidMedia', `The file is ${labelOf(v.codec)} image, not the declared media_type.`);
  }
  if (Math.min(v.width, v.height) < 4) {
    throw new MediaCheckError('DimensionsTooSmall', `The image is ${v.width}×${v.height}; each side must be at least 4 pixels.`);
  }
  if (Math.max(v.width, v.height) > limits.maxInputDimension) {
    throw new MediaCheckError(
      'DimensionsTooLarge',
      `The image is ${v.width}×${v.height}; sides above ${limits.maxInputDimension} pixels are not accepted.`,
    );
  }
  return { width: v.width, height: v.height };
}
