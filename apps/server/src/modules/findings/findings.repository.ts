// Queries of the findings module: the review-queue listing and the duplicate rule.
import {
  and,
  arrayOverlaps,
  asc,
  eq,
  ilike,
  inArray,
  isNull,
  ne,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import type { Executor } from '../../db/client'
import { queryRows } from '../../db/transaction'
import { findings, organisations, teams } from '../../db/schema'
import { escapeLike } from '../audit/audit.service'
import type { TListFindingsQuery } from './findings.schemas'

/** The review queue counts at most this many rows: beyond it the page says "more than" (counting a campaign's
 * hundreds of thousands of rows on every page would cost more than the page itself). */
export const COUNT_CAP = 1_000

/** Columns of a list row: no Markdown bodies (they can be large). */
export const summaryColumns = {
  id: findings.id,
  campaignId: findings.campaignId,
  teamId: findings.teamId,
  teamName: teams.name,
  organisationId: findings.organisationId,
  organisationName: organisations.name,
  target: findings.target,
  kind: findings.kind,
  title: findings.title,
  severity: findings.severity,
  cvssBase: findings.cvssBase,
  cvssVersion: findings.cvssVersion,
  status: findings.status,
  appeal: findings.appeal,
  duplicateOfId: findings.duplicateOfId,
  possibleDuplicateOfId: findings.possibleDuplicateOfId,
  submittedAt: findings.submittedAt,
  verifiedAt: findings.verifiedAt,
  version: findings.version,
}

type FindingRow = typeof findings.$inferSelect
export type SummaryRow = Pick<
  FindingRow,
  | 'id'
  | 'campaignId'
  | 'teamId'
  | 'organisationId'
  | 'target'
  | 'kind'
  | 'title'
  | 'severity'
  | 'cvssBase'
  | 'cvssVersion'
  | 'status'
  | 'appeal'
  | 'duplicateOfId'
  | 'possibleDuplicateOfId'
  | 'submittedAt'
  | 'verifiedAt'
  | 'version'
> & { teamName: string | null; organisationName: string | null }

export function listConditions(visibility: SQL, query: Partial<TListFindingsQuery>): SQL[] {
  const conditions: SQL[] = [visibility]
  if (query.campaignId) conditions.push(eq(findings.campaignId, query.campaignId))
  if (query.status?.length) conditions.push(inArray(findings.status, query.status))
  if (query.kind?.length) conditions.push(inArray(findings.kind, query.kind))
  if (query.severity?.length) conditions.push(inArray(findings.severity, query.severity))
  if (query.organisationId) conditions.push(eq(findings.organisationId, query.organisationId))
  if (query.teamId) conditions.push(eq(findings.teamId, query.teamId))
  if (query.unmatched) conditions.push(isNull(findings.organisationId))
  if (query.possibleDuplicate) conditions.push(sql`${findings.possibleDuplicateOfId} is not null`)
  if (query.appeal) conditions.push(eq(findings.appeal, query.appeal))
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`
    conditions.push(or(ilike(findings.title, pattern), ilike(findings.target, pattern))!)
  }
  return conditions
}

export async function listFindings(
  executor: Executor,
  conditions: SQL[],
  query: Pick<TListFindingsQuery, 'page' | 'pageSize' | 'sort'>,
): Promise<{ rows: SummaryRow[]; total: number; totalCapped: boolean }> {
  const where = and(...conditions)
  // The queue index is (campaign, status, submitted_at DESC NULLS LAST, id DESC NULLS LAST): the ORDER BY must say
  // the same NULLS order (plain DESC means NULLS FIRST) for the planner to walk the index and stop after one page.
  const newest = [sql`${findings.submittedAt} desc nulls last`, sql`${findings.id} desc nulls last`]
  const order =
    query.sort === 'oldest'
      ? [sql`${findings.submittedAt} asc nulls first`, sql`${findings.id} asc nulls first`]
      : query.sort === 'cvss'
        ? [sql`${findings.cvssBase} desc nulls last`, ...newest]
        : newest
  // Counting a million matching rows costs more than the page itself: count up to the cap, in the same statement
  // (an uncorrelated sub-select, run once), so a page is one round trip.
  const capped = sql<number>`(select count(*)::int from (select 1 from ${findings} where ${where} limit ${COUNT_CAP + 1}) as capped)`
  const rows = await executor
    .select({ ...summaryColumns, matching: capped })
    .from(findings)
    .leftJoin(organisations, eq(organisations.id, findings.organisationId))
    .leftJoin(teams, eq(teams.id, findings.teamId))
    .where(where)
    .orderBy(...order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
  let n = Number(rows[0]?.matching ?? 0)
  if (!rows.length && query.page > 1) {
    // A page past the end still says how many there are.
    const [counted] = await queryRows<{ n: number | string }>(executor, sql`select ${capped} as n`)
    n = Number(counted?.n ?? 0)
  }
  return {
    rows: rows.map(({ matching: _matching, ...row }) => row as SummaryRow),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
  }
}

/** What the duplicate rule compares. */
export type DuplicateProbe = {
  id: string | null
  campaignId: string
  organisationId: string | null
  assetId: string | null
  targetHost: string | null
  targetLocation: string | null
  titleKey: string
  kind: string
  cve: string[]
  cwe: number | null
  submittedAt: Date
}

/**
 * Earlier findings of the campaign that the new one may duplicate (SPEC §3): the same organisation and normalised
 * asset with a shared CVE or the same CWE; or the same normalised title at the same location; or, for unreported
 * assets, the same host. Rejected, duplicate and withdrawn findings are not originals.
 */
export async function duplicateCandidates(executor: Executor, probe: DuplicateProbe, limit = 20) {
  const sameAsset = probe.assetId
    ? or(
        eq(findings.assetId, probe.assetId),
        probe.targetHost ? eq(findings.targetHost, probe.targetHost) : undefined,
      )
    : probe.targetHost
      ? eq(findings.targetHost, probe.targetHost)
      : sql`false`
  const identity: SQL[] = []
  if (probe.cve.length) identity.push(arrayOverlaps(findings.cve, probe.cve))
  if (probe.cwe !== null) identity.push(eq(findings.cwe, probe.cwe))
  const rules: SQL[] = []
  if (probe.organisationId && identity.length)
    rules.push(and(eq(findings.organisationId, probe.organisationId), sameAsset, or(...identity))!)
  if (probe.targetLocation)
    rules.push(and(eq(findings.titleKey, probe.titleKey), eq(findings.targetLocation, probe.targetLocation))!)
  if (probe.kind === 'unreported_asset' && probe.targetHost)
    rules.push(and(eq(findings.kind, 'unreported_asset'), eq(findings.targetHost, probe.targetHost))!)
  if (!rules.length) return []
  const rows = await executor
    .select({
      ...summaryColumns,
      cve: findings.cve,
      cwe: findings.cwe,
      titleKey: findings.titleKey,
      targetLocation: findings.targetLocation,
      targetHost: findings.targetHost,
      assetId: findings.assetId,
    })
    .from(findings)
    .leftJoin(organisations, eq(organisations.id, findings.organisationId))
    .leftJoin(teams, eq(teams.id, findings.teamId))
    .where(
      and(
        eq(findings.campaignId, probe.campaignId),
        probe.id ? ne(findings.id, probe.id) : undefined,
        notInArray(findings.status, ['rejected', 'duplicate', 'withdrawn']),
        sql`${findings.submittedAt} <= ${probe.submittedAt}`,
        or(...rules),
      ),
    )
    .orderBy(asc(findings.submittedAt), asc(findings.id))
    .limit(limit)
  return rows.map((row) => {
    const reasons: string[] = []
    if (row.cve.some((c) => probe.cve.includes(c))) reasons.push('cve')
    if (probe.cwe !== null && row.cwe === probe.cwe) reasons.push('cwe')
    if (row.titleKey === probe.titleKey && row.targetLocation === probe.targetLocation)
      reasons.push('title_location')
    if (
      probe.kind === 'unreported_asset' &&
      row.kind === 'unreported_asset' &&
      row.targetHost === probe.targetHost
    )
      reasons.push('unreported_asset')
    return { row, reasons }
  })
}
