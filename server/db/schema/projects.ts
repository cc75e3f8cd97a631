/** Projects group an account's videos (the seed's `project_id`). */
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

export const projects = pgTable(
  'projects',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // The project list, newest first (ORDER BY created_at DESC, id DESC), walked backwards.
  (t) => [index('projects_account_id_created_at_idx').on(t.accountId, t.createdAt, t.id)],
);

export type Project = typeof projects.$inferSelect;
