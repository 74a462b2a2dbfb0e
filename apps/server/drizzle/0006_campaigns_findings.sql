CREATE TYPE "public"."campaign_phase_kind" AS ENUM('asset_census', 'self_inspection', 'testing', 'rectification', 'retest', 'summary');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."finding_draft_status" AS ENUM('pending', 'submitted', 'discarded');--> statement-breakpoint
CREATE TYPE "public"."finding_appeal" AS ENUM('pending', 'upheld', 'granted');--> statement-breakpoint
CREATE TYPE "public"."finding_kind" AS ENUM('vulnerability', 'weak_password', 'intrusion_trace', 'data_leak', 'unreported_asset');--> statement-breakpoint
CREATE TYPE "public"."finding_severity" AS ENUM('critical', 'high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."finding_source_level" AS ENUM('city', 'province');--> statement-breakpoint
CREATE TYPE "public"."finding_status" AS ENUM('submitted', 'verified', 'rejected', 'duplicate', 'notified', 'rectification_submitted', 'returned', 'fixed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."severity_source" AS ENUM('cvss', 'tester', 'reviewer');--> statement-breakpoint
CREATE TABLE "campaign_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" "campaign_phase_kind" NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone NOT NULL,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_name" text NOT NULL,
	"organisation_category" "organisation_category" NOT NULL,
	"credit_code" text,
	"is_industry_regulator" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"region_id" uuid NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"template" text NOT NULL,
	"description" text,
	"unit_standard_id" text NOT NULL,
	"unit_standard_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"team_standard_id" text NOT NULL,
	"team_standard_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"testing_starts_at" timestamp with time zone NOT NULL,
	"testing_ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"activated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_targets" (
	"team_id" uuid NOT NULL,
	"campaign_target_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"lead_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "testing_companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"author_role" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"organisation_id" uuid,
	"asset_id" uuid,
	"target" text NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"cve" text[] DEFAULT '{}'::text[] NOT NULL,
	"cwe" integer,
	"cvss_vector" text,
	"description" text DEFAULT '' NOT NULL,
	"solution" text DEFAULT '' NOT NULL,
	"tool_id" text,
	"endpoints" jsonb NOT NULL,
	"status" "finding_draft_status" DEFAULT 'pending' NOT NULL,
	"finding_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"actor_role" text,
	"action" text NOT NULL,
	"from_status" "finding_status",
	"to_status" "finding_status",
	"note" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"submitted_by" uuid,
	"organisation_id" uuid,
	"asset_id" uuid,
	"target" text NOT NULL,
	"target_host" text,
	"target_location" text,
	"kind" "finding_kind" NOT NULL,
	"title" text NOT NULL,
	"title_key" text NOT NULL,
	"description_md" text DEFAULT '' NOT NULL,
	"reproduction_md" text DEFAULT '' NOT NULL,
	"cvss_vector" text,
	"cvss_version" text,
	"cvss_base" numeric(3, 1),
	"severity" "finding_severity" NOT NULL,
	"severity_source" "severity_source" NOT NULL,
	"severity_reason" text,
	"cve" text[] DEFAULT '{}'::text[] NOT NULL,
	"cwe" integer,
	"webshell_paths" text[] DEFAULT '{}'::text[] NOT NULL,
	"data_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"record_count" integer,
	"is_sensitive" boolean,
	"source_level" "finding_source_level" DEFAULT 'city' NOT NULL,
	"status" "finding_status" DEFAULT 'submitted' NOT NULL,
	"appeal" "finding_appeal",
	"duplicate_of_id" uuid,
	"possible_duplicate_of_id" uuid,
	"client_request_id" text,
	"client_request_hash" text,
	"draft_id" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"rejected_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"rectification_submitted_at" timestamp with time zone,
	"fixed_at" timestamp with time zone,
	"not_fixed_retests" integer DEFAULT 0 NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"file_id" uuid,
	"file_name" text NOT NULL,
	"tool" text NOT NULL,
	"format" text NOT NULL,
	"finding_count" integer NOT NULL,
	"draft_count" integer NOT NULL,
	"unmatched_draft_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_phases" ADD CONSTRAINT "campaign_phases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_targets" ADD CONSTRAINT "team_targets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_targets" ADD CONSTRAINT "team_targets_campaign_target_id_campaign_targets_id_fk" FOREIGN KEY ("campaign_target_id") REFERENCES "public"."campaign_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_company_id_testing_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."testing_companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_lead_user_id_users_id_fk" FOREIGN KEY ("lead_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testing_companies" ADD CONSTRAINT "testing_companies_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_comments" ADD CONSTRAINT "finding_comments_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_drafts" ADD CONSTRAINT "finding_drafts_import_id_scan_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."scan_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_drafts" ADD CONSTRAINT "finding_drafts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_evidence" ADD CONSTRAINT "finding_evidence_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_evidence" ADD CONSTRAINT "finding_evidence_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_duplicate_of_id_findings_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."findings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_imports" ADD CONSTRAINT "scan_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_phases_kind_idx" ON "campaign_phases" USING btree ("campaign_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_targets_org_idx" ON "campaign_targets" USING btree ("campaign_id","organisation_id");--> statement-breakpoint
CREATE INDEX "campaign_targets_organisation_idx" ON "campaign_targets" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "campaigns_region_idx" ON "campaigns" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_region_name_idx" ON "campaigns" USING btree ("region_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "team_targets_pk_idx" ON "team_targets" USING btree ("team_id","campaign_target_id");--> statement-breakpoint
CREATE INDEX "team_targets_target_idx" ON "team_targets" USING btree ("campaign_target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_campaign_name_idx" ON "teams" USING btree ("campaign_id","name");--> statement-breakpoint
CREATE INDEX "teams_company_idx" ON "teams" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "testing_companies_region_name_idx" ON "testing_companies" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "finding_comments_finding_idx" ON "finding_comments" USING btree ("finding_id","created_at");--> statement-breakpoint
CREATE INDEX "finding_drafts_import_idx" ON "finding_drafts" USING btree ("import_id","status","ordinal");--> statement-breakpoint
CREATE INDEX "finding_drafts_org_idx" ON "finding_drafts" USING btree ("import_id","organisation_id");--> statement-breakpoint
CREATE INDEX "finding_events_finding_idx" ON "finding_events" USING btree ("finding_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "finding_evidence_file_idx" ON "finding_evidence" USING btree ("finding_id","file_id");--> statement-breakpoint
CREATE INDEX "findings_queue_idx" ON "findings" USING btree ("campaign_id","status","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "findings_campaign_time_idx" ON "findings" USING btree ("campaign_id","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "findings_team_idx" ON "findings" USING btree ("team_id","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "findings_organisation_idx" ON "findings" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "findings_duplicate_rule_idx" ON "findings" USING btree ("campaign_id","organisation_id","target_host");--> statement-breakpoint
CREATE INDEX "findings_duplicate_of_idx" ON "findings" USING btree ("duplicate_of_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_client_request_idx" ON "findings" USING btree ("submitted_by","client_request_id");--> statement-breakpoint
CREATE INDEX "scan_imports_team_idx" ON "scan_imports" USING btree ("team_id","created_at");--> statement-breakpoint
-- Team membership (users.team_id, declared in users.ts without a reference) now points at the campaigns module's teams.
ALTER TABLE "users" ADD CONSTRAINT "users_team_membership_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;
