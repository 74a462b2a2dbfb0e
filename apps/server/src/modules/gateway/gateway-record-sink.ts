// Writes the gateway's audit records and violations: one statement per batch (records, activity counters and
// violations together, so a batch is all or nothing). Records go in as packs (see record-packs.ts) whose ids are the
// gateway's own record ids: a batch sent again after an unclear failure inserts nothing twice, and its activity is
// counted only for the packs this statement actually inserted. A violation's later state replaces its counts and
// evidence but never the regulator's decision.
import type { RecordSink } from '../../gateway/audit-buffer'
import type { GatewayRecord, GatewayViolation } from '../../gateway/gateway-types'
import { toColumns, type ColumnSink, type RecordBatch } from '../../gateway/record-columns'
import type { Database } from '../../db/client'
import { PACK_FORMAT, packBatch } from './record-packs'

const WRITE = `
with new_packs as (
  insert into gateway_record_packs (id, campaign_id, team_id, user_id, first_at, last_at, count, refused, format,
    records)
  select p.id, p.campaign_id, p.team_id, p.user_id, to_timestamp(p.first_at / 1000.0), to_timestamp(p.last_at / 1000.0),
    p.count, p.refused, ${PACK_FORMAT}, p.records
  from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::float8[], $6::float8[], $7::int[], $8::int[],
    $9::text[]) as p(id, campaign_id, team_id, user_id, first_at, last_at, count, refused, records)
  on conflict (id) do nothing
  returning id
), new_activity as (
  insert into gateway_activity (campaign_id, team_id, slot, asset_id, requests, manual_requests)
  select a.campaign_id, a.team_id, a.slot, a.asset_id, sum(a.requests), sum(a.manual)
  from unnest($10::uuid[], $11::uuid[], $12::uuid[], $13::int8[], $14::uuid[], $15::int[], $16::int[])
    as a(pack_id, campaign_id, team_id, slot, asset_id, requests, manual)
  where a.pack_id in (select id from new_packs)
  group by a.campaign_id, a.team_id, a.slot, a.asset_id
  on conflict (campaign_id, team_id, slot, asset_id) do update set
    requests = gateway_activity.requests + excluded.requests,
    manual_requests = gateway_activity.manual_requests + excluded.manual_requests
  returning 1
), new_violations as (
  insert into gateway_violations (id, campaign_id, team_id, user_id, rule_id, rule_name, severity, target, first_at,
    last_at, hit_count, evidence)
  select v.id, v.campaign_id, v.team_id, v.user_id, v.rule_id, v.rule_name, v.severity, v.target,
    to_timestamp(v.first_at / 1000.0), to_timestamp(v.last_at / 1000.0), v.hit_count, v.evidence::jsonb
  from unnest($17::uuid[], $18::uuid[], $19::uuid[], $20::uuid[], $21::text[], $22::text[], $23::text[], $24::text[],
    $25::float8[], $26::float8[], $27::int[], $28::text[])
    as v(id, campaign_id, team_id, user_id, rule_id, rule_name, severity, target, first_at, last_at, hit_count,
      evidence)
  on conflict (id) do update set
    hit_count = greatest(gateway_violations.hit_count, excluded.hit_count),
    last_at = greatest(gateway_violations.last_at, excluded.last_at),
    evidence = case when excluded.hit_count >= gateway_violations.hit_count then excluded.evidence
      else gateway_violations.evidence end
  returning 1
)
select (select count(*) from new_packs)::int as packs, (select count(*) from new_activity)::int as activity,
  (select count(*) from new_violations)::int as violations`

// eslint-disable-next-line no-control-regex -- NUL is exactly what must go
const NUL = /\u0000/g
const clean = (text: string) => (text.includes('\u0000') ? text.replace(NUL, '\uFFFD') : text)

export class DatabaseRecordSink implements RecordSink, ColumnSink {
  constructor(private readonly database: Database) {}

  write(records: readonly GatewayRecord[], violations: readonly GatewayViolation[]): Promise<void> {
    return this.writeColumns({ records: toColumns(records), violations: [...violations] })
  }

  async writeColumns(batch: RecordBatch): Promise<void> {
    const { violations } = batch
    if (batch.records.count === 0 && violations.length === 0) return
    const { packs, activity } = packBatch(batch)
    await this.database.query(WRITE, [
      packs.map((p) => p.id),
      packs.map((p) => p.campaignId),
      packs.map((p) => p.teamId),
      packs.map((p) => p.userId),
      packs.map((p) => p.firstAt),
      packs.map((p) => p.lastAt),
      packs.map((p) => p.count),
      packs.map((p) => p.refused),
      packs.map((p) => p.records),
      activity.map((a) => a.packId),
      activity.map((a) => a.campaignId),
      activity.map((a) => a.teamId),
      activity.map((a) => a.slot),
      activity.map((a) => a.assetId),
      activity.map((a) => a.requests),
      activity.map((a) => a.manual),
      violations.map((v) => v.id),
      violations.map((v) => v.campaignId),
      violations.map((v) => v.teamId),
      violations.map((v) => v.userId),
      violations.map((v) => v.ruleId),
      violations.map((v) => v.ruleName),
      violations.map((v) => v.severity),
      violations.map((v) => clean(v.target)),
      violations.map((v) => v.firstAt),
      violations.map((v) => v.lastAt),
      violations.map((v) => v.hitCount),
      violations.map((v) =>
        JSON.stringify(v.evidence, (_key, value: unknown) =>
          typeof value === 'string' ? clean(value) : value,
        ),
      ),
    ])
  }
}
