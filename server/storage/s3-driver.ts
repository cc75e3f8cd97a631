/**
 * S3-compatible storage (AWS S3, R2, MinIO, B2, …) through @aws-sdk/client-s3,
 * for deployments with several machines. Objects are served by the bucket or a
 * CDN in front of it (`S3_PUBLIC_BASE_URL`), never through the app.
 *
 * Writes are atomic by construction: a body that fits in one part is sent as a
 * single PUT; a longer stream becomes a multipart upload whose parts are
 * buffered one `partSize` at a time (`queueSize` in flight), so memory stays
 * bounded whatever the size, and the object appears only when the upload is
 * completed. A failed or aborted upload is aborted, never completed.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat as statFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { AppError } from '../lib/errors';
import { errorFields, logger } from '../lib/logger';
import { contentTypeForKey } from './content-type';
import { assertValidKey, assertValidPrefix } from './keys';
import { assertValidRange } from './http-range';
import { fixedSizeParts, isBinary, limitBytes, toNodeReadable, tooLargeError } from './streams';
import {
  DEFAULT_CACHE_CONTROL,
  type ByteRange,
  type ListedObject,
  type PutBody,
  type PutFileOptions,
  type PutOptions,
  type StorageDriver,
  type StoredObject,
} from './types';

export interface S3DriverOptions {
  bucket: string;
  region?: string;
  /** For S3-compatible services: `https://<account>.r2.cloudflarestorage.com`, `http://minio:9000`. */
  endpoint?: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, most self-hosted servers). */
  forcePathStyle?: boolean;
  /** Omitted: the SDK's default chain (env, shared config, instance/task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Public URL prefix, e.g. a CDN in front of the bucket. Default: the bucket's own URL. */
  publicBaseUrl?: string;
  /** Multipart part size in bytes (S3's minimum is 5 MiB). Also the largest body sent as one PUT. */
  partSize?: number;
  /** Parts uploaded concurrently; a streamed upload holds at most about (queueSize + 2) × partSize. */
  queueSize?: number;
  /** A ready client (tests, custom middleware); the connection options above are then ignored. */
  client?: S3Client;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(err) === 404;
}

/** S3 StorageDriver; see the file header for how writes stay atomic and memory-bounded. */
export class S3StorageDriver implements StorageDriver {
  readonly kind = 's3' as const;
  readonly bucket: string;
  readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly publicBase: string;

  constructor(opts: S3DriverOptions) {
    this.bucket = opts.bucket;
    this.partSize = Math.max(opts.partSize ?? 8 * 1024 * 1024, MIN_PART_SIZE);
    this.queueSize = Math.max(1, opts.queueSize ?? 2);
    this.client =
      opts.client ??
      new S3Client({
        region: opts.region ?? 'us-east-1',
        endpoint: opts.endpoint,
        forcePathStyle: opts.forcePathStyle ?? false,
        credentials: opts.credentials,
        // Newer SDKs add CRC checksums (and aws-chunked trailers) to every upload; many
        // S3-compatible servers reject those, and S3 itself only needs them where required.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
    this.publicBase = (opts.publicBaseUrl ?? defaultPublicBase(opts)).replace(/\/+$/, '');
  }

  async put(key: string, body: PutBody, opts: PutOptions = {}): Promise<StoredObject> {
    assertValidKey(key);
    opts.signal?.throwIfAborted();
    const headers = this.objectHeaders(key, opts);
    if (isBinary(body)) {
      if (opts.maxBytes !== undefined && body.byteLength > opts.maxBytes) throw tooLargeError(opts.maxBytes);
      if (body.byteLength <= this.partSize) {
        await this.client.send(
          new PutObjectCommand({ ...headers, Body: body, ContentLength: body.byteLength }),
          { abortSignal: opts.signal },
        );
        return this.statOrFail(key);
      }
    }
    let source: AsyncIterable<Uint8Array> = isBinary(body) ? Readable.from([body]) : toNodeReadable(body);
    if (opts.maxBytes !== undefined) source = limitBytes(source, opts.maxBytes);
    const parts = fixedSizeParts(source, this.partSize)[Symbol.asyncIterator]();
    try {
      const first = await parts.next();
      const second = first.done ? first : await parts.next();
      if (second.done) {
        // Fits in one part: a plain PUT is cheaper and just as atomic.
        const data = first.done ? Buffer.alloc(0) : first.value;
        await this.client.send(new PutObjectCommand({ ...headers, Body: data, ContentLength: data.length }), {
          abortSignal: opts.signal,
        });
      } else {
        await this.multipartUpload(headers, [first.value as Buffer, second.value], parts, opts.signal);
      }
    } finally {
      await parts.return?.(undefined);
    }
    return this.statOrFail(key);
  }

  private objectHeaders(key: string, opts: PutOptions) {
    return {
      Bucket: this.bucket,
      Key: key,
      ContentType: opts.contentType ?? contentTypeForKey(key),
      CacheControl: opts.cacheControl ?? DEFAULT_CACHE_CONTROL,
    };
  }

  private async multipartUpload(
    headers: ReturnType<S3StorageDriver['objectHeaders']>,
    firstParts: Buffer[],
    rest: AsyncIterator<Buffer>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const created = await this.client.send(new CreateMultipartUploadCommand(headers), { abortSignal: signal });
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error('S3 CreateMultipartUpload returned no UploadId');
    const completed: CompletedPart[] = [];
    const inFlight = new Set<Promise<void>>();
    // Part failures are recorded, not thrown from the tracking promises, so none goes unhandled.
    let failure: unknown = null;
    const uploadPart = (body: Buffer, partNumber: number) => {
      const task = this.client
        .send(
          new UploadPartCommand({
            Bucket: headers.Bucket,
            Key: headers.Key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: body,
            ContentLength: body.length,
          }),
          { abortSignal: signal },
        )
        .then((res) => {
          completed[partNumber - 1] = { ETag: res.ETag, PartNumber: partNumber };
        })
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    };
    try {
      let partNumber = 0;
      const queue = [...firstParts];
      for (;;) {
        let part = queue.shift();
        if (!part) {
          const next = await rest.next();
          if (next.done) break;
          part = next.value;
        }
        if (failure) throw failure;
        signal?.throwIfAborted();
        if (++partNumber > MAX_PARTS) {
          throw new AppError('payload_too_large', `The body needs more than ${MAX_PARTS} parts of ${this.partSize} bytes`);
        }
        uploadPart(part, partNumber);
        while (inFlight.size >= this.queueSize) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: headers.Bucket,
          Key: headers.Key,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
        }),
        { abortSignal: signal },
      );
    } catch (err) {
      await Promise.all(inFlight);
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: headers.Bucket, Key: headers.Key, UploadId: uploadId }))
        .catch((abortErr: unknown) => {
          // The parts are invisible and a bucket lifecycle rule reaps them; the upload itself failed anyway.
          logger.warn('storage: could not abort multipart upload', { key: headers.Key, uploadId, ...errorFields(abortErr) });
        });
      throw err;
    }
  }

  async putFile(key: string, filePath: string, opts: PutFileOptions = {}): Promise<StoredObject> {
    assertValidKey(key);
    const source = await statFile(filePath);
    if (!source.isFile()) throw new AppError('bad_request', `${filePath} is not a file`);
    if (opts.maxBytes !== undefined && source.size > opts.maxBytes) throw tooLargeError(opts.maxBytes);
    const stored = await this.put(key, createReadStream(filePath), opts);
    if (opts.move) await rm(filePath, { force: true });
    return stored;
  }

  private async statOrFail(key: string): Promise<StoredObject> {
    const stored = await this.stat(key);
    if (!stored) throw new Error(`S3 object ${key} missing right after it was written`);
    return stored;
  }

  async stat(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: head.ContentLength ?? 0,
        lastModified: head.LastModified ?? new Date(0),
        etag: head.ETag ?? `"${head.ContentLength ?? 0}"`,
        contentType: head.ContentType ?? contentTypeForKey(key),
        cacheControl: head.CacheControl ?? DEFAULT_CACHE_CONTROL,
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertValidKey(key);
    assertValidRange(range);
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
      );
      if (!res.Body) throw new Error(`S3 returned no body for ${key}`);
      // In Node the SDK's body is an http.IncomingMessage, i.e. a Readable.
      return res.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) throw AppError.notFound('Stored object');
      if (httpStatus(err) === 416) throw new AppError('bad_request', `Byte range ${range?.start}-${range?.end ?? ''} is outside ${key}`);
      throw err;
    }
  }

  async downloadToFile(key: string, destPath: string): Promise<void> {
    const body = await this.read(key);
    const tmp = `${destPath}.${randomUUID()}.part`;
    try {
      await pipeline(body, createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, destPath);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async move(from: string, to: string): Promise<boolean> {
    assertValidKey(from);
    assertValidKey(to);
    try {
      // Keys are URL-safe by construction (keys.ts); the copy keeps type and cache policy (MetadataDirective COPY).
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${from}`, MetadataDirective: 'COPY' }),
      );
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
    return true;
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    let count = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const res = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = res.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new Error(`S3 could not delete ${failed.length} object(s), e.g. ${first?.Key}: ${first?.Code} ${first?.Message}`);
      }
      count += batch.length;
      batch = [];
    };
    for await (const object of this.list(prefix)) {
      batch.push(object.key);
      // DeleteObjects takes at most 1000 keys.
      if (batch.length === 1000) await flush();
    }
    await flush();
    return count;
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertValidPrefix(prefix);
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        yield { key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  publicUrl(key: string): string {
    // The key charset needs no URL escaping.
    return `${this.publicBase}/${assertValidKey(key)}`;
  }

  localPath(key: string): null {
    assertValidKey(key);
    return null;
  }
}

/** The bucket's own URL when no CDN is configured: path- or virtual-host style, as the client addresses it. */
function defaultPublicBase(opts: S3DriverOptions): string {
  if (opts.endpoint) {
    const url = new URL(opts.endpoint);
    const base = url.pathname.replace(/\/+$/, '');
    if (opts.forcePathStyle) return `${url.protocol}//${url.host}${base}/${opts.bucket}`;
    return `${url.protocol}//${opts.bucket}.${url.host}${base}`;
  }
  return `https://${opts.bucket}.s3.${opts.region ?? 'us-east-1'}.amazonaws.com`;
}
