CREATE TYPE "public"."api_key_kind" AS ENUM('bearer', 'oauth1');--> statement-breakpoint
CREATE TABLE "oauth_nonces" (
	"key_id" text NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oauth_nonces_pkey" PRIMARY KEY("key_id","nonce")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "kind" "api_key_kind" DEFAULT 'bearer' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "consumer_key" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "oauth_secrets" text;--> statement-breakpoint
ALTER TABLE "oauth_nonces" ADD CONSTRAINT "oauth_nonces_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_nonces_expires_at_idx" ON "oauth_nonces" USING btree ("expires_at");