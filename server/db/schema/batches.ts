/**
 * Batches (server/batches): many personalized videos from one request or one
 * CSV. A batch keeps the settings its items share and the rows that were
 * refused with their field errors; its accepted rows are ordinary videos
 * (videos.batch_id, videos.batch_row), so counts, progress and the item list
 * are read from the videos themselves.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { projects } from './projects';

/** A row the batch refused: its position in the request (0-based) and why. */
export interface BatchRejectedRow {
  row: number;
  title: string | null;
  errors: { field: string; message: string }[];
}

export const batches = pgTable(
  'batches',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    projectId: text('project_id').references(() => projects.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    templateId: text('template_id').notNull(),
    /** What the items share, as sent (ai_messaging, aspect_ratio(s), resolution, captions). */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    /** Rows in the request, accepted or not. */
    itemCount: integer('item_count').notNull(),
    rejected: jsonb('rejected').$type<BatchRejectedRow[]>().notNull().default([]),
    /** Where the rows came from: `api` or `csv` (with the file's name). */
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Set once, when the last accepted video reached published, failed or cancelled (batch.completed). */
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // The batch list, newest first (ORDER BY created_at DESC, id DESC), walked backwards (see index.ts).
    index('batches_account_created_idx').on(t.accountId, t.createdAt, t.id).where(sql`deleted_at is null`),
  ],
);

export type Batch = typeof batches.$inferSelect;
