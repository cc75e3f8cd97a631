import { describe, expect, it } from 'vitest';
import { checkLogoDataUri, hasImageSignature, resolveBrand } from '@/server/render/brand';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

describe('logo signatures', () => {
  it.each([
    ['image/png', Buffer.concat([PNG_SIGNATURE, Buffer.from('IHDR')]), true],
    ['image/png', Buffer.from('<!doctype html><title>404</title>'), false],
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), true],
    ['image/jpeg', Buffer.from([0xff, 0xd8]), false],
    ['image/gif', Buffer.from('GIF89a\x01\x00'), true],
    ['image/webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '), true],
    ['image/webp', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '), false],
    ['image/avif', Buffer.from('\x00\x00\x00\x1cftypavif'), true],
    ['image/svg+xml', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), true],
    ['image/svg+xml', Buffer.from('<html><body>not an svg</body></html>'), false],
    ['image/bmp', Buffer.from('BM'), false],
  ])('%s %#', (type, bytes, ok) => {
    expect(hasImageSignature(type, bytes)).toBe(ok);
  });

  it('checks data: URIs in base64 and in plain text', () => {
    const png = `data:image/png;base64,${b64(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(16)]))}`;
    expect(checkLogoDataUri(png)).toBe(png);
    expect(checkLogoDataUri('data:image/png;base64,AAAA')).toBeNull();
    const svg = `data:image/svg+xml;charset=utf-8;base64,${b64('<svg xmlns="http://www.w3.org/2000/svg"></svg>')}`;
    expect(checkLogoDataUri(svg)).toBe(svg);
    // Unescaped text with a bare % is what browsers accept too.
    const raw = 'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg" width="100%"></svg>';
    expect(checkLogoDataUri(raw)).toBe(raw);
    expect(checkLogoDataUri('data:image/svg+xml,%3Csvg%20xmlns%3D%22x%22%3E%3C%2Fsvg%3E')).not.toBeNull();
    expect(checkLogoDataUri('data:text/html;base64,PGh0bWw+')).toBeNull();
  });
});

describe('resolveBrand', () => {
  it('keeps a valid colour and logo, and drops a logo that is not the image it claims', async () => {
    const png = `data:image/png;base64,${b64(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(16)]))}`;
    expect(await resolveBrand({ brand_color: '#E4572E', logo_url: png })).toEqual({ color: '#E4572E', logo: png });
    expect(await resolveBrand({ brand_color: '#E4572E', logo_url: 'data:image/png;base64,AAAA' })).toEqual({
      color: '#E4572E',
      logo: null,
    });
    expect(await resolveBrand({ brand_color: 'purple' })).toMatchObject({ logo: null, color: expect.stringMatching(/^#/) });
  });
});
