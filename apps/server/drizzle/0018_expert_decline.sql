ALTER TABLE "dengbao_grading_reviews" ADD COLUMN "declined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dengbao_grading_reviews" ADD COLUMN "decline_reason" text;