/**
 * Local-disk storage (the embedded default): objects are files under
 * `<root>/<key>`, served by the app's /files route.
 *
 * Layout under the root:
 * - `<key>`        the bytes;
 * - `.meta/<key>`  a small JSON sidecar (content type, cache control) that
 *                  mirrors the data tree, so it can never collide with it;
 * - `.tmp/`        files being written. A write goes to a temp file here, is
 *                  fsynced, then renamed over `<key>`: same filesystem, so the
 *                  rename is atomic and readers see the old object or the new
 *                  one, never a partial file, even if the process dies.
 * Keys cannot start a segment with a dot, so neither folder is reachable by a key.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, type Stats } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../lib/errors';
import { errorFields, logger } from '../lib/logger';
import { contentTypeForKey } from './content-type';
import { assertValidRange } from './http-range';
import { assertValidKey, assertValidPrefix } from './keys';
import { isBinary, limitBytes, toNodeReadable, tooLargeError } from './streams';
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

export interface LocalDriverOptions {
  /** Folder holding the objects (created on first write). */
  root: string;
  /** Prefix of public URLs: `https://app.example.com/files` or, by default, the path `/files`. */
  publicBaseUrl?: string;
}

interface Sidecar {
  contentType: string;
  cacheControl: string;
}

/** Temp files older than this are leftovers of a crashed process. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function isMissing(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Durable before visible: after a power cut a key holds the whole file or nothing. */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Strong ETag from size and modification time: stable across restarts, changes when the file is replaced. */
function etagOf(st: Stats): string {
  return `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
}

/** Local-disk StorageDriver; see the file header for the layout and the atomic-write scheme. */
export class LocalStorageDriver implements StorageDriver {
  readonly kind = 'local' as const;
  readonly root: string;
  private readonly publicBase: string;
  private tempSwept = false;

  constructor(opts: LocalDriverOptions) {
    this.root = path.resolve(opts.root);
    this.publicBase = (opts.publicBaseUrl ?? '/files').replace(/\/+$/, '');
  }

  private within(...parts: string[]): string {
    const full = path.join(this.root, ...parts);
    // Keys are validated already; this guards against a future change to the key rules.
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new AppError('bad_request', 'Storage key escapes the storage root');
    }
    return full;
  }

  private dataPath(key: string): string {
    return this.within(assertValidKey(key));
  }

  private metaPath(key: string): string {
    return this.within('.meta', assertValidKey(key));
  }

  private async newTempPath(): Promise<string> {
    const dir = this.within('.tmp');
    await mkdir(dir, { recursive: true });
    if (!this.tempSwept) {
      this.tempSwept = true;
      void this.sweepStaleTemp(dir);
    }
    return path.join(dir, `${randomUUID()}.part`);
  }

  private async sweepStaleTemp(dir: string): Promise<void> {
    try {
      const cutoff = Date.now() - STALE_TEMP_MS;
      for (const name of await readdir(dir)) {
        const file = path.join(dir, name);
        const st = await stat(file).catch(() => null);
        if (st && st.mtimeMs < cutoff) await rm(file, { force: true, recursive: true });
      }
    } catch (err) {
      logger.warn('storage: could not sweep stale temp files', { dir, ...errorFields(err) });
    }
  }

  async put(key: string, body: PutBody, opts: PutOptions = {}): Promise<StoredObject> {
    assertValidKey(key);
    opts.signal?.throwIfAborted();
    const tmp = await this.newTempPath();
    try {
      if (isBinary(body)) {
        if (opts.maxBytes !== undefined && body.byteLength > opts.maxBytes) throw tooLargeError(opts.maxBytes);
        await writeFile(tmp, body, { flag: 'wx', signal: opts.signal });
      } else {
        const source = toNodeReadable(body);
        const sink = createWriteStream(tmp, { flags: 'wx' });
        const max = opts.maxBytes;
        if (max === undefined) await pipeline(source, sink, { signal: opts.signal });
        else await pipeline(source, (src: AsyncIterable<Uint8Array>) => limitBytes(src, max), sink, { signal: opts.signal });
      }
      await syncFile(tmp);
      return await this.commit(key, tmp, opts);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async putFile(key: string, filePath: string, opts: PutFileOptions = {}): Promise<StoredObject> {
    assertValidKey(key);
    opts.signal?.throwIfAborted();
    const source = await stat(filePath);
    if (!source.isFile()) throw new AppError('bad_request', `${filePath} is not a file`);
    if (opts.maxBytes !== undefined && source.size > opts.maxBytes) throw tooLargeError(opts.maxBytes);
    if (opts.move) {
      await syncFile(filePath);
      try {
        return await this.commit(key, filePath, opts);
      } catch (err) {
        if (errnoCode(err) !== 'EXDEV') throw err;
      }
    }
    const tmp = await this.newTempPath();
    try {
      await copyFile(filePath, tmp);
      await syncFile(tmp);
      const stored = await this.commit(key, tmp, opts);
      if (opts.move) await rm(filePath, { force: true });
      return stored;
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Writes the sidecar, then renames the finished file into place. */
  private async commit(key: string, file: string, opts: PutOptions): Promise<StoredObject> {
    opts.signal?.throwIfAborted();
    const sidecar: Sidecar = {
      contentType: opts.contentType ?? contentTypeForKey(key),
      cacheControl: opts.cacheControl ?? DEFAULT_CACHE_CONTROL,
    };
    // The sidecar goes first so the object is never visible with a guessed type.
    const metaTmp = await this.newTempPath();
    try {
      await writeFile(metaTmp, JSON.stringify(sidecar), { flag: 'wx' });
      await this.renameInto(metaTmp, this.metaPath(key));
    } catch (err) {
      await rm(metaTmp, { force: true });
      throw err;
    }
    const dest = this.dataPath(key);
    await this.renameInto(file, dest);
    const st = await stat(dest);
    return { key, size: st.size, lastModified: st.mtime, etag: etagOf(st), ...sidecar };
  }

  /** rename(2) into a folder that a concurrent delete may prune between our mkdir and the rename. */
  private async renameInto(from: string, to: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await mkdir(path.dirname(to), { recursive: true });
      try {
        await rename(from, to);
        return;
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT' || attempt >= 2) throw err;
      }
    }
  }

  private async readSidecar(key: string): Promise<Partial<Sidecar> | null> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Partial<Sidecar>;
    } catch {
      // Missing or torn sidecar: fall back to the extension and the default cache policy.
      return null;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    let st: Stats;
    try {
      st = await stat(this.dataPath(key));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    if (!st.isFile()) return null;
    const sidecar = await this.readSidecar(key);
    return {
      key,
      size: st.size,
      lastModified: st.mtime,
      etag: etagOf(st),
      contentType: sidecar?.contentType ?? contentTypeForKey(key),
      cacheControl: sidecar?.cacheControl ?? DEFAULT_CACHE_CONTROL,
    };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertValidRange(range);
    const file = this.dataPath(key);
    // Opened before returning, so a missing key fails here (404) rather than mid-response,
    // and a concurrent delete cannot cut the stream short.
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) throw AppError.notFound('Stored object');
      throw err;
    }
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw AppError.notFound('Stored object');
    }
    return handle.createReadStream({ start: range?.start, end: range?.end });
  }

  async downloadToFile(key: string, destPath: string): Promise<void> {
    const src = this.dataPath(key);
    const tmp = `${destPath}.${randomUUID()}.part`;
    try {
      await copyFile(src, tmp);
      await rename(tmp, destPath);
    } catch (err) {
      await rm(tmp, { force: true });
      if (isMissing(err) && !(await this.exists(key))) throw AppError.notFound('Stored object');
      throw err;
    }
  }

  async move(from: string, to: string): Promise<boolean> {
    const source = this.dataPath(from);
    const dest = this.dataPath(to);
    try {
      // The bytes first: once renamed, nothing serves them at `from`.
      await this.renameInto(source, dest);
    } catch (err) {
      if (isMissing(err) && !existsSync(source)) return false;
      throw err;
    }
    try {
      await this.renameInto(this.metaPath(from), this.metaPath(to));
    } catch (err) {
      // No sidecar: the object falls back to its extension's type, as before the move.
      if (!isMissing(err)) throw err;
    }
    await this.pruneEmptyDirs(path.dirname(source), this.root);
    await this.pruneEmptyDirs(path.dirname(this.metaPath(from)), this.within('.meta'));
    return true;
  }

  async delete(key: string): Promise<void> {
    const file = this.dataPath(key);
    const meta = this.metaPath(key);
    await rm(file, { force: true });
    await rm(meta, { force: true });
    await this.pruneEmptyDirs(path.dirname(file), this.root);
    await this.pruneEmptyDirs(path.dirname(meta), this.within('.meta'));
  }

  /** Removes now-empty folders up to (not including) `stop`, so deleted uploads leave no litter. */
  private async pruneEmptyDirs(dir: string, stop: string): Promise<void> {
    let current = dir;
    while (current !== stop && current.startsWith(stop + path.sep)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = path.dirname(current);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash === -1 ? '' : prefix.slice(0, slash);
    const namePrefix = prefix.slice(slash + 1);
    let count = 0;
    const dataDir = dirKey ? this.within(dirKey) : this.root;
    for (const entry of await this.entries(dataDir)) {
      if (!entry.name.startsWith(namePrefix) || entry.name.startsWith('.')) continue;
      const full = path.join(dataDir, entry.name);
      count += entry.isDirectory() ? await this.countFiles(full) : entry.isFile() ? 1 : 0;
      await rm(full, { recursive: true, force: true });
    }
    const metaDir = dirKey ? this.within('.meta', dirKey) : this.within('.meta');
    for (const entry of await this.entries(metaDir)) {
      if (entry.name.startsWith(namePrefix)) await rm(path.join(metaDir, entry.name), { recursive: true, force: true });
    }
    if (dirKey) {
      await this.pruneEmptyDirs(dataDir, this.root);
      await this.pruneEmptyDirs(metaDir, this.within('.meta'));
    }
    return count;
  }

  private async entries(dir: string) {
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
  }

  private async countFiles(dir: string): Promise<number> {
    let n = 0;
    for (const entry of await this.entries(dir)) {
      if (entry.isDirectory()) n += await this.countFiles(path.join(dir, entry.name));
      else if (entry.isFile()) n++;
    }
    return n;
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash === -1 ? '' : prefix.slice(0, slash);
    const namePrefix = prefix.slice(slash + 1);
    const dir = dirKey ? this.within(dirKey) : this.root;
    for (const entry of await this.entries(dir)) {
      if (!entry.name.startsWith(namePrefix) || entry.name.startsWith('.')) continue;
      const key = dirKey ? `${dirKey}/${entry.name}` : entry.name;
      yield* this.walk(path.join(dir, entry.name), key);
    }
  }

  private async *walk(full: string, key: string): AsyncGenerator<ListedObject> {
    const st = await stat(full).catch(() => null);
    if (!st) return;
    if (st.isFile()) {
      yield { key, size: st.size, lastModified: st.mtime };
      return;
    }
    if (!st.isDirectory()) return;
    for (const entry of await this.entries(full)) {
      if (entry.name.startsWith('.')) continue;
      yield* this.walk(path.join(full, entry.name), `${key}/${entry.name}`);
    }
  }

  publicUrl(key: string): string {
    // The key charset needs no URL escaping.
    return `${this.publicBase}/${assertValidKey(key)}`;
  }

  localPath(key: string): string {
    return this.dataPath(key);
  }
}
