import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/server/lib/errors';
import { LocalStorageDriver } from '@/server/storage/local-driver';
import { concatObjects, withLocalFile } from '@/server/storage/operations';

let root: string;
let driver: LocalStorageDriver;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'clipwright-local-'));
  driver = new LocalStorageDriver({ root: path.join(root, 'storage') });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function tempFiles(): string[] {
  const dir = path.join(root, 'storage', '.tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'resolved';
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('put and stat', () => {
  it('stores a Buffer with its content type and cache control', async () => {
    const stored = await driver.put('videos/v1/video.mp4', Buffer.from('hello'), { cacheControl: 'public, max-age=60' });
    expect(stored).toMatchObject({
      key: 'videos/v1/video.mp4',
      size: 5,
      contentType: 'video/mp4',
      cacheControl: 'public, max-age=60',
    });
    expect(stored.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(await driver.stat('videos/v1/video.mp4')).toEqual(stored);
    expect(await readFile(driver.localPath('videos/v1/video.mp4'), 'utf8')).toBe('hello');
  });

  it('stores a Node stream, a web stream and an async iterable', async () => {
    await driver.put('a/node.bin', Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('we'));
        c.enqueue(new TextEncoder().encode('b'));
        c.close();
      },
    });
    await driver.put('a/web.bin', web);
    await driver.put(
      'a/iter.bin',
      (async function* () {
        yield new Uint8Array([1, 2, 3]);
      })(),
    );
    expect((await readAll(await driver.read('a/node.bin'))).toString()).toBe('abcd');
    expect((await readAll(await driver.read('a/web.bin'))).toString()).toBe('web');
    expect([...(await readAll(await driver.read('a/iter.bin')))]).toEqual([1, 2, 3]);
  });

  it('uses an explicit content type over the extension, and the extension otherwise', async () => {
    await driver.put('x/thumb.jpg', Buffer.from('j'));
    await driver.put('x/blob', Buffer.from('b'), { contentType: 'image/png' });
    await driver.put('x/raw', Buffer.from('r'));
    expect((await driver.stat('x/thumb.jpg'))?.contentType).toBe('image/jpeg');
    expect((await driver.stat('x/blob'))?.contentType).toBe('image/png');
    expect((await driver.stat('x/raw'))?.contentType).toBe('application/octet-stream');
  });

  it('falls back to the extension when the sidecar is missing or torn', async () => {
    await driver.put('x/clip.mp4', Buffer.from('m'), { contentType: 'video/quicktime' });
    await writeFile(path.join(root, 'storage', '.meta', 'x', 'clip.mp4'), '{"conte');
    expect((await driver.stat('x/clip.mp4'))?.contentType).toBe('video/mp4');
  });

  it('replaces an existing object', async () => {
    await driver.put('x/a.txt', Buffer.from('first version'));
    await driver.put('x/a.txt', Buffer.from('v2'));
    expect((await driver.stat('x/a.txt'))?.size).toBe(2);
  });

  it('returns null / false for a missing key, and for a folder', async () => {
    await driver.put('dir/file.txt', Buffer.from('x'));
    expect(await driver.stat('missing.txt')).toBeNull();
    expect(await driver.exists('missing.txt')).toBe(false);
    expect(await driver.stat('dir')).toBeNull();
    expect(await driver.stat('dir/file.txt/below')).toBeNull();
    expect(await driver.exists('dir/file.txt')).toBe(true);
  });
});

describe('move', () => {
  it('moves bytes and sidecar, prunes the emptied folders, and answers false when nothing is there', async () => {
    await driver.put('videos/v9/video.mp4', Buffer.from('abc'), { cacheControl: 'private, max-age=5' });
    expect(await driver.move('videos/v9/video.mp4', 'trash/00ff/videos/v9/video.mp4')).toBe(true);
    expect(await driver.stat('videos/v9/video.mp4')).toBeNull();
    expect(await driver.stat('trash/00ff/videos/v9/video.mp4')).toMatchObject({ size: 3, contentType: 'video/mp4', cacheControl: 'private, max-age=5' });
    expect(existsSync(path.join(root, 'storage', 'videos', 'v9'))).toBe(false);
    expect(await driver.move('videos/v9/video.mp4', 'trash/00ff/x.mp4')).toBe(false);
    // And back.
    expect(await driver.move('trash/00ff/videos/v9/video.mp4', 'videos/v9/video.mp4')).toBe(true);
    expect(await driver.exists('videos/v9/video.mp4')).toBe(true);
  });
});

describe('atomic writes', () => {
  it('shows nothing at the key until the stream has ended', async () => {
    const source = new PassThrough();
    const done = driver.put('renders/v1/video.mp4', source);
    source.write(Buffer.alloc(64 * 1024, 1));
    await tick();
    expect(tempFiles().length).toBeGreaterThan(0);
    expect(await driver.exists('renders/v1/video.mp4')).toBe(false);
    expect(existsSync(driver.localPath('renders/v1/video.mp4'))).toBe(false);
    source.end(Buffer.alloc(1000, 2));
    const stored = await done;
    expect(stored.size).toBe(64 * 1024 + 1000);
    expect(await driver.exists('renders/v1/video.mp4')).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  it('leaves no object and no temp file when the stream fails', async () => {
    const source = new PassThrough();
    const done = driver.put('renders/v2/video.mp4', source);
    source.write(Buffer.alloc(1024));
    await tick();
    source.destroy(new Error('renderer crashed'));
    await expect(done).rejects.toThrow('renderer crashed');
    expect(await driver.exists('renders/v2/video.mp4')).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('keeps the previous version visible while a replacement is being written', async () => {
    await driver.put('x/poster.jpg', Buffer.from('old'));
    const source = new PassThrough();
    const done = driver.put('x/poster.jpg', source);
    source.write('new-but-not-finished');
    await tick();
    expect((await readAll(await driver.read('x/poster.jpg'))).toString()).toBe('old');
    source.end('!');
    await done;
    expect((await readAll(await driver.read('x/poster.jpg'))).toString()).toBe('new-but-not-finished!');
  });

  it('refuses a body over maxBytes (buffer or stream) and stores nothing', async () => {
    expect(await codeOf(driver.put('u/seg-0', Buffer.alloc(11), { maxBytes: 10 }))).toBe('payload_too_large');
    const stream = Readable.from([Buffer.alloc(6), Buffer.alloc(6)]);
    expect(await codeOf(driver.put('u/seg-1', stream, { maxBytes: 10 }))).toBe('payload_too_large');
    expect(await driver.put('u/seg-2', Readable.from([Buffer.alloc(10)]), { maxBytes: 10 })).toMatchObject({ size: 10 });
    expect(await driver.exists('u/seg-0')).toBe(false);
    expect(await driver.exists('u/seg-1')).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('stops and discards on abort', async () => {
    const controller = new AbortController();
    const source = new PassThrough();
    const done = driver.put('x/aborted.bin', source, { signal: controller.signal });
    source.write(Buffer.alloc(1024));
    await tick();
    controller.abort();
    await expect(done).rejects.toThrow();
    expect(await driver.exists('x/aborted.bin')).toBe(false);
    expect(tempFiles()).toEqual([]);
  });
});

describe('putFile', () => {
  it('copies a file, keeping the source', async () => {
    const src = path.join(root, 'render.mp4');
    await writeFile(src, Buffer.alloc(3000, 9));
    const stored = await driver.putFile('videos/v3/video.mp4', src);
    expect(stored).toMatchObject({ size: 3000, contentType: 'video/mp4' });
    expect(existsSync(src)).toBe(true);
  });

  it('moves a file when asked (a rename on the same filesystem)', async () => {
    const src = path.join(root, 'thumb.jpg');
    await writeFile(src, Buffer.from('jpeg'));
    const stored = await driver.putFile('videos/v3/thumb.jpg', src, { move: true });
    expect(stored.size).toBe(4);
    expect(existsSync(src)).toBe(false);
    expect(await readFile(driver.localPath('videos/v3/thumb.jpg'), 'utf8')).toBe('jpeg');
  });

  it('enforces maxBytes before copying', async () => {
    const src = path.join(root, 'big.bin');
    await writeFile(src, Buffer.alloc(100));
    expect(await codeOf(driver.putFile('x/big.bin', src, { maxBytes: 99 }))).toBe('payload_too_large');
    expect(await driver.exists('x/big.bin')).toBe(false);
  });
});

describe('read', () => {
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

  beforeEach(async () => {
    await driver.put('r/data.bin', data);
  });

  it('reads everything, or an inclusive byte range', async () => {
    expect((await readAll(await driver.read('r/data.bin'))).equals(data)).toBe(true);
    expect((await readAll(await driver.read('r/data.bin', { start: 10, end: 19 }))).equals(data.subarray(10, 20))).toBe(true);
    expect((await readAll(await driver.read('r/data.bin', { start: 990 }))).equals(data.subarray(990))).toBe(true);
    expect((await readAll(await driver.read('r/data.bin', { start: 999, end: 5000 }))).equals(data.subarray(999))).toBe(true);
  });

  it('fails with not_found for a missing key and bad_request for a bad range', async () => {
    expect(await codeOf(driver.read('r/missing.bin'))).toBe('not_found');
    expect(await codeOf(driver.read('r'))).toBe('not_found');
    expect(await codeOf(driver.read('r/data.bin', { start: 5, end: 1 }))).toBe('bad_request');
  });

  it('keeps streaming a file deleted after the read started', async () => {
    const stream = await driver.read('r/data.bin');
    await driver.delete('r/data.bin');
    expect((await readAll(stream)).length).toBe(1000);
  });

  it('downloads to a file', async () => {
    const dest = path.join(root, 'copy.bin');
    await driver.downloadToFile('r/data.bin', dest);
    expect((await readFile(dest)).equals(data)).toBe(true);
    expect(await codeOf(driver.downloadToFile('r/none.bin', path.join(root, 'none.bin')))).toBe('not_found');
    expect(readdirSync(root).filter((n) => n.endsWith('.part'))).toEqual([]);
  });
});

describe('delete', () => {
  it('removes the object and its sidecar, prunes empty folders, and ignores missing keys', async () => {
    await driver.put('videos/v9/video.mp4', Buffer.from('x'));
    await driver.delete('videos/v9/video.mp4');
    expect(await driver.exists('videos/v9/video.mp4')).toBe(false);
    expect(existsSync(path.join(root, 'storage', 'videos'))).toBe(false);
    expect(existsSync(path.join(root, 'storage', '.meta', 'videos'))).toBe(false);
    await expect(driver.delete('videos/v9/video.mp4')).resolves.toBeUndefined();
  });

  it('removes every object under a prefix, with S3 string-prefix semantics', async () => {
    for (const key of ['uploads/12/seg-000', 'uploads/12/seg-001', 'uploads/12/deep/x', 'uploads/123/seg-000', 'uploads/13/seg-000', 'other/12/x']) {
      await driver.put(key, Buffer.from(key));
    }
    expect(await driver.deletePrefix('uploads/12/')).toBe(3);
    expect(await driver.exists('uploads/12/seg-000')).toBe(false);
    expect(await driver.exists('uploads/123/seg-000')).toBe(true);
    expect(existsSync(path.join(root, 'storage', '.meta', 'uploads', '12'))).toBe(false);

    expect(await driver.deletePrefix('uploads/1')).toBe(2);
    expect(await driver.exists('other/12/x')).toBe(true);
    expect(existsSync(path.join(root, 'storage', 'uploads'))).toBe(false);
    expect(await driver.deletePrefix('nothing/here/')).toBe(0);
  });

  it('refuses the empty prefix and bad prefixes', async () => {
    expect(await codeOf(driver.deletePrefix(''))).toBe('bad_request');
    expect(await codeOf(driver.deletePrefix('../'))).toBe('bad_request');
    expect(await codeOf(driver.deletePrefix('.meta/'))).toBe('bad_request');
  });
});

describe('list', () => {
  it('lists objects under a prefix, recursively, without temp or sidecar files', async () => {
    for (const key of ['uploads/7/seg-000', 'uploads/7/seg-001', 'uploads/70/seg-000', 'videos/a.mp4']) {
      await driver.put(key, Buffer.from('abc'));
    }
    const keys = async (prefix: string) => {
      const out: string[] = [];
      for await (const o of driver.list(prefix)) out.push(o.key);
      return out.sort();
    };
    expect(await keys('uploads/7/')).toEqual(['uploads/7/seg-000', 'uploads/7/seg-001']);
    expect(await keys('uploads/7')).toEqual(['uploads/7/seg-000', 'uploads/7/seg-001', 'uploads/70/seg-000']);
    expect(await keys('uploads/')).toHaveLength(3);
    expect(await keys('v')).toEqual(['videos/a.mp4']);
    for await (const o of driver.list('videos/')) expect(o).toMatchObject({ size: 3, lastModified: expect.any(Date) });
  });
});

describe('bad keys', () => {
  it.each(['../escape.txt', '/abs.txt', 'a/../../b', '.tmp/x', 'a//b', 'sp ace'])('every operation refuses %j', async (key) => {
    expect(await codeOf(driver.put(key, Buffer.from('x')))).toBe('bad_request');
    expect(await codeOf(driver.stat(key))).toBe('bad_request');
    expect(await codeOf(driver.read(key))).toBe('bad_request');
    expect(await codeOf(driver.delete(key))).toBe('bad_request');
    expect(() => driver.publicUrl(key)).toThrow(AppError);
    expect(() => driver.localPath(key)).toThrow(AppError);
    expect(existsSync(path.join(root, 'escape.txt'))).toBe(false);
  });
});

describe('URLs and paths', () => {
  it('builds public URLs from the base, as a path by default', () => {
    expect(driver.publicUrl('videos/v1/video.mp4')).toBe('/files/videos/v1/video.mp4');
    const withBase = new LocalStorageDriver({ root, publicBaseUrl: 'https://video.example.com/files/' });
    expect(withBase.publicUrl('a/b.jpg')).toBe('https://video.example.com/files/a/b.jpg');
  });

  it('gives the file path under the root', () => {
    expect(driver.localPath('a/b.mp4')).toBe(path.join(root, 'storage', 'a', 'b.mp4'));
  });
});

describe('operations', () => {
  it('concatenates segments into one object, streaming', async () => {
    await driver.put('uploads/5/seg-000', Buffer.from('hello '));
    await driver.put('uploads/5/seg-001', Buffer.from('big '));
    await driver.put('uploads/5/seg-002', Buffer.from('world'));
    const stored = await concatObjects(
      driver,
      ['uploads/5/seg-000', 'uploads/5/seg-001', 'uploads/5/seg-002'],
      'media/5/original.mp4',
    );
    expect(stored).toMatchObject({ size: 15, contentType: 'video/mp4' });
    expect(await readFile(driver.localPath('media/5/original.mp4'), 'utf8')).toBe('hello big world');
  });

  it('fails without a destination when a segment is missing', async () => {
    await driver.put('uploads/6/seg-000', Buffer.from('a'));
    expect(await codeOf(concatObjects(driver, ['uploads/6/seg-000', 'uploads/6/seg-001'], 'media/6/original.mp4'))).toBe('not_found');
    expect(await driver.exists('media/6/original.mp4')).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('hands the stored file itself to withLocalFile', async () => {
    await driver.put('media/7/original.mp4', Buffer.from('probe me'));
    const seen = await withLocalFile(driver, 'media/7/original.mp4', async (file) => {
      expect(file).toBe(driver.localPath('media/7/original.mp4'));
      return (await stat(file)).size;
    });
    expect(seen).toBe(8);
    expect(await codeOf(withLocalFile(driver, 'media/8/none.mp4', async () => 1))).toBe('not_found');
  });
});
