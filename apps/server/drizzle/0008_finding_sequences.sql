DROP INDEX "finding_comments_finding_idx";--> statement-breakpoint
DROP INDEX "finding_events_finding_idx";--> statement-breakpoint
ALTER TABLE "finding_comments" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "finding_comments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "finding_events" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "finding_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "finding_evidence" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "finding_evidence_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "finding_comments_finding_idx" ON "finding_comments" USING btree ("finding_id","seq");--> statement-breakpoint
CREATE INDEX "finding_events_finding_idx" ON "finding_events" USING btree ("finding_id","seq");--> statement-breakpoint
-- The review queue's index also carries the columns its filters and the visibility rule read, so counting a page's
-- matches is an index-only scan (drizzle's index builder has no INCLUDE: declared here, same name as in the schema).
DROP INDEX "findings_queue_idx";--> statement-breakpoint
CREATE INDEX "findings_queue_idx" ON "findings" USING btree ("campaign_id","status","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("kind","severity","organisation_id");
