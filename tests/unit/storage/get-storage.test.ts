import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/server/env';
import { createStorageFromEnv, getStorage, LocalStorageDriver, S3StorageDriver, setStorage } from '@/server/storage';

const saved = { ...process.env };

function useEnv(vars: Record<string, string | undefined>) {
  for (const key of ['STORAGE_DRIVER', 'DATA_DIR', 'APP_URL', 'S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE', 'S3_PUBLIC_BASE_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
    delete process.env[key];
  }
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) process.env[key] = value;
  resetEnvCache();
  setStorage(undefined);
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  setStorage(undefined);
});

describe('driver selection from the environment', () => {
  it('defaults to local storage under DATA_DIR/storage with /files URLs', () => {
    useEnv({ DATA_DIR: '/srv/clipwright-data' });
    const storage = createStorageFromEnv();
    expect(storage).toBeInstanceOf(LocalStorageDriver);
    expect(storage.localPath('a/b.mp4')).toBe(path.join('/srv/clipwright-data', 'storage', 'a', 'b.mp4'));
    expect(storage.publicUrl('a/b.mp4')).toBe('/files/a/b.mp4');
  });

  it('makes local URLs absolute when APP_URL is set', () => {
    useEnv({ DATA_DIR: '/srv/d', APP_URL: 'https://video.example.com/' });
    expect(createStorageFromEnv().publicUrl('a/b.mp4')).toBe('https://video.example.com/files/a/b.mp4');
  });

  it('builds the S3 driver, with the CDN base when set', () => {
    useEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'clips', S3_REGION: 'eu-west-1', S3_PUBLIC_BASE_URL: 'https://cdn.example.com/' });
    const storage = createStorageFromEnv();
    expect(storage).toBeInstanceOf(S3StorageDriver);
    expect(storage.localPath('a/b.mp4')).toBeNull();
    expect(storage.publicUrl('a/b.mp4')).toBe('https://cdn.example.com/a/b.mp4');
  });

  it('defaults S3 URLs to the bucket: AWS virtual-host, or the endpoint path- or host-style', () => {
    useEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'clips', S3_REGION: 'eu-west-1' });
    expect(createStorageFromEnv().publicUrl('a.mp4')).toBe('https://clips.s3.eu-west-1.amazonaws.com/a.mp4');
    useEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'clips', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(createStorageFromEnv().publicUrl('a.mp4')).toBe('http://minio:9000/clips/a.mp4');
    useEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'clips', S3_ENDPOINT: 'https://r2.example.com' });
    expect(createStorageFromEnv().publicUrl('a.mp4')).toBe('https://clips.r2.example.com/a.mp4');
  });

  it('keeps one shared driver until replaced', () => {
    useEnv({ DATA_DIR: '/srv/d' });
    const first = getStorage();
    expect(getStorage()).toBe(first);
    const replacement = new LocalStorageDriver({ root: '/tmp/elsewhere' });
    setStorage(replacement);
    expect(getStorage()).toBe(replacement);
  });
});
