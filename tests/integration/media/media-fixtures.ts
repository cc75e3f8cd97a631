/**
 * Real media for the media and library suites, made with the compositor's
 * ffmpeg from frames drawn here (that build has no rawvideo demuxer, so
 * frames go in as a PNG stream), plus helpers that drive the upload route
 * handler with real Requests (multipart, base64 or raw segments).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import { handleMediaUpload } from '../../../server/http/x/upload-v1';
import { parseJsonKeepingBigInts } from '../../../server/http/x/wire';
import { runFfmpeg } from '../../../server/media/ffmpeg';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG whose colours move with `frame` (so the encoder has real motion to code). */
export function makePng(width: number, height: number, frame = 0): Buffer {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * row + 1 + x * 3;
      raw[o] = (x * 5 + frame * 7) & 0xff;
      raw[o + 1] = (y * 3 + frame * 3) & 0xff;
      raw[o + 2] = ((x + y) * 2 + frame * 11) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A mono 16-bit WAV sine tone. */
function makeWav(seconds: number, rate = 44100): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export interface VideoSpec {
  width: number;
  height: number;
  fps?: number;
  frames: number;
  codec?: 'h264' | 'hevc';
  pixFmt?: 'yuv420p' | 'yuv444p';
  container?: 'mp4' | 'mkv' | 'mov';
  /** MP4: put moov first (default true). */
  faststart?: boolean;
  /** Display-matrix rotation in degrees written into the container. */
  rotation?: 0 | 90 | 180 | 270;
  /** Add a sine audio track (AAC, or MP3 when 'mp3'). */
  audio?: false | 'aac' | 'mp3';
  /** Bits per second of video (bigger files for multi-segment uploads). */
  bitrate?: string;
}

/** Encodes a test video with the compositor's ffmpeg and returns its bytes. */
export async function makeVideo(spec: VideoSpec): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-media-fixture-'));
  try {
    const fps = spec.fps ?? 30;
    const container = spec.container ?? 'mp4';
    const out = path.join(dir, `out.${container}`);
    const args = ['-y', '-f', 'image2pipe', '-c:v', 'png', '-framerate', String(fps), '-i', '-'];
    if (spec.audio) {
      const wav = path.join(dir, 'a.wav');
      writeFileSync(wav, makeWav(spec.frames / fps));
      args.push('-i', wav, '-map', '0:v', '-map', '1:a', '-c:a', spec.audio === 'mp3' ? 'libmp3lame' : 'aac', '-shortest');
    }
    const codec = spec.codec ?? 'h264';
    args.push('-c:v', codec === 'hevc' ? 'libx265' : 'libx264', '-pix_fmt', spec.pixFmt ?? 'yuv420p', '-preset', 'ultrafast');
    if (codec === 'hevc') args.push('-x265-params', 'log-level=error', '-tag:v', 'hvc1');
    if (spec.bitrate) args.push('-b:v', spec.bitrate, '-maxrate', spec.bitrate, '-bufsize', spec.bitrate);
    if (container === 'mp4' && spec.faststart !== false) args.push('-movflags', '+faststart');
    args.push(out);
    const frames = async function* () {
      for (let i = 0; i < spec.frames; i++) yield makePng(spec.width, spec.height, i);
    };
    await runFfmpeg(args, { input: frames(), timeoutMs: 120_000 });
    if (spec.rotation) {
      const rotated = path.join(dir, `rot.${container}`);
      await runFfmpeg(['-y', '-display_rotation', String(spec.rotation), '-i', out, '-c', 'copy', rotated]);
      return readFileSync(rotated);
    }
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A GIF made from a generated PNG. */
export async function makeGif(width: number, height: number): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-media-fixture-'));
  try {
    writeFileSync(path.join(dir, 'in.png'), makePng(width, height));
    await runFfmpeg(['-y', '-i', path.join(dir, 'in.png'), path.join(dir, 'out.gif')]);
    return readFileSync(path.join(dir, 'out.gif'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A JPEG made from a generated PNG. */
export async function makeJpeg(width: number, height: number): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-media-fixture-'));
  try {
    const png = path.join(dir, 'in.png');
    const jpg = path.join(dir, 'out.jpg');
    writeFileSync(png, makePng(width, height));
    await runFfmpeg(['-y', '-i', png, '-frames:v', '1', '-update', '1', '-q:v', '3', jpg]);
    return readFileSync(jpg);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface UploadResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Calls the upload handler with a real Request (JSON bodies parsed keeping 64-bit ids exact). */
export async function uploadCall(
  key: string | null,
  opts: {
    method?: 'GET' | 'POST';
    query?: Record<string, string>;
    form?: Record<string, string>;
    json?: unknown;
    multipart?: FormData;
    raw?: Buffer;
    headers?: Record<string, string>;
    path?: string;
  },
): Promise<UploadResult> {
  const url = new URL(`http://localhost${opts.path ?? '/api/ads/1.1/media/upload.json'}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  let body: BodyInit | undefined;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  } else if (opts.json !== undefined) {
    body = typeof opts.json === 'string' ? opts.json : JSON.stringify(opts.json);
    headers.set('content-type', 'application/json');
  } else if (opts.multipart) {
    body = opts.multipart;
  } else if (opts.raw) {
    body = new Uint8Array(opts.raw);
    headers.set('content-type', 'application/octet-stream');
  }
  const res = await handleMediaUpload(new Request(url, { method: opts.method ?? 'POST', headers, body }));
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? parseJsonKeepingBigInts(text) : null };
}

/** INIT + APPEND (segments of `segmentSize`, in the given order) + FINALIZE; returns the media id string. */
export async function uploadBytes(
  key: string,
  bytes: Buffer,
  opts: {
    mediaType: string;
    mediaCategory?: string;
    segmentSize?: number;
    order?: 'in-order' | 'shuffled';
    via?: 'multipart' | 'base64' | 'raw';
    finalize?: boolean;
  },
): Promise<{ mediaId: string; finalize: UploadResult | null }> {
  const init = await uploadCall(key, {
    form: {
      command: 'INIT',
      total_bytes: String(bytes.length),
      media_type: opts.mediaType,
      ...(opts.mediaCategory ? { media_category: opts.mediaCategory } : {}),
    },
  });
  expect(init.status, init.text).toBe(200);
  const mediaId = init.body.media_id_string as string;
  const size = opts.segmentSize ?? 1024 * 1024;
  const segments = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i);
  if (opts.order === 'shuffled') {
    for (let i = segments.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [segments[i], segments[j]] = [segments[j]!, segments[i]!];
    }
  }
  for (const index of segments) {
    const part = bytes.subarray(index * size, (index + 1) * size);
    const query = { command: 'APPEND', media_id: mediaId, segment_index: String(index) };
    let res: UploadResult;
    if (opts.via === 'base64') {
      res = await uploadCall(key, { form: { ...query, media_data: part.toString('base64') } });
    } else if (opts.via === 'raw') {
      res = await uploadCall(key, { query, raw: part });
    } else {
      const form = new FormData();
      for (const [k, v] of Object.entries(query)) form.append(k, v);
      form.append('media', new Blob([new Uint8Array(part)]), 'blob');
      res = await uploadCall(key, { multipart: form });
    }
    expect(res.status, res.text).toBe(204);
  }
  if (opts.finalize === false) return { mediaId, finalize: null };
  const finalize = await uploadCall(key, { form: { command: 'FINALIZE', media_id: mediaId } });
  return { mediaId, finalize };
}

/** STATUS of a media id. */
export function mediaStatus(key: string, mediaId: string) {
  return uploadCall(key, { method: 'GET', query: { command: 'STATUS', media_id: mediaId } });
}
