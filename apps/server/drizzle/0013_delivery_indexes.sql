DROP INDEX "deliveries_notice_idx";--> statement-breakpoint
DROP INDEX "deliveries_dedupe_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_dedupe_idx" ON "deliveries" USING btree ("notice_id","dedupe_key");