-- Campaign scoring (modules/scoring): the per-organisation and per-team aggregates read only these columns of a
-- campaign's counted findings, so they run as index-only scans. Not declared in the drizzle schema (its index
-- builder has no INCLUDE); the findings table itself is unchanged.
CREATE INDEX IF NOT EXISTS "findings_scoring_idx" ON "findings" USING btree ("campaign_id", "status") INCLUDE ("organisation_id", "kind", "severity", "notified_at", "fixed_at", "not_fixed_retests", "record_count", "is_sensitive", "team_id", "cvss_base", "cvss_version");
