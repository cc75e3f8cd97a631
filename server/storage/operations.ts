/**
 * Operations built on any StorageDriver, for pipelines that work on stored
 * objects: assembling uploaded segments into one file and handing a file path
 * to tools that need one (ffprobe, ffmpeg), with the same code on both drivers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../lib/errors';
import { TEMP_PREFIX } from '../lib/temp-sweep';
import type { PutOptions, StorageDriver, StoredObject } from './types';

/**
 * Writes the objects at `sourceKeys`, in order, as one new object at `destKey`.
 * Streams one source at a time, so memory stays bounded by the driver's part
 * size; the destination appears only once complete (a missing source fails the
 * whole operation with not_found and leaves no destination). Sources are kept:
 * delete them (e.g. deletePrefix) once the result is recorded.
 */
export async function concatObjects(
  storage: StorageDriver,
  sourceKeys: readonly string[],
  destKey: string,
  opts?: PutOptions,
): Promise<StoredObject> {
  async function* chain(): AsyncGenerator<Uint8Array> {
    for (const key of sourceKeys) yield* await storage.read(key);
  }
  return storage.put(destKey, Readable.from(chain(), { objectMode: false }), opts);
}

/**
 * Runs `fn` with a local file holding the object: the stored file itself on the
 * local driver (do not modify it), a temp download on S3, removed afterwards.
 * The temp file keeps the key's file name, so tools that look at the extension work.
 */
export async function withLocalFile<T>(
  storage: StorageDriver,
  key: string,
  fn: (filePath: string) => Promise<T>,
): Promise<T> {
  const local = storage.localPath(key);
  if (local !== null) {
    if (!(await storage.exists(key))) throw AppError.notFound('Stored object');
    return fn(local);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX.storage));
  try {
    const file = path.join(dir, path.posix.basename(key));
    await storage.downloadToFile(key, file);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
