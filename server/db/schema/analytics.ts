/**
 * Playback analytics from the watch page's beacons. One row per playback
 * session (a browser tab playing a video), and per-day totals per video for
 * the chart. Video-level totals live on `videos` and change in the same
 * transaction as these rows.
 */
import { boolean, date, index, integer, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { videos } from './videos';

export const videoSessions = pgTable(
  'video_sessions',
  {
    videoId: text('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    // Random id the player makes per playback; no cookie needed.
    sessionId: text('session_id').notNull(),
    accountId: text('account_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastEventAt: timestamp('last_event_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // Seconds of the video actually played (ranges merged, seeks do not inflate it).
    watchedSeconds: real('watched_seconds').notNull().default(0),
    maxPositionSeconds: real('max_position_seconds').notNull().default(0),
    completed: boolean('completed').notNull().default(false),
    ctaClicked: boolean('cta_clicked').notNull().default(false),
    // Merged [start, end] ranges played, as a flat list of pairs (bounded in size).
    playedRanges: text('played_ranges').notNull().default('[]'),
  },
  (t) => [
    primaryKey({ name: 'video_sessions_pkey', columns: [t.videoId, t.sessionId] }),
    index('video_sessions_account_started_idx').on(t.accountId, t.startedAt),
  ],
);

export const videoDailyStats = pgTable(
  'video_daily_stats',
  {
    videoId: text('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    views: integer('views').notNull().default(0),
    completedViews: integer('completed_views').notNull().default(0),
    watchSeconds: real('watch_seconds').notNull().default(0),
    ctaClicks: integer('cta_clicks').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'video_daily_stats_pkey', columns: [t.videoId, t.day] })],
);

export type VideoSession = typeof videoSessions.$inferSelect;
