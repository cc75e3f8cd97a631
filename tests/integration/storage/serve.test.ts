import { open as openFile, mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as filesRoute, HEAD as filesHeadRoute } from '@/app/files/[...key]/route';
import { getStorage, LocalStorageDriver, S3StorageDriver, setStorage, type StorageDriver } from '@/server/storage';
import { handleFileRequest, serveStorageObject } from '@/server/storage/serve';

let root: string;
let driver: LocalStorageDriver;
const data = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7) % 256));

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'clipwright-serve-'));
  driver = new LocalStorageDriver({ root });
  await driver.put('videos/v1/video.mp4', data);
  await driver.put('videos/v1/thumb.jpg', Buffer.from('jpeg bytes'));
  await driver.put('media/42/original', Buffer.from('quicktime bytes'), { contentType: 'video/quicktime' });
  await driver.put('x/page.html', Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html' });
  await driver.put('x/empty.bin', Buffer.alloc(0));
  await driver.put('x/short-cache.txt', Buffer.from('t'), { cacheControl: 'public, max-age=60' });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function request(key: string, headers: Record<string, string> = {}, method = 'GET', storage: StorageDriver = driver) {
  const req = new Request(`http://localhost/files/${key}`, { method, headers });
  const res = await handleFileRequest(req, key.split('/'), storage);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

describe('GET /files/<key> (happy)', () => {
  it('sends the whole object with validators, type, length and revalidated caching', async () => {
    const res = await request('videos/v1/video.mp4');
    expect(res.status).toBe(200);
    expect(res.body.equals(data)).toBe(true);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe('2000');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toBe('public, no-cache, no-transform');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(res.headers.get('last-modified') ?? '').getTime()).toBeGreaterThan(0);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('keeps the same ETag across requests and driver instances', async () => {
    const a = await request('videos/v1/video.mp4');
    const b = await request('videos/v1/video.mp4', {}, 'GET', new LocalStorageDriver({ root }));
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-199', 100, 199],
    ['bytes=1500-', 1500, 1999],
    ['bytes=-500', 1500, 1999],
    ['bytes=-5000', 0, 1999],
    ['bytes=1990-9999', 1990, 1999],
    ['bytes=1999-1999', 1999, 1999],
    ['bytes=0-', 0, 1999],
  ])('answers Range %s with 206 and bytes %i-%i', async (range, start, end) => {
    const res = await request('videos/v1/video.mp4', { Range: range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/2000`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.body.equals(data.subarray(start, end + 1))).toBe(true);
  });

  it('serves the whole object for ranges it does not honour (multi-range, other units, malformed)', async () => {
    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=9-3', 'garbage']) {
      const res = await request('videos/v1/video.mp4', { Range: range });
      expect(res.status, range).toBe(200);
      expect(res.body.length).toBe(2000);
    }
  });

  it('answers HEAD with the headers of a GET and no body, ignoring Range', async () => {
    const res = await request('videos/v1/video.mp4', { Range: 'bytes=0-9' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers.get('content-length')).toBe('2000');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('content-range')).toBeNull();
  });

  it('uses the type stored at put time, else the extension', async () => {
    expect((await request('media/42/original')).headers.get('content-type')).toBe('video/quicktime');
    expect((await request('videos/v1/thumb.jpg')).headers.get('content-type')).toBe('image/jpeg');
  });

  it('uses the cache policy stored at put time', async () => {
    expect((await request('x/short-cache.txt')).headers.get('cache-control')).toBe('public, max-age=60, no-transform');
  });

  it('serves an empty object', async () => {
    const res = await request('x/empty.bin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.body.length).toBe(0);
  });

  it('sandboxes active content as an attachment', async () => {
    const res = await request('x/page.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-disposition')).toBe('attachment');
  });
});

describe('conditional requests', () => {
  it('answers a matching If-None-Match with 304 and the validators, no body', async () => {
    const first = await request('videos/v1/video.mp4');
    const etag = first.headers.get('etag') ?? '';
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await request('videos/v1/video.mp4', { 'If-None-Match': header });
      expect(res.status, header).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
      expect(res.headers.get('cache-control')).toBe('public, no-cache, no-transform');
    }
  });

  it('answers a stale If-None-Match with 200, even when If-Modified-Since would match', async () => {
    const res = await request('videos/v1/video.mp4', {
      'If-None-Match': '"stale"',
      'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(2000);
  });

  it('uses If-Modified-Since when there is no If-None-Match', async () => {
    const lastModified = (await request('videos/v1/video.mp4')).headers.get('last-modified') ?? '';
    expect((await request('videos/v1/video.mp4', { 'If-Modified-Since': lastModified })).status).toBe(304);
    const earlier = new Date(new Date(lastModified).getTime() - 10_000).toUTCString();
    expect((await request('videos/v1/video.mp4', { 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await request('videos/v1/video.mp4', { 'If-Modified-Since': 'not a date' })).status).toBe(200);
  });

  it('answers HEAD revalidation with 304 too', async () => {
    const etag = (await request('videos/v1/video.mp4')).headers.get('etag') ?? '';
    expect((await request('videos/v1/video.mp4', { 'If-None-Match': etag }, 'HEAD')).status).toBe(304);
  });

  it('changes the ETag when the file changes', async () => {
    await driver.put('x/changing.txt', Buffer.from('one'));
    const before = (await request('x/changing.txt')).headers.get('etag');
    await driver.put('x/changing.txt', Buffer.from('three'));
    const after = await request('x/changing.txt', { 'If-None-Match': before ?? '' });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('honours Range only while If-Range still matches', async () => {
    const first = await request('videos/v1/video.mp4');
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect((await request('videos/v1/video.mp4', { Range: 'bytes=0-9', 'If-Range': etag })).status).toBe(206);
    expect((await request('videos/v1/video.mp4', { Range: 'bytes=0-9', 'If-Range': lastModified })).status).toBe(206);
    const stale = await request('videos/v1/video.mp4', { Range: 'bytes=0-9', 'If-Range': '"old"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(2000);
    expect((await request('videos/v1/video.mp4', { Range: 'bytes=0-9', 'If-Range': `W/${etag}` })).status).toBe(200);
  });
});

describe('errors', () => {
  it.each(['bytes=2000-', 'bytes=5000-6000', 'bytes=-0'])('answers unsatisfiable %s with 416 and the size', async (range) => {
    const res = await request('videos/v1/video.mp4', { Range: range });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */2000');
    expect(res.body.length).toBe(0);
  });

  it('answers any range of an empty object with 416', async () => {
    expect((await request('x/empty.bin', { Range: 'bytes=0-' })).status).toBe(416);
  });

  it('answers a missing object with a JSON 404 that is not cached', async () => {
    const res = await request('videos/none/video.mp4');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(res.body.toString())).toEqual({ error: { code: 'not_found', message: 'File not found' } });
  });

  it('answers a folder with 404', async () => {
    expect((await request('videos/v1')).status).toBe(404);
  });

  it.each([
    [['..', 'etc', 'passwd']],
    [['videos', '..', '..', 'x']],
    [['.meta', 'videos', 'v1', 'video.mp4']],
    [['.tmp', 'x.part']],
    [['videos', 'v1%2Fvideo.mp4']],
    [['a\\b']],
  ])('answers bad keys %j with 404 without touching the disk', async (segments) => {
    const req = new Request('http://localhost/files/x');
    const res = await handleFileRequest(req, segments, driver);
    expect(res.status).toBe(404);
  });

  it('refuses other methods with 405', async () => {
    const res = await handleFileRequest(new Request('http://localhost/files/a', { method: 'POST' }), ['a'], driver);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('turns a storage failure into a JSON 500', async () => {
    const broken = new Proxy(driver, {
      get(target, prop) {
        if (prop === 'stat') return async () => Promise.reject(new Error('EIO: disk on fire'));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await request('videos/v1/video.mp4', {}, 'GET', broken);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('disk on fire'));
    logged.mockRestore();
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body.toString()).error.code).toBe('internal_error');
  });
});

describe('with the S3 driver', () => {
  it('redirects to the public URL instead of serving', async () => {
    const s3 = new S3StorageDriver({ bucket: 'clips', publicBaseUrl: 'https://cdn.example.com' });
    const res = await request('videos/v1/video.mp4', {}, 'GET', s3);
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('https://cdn.example.com/videos/v1/video.mp4');
  });
});

describe('the route module', () => {
  it('serves GET and HEAD through the shared driver', async () => {
    const previous = getStorage();
    setStorage(driver);
    try {
      const ctx = { params: Promise.resolve({ key: ['videos', 'v1', 'video.mp4'] }) };
      const res = await filesRoute(new Request('http://localhost/files/videos/v1/video.mp4', { headers: { Range: 'bytes=-10' } }), ctx);
      expect(res.status).toBe(206);
      expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(1990))).toBe(true);
      const head = await filesHeadRoute(new Request('http://localhost/files/videos/v1/video.mp4', { method: 'HEAD' }), ctx);
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('2000');
    } finally {
      setStorage(previous);
    }
  });

  it('is dynamic and runs on Node', async () => {
    const mod = await import('@/app/files/[...key]/route');
    expect(mod.dynamic).toBe('force-dynamic');
    expect(mod.runtime).toBe('nodejs');
  });
});

describe('large files', () => {
  const size = 512 * 1024 * 1024;
  let streams: Readable[];
  let spy: StorageDriver;

  beforeAll(async () => {
    // A sparse file: 512 MB on paper, next to nothing on disk, so the test is cheap to set up.
    const handle = await openFile(path.join(root, 'big.bin'), 'w');
    await handle.truncate(size);
    await handle.close();
    await driver.putFile('big/video.mp4', path.join(root, 'big.bin'), { move: true });
    await utimes(driver.localPath('big/video.mp4'), new Date(), new Date());
    streams = [];
    spy = new Proxy(driver, {
      get(target, prop) {
        if (prop === 'read') {
          return async (...args: Parameters<StorageDriver['read']>) => {
            const stream = await target.read(...args);
            streams.push(stream);
            return stream;
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });

  it('reads from disk only as fast as the client consumes', async () => {
    const res = await serveStorageObject(new Request('http://localhost/files/big/video.mp4'), 'big/video.mp4', spy);
    expect(res.headers.get('content-length')).toBe(String(size));
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const read = (streams.at(-1) as Readable & { bytesRead: number }).bytesRead;
    expect(read).toBeLessThan(4 * 1024 * 1024);
    await reader.cancel();
    expect(streams.at(-1)?.destroyed).toBe(true);
  });

  it('streams the whole file with memory far below its size', async () => {
    const res = await serveStorageObject(new Request('http://localhost/files/big/video.mp4'), 'big/video.mp4', spy);
    const base = process.memoryUsage();
    let peak = 0;
    let total = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if ((total & 0xffffff) < value.byteLength) {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.rss - base.rss, now.arrayBuffers - base.arrayBuffers);
      }
    }
    expect(total).toBe(size);
    expect(peak).toBeLessThan(size / 4);
  });

  it('serves a range deep inside the file', async () => {
    const res = await request('big/video.mp4', { Range: `bytes=${size - 1024 * 1024}-` });
    expect(res.status).toBe(206);
    expect(res.body.length).toBe(1024 * 1024);
  });
});
