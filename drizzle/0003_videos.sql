CREATE TYPE "public"."video_status" AS ENUM('draft', 'processing', 'published', 'failed');--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"account_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
CREATE TABLE "video_counts" (
	"account_id" text NOT NULL,
	"status" "video_status" NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "video_counts_pkey" PRIMARY KEY("account_id","status")
);
--> statement-breakpoint
CREATE TABLE "videos" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"project_id" text,
	"title" text NOT NULL,
	"template_id" text NOT NULL,
	"template_version" text,
	"status" "video_status" NOT NULL,
	"aspect_ratio" text NOT NULL,
	"resolution" text DEFAULT 'standard' NOT NULL,
	"customer_data" jsonb NOT NULL,
	"ai_messaging" jsonb,
	"script" jsonb,
	"brand" jsonb,
	"metadata" jsonb,
	"duration_seconds" real,
	"width" integer,
	"height" integer,
	"size_bytes" bigint,
	"video_key" text,
	"thumbnail_key" text,
	"progress" real DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"render_job_id" text,
	"submitted_at" timestamp with time zone,
	"render_started_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"render_ms" integer,
	"views" integer DEFAULT 0 NOT NULL,
	"completed_views" integer DEFAULT 0 NOT NULL,
	"watch_seconds" real DEFAULT 0 NOT NULL,
	"cta_clicks" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "video_daily_stats" (
	"video_id" text NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"completed_views" integer DEFAULT 0 NOT NULL,
	"watch_seconds" real DEFAULT 0 NOT NULL,
	"cta_clicks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "video_daily_stats_pkey" PRIMARY KEY("video_id","day")
);
--> statement-breakpoint
CREATE TABLE "video_sessions" (
	"video_id" text NOT NULL,
	"session_id" text NOT NULL,
	"account_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_event_at" timestamp with time zone DEFAULT now() NOT NULL,
	"watched_seconds" real DEFAULT 0 NOT NULL,
	"max_position_seconds" real DEFAULT 0 NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"cta_clicked" boolean DEFAULT false NOT NULL,
	"played_ranges" text DEFAULT '[]' NOT NULL,
	CONSTRAINT "video_sessions_pkey" PRIMARY KEY("video_id","session_id")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_counts" ADD CONSTRAINT "video_counts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_daily_stats" ADD CONSTRAINT "video_daily_stats_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_sessions" ADD CONSTRAINT "video_sessions_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "videos_account_created_idx" ON "videos" USING btree ("account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "videos_account_status_created_idx" ON "videos" USING btree ("account_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "videos_project_id_idx" ON "videos" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "video_sessions_account_started_idx" ON "video_sessions" USING btree ("account_id","started_at");