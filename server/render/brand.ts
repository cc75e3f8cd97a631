/**
 * Brand colour and logo for a render, from customer_data (`brand_color`,
 * `logo_url`). A render makes no network request, so a logo URL is fetched
 * here first (public addresses only, bounded size and time) and handed to the
 * composition as a data: URI.
 *
 * A logo whose bytes are not the image type it claims (an HTML error page
 * served as image/png, a mangled data: URI) is dropped here, because inside
 * the composition an image that cannot load fails the whole render. Only the
 * signature is checked: an image corrupt beyond its header still reaches the
 * browser and fails the render as `template_error`.
 */
import { DEFAULT_BRAND, hexColorSchema, type Brand } from '../../remotion/props';
import { errorFields, logger } from '../lib/logger';
import { safeRequest } from '../lib/ssrf';

const MAX_LOGO_BYTES = 1024 * 1024;
const LOGO_TYPES = /^image\/(png|jpeg|webp|gif|svg\+xml|avif)$/;

/** Whether `bytes` start the way a file of this image type must (SVG: an <svg> element near the start). */
export function hasImageSignature(type: string, bytes: Buffer): boolean {
  const ascii = (from: number, to: number) => bytes.subarray(from, to).toString('latin1');
  switch (type) {
    case 'image/png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/jpeg':
    case 'image/jpg':
      return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'image/gif':
      return ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a';
    case 'image/webp':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
    case 'image/avif':
      return ascii(4, 8) === 'ftyp';
    case 'image/svg+xml':
      return /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString('utf8'));
    default:
      return false;
  }
}

const DATA_URI = /^data:(image\/[a-z0-9.+-]+)((?:;[a-z0-9=.+-]+)*?)(;base64)?,(.*)$/is;

/** The logo data: URI when its bytes are the image it declares, else null. */
export function checkLogoDataUri(uri: string): string | null {
  const match = DATA_URI.exec(uri);
  if (!match) return null;
  const type = match[1]!.toLowerCase();
  const payload = match[4]!;
  let bytes: Buffer;
  if (match[3]) {
    bytes = Buffer.from(payload, 'base64');
  } else {
    // Browsers also accept unescaped text (`width="100%"` in an SVG), which decodeURIComponent refuses.
    let text = payload;
    try {
      text = decodeURIComponent(payload);
    } catch {
      /* keep the raw text */
    }
    bytes = Buffer.from(text, 'utf8');
  }
  return hasImageSignature(type, bytes) ? uri : null;
}

export async function fetchLogoAsDataUri(url: string): Promise<string> {
  const res = await safeRequest(url, { timeoutMs: 10_000, maxBodyBytes: MAX_LOGO_BYTES + 1, headers: { accept: 'image/*' } });
  if (res.status !== 200) throw new Error(`logo_url answered HTTP ${res.status}`);
  if (res.truncated || res.body.length > MAX_LOGO_BYTES) throw new Error('logo_url is larger than 1 MB');
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!LOGO_TYPES.test(type)) throw new Error(`logo_url is not an image (content-type ${type || 'missing'})`);
  if (!hasImageSignature(type, res.body)) throw new Error(`logo_url is not a valid ${type} file`);
  return `data:${type};base64,${res.body.toString('base64')}`;
}

export async function resolveBrand(customerData: Record<string, unknown>): Promise<Brand> {
  const colorParsed = hexColorSchema.safeParse(customerData.brand_color);
  const color = colorParsed.success ? colorParsed.data : DEFAULT_BRAND.color;
  const logoUrl = typeof customerData.logo_url === 'string' ? customerData.logo_url.trim() : '';
  if (!logoUrl) return { color, logo: null };
  if (/^data:image\//i.test(logoUrl)) {
    const logo = logoUrl.length <= 1_400_000 ? checkLogoDataUri(logoUrl) : null;
    // Same policy as a broken logo URL below: render without it, and say why in the log.
    if (!logo) logger.warn('brand logo data: URI unusable; rendering without it', { logoUrl: logoUrl.slice(0, 64) });
    return { color, logo };
  }
  try {
    return { color, logo: await fetchLogoAsDataUri(logoUrl) };
  } catch (err) {
    // A broken logo must not fail the video: render without it and say why in the log.
    logger.warn('brand logo unusable; rendering without it', { logoUrl, ...errorFields(err) });
    return { color, logo: null };
  }
}
