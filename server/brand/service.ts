/**
 * Brand kits. An account's kit gives its videos their defaults: the brand
 * colour, logo and call-to-action link fill customer_data's `brand_color`,
 * `logo_url` and `cta_url` when a request leaves them out (or empty), and the
 * CTA label replaces the template's default wording. The sender (name, title,
 * photo) is shown on the watch page. A video keeps a copy of the kit from its
 * creation, so later edits never change a video already made, and customer_data
 * stays exactly what the caller sent.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { brandKits, type BrandKitRow, type MembershipRole } from '../db/schema';
import { requireRole } from '../accounts/roles';
import { fromZodError } from '../lib/errors';
import { writeScript, type WriteScriptParams, type WriteScriptResult } from '../messaging/service';
import { brandKitInput, EMPTY_BRAND_KIT, type BrandKit, type BrandKitInput, type Sender } from './schemas';

function toKit(row: BrandKitRow | undefined): BrandKit {
  if (!row) return { ...EMPTY_BRAND_KIT };
  return {
    color: row.color,
    logo_url: row.logoUrl,
    cta_label: row.ctaLabel,
    cta_url: row.ctaUrl,
    sender_name: row.senderName,
    sender_title: row.senderTitle,
    sender_photo_url: row.senderPhotoUrl,
  };
}

export async function getBrandKit(db: Db, accountId: string): Promise<BrandKit> {
  const [row] = await db.select().from(brandKits).where(eq(brandKits.accountId, accountId)).limit(1);
  return toKit(row);
}

/** Saves the fields given (null or "" clears one; a field left out keeps its value). Owners and admins only. */
export async function updateBrandKit(db: Db, accountId: string, role: MembershipRole, input: BrandKitInput): Promise<BrandKit> {
  requireRole(role, 'admin', 'change the brand kit');
  const parsed = brandKitInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const p = parsed.data;
  const values = {
    ...(p.color !== undefined ? { color: p.color } : {}),
    ...(p.logo_url !== undefined ? { logoUrl: p.logo_url } : {}),
    ...(p.cta_label !== undefined ? { ctaLabel: p.cta_label } : {}),
    ...(p.cta_url !== undefined ? { ctaUrl: p.cta_url } : {}),
    ...(p.sender_name !== undefined ? { senderName: p.sender_name } : {}),
    ...(p.sender_title !== undefined ? { senderTitle: p.sender_title } : {}),
    ...(p.sender_photo_url !== undefined ? { senderPhotoUrl: p.sender_photo_url } : {}),
  };
  const [row] = await db
    .insert(brandKits)
    .values({ accountId, ...values })
    .onConflictDoUpdate({ target: brandKits.accountId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return toKit(row);
}

/** The kit as a video keeps it (videos.brand_kit): only the fields that are set. */
export function kitSnapshot(kit: BrandKit): Record<string, string> | null {
  const set = Object.entries(kit).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return set.length ? Object.fromEntries(set) : null;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * customer_data as a video is rendered and written: the caller's, with the
 * kit's colour, logo and CTA link where the caller left them out.
 */
export function withBrandDefaults(customerData: Record<string, unknown>, kit: Partial<BrandKit> | null | undefined): Record<string, unknown> {
  if (!kit) return customerData;
  const out = { ...customerData };
  if (kit.color && blank(out.brand_color)) out.brand_color = kit.color;
  if (kit.logo_url && blank(out.logo_url)) out.logo_url = kit.logo_url;
  if (kit.cta_url && blank(out.cta_url)) out.cta_url = kit.cta_url;
  return out;
}

/** Who sent the video, from its kit copy; null without a sender name. */
export function senderOf(kit: Partial<BrandKit> | null | undefined): Sender | null {
  if (!kit?.sender_name) return null;
  return { name: kit.sender_name, title: kit.sender_title ?? null, photo_url: kit.sender_photo_url ?? null };
}

/** A script the platform wrote, with the kit's CTA label instead of the template's wording. */
export function withBrandCta<S extends { cta?: { label: string; url: string | null } | null }>(script: S, kit: Partial<BrandKit> | null | undefined): S {
  if (!kit?.cta_label || !script.cta) return script;
  return { ...script, cta: { ...script.cta, label: kit.cta_label } };
}

/**
 * The configured writer's script for a video made with this kit: the kit's
 * defaults in customer_data, its CTA label on the result. Render, API preview
 * and the create form all write through here, so they say the same.
 */
export async function writeScriptWithKit(
  kit: Partial<BrandKit> | null | undefined,
  params: WriteScriptParams,
  options: { signal?: AbortSignal } = {},
): Promise<WriteScriptResult> {
  // Raw customer_data that is not an object is left for the writer to refuse.
  const data = params.customerData;
  const customerData = data && typeof data === 'object' && !Array.isArray(data) ? withBrandDefaults(data as Record<string, unknown>, kit) : data;
  const result = await writeScript({ ...params, customerData }, options);
  return { ...result, script: withBrandCta(result.script, kit) };
}
