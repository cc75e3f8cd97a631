CREATE TABLE "brand_kits" (
	"account_id" text PRIMARY KEY NOT NULL,
	"color" text,
	"logo_url" text,
	"cta_label" text,
	"cta_url" text,
	"sender_name" text,
	"sender_title" text,
	"sender_photo_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "brand_kit" jsonb;--> statement-breakpoint
ALTER TABLE "brand_kits" ADD CONSTRAINT "brand_kits_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;