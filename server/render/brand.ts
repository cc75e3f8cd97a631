/**
 * Brand colour and logo for a render, from customer_data (`brand_color`,
 * `logo_url`). A render makes no network request, so a logo URL is fetched
 * here first (public addresses only, bounded size and time) and handed to the
 * composition as a data: URI.
 */
import { DEFAULT_BRAND, hexColorSchema, type Brand } from '../../remotion/props';
import { errorFields, logger } from '../lib/logger';
import { safeRequest } from '../lib/ssrf';

const MAX_LOGO_BYTES = 1024 * 1024;
const LOGO_TYPES = /^image\/(png|jpeg|webp|gif|svg\+xml|avif)$/;

export async function fetchLogoAsDataUri(url: string): Promise<string> {
  const res = await safeRequest(url, { timeoutMs: 10_000, maxBodyBytes: MAX_LOGO_BYTES + 1, headers: { accept: 'image/*' } });
  if (res.status !== 200) throw new Error(`logo_url answered HTTP ${res.status}`);
  if (res.truncated || res.body.length > MAX_LOGO_BYTES) throw new Error('logo_url is larger than 1 MB');
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!LOGO_TYPES.test(type)) throw new Error(`logo_url is not an image (content-type ${type || 'missing'})`);
  return `data:${type};base64,${res.body.toString('base64')}`;
}

export async function resolveBrand(customerData: Record<string, unknown>): Promise<Brand> {
  const colorParsed = hexColorSchema.safeParse(customerData.brand_color);
  const color = colorParsed.success ? colorParsed.data : DEFAULT_BRAND.color;
  const logoUrl = typeof customerData.logo_url === 'string' ? customerData.logo_url.trim() : '';
  if (!logoUrl) return { color, logo: null };
  if (/^data:image\//i.test(logoUrl)) return { color, logo: logoUrl.length <= 1_400_000 ? logoUrl : null };
  try {
    return { color, logo: await fetchLogoAsDataUri(logoUrl) };
  } catch (err) {
    // A broken logo must not fail the video: render without it and say why in the log.
    logger.warn('brand logo unusable; rendering without it', { logoUrl, ...errorFields(err) });
    return { color, logo: null };
  }
}
