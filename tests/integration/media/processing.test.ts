/**
 * media.process on real files made by the tests: inputs that need a
 * transcode (HEVC 4:4:4 with odd dimensions in Matroska, rotation metadata),
 * a remux (H.264 in Matroska with MP3 audio, an MP4 without faststart), and
 * files that must fail with a clear processing error (too long, corrupt,
 * an image that is not what it claims).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { media, outboxEvents } from '@/server/db/schema';
import { createJobRegistry } from '@/server/jobs/kinds';
import { runFfprobeJson } from '@/server/media/ffmpeg';
import { isFaststart, normalizeProbe } from '@/server/media/inspect';
import { getStorage, withLocalFile } from '@/server/storage';
import { testDb } from '../../helpers/db';
import { createKey, createUser } from '../../helpers/factories';
import { useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';
import { makeGif, makeJpeg, makeVideo, mediaStatus, uploadBytes } from './media-fixtures';

let db: Db;
let key: string;
const startWorker = useTestWorkers();

beforeAll(async () => {
  db = (await testDb()).db;
  const { account } = await createUser(db);
  key = (await createKey(db, account.id)).secret;
});

async function uploadAndProcess(bytes: Buffer, mediaType: string) {
  startWorker({ db, registry: createJobRegistry(), kinds: ['media.process'] });
  const { mediaId, finalize } = await uploadBytes(key, bytes, { mediaType, segmentSize: 256 * 1024 });
  expect(finalize!.status, finalize!.text).toBe(200);
  const status = await waitFor(
    `media ${mediaId} processed`,
    async () => {
      const res = await mediaStatus(key, mediaId);
      return ['succeeded', 'failed'].includes(res.body?.processing_info?.state) ? res : null;
    },
    { timeoutMs: 90_000, intervalMs: 100 },
  );
  const [row] = await db.select().from(media).where(eq(media.id, BigInt(mediaId)));
  return { mediaId, status: status.body, row: row! };
}

async function probeStored(storageKey: string) {
  return withLocalFile(getStorage(), storageKey, async (file) => ({
    probe: normalizeProbe(await runFfprobeJson(['-show_format', '-show_streams', file])),
    faststart: isFaststart(file),
  }));
}

describe('media processing: transcodes and remuxes', () => {
  it('transcodes HEVC 4:4:4 with odd dimensions in Matroska to H.264 4:2:0 MP4 with faststart', async () => {
    const input = await makeVideo({ width: 65, height: 49, frames: 30, codec: 'hevc', pixFmt: 'yuv444p', container: 'mkv' });
    const { status, row } = await uploadAndProcess(input, 'video/x-matroska');
    expect(status.processing_info, JSON.stringify(status)).toEqual({ state: 'succeeded', progress_percent: 100 });
    expect(status.video).toMatchObject({ video_type: 'video/mp4', w: 64, h: 48 });
    expect(row.transcodeReasons![0]).toMatch(/^transcode: video codec hevc, pixel format yuv444p, odd dimensions 65×49/);
    expect(row.aspectRatio).toBe('4:3');
    expect(row.fileKey).toMatch(/\/vid\/64x48\/video\.mp4$/);
    // The uploaded original is dropped once the transcode replaces it.
    expect(row.sourceKey).toBeNull();
    const { probe, faststart } = await probeStored(row.fileKey!);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 64, height: 48, pixFmt: 'yuv420p' });
    expect(probe.formatName).toMatch(/mp4/);
    expect(faststart).toBe(true);
    expect(row.durationMs).toBeGreaterThanOrEqual(950);
    expect(row.durationMs).toBeLessThanOrEqual(1050);
  });

  it('bakes rotation metadata into the pixels (portrait output, no display matrix)', async () => {
    const input = await makeVideo({ width: 64, height: 48, frames: 30, rotation: 90 });
    const { status, row } = await uploadAndProcess(input, 'video/mp4');
    expect(status.processing_info.state).toBe('succeeded');
    expect(row.transcodeReasons![0]).toMatch(/rotation 90°/);
    expect([row.width, row.height]).toEqual([48, 64]);
    expect(row.aspectRatio).toBe('3:4');
    const { probe } = await probeStored(row.fileKey!);
    expect(probe.video).toMatchObject({ width: 48, height: 64, rotation: 0 });
  });

  it('remuxes H.264 from Matroska with MP3 audio to MP4 with AAC, without re-encoding the video', async () => {
    const input = await makeVideo({ width: 96, height: 96, frames: 30, container: 'mkv', audio: 'mp3' });
    const { row } = await uploadAndProcess(input, 'video/x-matroska');
    expect(row.state).toBe('succeeded');
    expect(row.transcodeReasons).toEqual(['remux: container matroska,webm, audio codec mp3']);
    expect(row.aspectRatio).toBe('1:1');
    const { probe, faststart } = await probeStored(row.fileKey!);
    expect(probe.audio?.codec).toBe('aac');
    expect(probe.video?.codec).toBe('h264');
    expect(faststart).toBe(true);
  });

  it('moves the moov box first in an MP4 that lacks faststart', async () => {
    const input = await makeVideo({ width: 64, height: 64, frames: 20, faststart: false });
    const { row } = await uploadAndProcess(input, 'video/mp4');
    expect(row.transcodeReasons).toEqual(['remux: not faststart']);
    expect((await probeStored(row.fileKey!)).faststart).toBe(true);
  });
});

describe('media processing: failures say what is wrong', () => {
  it('fails a video longer than the limit with DurationTooLong', async () => {
    const input = await makeVideo({ width: 32, height: 32, frames: 142, fps: 1 });
    const { mediaId, status, row } = await uploadAndProcess(input, 'video/mp4');
    expect(status.processing_info).toEqual({
      state: 'failed',
      progress_percent: 100,
      error: { code: 3, name: 'DurationTooLong', message: 'The video is 142.0 s long; the maximum is 140 s.' },
    });
    expect(row.fileKey).toBeNull();
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.type, 'media.failed'));
    expect(events.some((e) => (e.payload as { media_id: string }).media_id === mediaId)).toBe(true);
    // The failed file's bytes are removed.
    expect(await getStorage().exists(row.sourceKey!)).toBe(false);
  });

  it('fails a corrupt file with InvalidMedia and ffprobe\'s reason', async () => {
    const corrupt = Buffer.concat([Buffer.from('not really a video: '), Buffer.alloc(50_000, 0x5a)]);
    const { status } = await uploadAndProcess(corrupt, 'video/mp4');
    expect(status.processing_info.state).toBe('failed');
    expect(status.processing_info.error).toMatchObject({ code: 1, name: 'InvalidMedia' });
    expect(status.processing_info.error.message).toMatch(/^The file is not a readable video \(ffprobe: .+\)\.$/);
    expect(status.processing_info.error.message).not.toMatch(/storage|original/);
  });

  it('fails a truncated MP4 with InvalidMedia', async () => {
    const whole = await makeVideo({ width: 64, height: 64, frames: 30 });
    const { status } = await uploadAndProcess(whole.subarray(0, Math.floor(whole.length / 2)), 'video/mp4');
    expect(status.processing_info.state).toBe('failed');
    expect(status.processing_info.error.name).toBe('InvalidMedia');
  });

  it('fails an image that is not the declared type, and accepts a real JPEG', async () => {
    const jpeg = await makeJpeg(120, 80);
    const wrong = await uploadAndProcess(jpeg, 'image/png');
    expect(wrong.status.processing_info.error).toMatchObject({ code: 1, name: 'InvalidMedia', message: 'The file is a JPEG image, not the declared media_type.' });
    const right = await uploadAndProcess(jpeg, 'image/jpeg');
    expect(right.status.image).toEqual({ image_type: 'image/jpeg', w: 120, h: 80 });
  });

  it('accepts GIF and WebP images (X takes both), reading a WebP size from its header, and refuses one declared as the other', async () => {
    const okGif = await uploadAndProcess(await makeGif(90, 60), 'image/gif');
    expect(okGif.status.image).toEqual({ image_type: 'image/gif', w: 90, h: 60 });
    // An extended-format (VP8X) WebP header: 200×120 canvas.
    const vp8x = Buffer.alloc(10);
    vp8x.writeUIntLE(200 - 1, 4, 3);
    vp8x.writeUIntLE(120 - 1, 7, 3);
    const chunk = Buffer.concat([Buffer.from('VP8X'), Buffer.from([10, 0, 0, 0]), vp8x]);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([chunk.length + 4, 0, 0, 0]), Buffer.from('WEBP'), chunk]);
    const okWebp = await uploadAndProcess(webp, 'image/webp');
    expect(okWebp.status.image).toEqual({ image_type: 'image/webp', w: 200, h: 120 });
    const mislabelled = await uploadAndProcess(webp, 'image/gif');
    expect(mislabelled.status.processing_info.error.message).toBe('The file is a WebP image, not the declared media_type.');
  });

  it('refuses an aspect ratio beyond 3:1', async () => {
    const input = await makeVideo({ width: 400, height: 64, frames: 20 });
    const { status } = await uploadAndProcess(input, 'video/mp4');
    expect(status.processing_info.error).toMatchObject({ code: 7, name: 'AspectRatioOutOfRange' });
    expect(status.processing_info.error.message).toMatch(/outside 1:3 to 3:1/);
  });
});
