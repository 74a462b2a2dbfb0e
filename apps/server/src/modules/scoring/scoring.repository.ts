// The inputs of a campaign's scores, each read by one set-based query (never one per organisation): the targets,
// the active assets under them, the self-inspection reports filed, the finding tallies (unit-tally-query.ts), and
// for the teams their findings' CVSS sums, evaluations and self-inspection clients. Findings and assets of a
// subordinate unit (直属单位) belong to the nearest target above them (target-resolver.ts).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client'
import {
  campaignForms,
  campaignTargets,
  findings,
  manualViolations,
  organisations,
  teamMetricEntries,
  teams,
  testingCompanies,
} from '../../db/schema'
import { queryRows } from '../../db/transaction'

export type TargetRow = {
  organisationId: string
  name: string
  category: (typeof campaignTargets.$inferSelect)['organisationCategory']
  isIndustryRegulator: boolean
  path: string
}

export async function loadTargets(executor: Executor, campaignId: string): Promise<TargetRow[]> {
  const rows = await executor
    .select({
      organisationId: campaignTargets.organisationId,
      name: campaignTargets.organisationName,
      category: campaignTargets.organisationCategory,
      isIndustryRegulator: campaignTargets.isIndustryRegulator,
      path: organisations.path,
    })
    .from(campaignTargets)
    .innerJoin(organisations, eq(organisations.id, campaignTargets.organisationId))
    .where(eq(campaignTargets.campaignId, campaignId))
  // Code-point order of the name, then id: the same on every database and in every locale.
  return rows.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.organisationId < b.organisationId ? -1 : 1,
  )
}

/** Active assets per organisation of the targets' trees (a tree is named by its root, the first id of a path). */
export async function assetCountsUnder(
  executor: Executor,
  campaignId: string,
): Promise<{ path: string; count: number }[]> {
  const rows = await queryRows<{ path: string; n: number | string }>(
    executor,
    sql`select o.path, a.n
      from (select organisation_id, count(*) as n from assets where status = 'active' group by organisation_id) a
      join organisations o on o.id = a.organisation_id
      where split_part(o.path, '/', 2) in (
        select split_part(t.path, '/', 2) from campaign_targets ct join organisations t on t.id = ct.organisation_id
        where ct.campaign_id = ${campaignId})`,
  )
  return rows.map((row) => ({ path: row.path, count: Number(row.n) }))
}

/** Organisations (with their path) that filed — submitted — a form of this kind in the campaign. */
export async function formFilers(
  executor: Executor,
  campaignId: string,
  kind: 'self_inspection' | 'work_summary',
): Promise<{ organisationId: string; path: string }[]> {
  return executor
    .select({ organisationId: campaignForms.organisationId, path: organisations.path })
    .from(campaignForms)
    .innerJoin(organisations, eq(organisations.id, campaignForms.organisationId))
    .where(
      and(
        eq(campaignForms.campaignId, campaignId),
        eq(campaignForms.kind, kind),
        eq(campaignForms.status, 'submitted'),
      ),
    )
}

export type SnapshotFindingRow = {
  id: string
  organisationId: string
  path: string
  teamId: string
  kind: (typeof findings.$inferSelect)['kind']
  severity: (typeof findings.$inferSelect)['severity']
  status: (typeof findings.$inferSelect)['status']
  notifiedAt: Date | null
  fixedAt: Date | null
  notFixedRetests: number
  recordCount: number | null
  isSensitive: boolean | null
  sourceLevel: 'city' | 'province'
  cvssVector: string | null
  cvssVersion: string | null
  title: string
  target: string
}

/** The campaign's findings one by one (for a snapshot, an organisation's breakdown, documents). */
export async function snapshotFindings(
  executor: Executor,
  campaignId: string,
  options: { organisationIds?: readonly string[]; statuses?: readonly string[] } = {},
): Promise<SnapshotFindingRow[]> {
  if (options.organisationIds && !options.organisationIds.length) return []
  const conditions = [
    eq(findings.campaignId, campaignId),
    sql`${findings.organisationId} is not null`,
    ...(options.organisationIds ? [inArray(findings.organisationId, [...options.organisationIds])] : []),
    ...(options.statuses
      ? [
          sql`${findings.status} in (${sql.join(
            options.statuses.map((status) => sql`${status}`),
            sql`, `,
          )})`,
        ]
      : []),
  ]
  const rows = await executor
    .select({
      id: findings.id,
      organisationId: findings.organisationId,
      path: organisations.path,
      teamId: findings.teamId,
      kind: findings.kind,
      severity: findings.severity,
      status: findings.status,
      notifiedAt: findings.notifiedAt,
      fixedAt: findings.fixedAt,
      notFixedRetests: findings.notFixedRetests,
      recordCount: findings.recordCount,
      isSensitive: findings.isSensitive,
      sourceLevel: findings.sourceLevel,
      cvssVector: findings.cvssVector,
      cvssVersion: findings.cvssVersion,
      title: findings.title,
      target: findings.target,
    })
    .from(findings)
    .innerJoin(organisations, eq(organisations.id, findings.organisationId))
    .where(and(...conditions))
    .orderBy(asc(findings.submittedAt), asc(findings.id))
  return rows.map((row) => ({ ...row, organisationId: row.organisationId! }))
}

/** Organisations under the given paths (themselves included), for an organisation's breakdown. */
export async function organisationsUnder(
  executor: Executor,
  path: string,
): Promise<{ id: string; path: string }[]> {
  const pattern = `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return executor
    .select({ id: organisations.id, path: organisations.path })
    .from(organisations)
    .where(sql`${organisations.path} like ${pattern}`)
}

export type TeamRow = { id: string; name: string; companyId: string; companyName: string }

export async function loadTeams(executor: Executor, campaignId: string): Promise<TeamRow[]> {
  const rows = await executor
    .select({
      id: teams.id,
      name: teams.name,
      companyId: teams.companyId,
      companyName: testingCompanies.name,
    })
    .from(teams)
    .innerJoin(testingCompanies, eq(testingCompanies.id, teams.companyId))
    .where(eq(teams.campaignId, campaignId))
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
}

export type TeamFindingTally = {
  teamId: string
  tenths: Record<'3.0' | '3.1' | '4.0', number>
  counted: number
  /** Counted findings without a CVSS vector: they cannot add to a CVSS sum. */
  withoutVector: number
}

export async function tallyTeamFindings(
  executor: Executor,
  campaignId: string,
  countedStatuses: readonly string[],
): Promise<TeamFindingTally[]> {
  const statuses = sql.join(
    countedStatuses.map((status) => sql`${status}`),
    sql`, `,
  )
  const rows = await queryRows<Record<string, unknown>>(
    executor,
    sql`select team_id,
        coalesce(sum(round(cvss_base * 10)) filter (where cvss_version = '3.0'), 0) as v30,
        coalesce(sum(round(cvss_base * 10)) filter (where cvss_version = '3.1'), 0) as v31,
        coalesce(sum(round(cvss_base * 10)) filter (where cvss_version = '4.0'), 0) as v40,
        count(*) as counted,
        count(*) filter (where cvss_base is null) as without_vector
      from findings
      where campaign_id = ${campaignId} and status in (${statuses})
      group by team_id`,
  )
  return rows.map((row) => ({
    teamId: String(row.team_id),
    tenths: { '3.0': Number(row.v30), '3.1': Number(row.v31), '4.0': Number(row.v40) },
    counted: Number(row.counted),
    withoutVector: Number(row.without_vector),
  }))
}

/** Overall scores (0–100) of the submitted service evaluations per company. */
export async function evaluationScores(
  executor: Executor,
  campaignId: string,
): Promise<{ companyId: string; organisationId: string; score: number }[]> {
  const rows = await executor
    .select({
      companyId: campaignForms.companyId,
      organisationId: campaignForms.organisationId,
      score: campaignForms.overallScore,
    })
    .from(campaignForms)
    .where(
      and(
        eq(campaignForms.campaignId, campaignId),
        eq(campaignForms.kind, 'service_evaluation'),
        eq(campaignForms.status, 'submitted'),
      ),
    )
    .orderBy(asc(campaignForms.submittedAt), asc(campaignForms.id))
  return rows
    .filter((row) => row.companyId !== null && row.score !== null)
    .map((row) => ({ companyId: row.companyId!, organisationId: row.organisationId, score: row.score! }))
}

/** Self-inspection reports naming the companies that served them. */
export async function selfInspectionClients(
  executor: Executor,
  campaignId: string,
): Promise<{ organisationId: string; path: string; companyIds: string[] }[]> {
  const rows = await executor
    .select({
      organisationId: campaignForms.organisationId,
      path: organisations.path,
      companyIds: campaignForms.serviceCompanyIds,
    })
    .from(campaignForms)
    .innerJoin(organisations, eq(organisations.id, campaignForms.organisationId))
    .where(
      and(
        eq(campaignForms.campaignId, campaignId),
        eq(campaignForms.kind, 'self_inspection'),
        eq(campaignForms.status, 'submitted'),
      ),
    )
  return rows.filter((row) => row.companyIds.length > 0)
}

/** Organisations (with path) on which the campaign found counted findings of these kinds. */
export async function organisationsWithFindings(
  executor: Executor,
  campaignId: string,
  countedStatuses: readonly string[],
  kinds: readonly string[],
): Promise<string[]> {
  const rows = await queryRows<{ path: string }>(
    executor,
    sql`select o.path from organisations o where o.id in (
        select distinct organisation_id from findings
        where campaign_id = ${campaignId} and organisation_id is not null
          and status in (${sql.join(
            countedStatuses.map((status) => sql`${status}`),
            sql`, `,
          )})
          and kind in (${sql.join(
            kinds.map((kind) => sql`${kind}`),
            sql`, `,
          )}))`,
  )
  return rows.map((row) => row.path)
}

export async function metricEntries(executor: Executor, campaignId: string) {
  return executor.select().from(teamMetricEntries).where(eq(teamMetricEntries.campaignId, campaignId))
}

export async function activeManualViolations(executor: Executor, campaignId: string) {
  return executor
    .select({ teamId: manualViolations.teamId, n: sql<number>`count(*)::int` })
    .from(manualViolations)
    .where(and(eq(manualViolations.campaignId, campaignId), isNull(manualViolations.cancelledAt)))
    .groupBy(manualViolations.teamId)
}
