/**
 * customer_data fields most templates read, and small text helpers for them.
 * Optional strings accept "" (many CRMs send empty strings) and are treated as
 * absent by `present`.
 */
import { z } from 'zod';

/** first_name (required), last_name, company, product_tier: spread into a template's schema. */
export const personFields = {
  first_name: z.string().trim().min(1).max(60).describe('First name of the viewer; shown large, so keep it to a name.'),
  last_name: z.string().trim().max(60).optional().describe('Last name; shown next to the first name where there is room.'),
  company: z.string().trim().max(80).optional().describe("The viewer's company. Fallback: the copy speaks to the viewer directly."),
  product_tier: z.string().trim().max(40).optional().describe('Plan or tier name, e.g. "Enterprise". Fallback: no plan badge.'),
};

/** An absolute http(s) link with a host: the only kind a viewer's browser should be sent to. */
export function isHttpLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * cta_url, which every template accepts: where the watch page's
 * call-to-action button leads. Without one the watch page shows no button
 * (the video's end card still says the CTA); anything but an http(s) link is
 * refused with a field error rather than dropped.
 */
export const ctaFields = {
  cta_url: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === '' || isHttpLink(v), { message: 'must be an http(s) link, e.g. https://acme.com/start' })
    .optional()
    .meta({
      title: 'Call-to-action link',
      format: 'uri',
      description: "Where the watch page's button leads (http or https). Without it the watch page shows no button.",
    }),
};

/** The string if it has visible content, else undefined. */
export function present(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** "Sarah Johnson", or just "Sarah" without a last name. */
export function fullName(first: string, last?: string): string {
  const l = present(last);
  return l ? `${first} ${l}` : first;
}

/** First user-perceived character (so "Émile" gives "É" and an emoji stays whole). */
export function initialOf(name: string): string {
  const trimmed = name.trim();
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    const first = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)[Symbol.iterator]().next();
    if (!first.done) return first.value.segment.toLocaleUpperCase();
  }
  return (Array.from(trimmed)[0] ?? '?').toLocaleUpperCase();
}

/** "a", "a and b", "a, b and c". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Takes the first `n` entries of a pool, cycling, so longer scripts never run out of copy. */
export function take<T>(pool: readonly T[], n: number): T[] {
  if (pool.length === 0) return [];
  return Array.from({ length: n }, (_, i) => pool[i % pool.length] as T);
}

/** snake_case or kebab-case feature keys ("usage_reports") as words ("Usage reports"). */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}

/** Ends a sentence with one full stop, even when it closes on "Acme Inc.". */
export function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
