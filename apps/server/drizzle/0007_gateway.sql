CREATE TYPE "public"."gateway_channel" AS ENUM('http', 'connect', 'socks', 'https', 'tunnel-http');--> statement-breakpoint
CREATE TYPE "public"."gateway_pause_subject" AS ENUM('tester', 'team');--> statement-breakpoint
CREATE TYPE "public"."gateway_verdict" AS ENUM('allowed', 'refused', 'error');--> statement-breakpoint
CREATE TYPE "public"."gateway_violation_status" AS ENUM('pending', 'confirmed', 'dismissed');--> statement-breakpoint
CREATE TABLE "gateway_campaign_settings" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"interception" boolean DEFAULT false NOT NULL,
	"dns_policy" text DEFAULT 'strict' NOT NULL,
	"rules" jsonb,
	"ca_cert_pem" text,
	"ca_key_sealed" text,
	"ca_created_at" timestamp with time zone,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"status" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"subject" "gateway_pause_subject" NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid,
	"reason" text NOT NULL,
	"paused_by" uuid,
	"paused_at" timestamp with time zone NOT NULL,
	"resumed_by" uuid,
	"resumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gateway_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"channel" "gateway_channel" NOT NULL,
	"connection_id" uuid NOT NULL,
	"client_ip" text NOT NULL,
	"token_id" uuid,
	"user_id" uuid,
	"team_id" uuid,
	"campaign_id" uuid,
	"host" text,
	"ip" text,
	"port" integer,
	"sni" text,
	"method" text,
	"path" text,
	"status" integer,
	"bytes_up" bigint NOT NULL,
	"bytes_down" bigint NOT NULL,
	"duration_ms" integer NOT NULL,
	"verdict" "gateway_verdict" NOT NULL,
	"reason" text,
	"asset_id" uuid,
	"organisation_id" uuid,
	"rule_hits" text[] DEFAULT '{}'::text[] NOT NULL,
	"user_agent" text,
	"is_manual" boolean NOT NULL,
	"counts_as_request" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"hint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text,
	"replaced_by" uuid
);
--> statement-breakpoint
CREATE TABLE "gateway_violations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"rule_id" text NOT NULL,
	"rule_name" text NOT NULL,
	"severity" text NOT NULL,
	"target" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"hit_count" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" "gateway_violation_status" DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gateway_tokens" ADD CONSTRAINT "gateway_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_pauses_campaign_idx" ON "gateway_pauses" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "gateway_pauses_open_idx" ON "gateway_pauses" USING btree ("resumed_at");--> statement-breakpoint
CREATE INDEX "gateway_records_campaign_at_idx" ON "gateway_records" USING btree ("campaign_id","at");--> statement-breakpoint
CREATE INDEX "gateway_records_team_at_idx" ON "gateway_records" USING btree ("team_id","at");--> statement-breakpoint
CREATE INDEX "gateway_records_user_at_idx" ON "gateway_records" USING btree ("user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_tokens_hash_idx" ON "gateway_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "gateway_tokens_user_idx" ON "gateway_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "gateway_tokens_campaign_idx" ON "gateway_tokens" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "gateway_violations_campaign_idx" ON "gateway_violations" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "gateway_violations_team_idx" ON "gateway_violations" USING btree ("team_id");