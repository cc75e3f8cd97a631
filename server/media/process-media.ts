/**
 * The `media.process` and `media.expire` handlers.
 *
 * Processing a finalized upload: assemble the segments into one stored file
 * (once; a retry reuses it), probe it with ffprobe, check it against the
 * limits, then serve it as it is, remux it (MOV/Matroska → MP4, faststart,
 * audio → AAC) or transcode it to H.264/AAC MP4 (other codecs, yuv444/10-bit,
 * rotation, odd or too large dimensions), with progress from ffmpeg's
 * `-progress` output; a poster JPEG comes from the first frame. The result,
 * the segment cleanup and a `media.processed` outbox event commit with the
 * job. A file that breaks a limit or cannot be decoded fails at once
 * (PermanentJobError) with a processing error that says what is wrong, and
 * `media.failed` is written.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { imageSize } from 'image-size';
import { getDb, type Db } from '../db/client';
import { media, mediaSegments, type Job, type Media } from '../db/schema';
import { PermanentJobError, RetryableJobError, type JobFailure } from '../jobs/errors';
import { writeOutboxEvent } from '../jobs/outbox';
import type { CommitFn, JobContext } from '../jobs/registry';
import { randomString } from '../lib/ids';
import { errorFields, logger } from '../lib/logger';
import { concatObjects, getStorage, withLocalFile, type StorageDriver } from '../storage';
import { FfmpegError, runFfmpeg, runFfprobeJson, stderrSummary } from './ffmpeg';
import {
  decideImage,
  IMAGE_CODECS,
  type ImageCodec,
  decideVideo,
  isFaststart,
  MediaCheckError,
  mp4BoxesComplete,
  normalizeProbe,
  sniffImage,
  type ProbedMedia,
  type VideoDecision,
} from './inspect';
import { mediaKey } from './media-id';
import { MEDIA_TYPES, mediaLimits, PROCESSING_ERRORS, isProcessingErrorName, type MediaLimits, type SupportedMediaType } from './schemas';
import { expireUpload, segmentPrefix } from './upload-service';
import { TEMP_PREFIX } from '../lib/temp-sweep';

type Payload = { mediaId: string };

interface Outcome {
  fileKey: string;
  posterKey: string | null;
  fileBytes: number;
  durationMs: number | null;
  width: number;
  height: number;
  aspectRatio: string | null;
  frameRate: number | null;
  transcodeReasons: string[];
  /** The assembled original, to remove once the processed file replaces it. */
  discardSourceKey: string | null;
}

/** Where one media's files live: a random token keeps URLs unguessable from the (public) media id. */
function newMediaPrefix(row: Media): string {
  return `${row.kind === 'video' ? 'amplify_video' : 'media'}/${row.id}/${randomString(16)}`;
}

const prefixOf = (key: string) => key.slice(0, key.lastIndexOf('/'));

function fail(err: MediaCheckError): never {
  throw new PermanentJobError(err.errorName, err.message, { cause: err });
}

async function assembleSource(db: Db, storage: StorageDriver, row: Media): Promise<string> {
  if (row.sourceKey && (await storage.exists(row.sourceKey))) return row.sourceKey;
  const segments = await db
    .select({ key: mediaSegments.storageKey })
    .from(mediaSegments)
    .where(eq(mediaSegments.mediaId, row.id))
    .orderBy(asc(mediaSegments.segmentIndex));
  if (segments.length === 0) {
    throw new PermanentJobError('InternalError', 'The uploaded bytes are no longer stored; upload the file again.');
  }
  const ext = MEDIA_TYPES[row.mediaType as SupportedMediaType]?.ext ?? 'bin';
  const sourceKey = `${newMediaPrefix(row)}/original.${ext}`;
  const stored = await concatObjects(
    storage,
    segments.map((s) => s.key),
    sourceKey,
    { contentType: row.mediaType },
  );
  if (stored.size !== row.totalBytes) {
    await storage.delete(sourceKey);
    throw new PermanentJobError('InternalError', `Assembled ${stored.size} bytes, expected ${row.totalBytes}.`);
  }
  await db.update(media).set({ sourceKey, updatedAt: sql`now()` }).where(eq(media.id, row.id));
  return sourceKey;
}

async function probe(file: string, signal: AbortSignal, what: 'video' | 'image') {
  try {
    return normalizeProbe(await runFfprobeJson(['-show_format', '-show_streams', file], { signal, timeoutMs: 60_000 }));
  } catch (err) {
    if (signal.aborted) throw err;
    if (err instanceof FfmpegError || err instanceof SyntaxError) {
      // ffprobe names the file: keep server paths out of what the client reads.
      const detail = err instanceof FfmpegError ? stderrSummary(err.stderr).replaceAll(`${file}: `, '').replaceAll(file, 'the file') : err.message;
      throw new MediaCheckError('InvalidMedia', `The file is not a readable ${what}${detail ? ` (ffprobe: ${detail})` : ''}.`);
    }
    throw err;
  }
}

/** Runs ffmpeg, turning a failure to decode into InvalidMedia and a timeout into ProcessingTimeout. */
async function ffmpegStep(args: string[], opts: { signal: AbortSignal; timeoutMs: number; what: string; onLine?: (l: string) => void }) {
  try {
    await runFfmpeg(['-nostdin', ...args], { signal: opts.signal, timeoutMs: opts.timeoutMs, onStdoutLine: opts.onLine });
  } catch (err) {
    if (opts.signal.aborted) throw err;
    if (err instanceof FfmpegError) {
      if (/timed out/.test(err.message)) {
        throw new MediaCheckError('ProcessingTimeout', `${opts.what} took longer than ${Math.round(opts.timeoutMs / 1000)} s.`);
      }
      throw new MediaCheckError('InvalidMedia', `${opts.what} failed: the file could not be decoded (${stderrSummary(err.stderr) || err.message}).`);
    }
    throw err;
  }
}

async function processVideo(
  ctx: { signal: AbortSignal; setProgress: (p: number) => void },
  storage: StorageDriver,
  sourceKey: string,
  file: string,
  limits: MediaLimits,
): Promise<Outcome> {
  const probed = await probe(file, ctx.signal, 'video');
  const mp4Family = /(^|,)(mov|mp4)(,|$)/.test(probed.formatName);
  if (mp4Family && !mp4BoxesComplete(file)) {
    throw new MediaCheckError('InvalidMedia', 'The file is truncated: its last MP4 box runs past the end of the upload.');
  }
  const decision: VideoDecision = decideVideo(probed, limits, mp4Family && isFaststart(file));
  ctx.setProgress(0.05);
  const prefix = prefixOf(sourceKey);
  const tmp = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX.media));
  try {
    let servedFile = file;
    let fileKey = sourceKey;
    const plan = decision.plan;
    if (plan.action !== 'keep') {
      const out = path.join(tmp, 'video.mp4');
      const durationUs = decision.durationMs * 1000;
      const onLine = (line: string) => {
        const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
        if (m) ctx.setProgress(0.05 + 0.85 * Math.min(1, Number(m[1]) / durationUs));
      };
      const audioArgs =
        probed.audio === null
          ? []
          : plan.action === 'remux' && !plan.reencodeAudio
            ? ['-c:a', 'copy']
            : ['-c:a', 'aac', '-b:a', '128k', ...((probed.audio.channels ?? 2) > 2 ? ['-ac', '2'] : [])];
      const videoArgs =
        plan.action === 'remux'
          ? ['-c:v', 'copy']
          : [
              '-vf',
              `scale=${plan.width}:${plan.height}`,
              '-c:v',
              'libx264',
              '-preset',
              limits.x264Preset,
              '-crf',
              '21',
              '-profile:v',
              'high',
              '-pix_fmt',
              'yuv420p',
            ];
      await ffmpegStep(
        ['-y', '-i', file, '-map', '0:v:0', '-map', '0:a:0?', ...videoArgs, ...audioArgs, '-movflags', '+faststart', '-progress', 'pipe:1', '-nostats', '-f', 'mp4', out],
        { signal: ctx.signal, timeoutMs: limits.timeoutMs, what: plan.action === 'remux' ? 'Remuxing' : 'Transcoding', onLine },
      );
      servedFile = out;
      fileKey = `${prefix}/vid/${decision.width}x${decision.height}/video.mp4`;
    }
    ctx.setProgress(0.92);
    const poster = path.join(tmp, 'poster.jpg');
    await ffmpegStep(['-y', '-i', servedFile, '-frames:v', '1', '-q:v', '3', '-update', '1', '-f', 'image2', poster], {
      signal: ctx.signal,
      timeoutMs: 60_000,
      what: 'Making the poster from the first frame',
    });
    // Duration of what is served (a transcode may shift it by a frame).
    const final = plan.action === 'keep' ? probed : await probe(servedFile, ctx.signal, 'video');
    const fileBytes = (await stat(/*turbopackIgnore: true*/ servedFile)).size;
    if (plan.action !== 'keep') await storage.putFile(fileKey, servedFile, { contentType: 'video/mp4', move: true });
    const posterKey = `${prefix}/img/poster.jpg`;
    await storage.putFile(posterKey, poster, { contentType: 'image/jpeg', move: true });
    return {
      fileKey,
      posterKey,
      fileBytes,
      durationMs: final.durationMs ?? decision.durationMs,
      width: decision.width,
      height: decision.height,
      aspectRatio: decision.aspectRatio,
      frameRate: decision.frameRate,
      transcodeReasons: plan.action === 'keep' ? [] : [`${plan.action}: ${plan.reasons.join(', ')}`],
      discardSourceKey: plan.action === 'keep' ? null : sourceKey,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The image's size: ffprobe reads JPEG, PNG and GIF; the compositor's ffmpeg
 * has no WebP decoder, so a WebP's size comes from its VP8/VP8L/VP8X header
 * (image-size), which is all a poster needs (browsers decode it).
 */
async function probeImage(file: string, signal: AbortSignal, codec: ImageCodec): Promise<ProbedMedia> {
  if (codec !== 'webp') return probe(file, signal, 'image');
  const head = Buffer.alloc(64 * 1024);
  const fd = await open(file, 'r');
  let n: number;
  try {
    ({ bytesRead: n } = await fd.read(head, 0, head.length, 0));
  } finally {
    await fd.close();
  }
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(head.subarray(0, n));
  } catch {
    throw new MediaCheckError('InvalidMedia', 'The file is not a readable WebP image.');
  }
  return {
    formatName: 'webp',
    durationMs: null,
    video: { codec: size.type === 'webp' ? 'webp' : String(size.type), width: size.width ?? 0, height: size.height ?? 0, pixFmt: null, frameRate: null, rotation: 0 },
    audio: null,
  };
}

async function processImage(signal: AbortSignal, row: Media, sourceKey: string, file: string, limits: MediaLimits): Promise<Outcome> {
  const declared = IMAGE_CODECS[row.mediaType];
  if (!declared) throw new MediaCheckError('UnsupportedMedia', `media_type ${row.mediaType} is not an image type this server reads.`);
  const expected = declared.codec;
  const sniffed = sniffImage(file);
  if (sniffed && sniffed !== expected) {
    throw new MediaCheckError('InvalidMedia', `The file is ${IMAGE_CODECS[`image/${sniffed === 'mjpeg' ? 'jpeg' : sniffed}`]!.label} image, not the declared media_type.`);
  }
  if (!sniffed) throw new MediaCheckError('InvalidMedia', `The file is not ${declared.label} image.`);
  const probed = await probeImage(file, signal, expected);
  const { width, height } = decideImage(probed, expected, limits);
  return {
    fileKey: sourceKey,
    posterKey: null,
    fileBytes: row.totalBytes,
    durationMs: null,
    width,
    height,
    aspectRatio: null,
    frameRate: null,
    transcodeReasons: [],
    discardSourceKey: null,
  };
}

/** The media.process handler. */
export async function handleMediaProcess(ctx: JobContext<Payload>): Promise<CommitFn | void> {
  const db = await getDb();
  const storage = getStorage();
  const id = BigInt(ctx.payload.mediaId);
  const [row] = await db.select().from(media).where(eq(media.id, id)).limit(1);
  if (!row || (row.state !== 'pending' && row.state !== 'in_progress')) return;
  await db
    .update(media)
    .set({ state: 'in_progress', updatedAt: sql`now()` })
    .where(and(eq(media.id, id), inArray(media.state, ['pending', 'in_progress'])));
  const limits = mediaLimits();
  const sourceKey = await assembleSource(db, storage, row);
  // The bytes now live in the assembled file.
  await storage.deletePrefix(segmentPrefix(id));

  let outcome: Outcome;
  try {
    outcome = await withLocalFile(storage, sourceKey, (file) =>
      row.kind === 'video' ? processVideo(ctx, storage, sourceKey, file, limits) : processImage(ctx.signal, row, sourceKey, file, limits),
    );
  } catch (err) {
    if (err instanceof MediaCheckError) fail(err);
    throw err;
  }

  return async (tx) => {
    const [done] = await tx
      .update(media)
      .set({
        state: 'succeeded',
        progress: 1,
        fileKey: outcome.fileKey,
        posterKey: outcome.posterKey,
        fileBytes: outcome.fileBytes,
        durationMs: outcome.durationMs,
        width: outcome.width,
        height: outcome.height,
        aspectRatio: outcome.aspectRatio,
        frameRate: outcome.frameRate,
        transcodeReasons: outcome.transcodeReasons,
        sourceKey: outcome.discardSourceKey ? null : sourceKey,
        errorCode: null,
        errorName: null,
        errorMessage: null,
        processedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(media.id, id))
      .returning();
    await tx.delete(mediaSegments).where(eq(mediaSegments.mediaId, id));
    if (done) {
      await writeOutboxEvent(tx, {
        accountId: done.accountId,
        type: 'media.processed',
        payload: {
          media_id: id.toString(),
          media_key: mediaKey(done.kind, id),
          kind: done.kind,
          duration_ms: done.durationMs,
          width: done.width,
          height: done.height,
          transcoded: outcome.transcodeReasons.length > 0,
        },
      });
    }
    // Last, so a rollback above never leaves the media without its bytes.
    if (outcome.discardSourceKey) await storage.delete(outcome.discardSourceKey).catch(() => {});
    return { mediaId: id.toString(), transcodeReasons: outcome.transcodeReasons };
  };
}

/** media.process gave up: record the processing error, emit media.failed, drop the bytes. */
export async function onMediaProcessFailed(tx: Db, job: Job, failure: JobFailure): Promise<void> {
  const raw = (job.payload as { mediaId?: unknown } | null)?.mediaId;
  if (typeof raw !== 'string' || !/^[0-9]{1,19}$/.test(raw)) return;
  const id = BigInt(raw);
  const known = failure.permanent && isProcessingErrorName(failure.code);
  const name = known ? failure.code : 'InternalError';
  const message = known
    ? failure.message
    : 'Processing failed because of an internal error; upload the file again, and contact the administrator if it keeps failing.';
  if (!known) logger.error('media processing failed', { mediaId: raw, code: failure.code, message: failure.message });
  const [row] = await tx
    .update(media)
    .set({
      state: 'failed',
      errorCode: PROCESSING_ERRORS[name as keyof typeof PROCESSING_ERRORS],
      errorName: name,
      errorMessage: message,
      processedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(media.id, id), inArray(media.state, ['pending', 'in_progress'])))
    .returning();
  if (!row) return;
  await tx.delete(mediaSegments).where(eq(mediaSegments.mediaId, id));
  await writeOutboxEvent(tx, {
    accountId: row.accountId,
    type: 'media.failed',
    payload: {
      media_id: raw,
      media_key: mediaKey(row.kind, id),
      kind: row.kind,
      error: { code: row.errorCode, name: row.errorName, message: row.errorMessage },
    },
  });
  // A failed file is never served: free its storage (best effort; the row says failed either way).
  const storage = getStorage();
  await storage.deletePrefix(segmentPrefix(id)).catch(() => {});
  if (row.sourceKey) {
    await storage
      .deletePrefix(`${prefixOf(row.sourceKey)}/`)
      .catch((err) => logger.warn('could not remove a failed media file', { mediaId: raw, ...errorFields(err) }));
  }
}

/** The media.expire handler: drop the upload if it was never finalized. */
export async function handleMediaExpire(ctx: JobContext<Payload>): Promise<void> {
  const db = await getDb();
  const id = BigInt(ctx.payload.mediaId);
  if (await expireUpload(db, getStorage(), id)) return;
  const [row] = await db.select({ state: media.state, expiresAt: media.expiresAt }).from(media).where(eq(media.id, id)).limit(1);
  // Woken a little early (clocks of app and database differ): come back at the deadline.
  if (row?.state === 'uploading' && row.expiresAt) {
    throw new RetryableJobError('upload not expired yet', {
      code: 'not_due',
      delayMs: Math.max(1000, row.expiresAt.getTime() - Date.now() + 1000),
    });
  }
}
