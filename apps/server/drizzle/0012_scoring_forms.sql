CREATE TYPE "public"."campaign_form_kind" AS ENUM('self_inspection', 'service_evaluation', 'work_summary');--> statement-breakpoint
CREATE TYPE "public"."campaign_form_status" AS ENUM('draft', 'submitted', 'returned');--> statement-breakpoint
CREATE TABLE "campaign_form_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_form_deadlines" (
	"campaign_id" uuid NOT NULL,
	"kind" "campaign_form_kind" NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"remind_days_before" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "campaign_form_deadlines_campaign_id_kind_pk" PRIMARY KEY("campaign_id","kind")
);
--> statement-breakpoint
CREATE TABLE "campaign_form_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" "campaign_form_kind" NOT NULL,
	"organisation_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" "campaign_form_kind" NOT NULL,
	"organisation_id" uuid NOT NULL,
	"company_id" uuid,
	"service_company_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"overall_score" integer,
	"status" "campaign_form_status" DEFAULT 'draft' NOT NULL,
	"content" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manual_violations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_metric_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"active_slots" integer,
	"assets_tested" integer,
	"manual_requests" integer,
	"note" text,
	"entered_by" uuid,
	"entered_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_form_attachments" ADD CONSTRAINT "campaign_form_attachments_form_id_campaign_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."campaign_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_form_attachments" ADD CONSTRAINT "campaign_form_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_form_deadlines" ADD CONSTRAINT "campaign_form_deadlines_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_form_reminders" ADD CONSTRAINT "campaign_form_reminders_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_form_reminders" ADD CONSTRAINT "campaign_form_reminders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_forms" ADD CONSTRAINT "campaign_forms_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_forms" ADD CONSTRAINT "campaign_forms_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_forms" ADD CONSTRAINT "campaign_forms_company_id_testing_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."testing_companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_violations" ADD CONSTRAINT "manual_violations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_violations" ADD CONSTRAINT "manual_violations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_metric_entries" ADD CONSTRAINT "team_metric_entries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_metric_entries" ADD CONSTRAINT "team_metric_entries_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_form_attachments_file_idx" ON "campaign_form_attachments" USING btree ("form_id","file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_form_reminders_once_idx" ON "campaign_form_reminders" USING btree ("campaign_id","kind","organisation_id","due_at");--> statement-breakpoint
CREATE INDEX "campaign_form_reminders_org_idx" ON "campaign_form_reminders" USING btree ("organisation_id","reminded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_forms_single_idx" ON "campaign_forms" USING btree ("campaign_id","kind","organisation_id") WHERE "campaign_forms"."company_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_forms_evaluation_idx" ON "campaign_forms" USING btree ("campaign_id","kind","organisation_id","company_id") WHERE "campaign_forms"."company_id" is not null;--> statement-breakpoint
CREATE INDEX "campaign_forms_campaign_idx" ON "campaign_forms" USING btree ("campaign_id","kind","status");--> statement-breakpoint
CREATE INDEX "campaign_forms_company_idx" ON "campaign_forms" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "manual_violations_team_idx" ON "manual_violations" USING btree ("campaign_id","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_metric_entries_team_idx" ON "team_metric_entries" USING btree ("campaign_id","team_id");