/** The brand kit's input and output shapes, shared by tRPC, the service and the UI. */
import { z } from 'zod';
import { hexColorSchema } from '../../remotion/props';
import { SCRIPT_LIMITS } from '../../remotion/script';
import { isHttpLink } from '../../remotion/templates/common';

/** An uploaded image as a data: URI (the Settings page reads the file) or an http(s) link. */
const IMAGE_DATA_URI = /^data:image\/(png|jpeg|webp|gif)(;[a-z0-9=.+-]+)*;base64,[A-Za-z0-9+/]+=*$/i;
/** 512 KiB of image as base64. */
export const MAX_BRAND_IMAGE_CHARS = 700_000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

const imageField = z
  .string()
  .trim()
  .max(MAX_BRAND_IMAGE_CHARS, 'is too large: use an image under 512 KB')
  .refine((v) => v === '' || IMAGE_DATA_URI.test(v) || isHttpLink(v), {
    message: 'must be an http(s) link to an image, or an uploaded PNG, JPEG, WebP or GIF',
  })
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

export const brandKitInput = z.object({
  color: z
    .union([z.literal(''), hexColorSchema])
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  logo_url: imageField,
  cta_label: optionalText(SCRIPT_LIMITS.ctaLabel),
  cta_url: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === '' || isHttpLink(v), { message: 'must be an http(s) link, e.g. https://acme.com/start' })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  sender_name: optionalText(60),
  sender_title: optionalText(80),
  sender_photo_url: imageField,
});
export type BrandKitInput = z.input<typeof brandKitInput>;

/** The kit as the API and UI read it; every field may be unset. */
export interface BrandKit {
  color: string | null;
  logo_url: string | null;
  cta_label: string | null;
  cta_url: string | null;
  sender_name: string | null;
  sender_title: string | null;
  sender_photo_url: string | null;
}

export const EMPTY_BRAND_KIT: BrandKit = {
  color: null,
  logo_url: null,
  cta_label: null,
  cta_url: null,
  sender_name: null,
  sender_title: null,
  sender_photo_url: null,
};

/** Who a video is from, as the watch page shows it. */
export interface Sender {
  name: string;
  title: string | null;
  photo_url: string | null;
}
