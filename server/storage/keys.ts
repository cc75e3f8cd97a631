/**
 * Storage keys: `/`-separated segments of letters, digits, `_`, `-` and `.`,
 * never starting with a dot. That rules out `..`, absolute paths, empty
 * segments, backslashes, control characters and URL-special characters, so a
 * key is at once a safe relative path under the local root, a valid S3 key and
 * a URL path that needs no escaping. Dot-first names stay free for the local
 * driver's own `.tmp/` and `.meta/` folders.
 */
import { AppError } from '../lib/errors';

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
export const MAX_KEY_LENGTH = 512;
const MAX_SEGMENT_LENGTH = 200;

function keyProblem(key: unknown): string | null {
  if (typeof key !== 'string') return 'must be a string';
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters`;
  if (key.startsWith('/')) return 'must be relative (no leading slash)';
  for (const segment of key.split('/')) {
    if (segment === '') return 'must not contain empty segments (// or a trailing slash)';
    if (segment.length > MAX_SEGMENT_LENGTH) return `segments must be at most ${MAX_SEGMENT_LENGTH} characters`;
    if (segment.startsWith('.')) return 'segments must not start with a dot (no . or ..)';
    if (!SEGMENT.test(segment)) return 'may only contain letters, digits, "_", "-", "." and "/"';
  }
  return null;
}

export function isValidKey(key: unknown): key is string {
  return keyProblem(key) === null;
}

/** Returns the key unchanged or throws AppError bad_request saying what is wrong with it. */
export function assertValidKey(key: string): string {
  const problem = keyProblem(key);
  if (problem) throw new AppError('bad_request', `Invalid storage key ${JSON.stringify(key)}: ${problem}`);
  return key;
}

/**
 * Validates a prefix for deletePrefix/list: a key, optionally with one trailing
 * slash. The empty prefix is refused so no call can wipe the whole store.
 */
export function assertValidPrefix(prefix: string): string {
  const bare = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const problem = keyProblem(bare);
  if (problem) throw new AppError('bad_request', `Invalid storage prefix ${JSON.stringify(prefix)}: ${problem}`);
  return prefix;
}

/** Joins parts with `/` and validates the result: `joinKey('videos', id, 'video.mp4')`. */
export function joinKey(...parts: Array<string | number>): string {
  return assertValidKey(parts.map(String).join('/'));
}
