CREATE TYPE "public"."dengbao_assessment_conclusion" AS ENUM('compliant', 'basically_compliant', 'non_compliant');--> statement-breakpoint
CREATE TYPE "public"."dengbao_expert_opinion" AS ENUM('agree', 'agree_with_changes', 'disagree');--> statement-breakpoint
CREATE TYPE "public"."dengbao_grading_status" AS ENUM('submitted', 'under_review', 'reviewed', 'approved', 'filed', 'returned');--> statement-breakpoint
CREATE TYPE "public"."information_system_type" AS ENUM('traditional', 'cloud', 'iot', 'ics', 'mobile', 'big_data', 'other');--> statement-breakpoint
CREATE TYPE "public"."dengbao_rectification_severity" AS ENUM('high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."dengbao_rectification_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."dengbao_system_stage" AS ENUM('ungraded', 'submitted', 'under_review', 'reviewed', 'approved', 'filed', 'returned');--> statement-breakpoint
CREATE TYPE "public"."city_evaluation_scenario" AS ENUM('full', 'special', 'phased');--> statement-breakpoint
CREATE TYPE "public"."city_evaluation_status" AS ENUM('in_progress', 'completed');--> statement-breakpoint
CREATE TYPE "public"."inspection_status" AS ENUM('in_progress', 'signed_off');--> statement-breakpoint
CREATE TABLE "dengbao_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"assessed_on" date NOT NULL,
	"institution" text NOT NULL,
	"conclusion" "dengbao_assessment_conclusion" NOT NULL,
	"score" numeric(5, 2),
	"level" integer NOT NULL,
	"report_number" text,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dengbao_region_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"grading_and_filing_due" date NOT NULL,
	"assessment_due" date NOT NULL,
	"rectification_due" date NOT NULL,
	"level2_interval_months" integer,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dengbao_expert_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grading_id" uuid NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone NOT NULL,
	"seed" text NOT NULL,
	"requested" integer NOT NULL,
	"pool_user_ids" jsonb NOT NULL,
	"selected_user_ids" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dengbao_grading_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grading_id" uuid NOT NULL,
	"draw_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"opinion" "dengbao_expert_opinion",
	"suggested_level" integer,
	"comments" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" "information_system_type" NOT NULL,
	"description" text,
	"is_critical_infrastructure" boolean DEFAULT false NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stage" "dengbao_system_stage" DEFAULT 'ungraded' NOT NULL,
	"proposed_level" integer,
	"latest_grading_id" uuid,
	"filed_level" integer,
	"filing_number" text,
	"filed_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dengbao_rectification_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"severity" "dengbao_rectification_severity" NOT NULL,
	"owner" text NOT NULL,
	"deadline" date NOT NULL,
	"status" "dengbao_rectification_status" DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dengbao_rectification_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" uuid,
	"note" text NOT NULL,
	"status_after" "dengbao_rectification_status"
);
--> statement-breakpoint
CREATE TABLE "dengbao_gradings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"status" "dengbao_grading_status" NOT NULL,
	"source" text DEFAULT 'wizard' NOT NULL,
	"business_object" text NOT NULL,
	"business_degree" text NOT NULL,
	"business_level" integer NOT NULL,
	"business_reasoning" text NOT NULL,
	"service_object" text NOT NULL,
	"service_degree" text NOT NULL,
	"service_level" integer NOT NULL,
	"service_reasoning" text NOT NULL,
	"level" integer NOT NULL,
	"change_reason" text,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"approval_opinion" text,
	"approver_organisation_id" uuid,
	"filing_number" text,
	"filed_on" date,
	"filed_by" uuid,
	"filed_at" timestamp with time zone,
	"returned_by" uuid,
	"returned_at" timestamp with time zone,
	"return_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "city_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"scenario" "city_evaluation_scenario" NOT NULL,
	"scope" jsonb NOT NULL,
	"ratings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"removed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"weights" jsonb,
	"status" "city_evaluation_status" DEFAULT 'in_progress' NOT NULL,
	"total" numeric(6, 2),
	"scaled_total" numeric(6, 2),
	"grade" text,
	"created_by" uuid,
	"completed_by" uuid,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"template_id" text NOT NULL,
	"status" "inspection_status" DEFAULT 'in_progress' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conclusion" text,
	"total" numeric(6, 2) DEFAULT 0 NOT NULL,
	"answered_count" integer DEFAULT 0 NOT NULL,
	"inspector_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"signed_off_by" uuid,
	"signed_off_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dengbao_assessments" ADD CONSTRAINT "dengbao_assessments_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_assessments" ADD CONSTRAINT "dengbao_assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_region_settings" ADD CONSTRAINT "dengbao_region_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_region_settings" ADD CONSTRAINT "dengbao_region_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_expert_draws" ADD CONSTRAINT "dengbao_expert_draws_grading_id_dengbao_gradings_id_fk" FOREIGN KEY ("grading_id") REFERENCES "public"."dengbao_gradings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_expert_draws" ADD CONSTRAINT "dengbao_expert_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_grading_reviews" ADD CONSTRAINT "dengbao_grading_reviews_grading_id_dengbao_gradings_id_fk" FOREIGN KEY ("grading_id") REFERENCES "public"."dengbao_gradings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_grading_reviews" ADD CONSTRAINT "dengbao_grading_reviews_draw_id_dengbao_expert_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."dengbao_expert_draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_grading_reviews" ADD CONSTRAINT "dengbao_grading_reviews_expert_id_users_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_systems" ADD CONSTRAINT "information_systems_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_systems" ADD CONSTRAINT "information_systems_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_rectification_items" ADD CONSTRAINT "dengbao_rectification_items_assessment_id_dengbao_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."dengbao_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_rectification_items" ADD CONSTRAINT "dengbao_rectification_items_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_rectification_items" ADD CONSTRAINT "dengbao_rectification_items_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_rectification_updates" ADD CONSTRAINT "dengbao_rectification_updates_item_id_dengbao_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."dengbao_rectification_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_rectification_updates" ADD CONSTRAINT "dengbao_rectification_updates_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_gradings" ADD CONSTRAINT "dengbao_gradings_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_gradings" ADD CONSTRAINT "dengbao_gradings_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_gradings" ADD CONSTRAINT "dengbao_gradings_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_gradings" ADD CONSTRAINT "dengbao_gradings_approver_organisation_id_organisations_id_fk" FOREIGN KEY ("approver_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_gradings" ADD CONSTRAINT "dengbao_gradings_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_gradings" ADD CONSTRAINT "dengbao_gradings_returned_by_users_id_fk" FOREIGN KEY ("returned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_evaluations" ADD CONSTRAINT "city_evaluations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_evaluations" ADD CONSTRAINT "city_evaluations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_evaluations" ADD CONSTRAINT "city_evaluations_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_signed_off_by_users_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dengbao_assessments_system_idx" ON "dengbao_assessments" USING btree ("system_id","assessed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "dengbao_region_settings_region_year_idx" ON "dengbao_region_settings" USING btree ("region_id","year");--> statement-breakpoint
CREATE INDEX "dengbao_expert_draws_grading_idx" ON "dengbao_expert_draws" USING btree ("grading_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dengbao_grading_reviews_expert_idx" ON "dengbao_grading_reviews" USING btree ("grading_id","expert_id");--> statement-breakpoint
CREATE INDEX "dengbao_grading_reviews_expert_only_idx" ON "dengbao_grading_reviews" USING btree ("expert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "information_systems_org_name_idx" ON "information_systems" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "information_systems_stage_idx" ON "information_systems" USING btree ("stage");--> statement-breakpoint
CREATE UNIQUE INDEX "information_systems_filing_number_idx" ON "information_systems" USING btree ("filing_number");--> statement-breakpoint
CREATE INDEX "dengbao_rectification_items_system_idx" ON "dengbao_rectification_items" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "dengbao_rectification_items_status_idx" ON "dengbao_rectification_items" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "dengbao_rectification_updates_item_idx" ON "dengbao_rectification_updates" USING btree ("item_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "dengbao_gradings_round_idx" ON "dengbao_gradings" USING btree ("system_id","round");--> statement-breakpoint
CREATE INDEX "dengbao_gradings_status_idx" ON "dengbao_gradings" USING btree ("status");--> statement-breakpoint
CREATE INDEX "city_evaluations_region_year_idx" ON "city_evaluations" USING btree ("region_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_org_year_idx" ON "inspections" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "inspections_year_idx" ON "inspections" USING btree ("year");