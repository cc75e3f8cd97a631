/**
 * Props of every template composition, and how they decide the output size.
 *
 * The render worker passes these as `inputProps`; the UI passes the same object
 * to `@remotion/player`. `brand.logo` must already be local (a data: URI, or an
 * http(s) URL the server serves itself): a render makes no outside request.
 */
import { z } from 'zod';
import { ASPECT_RATIOS, RESOLUTIONS } from './formats';
import { scriptSchema } from './script';

export { ASPECT_RATIOS, dimensionsFor, FPS, RESOLUTIONS, type AspectRatio, type Resolution } from './formats';

// SVG is allowed: it is rendered by the browser's <img>, which never runs its scripts.
const LOGO_DATA_URI = /^data:image\/(png|jpeg|jpg|webp|gif|svg\+xml|avif)(;[a-z0-9=.+-]+)*(;base64)?,/i;

export const hexColorSchema = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #4F46E5');

export const brandSchema = z.object({
  color: hexColorSchema,
  logo: z
    .string()
    .max(3_000_000)
    .refine((v) => LOGO_DATA_URI.test(v) || /^https?:\/\/[^\s]+$/i.test(v), {
      message: 'must be a data:image/… URI or an http(s) URL served by this platform',
    })
    .nullable(),
});

/** inputProps of every composition (see the file header). */
export const compositionPropsSchema = z.object({
  template_id: z.string().regex(/^tmpl_[a-z0-9_]+$/, 'must be a template id such as tmpl_welcome_message'),
  customer_data: z.record(z.string(), z.unknown()),
  script: scriptSchema,
  aspect_ratio: z.enum(ASPECT_RATIOS),
  resolution: z.enum(RESOLUTIONS),
  brand: brandSchema,
  /** Draw the script's captions into the frames, in a band near the bottom (remotion/captions.ts). */
  burned_captions: z.boolean().optional(),
});

export type Brand = z.infer<typeof brandSchema>;
export type CompositionProps = z.infer<typeof compositionPropsSchema>;

/** Brand used by previews when the account has set none. */
export const DEFAULT_BRAND: Brand = { color: '#6D5EF7', logo: null };
