/**
 * The brand a preview is drawn with, read from customer_data the way the
 * render does (server/render/brand.ts): `brand_color` when it is a hex
 * colour, else the default; `logo_url` when it is a data: image or an
 * http(s) URL. The render inlines a remote logo as a data: URI (and drops it
 * if it cannot be fetched); the browser simply loads it, which looks the same.
 */
import { brandSchema, DEFAULT_BRAND, hexColorSchema, type Brand } from '@/remotion/props';

export function brandFromCustomerData(data: Record<string, unknown>): Brand {
  const color = hexColorSchema.safeParse(data.brand_color);
  const logoUrl = typeof data.logo_url === 'string' ? data.logo_url.trim() : '';
  const logo = logoUrl ? brandSchema.shape.logo.safeParse(logoUrl) : null;
  return {
    color: color.success ? color.data : DEFAULT_BRAND.color,
    logo: logo?.success ? logo.data : null,
  };
}
