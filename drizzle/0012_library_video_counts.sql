CREATE TABLE "library_video_counts" (
	"account_id" text NOT NULL,
	"deleted" boolean NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "library_video_counts_pkey" PRIMARY KEY("account_id","deleted")
);
--> statement-breakpoint
ALTER TABLE "library_video_counts" ADD CONSTRAINT "library_video_counts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "library_video_counts_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.account_id = NEW.account_id AND (OLD.deleted_at IS NULL) = (NEW.deleted_at IS NULL) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "library_video_counts" SET "count" = "count" - 1
      WHERE "account_id" = OLD.account_id AND "deleted" = (OLD.deleted_at IS NOT NULL);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "library_video_counts" AS c ("account_id", "deleted", "count")
      VALUES (NEW.account_id, NEW.deleted_at IS NOT NULL, 1)
      ON CONFLICT ("account_id", "deleted") DO UPDATE SET "count" = c."count" + 1;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "library_video_counts_keep" AFTER INSERT OR DELETE OR UPDATE OF "account_id", "deleted_at" ON "library_videos"
  FOR EACH ROW EXECUTE FUNCTION "library_video_counts_keep"();
--> statement-breakpoint
INSERT INTO "library_video_counts" ("account_id", "deleted", "count")
  SELECT "account_id", "deleted_at" IS NOT NULL, count(*) FROM "library_videos" GROUP BY 1, 2;
