/**
 * Pure parts of the media domain: processing decisions from probe data,
 * aspect ratio labels, 64-bit ids and their JSON, and the streaming
 * multipart reader fed in awkward chunk sizes.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonKeepingBigInts, stringifyJson } from '@/server/http/x/wire';
import { aspectRatioLabel, decideVideo, MediaCheckError, normalizeProbe, type ProbedMedia } from '@/server/media/inspect';
import { mediaIdTime, mediaKey, newMediaId, parseMediaId, parseVideoId } from '@/server/media/media-id';
import { MultipartReader, multipartBoundary } from '@/server/http/multipart';
import { reasonForError, type MediaLimits } from '@/server/media/schemas';

const limits: MediaLimits = {
  maxVideoBytes: 1 << 30,
  maxImageBytes: 5 << 20,
  uploadExpirySeconds: 86_400,
  minDurationMs: 500,
  maxDurationMs: 140_000,
  maxLongSide: 1920,
  maxShortSide: 1200,
  maxFrameRate: 60,
  minDimension: 32,
  maxInputDimension: 8192,
  minAspect: 1 / 3,
  maxAspect: 3,
  x264Preset: 'veryfast',
  timeoutMs: 60_000,
};

const probe = (over: Partial<NonNullable<ProbedMedia['video']>> = {}, rest: Partial<ProbedMedia> = {}): ProbedMedia => ({
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationMs: 10_000,
  video: { codec: 'h264', width: 1280, height: 720, pixFmt: 'yuv420p', frameRate: 30, rotation: 0, ...over },
  audio: { codec: 'aac', channels: 2 },
  ...rest,
});

describe('decideVideo', () => {
  it('keeps a conforming faststart H.264/AAC MP4', () => {
    expect(decideVideo(probe(), limits, true)).toEqual({
      width: 1280,
      height: 720,
      durationMs: 10_000,
      frameRate: 30,
      aspectRatio: '16:9',
      plan: { action: 'keep' },
    });
  });

  it('remuxes for faststart, containers and audio; transcodes for codec, pixel format, rotation, size', () => {
    expect(decideVideo(probe(), limits, false).plan).toEqual({ action: 'remux', reasons: ['not faststart'], reencodeAudio: false });
    expect(decideVideo(probe({}, { formatName: 'matroska,webm', audio: { codec: 'opus', channels: 2 } }), limits, false).plan).toEqual({
      action: 'remux',
      reasons: ['container matroska,webm', 'audio codec opus'],
      reencodeAudio: true,
    });
    const hevc = decideVideo(probe({ codec: 'hevc', pixFmt: 'yuv420p10le' }), limits, true);
    expect(hevc.plan).toMatchObject({ action: 'transcode', reasons: ['video codec hevc', 'pixel format yuv420p10le'] });
    const rotated = decideVideo(probe({ rotation: 90 }), limits, true);
    expect([rotated.width, rotated.height, rotated.aspectRatio]).toEqual([720, 1280, '9:16']);
    const big = decideVideo(probe({ width: 3840, height: 2160 }), limits, true);
    expect(big.plan).toEqual({ action: 'transcode', reasons: ['larger than 1920×1200'], width: 1920, height: 1080 });
    const tallPortrait = decideVideo(probe({ width: 2160, height: 3840 }), limits, true);
    expect(tallPortrait.plan).toMatchObject({ action: 'transcode', width: 1080, height: 1920 });
    const square = decideVideo(probe({ width: 1600, height: 1600 }), limits, true);
    expect(square.plan).toMatchObject({ action: 'transcode', width: 1200, height: 1200 });
    const odd = decideVideo(probe({ width: 641, height: 361 }), limits, true);
    expect(odd.plan).toMatchObject({ action: 'transcode', width: 640, height: 360 });
  });

  it('names the broken limit', () => {
    const fails = (p: ProbedMedia) => {
      try {
        decideVideo(p, limits, true);
        return null;
      } catch (err) {
        return (err as MediaCheckError).errorName;
      }
    };
    expect(fails(probe({}, { durationMs: 140_500 }))).toBe('DurationTooLong');
    expect(fails(probe({}, { durationMs: 400 }))).toBe('DurationTooShort');
    expect(fails(probe({}, { durationMs: null }))).toBe('InvalidMedia');
    expect(fails(probe({}, { video: null }))).toBe('InvalidMedia');
    expect(fails(probe({ width: 20, height: 20 }))).toBe('DimensionsTooSmall');
    expect(fails(probe({ width: 9000, height: 5000 }))).toBe('DimensionsTooLarge');
    expect(fails(probe({ width: 1000, height: 100 }))).toBe('AspectRatioOutOfRange');
    expect(fails(probe({ frameRate: 120 }))).toBe('FrameRateTooHigh');
    expect(fails(probe({}, { durationMs: 140_000 }))).toBeNull();
  });

  it('labels aspect ratios as X does and maps failures to servability reasons', () => {
    expect(aspectRatioLabel(1280, 720)).toBe('16:9');
    expect(aspectRatioLabel(1080, 1920)).toBe('9:16');
    expect(aspectRatioLabel(500, 500)).toBe('1:1');
    expect(aspectRatioLabel(1000, 370)).toBe('100:37');
    expect(reasonForError('DurationTooLong')).toBe('DURATION_TOO_LONG');
    expect(reasonForError('Whatever')).toBe('PROCESSING_FAILED');
  });

  it('normalizes ffprobe output, including rotation and Matroska durations', () => {
    const p = normalizeProbe({
      format: { format_name: 'matroska,webm' },
      streams: [
        { codec_type: 'video', codec_name: 'hevc', width: 64, height: 48, pix_fmt: 'yuv444p', avg_frame_rate: '30000/1001', tags: { DURATION: '00:00:02.500000000' }, side_data_list: [{ rotation: -90 }] },
        { codec_type: 'audio', codec_name: 'opus', channels: 6 },
      ],
    });
    expect(p).toEqual({
      formatName: 'matroska,webm',
      durationMs: 2500,
      video: { codec: 'hevc', width: 64, height: 48, pixFmt: 'yuv444p', frameRate: 30000 / 1001, rotation: 270 },
      audio: { codec: 'opus', channels: 6 },
    });
  });
});

describe('media ids', () => {
  it('are increasing 64-bit snowflakes above 2^53, dated, keyed like X', () => {
    const ids = Array.from({ length: 5000 }, () => newMediaId());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(ids[0]! > 2n ** 53n).toBe(true);
    expect(ids[0]! < 2n ** 63n).toBe(true);
    expect(Math.abs(mediaIdTime(ids[0]!).getTime() - Date.now())).toBeLessThan(5000);
    expect(mediaKey('video', 5n)).toBe('13_5');
    expect(mediaKey('image', 5n)).toBe('3_5');
  });

  it('parse from strings, safe numbers and 13_ ids only', () => {
    expect(parseMediaId('875943225764098048')).toBe(875943225764098048n);
    expect(parseMediaId(12)).toBe(12n);
    expect(parseMediaId(875943225764098048)).toBeNull();
    expect(parseMediaId('9223372036854775808')).toBeNull();
    expect(parseMediaId('-1')).toBeNull();
    expect(parseMediaId('0')).toBeNull();
    expect(parseVideoId('13_875943225764098048')).toBe(875943225764098048n);
    expect(parseVideoId('3_875943225764098048')).toBeNull();
  });

  it('survive JSON both ways exactly', () => {
    const text = stringifyJson({ media_id: 858201340161343488n, s: 'x', n: [1, null, { d: true }], u: undefined });
    expect(text).toBe('{"media_id":858201340161343488,"s":"x","n":[1,null,{"d":true}]}');
    expect(stringifyJson(-5n)).toBe('-5');
    expect(stringifyJson([1n, undefined, new Date(0), 'bigint:00:7'])).toBe('[1,null,"1970-01-01T00:00:00.000Z","bigint:00:7"]');
    expect(stringifyJson(undefined)).toBe('null');
    expect(parseJsonKeepingBigInts(text)).toEqual({ media_id: '858201340161343488', s: 'x', n: [1, null, { d: true }] });
    expect(parseJsonKeepingBigInts('{"a":"12345678901234567890","b":-12345678901234567,"c":1.5e300,"d":"\\"9\\""}')).toEqual({
      a: '12345678901234567890',
      b: '-12345678901234567',
      c: 1.5e300,
      d: '"9"',
    });
  });
});

describe('MultipartReader', () => {
  async function encode(form: FormData) {
    const req = new Request('http://x/', { method: 'POST', body: form });
    return { type: req.headers.get('content-type'), bytes: Buffer.from(await req.arrayBuffer()) };
  }

  function streamOf(bytes: Buffer, chunk: number): ReadableStream<Uint8Array> {
    let at = 0;
    return new ReadableStream({
      pull(c) {
        if (at >= bytes.length) return c.close();
        c.enqueue(new Uint8Array(bytes.subarray(at, at + chunk)));
        at += chunk;
      },
    });
  }

  it('streams fields and a file part intact whatever the chunk boundaries', async () => {
    const file = Buffer.alloc(70_000);
    for (let i = 0; i < file.length; i++) file[i] = (i * 31) & 0xff;
    // Bytes that look like a boundary start must pass through.
    file.write('\r\n--', 1000, 'latin1');
    const form = new FormData();
    form.append('command', 'APPEND');
    form.append('segment_index', '7');
    form.append('media', new Blob([new Uint8Array(file)]), 'blob');
    form.append('after', 'tail');
    const { type, bytes } = await encode(form);
    const boundary = multipartBoundary(type)!;
    for (const chunk of [1, 7, 100, 4096, 1 << 20]) {
      const reader = new MultipartReader(streamOf(bytes, chunk), boundary);
      const seen: Record<string, string | Buffer> = {};
      for (;;) {
        const part = await reader.nextPart();
        if (!part) break;
        if (part.filename !== null) {
          const parts: Buffer[] = [];
          for await (const b of part.body()) parts.push(b);
          seen[part.name] = Buffer.concat(parts);
        } else {
          seen[part.name] = await part.text(1000);
        }
      }
      expect(seen.command).toBe('APPEND');
      expect(seen.segment_index).toBe('7');
      expect(seen.after).toBe('tail');
      expect((seen.media as Buffer).equals(file)).toBe(true);
    }
  });

  it('skips an unread part and refuses a body without a closing boundary', async () => {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(5000)]), 'blob');
    form.append('x', 'y');
    const { type, bytes } = await encode(form);
    const reader = new MultipartReader(streamOf(bytes, 333), multipartBoundary(type)!);
    expect((await reader.nextPart())?.name).toBe('media');
    const next = await reader.nextPart();
    expect(await next?.text(10)).toBe('y');
    expect(await reader.nextPart()).toBeNull();

    const cut = new MultipartReader(streamOf(bytes.subarray(0, 3000), 512), multipartBoundary(type)!);
    const part = await cut.nextPart();
    await expect(async () => {
      for await (const _ of part!.body()) void _;
    }).rejects.toThrow(/no closing boundary/);
  });
});

describe('media_category spellings', () => {
  it('reads every spelling X and its SDKs send as the snake_case category', async () => {
    const { normalizeMediaCategory, initParams } = await import('@/server/media/schemas');
    expect(normalizeMediaCategory('TweetVideo')).toBe('tweet_video');
    expect(normalizeMediaCategory('TweetImage')).toBe('tweet_image');
    expect(normalizeMediaCategory('DmVideo')).toBe('dm_video');
    expect(normalizeMediaCategory('AmplifyVideo')).toBe('amplify_video');
    expect(normalizeMediaCategory(' TWEET_VIDEO ')).toBe('tweet_video');
    expect(normalizeMediaCategory('tweetvideo')).toBe('tweet_video');
    expect(normalizeMediaCategory('amplify_video')).toBe('amplify_video');
    const parsed = initParams.safeParse({ command: 'INIT', total_bytes: '10', media_type: 'image/png', media_category: 'TweetImage' });
    expect(parsed.success && parsed.data.media_category).toBe('tweet_image');
    // Still refused when it names nothing, with the list of what is accepted.
    const bad = initParams.safeParse({ command: 'INIT', total_bytes: '10', media_type: 'video/mp4', media_category: 'TweetMovie' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/amplify_video, tweet_video, tweet_image, dm_video, dm_image/);
  });
});
