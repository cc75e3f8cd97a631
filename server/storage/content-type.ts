/**
 * Content types by extension, for objects stored without an explicit type,
 * and which types are safe to serve inline from the app's own origin.
 */
const byExtension: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  ts: 'video/mp2t',
  m3u8: 'application/vnd.apple.mpegurl',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The type implied by the key's extension, else application/octet-stream. */
export function contentTypeForKey(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return DEFAULT_CONTENT_TYPE;
  return byExtension[name.slice(dot + 1).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

/**
 * Types a browser only displays (media, raster images, plain data). Anything
 * else (HTML, SVG, XML, scripts) could run script on the app's origin if a
 * caller ever stored one, so serve.ts sends those sandboxed, as attachments.
 */
export function isPassiveContentType(contentType: string): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type.startsWith('video/') || type.startsWith('audio/')) return true;
  if (type.startsWith('image/')) return type !== 'image/svg+xml';
  return [
    'application/octet-stream',
    'application/json',
    'application/zip',
    'application/vnd.apple.mpegurl',
    'application/x-subrip',
    'text/plain',
    'text/vtt',
  ].includes(type);
}
