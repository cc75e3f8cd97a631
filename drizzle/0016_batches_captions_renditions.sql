CREATE TABLE "batches" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"project_id" text,
	"name" text NOT NULL,
	"template_id" text NOT NULL,
	"settings" jsonb NOT NULL,
	"item_count" integer NOT NULL,
	"rejected" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "jobs_queued_claim_idx";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "order_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "jobs" SET "order_at" = "run_at";--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "batch_id" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "batch_row" integer;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "captions" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "captions_key" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "renditions" jsonb;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batches_account_created_idx" ON "batches" USING btree ("account_id","created_at","id") WHERE deleted_at is null;--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "videos_batch_row_idx" ON "videos" USING btree ("batch_id","batch_row");--> statement-breakpoint
CREATE INDEX "jobs_queued_claim_idx" ON "jobs" USING btree ("priority","order_at") WHERE status = 'queued';