/**
 * Stored objects taken out of public reach by a delete (storage/trash.ts):
 * each row is one object moved from its public key to an unguessable key
 * under `trash/`, kept there for a grace period (a library video can be
 * restored with its bytes), then purged. A row is written in the deleting
 * transaction before its object moves (`moved` false), so a crash between
 * the two leaves work the `storage.trash` job finishes.
 */
import { boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

export const storageTrash = pgTable(
  'storage_trash',
  {
    trashKey: text('trash_key').primaryKey(),
    // One row per public key at a time: deleting it again while in the trash changes nothing.
    originalKey: text('original_key').notNull().unique('storage_trash_original_key_unique'),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    moved: boolean('moved').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    purgeAfter: timestamp('purge_after', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('storage_trash_purge_after_idx').on(t.purgeAfter)],
);
