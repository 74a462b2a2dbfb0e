DROP TABLE "gateway_records" CASCADE;--> statement-breakpoint
DROP TYPE "public"."gateway_channel";--> statement-breakpoint
DROP TYPE "public"."gateway_verdict";