CREATE TABLE "storage_trash" (
	"trash_key" text PRIMARY KEY NOT NULL,
	"original_key" text NOT NULL,
	"account_id" text NOT NULL,
	"moved" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"purge_after" timestamp with time zone NOT NULL,
	CONSTRAINT "storage_trash_original_key_unique" UNIQUE("original_key")
);
--> statement-breakpoint
ALTER TABLE "storage_trash" ADD CONSTRAINT "storage_trash_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "storage_trash_purge_after_idx" ON "storage_trash" USING btree ("purge_after");