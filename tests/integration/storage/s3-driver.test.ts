import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AppError } from '@/server/lib/errors';
import { concatObjects, S3StorageDriver, withLocalFile } from '@/server/storage';
import { serveStorageObject } from '@/server/storage/serve';

/**
 * s3rver runs in a child process because its ListObjectsV2 continuation tokens
 * use DES, which Node 20's OpenSSL 3 only offers with --openssl-legacy-provider;
 * in-process, any listing of more than 1000 keys would fail inside s3rver.
 */
async function startS3rver(directory: string, bucket: string): Promise<{ child: ChildProcess; port: number }> {
  const script = `
    const S3rver = require(${JSON.stringify(createRequire(import.meta.url).resolve('s3rver'))});
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.env.S3RVER_DIR,
      configureBuckets: [{ name: process.env.S3RVER_BUCKET, configs: [] }] });
    server.run().then(({ port }) => console.log(JSON.stringify({ port })));
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], {
    env: { ...process.env, S3RVER_DIR: directory, S3RVER_BUCKET: bucket },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
    child.once('error', reject);
  });
  return { child, port };
}

const MiB = 1024 * 1024;
const BUCKET = 'clipwright-test';
let dir: string;
let server: ChildProcess;
let endpoint: string;
let driver: S3StorageDriver;

function makeDriver(extra: Partial<ConstructorParameters<typeof S3StorageDriver>[0]> = {}) {
  return new S3StorageDriver({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    partSize: 5 * MiB,
    ...extra,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clipwright-s3rver-'));
  const started = await startS3rver(path.join(dir, 'data'), BUCKET);
  server = started.child;
  endpoint = `http://127.0.0.1:${started.port}`;
  driver = makeDriver();
});

afterAll(async () => {
  driver?.client.destroy();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'resolved';
}

function pattern(size: number, seed = 1): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = (i * seed + (i >> 10)) % 251;
  return buf;
}

describe('S3 driver against s3rver', () => {
  it('puts a Buffer and reports it with stat/exists', async () => {
    const stored = await driver.put('videos/v1/thumb.jpg', Buffer.from('jpeg bytes'));
    expect(stored).toMatchObject({
      key: 'videos/v1/thumb.jpg',
      size: 10,
      contentType: 'image/jpeg',
      cacheControl: 'public, no-cache',
    });
    expect(stored.etag).toMatch(/^".+"$/);
    expect(await driver.stat('videos/v1/thumb.jpg')).toEqual(stored);
    expect(await driver.exists('videos/v1/thumb.jpg')).toBe(true);
    expect(await driver.stat('videos/v1/none.jpg')).toBeNull();
    expect(await driver.exists('videos/v1/none.jpg')).toBe(false);
  });

  it('keeps an explicit content type and cache control', async () => {
    const stored = await driver.put('media/1/original', Buffer.from('mov'), {
      contentType: 'video/quicktime',
      cacheControl: 'private, max-age=0',
    });
    expect(stored).toMatchObject({ contentType: 'video/quicktime', cacheControl: 'private, max-age=0' });
  });

  it('puts a short stream with one PUT and an empty stream as an empty object', async () => {
    expect((await driver.put('s/short.bin', Readable.from([Buffer.from('ab'), Buffer.from('c')]))).size).toBe(3);
    expect((await driver.put('s/empty.bin', Readable.from([]))).size).toBe(0);
    expect((await readAll(await driver.read('s/short.bin'))).toString()).toBe('abc');
  });

  it('uploads a long stream in parts and reads it back byte-identical', async () => {
    const data = pattern(12 * MiB + 12345, 3);
    const chunks = Array.from({ length: Math.ceil(data.length / 100_000) }, (_, i) => data.subarray(i * 100_000, (i + 1) * 100_000));
    const send = vi.spyOn(driver.client, 'send');
    const stored = await driver.put('videos/v2/video.mp4', Readable.from(chunks));
    const commands = send.mock.calls.map(([command]) => command.constructor.name);
    send.mockRestore();
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(commands).toContain('CreateMultipartUploadCommand');
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(stored.size).toBe(data.length);
    expect((await readAll(await driver.read('videos/v2/video.mp4'))).equals(data)).toBe(true);
  });

  it('uploads a large Buffer and a web stream', async () => {
    const big = pattern(6 * MiB, 5);
    expect((await driver.put('b/big.bin', big)).size).toBe(big.length);
    expect((await readAll(await driver.read('b/big.bin'))).equals(big)).toBe(true);
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('from the web'));
        c.close();
      },
    });
    expect((await driver.put('b/web.txt', web)).size).toBe(12);
  });

  it('reads byte ranges', async () => {
    const data = pattern(3000, 7);
    await driver.put('r/data.bin', data);
    expect((await readAll(await driver.read('r/data.bin', { start: 0, end: 99 }))).equals(data.subarray(0, 100))).toBe(true);
    expect((await readAll(await driver.read('r/data.bin', { start: 2500 }))).equals(data.subarray(2500))).toBe(true);
    expect((await readAll(await driver.read('r/data.bin', { start: 2990, end: 2999 }))).equals(data.subarray(2990))).toBe(true);
    expect(await codeOf(driver.read('r/missing.bin'))).toBe('not_found');
    expect(await codeOf(driver.read('r/data.bin', { start: 10, end: 2 }))).toBe('bad_request');
  });

  it('never shows a partial object: nothing at the key while streaming, nothing after a failure', async () => {
    const source = new PassThrough();
    const done = driver.put('renders/v3/video.mp4', source);
    source.write(pattern(6 * MiB));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await driver.exists('renders/v3/video.mp4')).toBe(false);
    source.destroy(new Error('renderer crashed'));
    await expect(done).rejects.toThrow('renderer crashed');
    expect(await driver.exists('renders/v3/video.mp4')).toBe(false);
  });

  it('aborts, never completes, a multipart upload whose source fails', async () => {
    const source = new PassThrough();
    const send = vi.spyOn(driver.client, 'send');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = driver.put('renders/v4/video.mp4', source);
    source.write(pattern(11 * MiB));
    await new Promise((resolve) => setTimeout(resolve, 300));
    source.destroy(new Error('renderer crashed'));
    await expect(done).rejects.toThrow('renderer crashed');
    const commands = send.mock.calls.map(([command]) => command.constructor.name);
    send.mockRestore();
    logged.mockRestore();
    expect(commands).toContain('UploadPartCommand');
    expect(commands).toContain('AbortMultipartUploadCommand');
    expect(commands).not.toContain('CompleteMultipartUploadCommand');
    expect(await driver.exists('renders/v4/video.mp4')).toBe(false);
  });

  it('refuses a stream over maxBytes and stores nothing', async () => {
    const stream = Readable.from([pattern(4 * MiB), pattern(4 * MiB)]);
    expect(await codeOf(driver.put('u/seg-0', stream, { maxBytes: 5 * MiB }))).toBe('payload_too_large');
    expect(await codeOf(driver.put('u/seg-1', Buffer.alloc(11), { maxBytes: 10 }))).toBe('payload_too_large');
    expect(await driver.exists('u/seg-0')).toBe(false);
    expect(await driver.exists('u/seg-1')).toBe(false);
  });

  it('puts a file, and moves it when asked', async () => {
    const src = path.join(dir, 'render.mp4');
    const data = pattern(7 * MiB, 9);
    await writeFile(src, data);
    expect((await driver.putFile('videos/v4/video.mp4', src)).size).toBe(data.length);
    expect(existsSync(src)).toBe(true);
    expect((await driver.putFile('videos/v4/copy.mp4', src, { move: true })).contentType).toBe('video/mp4');
    expect(existsSync(src)).toBe(false);
    expect((await readAll(await driver.read('videos/v4/copy.mp4'))).equals(data)).toBe(true);
  });

  it('downloads to a file and lends a local copy to withLocalFile', async () => {
    const data = pattern(100_000, 11);
    await driver.put('media/2/original.mp4', data);
    const dest = path.join(dir, 'download.mp4');
    await driver.downloadToFile('media/2/original.mp4', dest);
    expect((await readFile(dest)).equals(data)).toBe(true);
    expect(await codeOf(driver.downloadToFile('media/2/none.mp4', path.join(dir, 'none.mp4')))).toBe('not_found');
    expect(existsSync(path.join(dir, 'none.mp4'))).toBe(false);

    let seenPath = '';
    const size = await withLocalFile(driver, 'media/2/original.mp4', async (file) => {
      seenPath = file;
      expect(path.basename(file)).toBe('original.mp4');
      return (await stat(file)).size;
    });
    expect(size).toBe(data.length);
    expect(existsSync(seenPath)).toBe(false);
  });

  it('concatenates segments into one object', async () => {
    const segments = [pattern(3 * MiB, 1), pattern(3 * MiB, 2), pattern(1000, 3)];
    for (const [i, seg] of segments.entries()) await driver.put(`uploads/77/seg-00${i}`, seg);
    const stored = await concatObjects(driver, ['uploads/77/seg-000', 'uploads/77/seg-001', 'uploads/77/seg-002'], 'media/77/original.mp4');
    expect(stored.size).toBe(6 * MiB + 1000);
    expect((await readAll(await driver.read('media/77/original.mp4'))).equals(Buffer.concat(segments))).toBe(true);
  });

  it('moves an object with its type and cache policy, gone from where it was; false when nothing is there', async () => {
    await driver.put('videos/mv/video.mp4', Buffer.from('moving bytes'), { cacheControl: 'private, max-age=5' });
    expect(await driver.move('videos/mv/video.mp4', 'trash/0123abcd/videos/mv/video.mp4')).toBe(true);
    expect(await driver.exists('videos/mv/video.mp4')).toBe(false);
    expect(await driver.stat('trash/0123abcd/videos/mv/video.mp4')).toMatchObject({
      size: 12,
      contentType: 'video/mp4',
      cacheControl: 'private, max-age=5',
    });
    expect((await readAll(await driver.read('trash/0123abcd/videos/mv/video.mp4'))).toString()).toBe('moving bytes');
    expect(await driver.move('videos/mv/video.mp4', 'trash/0123abcd/again.mp4')).toBe(false);
  });

  it('deletes one object, and ignores a missing one', async () => {
    await driver.put('d/one.txt', Buffer.from('1'));
    await driver.delete('d/one.txt');
    expect(await driver.exists('d/one.txt')).toBe(false);
    await expect(driver.delete('d/one.txt')).resolves.toBeUndefined();
  });

  it('lists and deletes by prefix, with string-prefix semantics', async () => {
    for (const key of ['up/12/seg-000', 'up/12/seg-001', 'up/12/deep/x', 'up/123/seg-000', 'up/13/seg-000', 'other/12/x']) {
      await driver.put(key, Buffer.from(key));
    }
    const keys = async (prefix: string) => {
      const out: string[] = [];
      for await (const o of driver.list(prefix)) out.push(o.key);
      return out.sort();
    };
    expect(await keys('up/12/')).toEqual(['up/12/deep/x', 'up/12/seg-000', 'up/12/seg-001']);
    expect(await driver.deletePrefix('up/12/')).toBe(3);
    expect(await keys('up/')).toEqual(['up/123/seg-000', 'up/13/seg-000']);
    expect(await driver.deletePrefix('up/1')).toBe(2);
    expect(await driver.exists('other/12/x')).toBe(true);
    expect(await driver.deletePrefix('nothing/')).toBe(0);
    expect(await codeOf(driver.deletePrefix(''))).toBe('bad_request');
  });

  it('deletes more than one DeleteObjects batch and lists across pages', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) {
      // Straight PUTs (no stat after each) keep seeding 1005 objects quick.
      await Promise.all(
        keys.slice(i, i + 50).map((Key) => driver.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }))),
      );
    }
    let listed = 0;
    for await (const o of driver.list('many/')) {
      expect(o.size).toBe(1);
      listed++;
    }
    expect(listed).toBe(1005);
    expect(await driver.deletePrefix('many/')).toBe(1005);
    expect(await driver.exists('many/0000')).toBe(false);
  });

  it('refuses bad keys before any request', async () => {
    for (const key of ['../x', '/abs', 'a//b', '.meta/x']) {
      expect(await codeOf(driver.put(key, Buffer.from('x')))).toBe('bad_request');
      expect(await codeOf(driver.stat(key))).toBe('bad_request');
      expect(await codeOf(driver.read(key))).toBe('bad_request');
      expect(await codeOf(driver.delete(key))).toBe('bad_request');
      expect(() => driver.publicUrl(key)).toThrow(AppError);
    }
  });

  it('builds public URLs: the endpoint path-style by default, the CDN base when set', async () => {
    expect(driver.publicUrl('videos/v1/thumb.jpg')).toBe(`${endpoint}/${BUCKET}/videos/v1/thumb.jpg`);
    expect(driver.localPath('videos/v1/thumb.jpg')).toBeNull();
    const cdn = makeDriver({ publicBaseUrl: 'https://cdn.example.com/clips/' });
    expect(cdn.publicUrl('videos/v1/thumb.jpg')).toBe('https://cdn.example.com/clips/videos/v1/thumb.jpg');
    cdn.client.destroy();
    // s3rver serves public reads of the default URL, as a public bucket would.
    const res = await fetch(driver.publicUrl('videos/v1/thumb.jpg'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('jpeg bytes');
  });

  it('can be served through serveStorageObject (ranges proxied from the bucket)', async () => {
    const data = pattern(5000, 13);
    await driver.put('p/clip.mp4', data);
    const res = await serveStorageObject(new Request('http://localhost/files/p/clip.mp4', { headers: { Range: 'bytes=-500' } }), 'p/clip.mp4', driver);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 4500-4999/5000');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(4500))).toBe(true);
  });
});
