// The figures of a campaign's dashboard and summary report (复盘总结, seed 000 §2(三)), each one set-based query over
// the campaign's findings: findings per day by severity, by kind and severity, the workflow funnel, rectification
// rates and fix times. "Valid" findings are the counted ones (verified and later, not withdrawn).
import { countedStatuses } from '@wangan/rules/scoring'
import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/client'
import { queryRows } from '../../db/transaction'

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const
export const KIND_ORDER = [
  'vulnerability',
  'weak_password',
  'intrusion_trace',
  'data_leak',
  'unreported_asset',
] as const

export type CampaignStatistics = {
  /** Valid findings per Beijing day (YYYY-MM-DD) of submission, by severity. */
  daily: { day: string; critical: number; high: number; medium: number; low: number }[]
  /** Valid findings by kind and severity. */
  byKind: { kind: string; critical: number; high: number; medium: number; low: number; total: number }[]
  funnel: {
    submitted: number
    verified: number
    notified: number
    rectificationSubmitted: number
    fixed: number
    rejected: number
    duplicate: number
    withdrawn: number
  }
  rectification: {
    notified: number
    fixed: number
    /** fixed ÷ notified, in percent, two decimals (null when nothing was notified). */
    rate: number | null
    within24h: number
    within48h: number
    within72h: number
    later: number
    open: number
    /** Hours from notice to fix. */
    meanHours: number | null
    medianHours: number | null
    notFixedRetests: number
  }
}

const counted = sql.join(
  countedStatuses.map((status) => sql`${status}`),
  sql`, `,
)

const num = (value: unknown) => Number(value ?? 0)

export async function campaignStatistics(
  executor: Executor,
  campaignId: string,
): Promise<CampaignStatistics> {
  const [daily, byKind, funnelRows, rectificationRows] = await Promise.all([
    queryRows<Record<string, unknown>>(
      executor,
      sql`select to_char(submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
          count(*) filter (where severity = 'critical') as critical, count(*) filter (where severity = 'high') as high,
          count(*) filter (where severity = 'medium') as medium, count(*) filter (where severity = 'low') as low
        from findings where campaign_id = ${campaignId} and status in (${counted})
        group by 1 order by 1`,
    ),
    queryRows<Record<string, unknown>>(
      executor,
      sql`select kind, count(*) filter (where severity = 'critical') as critical,
          count(*) filter (where severity = 'high') as high, count(*) filter (where severity = 'medium') as medium,
          count(*) filter (where severity = 'low') as low, count(*) as total
        from findings where campaign_id = ${campaignId} and status in (${counted})
        group by kind`,
    ),
    queryRows<Record<string, unknown>>(
      executor,
      sql`select count(*) as submitted,
          count(*) filter (where verified_at is not null and status not in ('rejected', 'duplicate')) as verified,
          count(*) filter (where notified_at is not null) as notified,
          count(*) filter (where rectification_submitted_at is not null) as rectification_submitted,
          count(*) filter (where status = 'fixed') as fixed,
          count(*) filter (where status = 'rejected') as rejected,
          count(*) filter (where status = 'duplicate') as duplicate,
          count(*) filter (where status = 'withdrawn') as withdrawn
        from findings where campaign_id = ${campaignId}`,
    ),
    queryRows<Record<string, unknown>>(
      executor,
      sql`select count(*) filter (where notified_at is not null) as notified,
          count(*) filter (where fixed_at is not null) as fixed,
          count(*) filter (where fixed_at - notified_at <= interval '24 hours') as within24,
          count(*) filter (where fixed_at - notified_at > interval '24 hours' and fixed_at - notified_at <= interval '48 hours') as within48,
          count(*) filter (where fixed_at - notified_at > interval '48 hours' and fixed_at - notified_at <= interval '72 hours') as within72,
          count(*) filter (where fixed_at - notified_at > interval '72 hours') as later,
          count(*) filter (where notified_at is not null and fixed_at is null) as open,
          avg(extract(epoch from (fixed_at - notified_at)) / 3600) filter (where fixed_at is not null) as mean_hours,
          percentile_cont(0.5) within group (order by extract(epoch from (fixed_at - notified_at)) / 3600)
            filter (where fixed_at is not null) as median_hours,
          coalesce(sum(not_fixed_retests), 0) as retests
        from findings
        where campaign_id = ${campaignId} and status in (${counted}) and kind <> 'unreported_asset'`,
    ),
  ])
  const funnel = funnelRows[0] ?? {}
  const r = rectificationRows[0] ?? {}
  const notified = num(r.notified)
  const fixed = num(r.fixed)
  const round2 = (value: unknown) =>
    value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100
  return {
    daily: daily.map((row) => ({
      day: String(row.day),
      critical: num(row.critical),
      high: num(row.high),
      medium: num(row.medium),
      low: num(row.low),
    })),
    byKind: KIND_ORDER.map((kind) => {
      const row = byKind.find((candidate) => candidate.kind === kind) ?? {}
      return {
        kind,
        critical: num(row.critical),
        high: num(row.high),
        medium: num(row.medium),
        low: num(row.low),
        total: num(row.total),
      }
    }),
    funnel: {
      submitted: num(funnel.submitted),
      verified: num(funnel.verified),
      notified: num(funnel.notified),
      rectificationSubmitted: num(funnel.rectification_submitted),
      fixed: num(funnel.fixed),
      rejected: num(funnel.rejected),
      duplicate: num(funnel.duplicate),
      withdrawn: num(funnel.withdrawn),
    },
    rectification: {
      notified,
      fixed,
      rate: notified === 0 ? null : Math.round((fixed / notified) * 10_000) / 100,
      within24h: num(r.within24),
      within48h: num(r.within48),
      within72h: num(r.within72),
      later: num(r.later),
      open: num(r.open),
      meanHours: round2(r.mean_hours),
      medianHours: round2(r.median_hours),
      notFixedRetests: num(r.retests),
    },
  }
}

/** Totals in bands of ten points (the last band holds 90–100). */
export function scoreDistribution(totals: readonly number[]): { band: string; count: number }[] {
  const bands = Array.from({ length: 10 }, (_, i) => ({
    band: `${i * 10}–${i * 10 + (i === 9 ? 10 : 9.99)}`,
    count: 0,
  }))
  for (const total of totals) {
    const index = Math.min(9, Math.max(0, Math.floor(total / 10)))
    bands[index]!.count += 1
  }
  return bands
}
