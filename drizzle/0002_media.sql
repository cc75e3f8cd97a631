CREATE TYPE "public"."media_kind" AS ENUM('video', 'image');--> statement-breakpoint
CREATE TYPE "public"."media_source" AS ENUM('upload', 'render');--> statement-breakpoint
CREATE TYPE "public"."media_state" AS ENUM('uploading', 'pending', 'in_progress', 'succeeded', 'failed', 'expired');--> statement-breakpoint
CREATE TABLE "library_videos" (
	"media_id" bigint PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"title" text,
	"description" text,
	"poster_image_media_id" bigint,
	"shared_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "media" (
	"id" bigint PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"kind" "media_kind" NOT NULL,
	"source" "media_source" DEFAULT 'upload' NOT NULL,
	"media_type" text NOT NULL,
	"media_category" text NOT NULL,
	"total_bytes" bigint NOT NULL,
	"state" "media_state" NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"error_code" integer,
	"error_name" text,
	"error_message" text,
	"job_id" text,
	"source_key" text,
	"file_key" text,
	"poster_key" text,
	"file_bytes" bigint,
	"duration_ms" integer,
	"width" integer,
	"height" integer,
	"aspect_ratio" text,
	"frame_rate" real,
	"transcode_reasons" text[],
	"rendered_video_id" text,
	"expires_at" timestamp with time zone,
	"finalized_at" timestamp with time zone,
	"processed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_segments" (
	"media_id" bigint NOT NULL,
	"segment_index" integer NOT NULL,
	"storage_key" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_segments_pkey" PRIMARY KEY("media_id","segment_index")
);
--> statement-breakpoint
ALTER TABLE "library_videos" ADD CONSTRAINT "library_videos_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_videos" ADD CONSTRAINT "library_videos_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_videos" ADD CONSTRAINT "library_videos_poster_image_media_id_media_id_fk" FOREIGN KEY ("poster_image_media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_segments" ADD CONSTRAINT "media_segments_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "library_videos_account_created_idx" ON "library_videos" USING btree ("account_id","created_at" DESC NULLS LAST,"media_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "library_videos_account_live_created_idx" ON "library_videos" USING btree ("account_id","created_at" DESC NULLS LAST,"media_id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "media_account_id_created_at_idx" ON "media" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "media_uploading_expires_at_idx" ON "media" USING btree ("expires_at") WHERE state = 'uploading';--> statement-breakpoint
CREATE INDEX "media_rendered_video_id_idx" ON "media" USING btree ("rendered_video_id") WHERE rendered_video_id is not null;