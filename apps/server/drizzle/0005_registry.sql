CREATE TYPE "public"."asset_conflict_decision" AS ENUM('shared', 'assigned');--> statement-breakpoint
CREATE TYPE "public"."asset_network_kind" AS ENUM('host', 'wildcard', 'cidr');--> statement-breakpoint
CREATE TYPE "public"."asset_source" AS ENUM('self_reported', 'discovered', 'imported');--> statement-breakpoint
CREATE TYPE "public"."asset_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."asset_type" AS ENUM('website', 'domain', 'ip', 'cloud', 'app', 'other');--> statement-breakpoint
CREATE TYPE "public"."registry_import_kind" AS ENUM('organisations', 'assets');--> statement-breakpoint
CREATE TYPE "public"."registry_import_status" AS ENUM('running', 'rejected', 'failed', 'done');--> statement-breakpoint
CREATE TYPE "public"."census_participant_status" AS ENUM('pending', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."census_round_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "asset_conflict_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"identifier" text NOT NULL,
	"asset_ids" uuid[] NOT NULL,
	"decision" "asset_conflict_decision" NOT NULL,
	"kept_asset_id" uuid,
	"note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "asset_registry_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"type" "asset_type" NOT NULL,
	"identifier" text NOT NULL,
	"canonical" text NOT NULL,
	"identity_key" text NOT NULL,
	"network_kind" "asset_network_kind",
	"network" "cidr",
	"path" text,
	"ports" integer[],
	"name" text,
	"source" "asset_source" NOT NULL,
	"status" "asset_status" DEFAULT 'active' NOT NULL,
	"information_system_id" uuid,
	"notes" text,
	"import_id" uuid,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "registry_import_kind" NOT NULL,
	"status" "registry_import_status" DEFAULT 'running' NOT NULL,
	"file_name" text NOT NULL,
	"format" text,
	"file_bytes" bigint NOT NULL,
	"encoding" text,
	"total_rows" integer,
	"inserted_rows" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text,
	"created_by" uuid,
	"created_by_name" text,
	"organisation_path" text,
	"region_path" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "census_participants" (
	"round_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" "census_participant_status" DEFAULT 'pending' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submissions" integer DEFAULT 0 NOT NULL,
	"asset_count" integer,
	"statement" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "census_participants_round_id_organisation_id_pk" PRIMARY KEY("round_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "census_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_id" uuid NOT NULL,
	"campaign_id" uuid,
	"deadline" timestamp with time zone NOT NULL,
	"status" "census_round_status" DEFAULT 'open' NOT NULL,
	"notes" text,
	"created_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_snapshot_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"type" "asset_type" NOT NULL,
	"identifier" text NOT NULL,
	"canonical" text NOT NULL,
	"path" text,
	"ports" integer[],
	"name" text
);
--> statement-breakpoint
ALTER TABLE "organisation_contacts" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "organisation_contacts" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_participants" ADD CONSTRAINT "census_participants_round_id_census_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."census_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_participants" ADD CONSTRAINT "census_participants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_rounds" ADD CONSTRAINT "census_rounds_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "asset_conflict_decisions_key_idx" ON "asset_conflict_decisions" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "assets_identity_idx" ON "assets" USING btree ("organisation_id","type","identity_key");--> statement-breakpoint
CREATE INDEX "assets_canonical_idx" ON "assets" USING btree ("canonical");--> statement-breakpoint
CREATE INDEX "assets_org_status_idx" ON "assets" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "assets_import_idx" ON "assets" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "registry_imports_created_idx" ON "registry_imports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "census_participants_org_idx" ON "census_participants" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "census_rounds_region_idx" ON "census_rounds" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "census_rounds_campaign_idx" ON "census_rounds" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "census_snapshot_round_org_idx" ON "census_snapshot_assets" USING btree ("round_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "census_snapshot_asset_idx" ON "census_snapshot_assets" USING btree ("round_id","organisation_id","asset_id");