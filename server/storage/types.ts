/**
 * The contract every storage driver meets. Services store keys (never URLs or
 * paths) and ask the driver for a URL or a file when they need one, so a
 * deployment can move from local disk to a bucket without touching the data.
 *
 * Every write is all-or-nothing: an object is visible at its key only once all
 * its bytes are stored (local: temp file + rename; S3: one PUT or a completed
 * multipart upload). Readers never see a partial render or a half-sent segment.
 */
import type { Readable } from 'node:stream';

export type StorageDriverKind = 'local' | 's3';

/** Bytes to store. Streams are consumed once, with memory bounded by the driver's part size. */
export type PutBody = Buffer | Uint8Array | Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Defaults to the type implied by the key's extension, else application/octet-stream. */
  contentType?: string;
  /** Stored with the object; defaults to DEFAULT_CACHE_CONTROL. */
  cacheControl?: string;
  /** Refuse (AppError payload_too_large) and store nothing once the body exceeds this many bytes. */
  maxBytes?: number;
  /** Aborting discards everything written so far. */
  signal?: AbortSignal;
}

export interface PutFileOptions extends PutOptions {
  /** Remove the source file once stored (local: a rename when on the same filesystem). */
  move?: boolean;
}

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
  /** Quoted, strong entity tag as sent in HTTP headers. */
  etag: string;
  contentType: string;
  cacheControl: string;
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** Inclusive byte offsets, as in HTTP `Range` and `fs.createReadStream`; `end` defaults to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface StorageDriver {
  readonly kind: StorageDriverKind;

  /** Stores bytes at `key`, replacing any object there, atomically. */
  put(key: string, body: PutBody, opts?: PutOptions): Promise<StoredObject>;
  /** Stores the file at `filePath` (read as a stream, never whole) at `key`, atomically. */
  putFile(key: string, filePath: string, opts?: PutFileOptions): Promise<StoredObject>;

  /** Size, dates, type of the object, or null when there is none. */
  stat(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;

  /** A stream of the object's bytes (or of one range); AppError not_found when missing. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Copies the object to a local file (written to a temp name, then renamed into place). */
  downloadToFile(key: string, destPath: string): Promise<void>;

  /**
   * Moves the object (bytes, type and cache policy) to another key: gone from
   * `from` at once, readable at `to`. False when there is nothing at `from`.
   * Local: two renames; S3: a server-side copy (objects up to 5 GB) and a delete.
   */
  move(from: string, to: string): Promise<boolean>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every object whose key starts with `prefix` (a plain string prefix,
   * as in S3: `uploads/12/` removes one upload's segments). Returns how many.
   */
  deletePrefix(prefix: string): Promise<number>;
  /** Objects whose key starts with `prefix`, in no guaranteed order. */
  list(prefix: string): AsyncIterable<ListedObject>;

  /** Where a browser fetches the object: the app's /files route (local) or the bucket/CDN (s3). */
  publicUrl(key: string): string;
  /** The object's file on this machine (local driver), else null: use downloadToFile. */
  localPath(key: string): string | null;
}

/**
 * User content (videos, thumbnails, uploads) can be deleted or re-rendered
 * under the same key, so caches keep it but ask again before each use (a
 * 304 against its ETag costs no bytes): a deleted file stops playing at once.
 */
export const DEFAULT_CACHE_CONTROL = 'public, no-cache';
/** For objects whose key changes whenever their bytes do (template previews keyed by version). */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
