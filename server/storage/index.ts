/**
 * The process's storage driver, chosen by STORAGE_DRIVER: `local` (default,
 * files under `<DATA_DIR>/storage`) or `s3`. Kept on globalThis so route
 * handlers, tRPC, the embedded worker and instrumentation share one S3 client
 * (one connection pool) instead of one per module instance.
 */
import path from 'node:path';
import { dataDir, getEnv } from '../env';
import { LocalStorageDriver } from './local-driver';
import { S3StorageDriver } from './s3-driver';
import type { StorageDriver } from './types';

export * from './types';
export { assertValidKey, isValidKey, joinKey } from './keys';
export { contentTypeForKey } from './content-type';
export { LocalStorageDriver, type LocalDriverOptions } from './local-driver';
export { S3StorageDriver, type S3DriverOptions } from './s3-driver';
export { concatObjects, withLocalFile } from './operations';

const g = globalThis as unknown as { __clipwrightStorage?: StorageDriver };

/** Builds the driver the environment asks for (no caching; see getStorage). */
export function createStorageFromEnv(): StorageDriver {
  const env = getEnv();
  if (env.STORAGE_DRIVER === 's3') {
    // getEnv() has already refused STORAGE_DRIVER=s3 without S3_BUCKET.
    const bucket = env.S3_BUCKET ?? '';
    return new S3StorageDriver({
      bucket,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      publicBaseUrl: env.S3_PUBLIC_BASE_URL,
    });
  }
  return new LocalStorageDriver({
    root: path.join(dataDir(), 'storage'),
    publicBaseUrl: env.APP_URL ? `${env.APP_URL.replace(/\/+$/, '')}/files` : '/files',
  });
}

/** The shared driver, created from the environment on first use. */
export function getStorage(): StorageDriver {
  g.__clipwrightStorage ??= createStorageFromEnv();
  return g.__clipwrightStorage;
}

/** Replaces the shared driver (tests, scripts); undefined makes the next getStorage() read the env again. */
export function setStorage(driver: StorageDriver | undefined): void {
  g.__clipwrightStorage = driver;
}
