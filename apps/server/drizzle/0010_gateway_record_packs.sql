CREATE TABLE "gateway_activity" (
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"slot" bigint NOT NULL,
	"asset_id" uuid NOT NULL,
	"requests" integer NOT NULL,
	"manual_requests" integer NOT NULL,
	CONSTRAINT "gateway_activity_campaign_id_team_id_slot_asset_id_pk" PRIMARY KEY("campaign_id","team_id","slot","asset_id")
);
--> statement-breakpoint
CREATE TABLE "gateway_record_packs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid,
	"team_id" uuid,
	"user_id" uuid,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"refused" integer NOT NULL,
	"format" smallint NOT NULL,
	"records" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "gateway_record_packs_campaign_idx" ON "gateway_record_packs" USING btree ("campaign_id","last_at");--> statement-breakpoint
CREATE INDEX "gateway_record_packs_team_idx" ON "gateway_record_packs" USING btree ("team_id","last_at");--> statement-breakpoint
CREATE INDEX "gateway_record_packs_user_idx" ON "gateway_record_packs" USING btree ("user_id","last_at");