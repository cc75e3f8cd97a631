-- Queue tables turn over thousands of rows a minute: autovacuum visits them
-- after a fixed number of dead rows instead of its default 20 % of the table
-- (at a million finished jobs kept for the retention, 200,000 dead rows would
-- pile up first, and every claim walks them). See server/db/maintenance.ts;
-- where no autovacuum runs, the worker vacuums instead.
ALTER TABLE "jobs" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "outbox_events" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "webhook_deliveries" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "webhook_delivery_attempts" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "video_sessions" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);
