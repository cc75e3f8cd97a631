/**
 * An account's brand kit: the defaults its videos are made with (colour,
 * logo, call to action) and who they are from (the sender shown on the watch
 * page). One row per account; a video keeps a copy from its creation
 * (videos.brand_kit), so editing the kit never changes a video already made.
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

export const brandKits = pgTable('brand_kits', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  color: text('color'),
  logoUrl: text('logo_url'),
  ctaLabel: text('cta_label'),
  ctaUrl: text('cta_url'),
  senderName: text('sender_name'),
  senderTitle: text('sender_title'),
  senderPhotoUrl: text('sender_photo_url'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type BrandKitRow = typeof brandKits.$inferSelect;
