CREATE TABLE "dengbao_expert_affiliations" (
	"expert_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid,
	"specialty" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dengbao_expert_affiliations" ADD CONSTRAINT "dengbao_expert_affiliations_expert_id_users_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_expert_affiliations" ADD CONSTRAINT "dengbao_expert_affiliations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dengbao_expert_affiliations" ADD CONSTRAINT "dengbao_expert_affiliations_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;