ALTER TABLE "deliveries" ALTER COLUMN "notice_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "subject_type" text DEFAULT 'notice' NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "city_evaluations" ADD COLUMN "evidence" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_subject_dedupe_idx" ON "deliveries" USING btree ("subject_type","dedupe_key") WHERE "deliveries"."notice_id" is null;