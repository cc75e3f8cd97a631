import { describe, expect, it } from 'vitest';
import { contentTypeForKey } from '@/server/storage/content-type';
import { isPassiveContentType } from '@/server/storage/content-type';
import { assertValidKey, assertValidPrefix, isValidKey, joinKey, MAX_KEY_LENGTH } from '@/server/storage/keys';
import { AppError } from '@/server/lib/errors';

describe('storage keys', () => {
  it.each([
    'video.mp4',
    'videos/vid_12345abcde/video.mp4',
    'uploads/1234567890123456789/seg-000',
    'a-b_c.d/e.f.g',
    'A/B/C',
  ])('accepts %s', (key) => {
    expect(isValidKey(key)).toBe(true);
    expect(assertValidKey(key)).toBe(key);
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['../secret', 'parent segment'],
    ['a/../b', 'parent segment in the middle'],
    ['a/./b', 'dot segment'],
    ['a//b', 'empty segment'],
    ['a/b/', 'trailing slash'],
    ['.meta/x', 'reserved dot folder'],
    ['.tmp', 'reserved dot folder'],
    ['a\\b', 'backslash'],
    ['C:/x', 'drive letter'],
    ['a b', 'space'],
    ['a%2Fb', 'percent'],
    ['a?b', 'query character'],
    ['a#b', 'fragment character'],
    ['a\u0000b', 'NUL'],
    ['a\nb', 'newline'],
    ['vidéo.mp4', 'non-ASCII'],
    ['x'.repeat(201), 'segment too long'],
    [`${'abcdefghij/'.repeat(50)}x`.slice(0, MAX_KEY_LENGTH + 1), 'key too long'],
  ])('refuses %j (%s) with a bad_request AppError', (key) => {
    expect(isValidKey(key)).toBe(false);
    let thrown: unknown;
    try {
      assertValidKey(key);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('bad_request');
    expect((thrown as AppError).message).toContain('Invalid storage key');
  });

  it('refuses non-strings', () => {
    expect(isValidKey(undefined)).toBe(false);
    expect(isValidKey(42)).toBe(false);
  });

  it('joins and validates parts', () => {
    expect(joinKey('videos', 'vid_1', 'video.mp4')).toBe('videos/vid_1/video.mp4');
    expect(joinKey('uploads', 123, 'seg-7')).toBe('uploads/123/seg-7');
    expect(() => joinKey('videos', '..', 'x')).toThrow(AppError);
    expect(() => joinKey('videos', '', 'x')).toThrow(AppError);
  });

  it('accepts prefixes with one trailing slash and refuses the empty prefix', () => {
    expect(assertValidPrefix('uploads/')).toBe('uploads/');
    expect(assertValidPrefix('uploads/12')).toBe('uploads/12');
    expect(() => assertValidPrefix('')).toThrow(AppError);
    expect(() => assertValidPrefix('/')).toThrow(AppError);
    expect(() => assertValidPrefix('uploads//')).toThrow(AppError);
    expect(() => assertValidPrefix('../')).toThrow(AppError);
  });
});

describe('content types', () => {
  it.each([
    ['videos/v/video.mp4', 'video/mp4'],
    ['x/thumb.JPG', 'image/jpeg'],
    ['x/poster.png', 'image/png'],
    ['x/clip.mov', 'video/quicktime'],
    ['x/captions.vtt', 'text/vtt; charset=utf-8'],
    ['x/seg-000', 'application/octet-stream'],
    ['x/archive.unknownext', 'application/octet-stream'],
    ['x.dir/noext', 'application/octet-stream'],
  ])('%s → %s', (key, type) => {
    expect(contentTypeForKey(key)).toBe(type);
  });

  it('treats media and raster images as passive, markup as active', () => {
    expect(isPassiveContentType('video/mp4')).toBe(true);
    expect(isPassiveContentType('image/jpeg')).toBe(true);
    expect(isPassiveContentType('text/plain; charset=utf-8')).toBe(true);
    expect(isPassiveContentType('application/octet-stream')).toBe(true);
    expect(isPassiveContentType('text/html')).toBe(false);
    expect(isPassiveContentType('image/svg+xml')).toBe(false);
    expect(isPassiveContentType('application/xhtml+xml')).toBe(false);
    expect(isPassiveContentType('application/pdf')).toBe(false);
  });
});
