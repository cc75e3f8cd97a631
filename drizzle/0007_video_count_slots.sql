ALTER TABLE "video_counts" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "video_counts" DROP CONSTRAINT "video_counts_pkey";
--> statement-breakpoint
ALTER TABLE "video_counts" ADD CONSTRAINT "video_counts_pkey" PRIMARY KEY("account_id","status","slot");