/**
 * Sliding-window request counters shared by every web process (used when
 * DATABASE_URL is set): this window's count and the previous window's, which
 * server/http/rate-limit.ts weighs by how much of it still overlaps.
 */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
  count: integer('count').notNull(),
  previousCount: integer('previous_count').notNull().default(0),
  windowMs: integer('window_ms').notNull().default(60_000),
});
