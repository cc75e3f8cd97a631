ALTER TABLE "rate_limit_buckets" ADD COLUMN "previous_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rate_limit_buckets" ADD COLUMN "window_ms" integer DEFAULT 60000 NOT NULL;