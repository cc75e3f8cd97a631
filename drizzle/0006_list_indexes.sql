DROP INDEX "videos_project_id_idx";--> statement-breakpoint
DROP INDEX "api_keys_account_id_created_at_idx";--> statement-breakpoint
DROP INDEX "library_videos_account_created_idx";--> statement-breakpoint
DROP INDEX "library_videos_account_live_created_idx";--> statement-breakpoint
DROP INDEX "videos_account_created_idx";--> statement-breakpoint
DROP INDEX "videos_account_status_created_idx";--> statement-breakpoint
DROP INDEX "webhook_deliveries_endpoint_created_idx";--> statement-breakpoint
DROP INDEX "webhook_endpoints_account_id_created_at_idx";--> statement-breakpoint
CREATE INDEX "videos_project_created_idx" ON "videos" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_status_created_idx" ON "webhook_deliveries" USING btree ("endpoint_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "api_keys_account_id_created_at_idx" ON "api_keys" USING btree ("account_id","created_at","id");--> statement-breakpoint
CREATE INDEX "library_videos_account_created_idx" ON "library_videos" USING btree ("account_id","created_at","media_id");--> statement-breakpoint
CREATE INDEX "library_videos_account_live_created_idx" ON "library_videos" USING btree ("account_id","created_at","media_id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "videos_account_created_idx" ON "videos" USING btree ("account_id","created_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "videos_account_status_created_idx" ON "videos" USING btree ("account_id","status","created_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_created_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_account_id_created_at_idx" ON "webhook_endpoints" USING btree ("account_id","created_at","id");