// A campaign's scores computed from its current data, on demand (never stored, so never stale): the inputs are read
// by set-based queries (scoring.repository.ts, unit-tally-query.ts) and scored by the tally scorers; an
// organisation's 扣分明细 and the snapshots for `wangan score` come from the per-finding rows and the engine.
// No access checks here: the service (scoring.service.ts) and the reports call these after theirs.
import {
  getTeamRuleSet,
  getUnitRuleSet,
  resolveParams,
  scoreOrganisations,
  type ParamValues,
  type TeamRuleSet,
  type TTeamSnapshotInput,
  type TUnitSnapshotInput,
  type UnitRuleSet,
  type UnitScoreResult,
} from '@wangan/rules/scoring'
import type { Executor } from '../../db/client'
import {
  activeManualViolations,
  assetCountsUnder,
  evaluationScores,
  formFilers,
  loadTargets,
  loadTeams,
  metricEntries,
  organisationsUnder,
  organisationsWithFindings,
  selfInspectionClients,
  snapshotFindings,
  tallyTeamFindings,
  type SnapshotFindingRow,
  type TargetRow,
  type TeamRow,
} from './scoring.repository'
import { targetResolver } from './target-resolver'
import { scoreTeamTallies, type TeamTally, type TeamTallyResult } from './team-tally-scoring'
import { addTallies, tallyCampaignFindings } from './unit-tally-query'
import {
  scoreUnitTallies,
  type OrganisationTally,
  type UnitItemTally,
  type UnitTallyResult,
} from './unit-tally-scoring'

/** What scoring needs of a campaign row. */
export type ScoredCampaign = {
  id: string
  name: string
  unitStandardId: string
  unitStandardParams: Record<string, number | string>
  teamStandardId: string
  teamStandardParams: Record<string, number | string>
}

/** The measurements of the testing gateway per team (services.gateway.teamMetrics). */
export type GatewayTeamMetrics = {
  teamId: string
  activeSlots: number
  assetsTested: number
  manualRequests: number
  confirmedViolations: number
}
export type GatewayMetricsSource = {
  teamMetrics(campaignId: string, executor?: Executor): Promise<GatewayTeamMetrics[]>
}

export type UnitChoice = { ruleSet: UnitRuleSet; params: ParamValues }
export type TeamChoice = { ruleSet: TeamRuleSet; params: ParamValues }

export type UnitScoring = {
  choice: UnitChoice
  targets: TargetRow[]
  tallies: OrganisationTally[]
  /** Counted findings per target, every kind. */
  counted: Map<string, number>
  result: UnitTallyResult
  warnings: string[]
}

export type MetricSource = 'gateway' | 'manual' | 'none'
export type TeamFigures = {
  activeSlots: { value: number; source: MetricSource; gateway: number | null; manual: number | null }
  assetsTested: { value: number; source: MetricSource; gateway: number | null; manual: number | null }
  manualRequests: { value: number; source: MetricSource; gateway: number | null; manual: number | null }
  violations: { gateway: number; manual: number; value: number }
  evaluations: number[]
  clientsServed: number
  clientsWithNewVulns: number
  countedFindings: number
  cvssSum: number
  findingsWithoutCvss: number
}

export type TeamScoring = {
  choice: TeamChoice
  teams: TeamRow[]
  figures: Map<string, TeamFigures>
  tallies: TeamTally[]
  result: TeamTallyResult
  gatewayRecorded: boolean
  warnings: string[]
}

/** Kinds whose counted findings make a self-inspection client one "in which the action found new vulnerabilities". */
const NEW_VULNERABILITY_KINDS = ['vulnerability', 'weak_password'] as const

export function campaignUnitChoice(campaign: ScoredCampaign): UnitChoice {
  const ruleSet = getUnitRuleSet(campaign.unitStandardId)
  return { ruleSet, params: resolveParams(ruleSet, campaign.unitStandardParams) }
}

export function campaignTeamChoice(campaign: ScoredCampaign): TeamChoice {
  const ruleSet = getTeamRuleSet(campaign.teamStandardId)
  return { ruleSet, params: resolveParams(ruleSet, campaign.teamStandardParams) }
}

function needsSelfInspection(ruleSet: UnitRuleSet): boolean {
  return ruleSet.items.some((item) => item.kind === 'presence' && item.field === 'selfInspectionFiled')
}

type FactRows = { assets: { path: string; count: number }[]; filers: { path: string }[] }

function readFacts(executor: Executor, campaignId: string, ruleSet: UnitRuleSet): Promise<FactRows> {
  return Promise.all([
    assetCountsUnder(executor, campaignId),
    needsSelfInspection(ruleSet) ? formFilers(executor, campaignId, 'self_inspection') : Promise.resolve([]),
  ]).then(([assets, filers]) => ({ assets, filers }))
}

/** Every organisation's assets and self-inspection flag, rolled up to the targets. */
function rollUpFacts(targets: TargetRow[], rows: FactRows) {
  const resolve = targetResolver(targets.map((target) => target.organisationId))
  const assets = new Map<string, number>()
  for (const row of rows.assets) {
    const target = resolve(row.path)
    if (target) assets.set(target, (assets.get(target) ?? 0) + row.count)
  }
  const filed = new Set<string>()
  for (const row of rows.filers) {
    const target = resolve(row.path)
    if (target) filed.add(target)
  }
  return { resolve, assets, filed }
}

/** Scores every target of the campaign under a unit standard (the campaign's, or a what-if choice). */
export async function scoreCampaignUnits(
  executor: Executor,
  campaign: ScoredCampaign,
  choice: UnitChoice = campaignUnitChoice(campaign),
  options: { explain?: (id: string) => boolean } = {},
): Promise<UnitScoring> {
  // Independent queries: concurrent on a PostgreSQL pool (one after the other inside a transaction or on PGlite).
  const [targets, raw, facts] = await Promise.all([
    loadTargets(executor, campaign.id),
    tallyCampaignFindings(executor, campaign.id, choice.ruleSet, choice.params),
    readFacts(executor, campaign.id, choice.ruleSet),
  ])
  const { resolve, assets, filed } = rollUpFacts(targets, facts)
  const byTarget = new Map<string, Record<string, UnitItemTally>>()
  const counted = new Map<string, number>()
  let outside = 0
  for (const row of raw) {
    const target = resolve(row.path)
    if (!target) {
      outside += 1
      continue
    }
    byTarget.set(target, addTallies(byTarget.get(target) ?? {}, row.items))
    counted.set(target, (counted.get(target) ?? 0) + row.counted)
  }
  const tallies: OrganisationTally[] = targets.map((target) => ({
    id: target.organisationId,
    name: target.name,
    assets: assets.get(target.organisationId) ?? 0,
    selfInspectionFiled: filed.has(target.organisationId),
    items: byTarget.get(target.organisationId) ?? {},
  }))
  const warnings: string[] = []
  if (outside > 0)
    warnings.push(
      `${outside} 个非检测对象单位的已核实漏洞未计分 (counted findings on ${outside} organisations outside the targets were not scored)`,
    )
  const result = scoreUnitTallies(choice.ruleSet, tallies, choice.params, {
    explain: options.explain ?? (() => false),
  })
  return { choice, targets, tallies, counted, result, warnings }
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null
}

/** A finding of the database as the engine reads it; a fix recorded before the notice counts as immediate. */
export function snapshotFinding(row: SnapshotFindingRow, organisation: string) {
  const fixedAt =
    row.fixedAt && row.notifiedAt && row.fixedAt.getTime() < row.notifiedAt.getTime()
      ? row.notifiedAt
      : row.fixedAt
  return {
    id: row.id,
    organisation,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    notifiedAt: iso(row.notifiedAt),
    fixedAt: iso(fixedAt),
    notFixedRetests: row.notFixedRetests,
    records: row.recordCount,
    sensitive: row.isSensitive,
    source: row.sourceLevel,
  }
}

/** The CONTRACTS `score` input for the campaign: what `wangan score --input` scores exactly like the platform. */
export async function unitSnapshot(
  executor: Executor,
  campaign: ScoredCampaign,
  choice: UnitChoice = campaignUnitChoice(campaign),
): Promise<TUnitSnapshotInput> {
  const targets = await loadTargets(executor, campaign.id)
  const { resolve, assets, filed } = rollUpFacts(
    targets,
    await readFacts(executor, campaign.id, choice.ruleSet),
  )
  const rows = await snapshotFindings(executor, campaign.id)
  const findings = rows.flatMap((row) => {
    const target = resolve(row.path)
    return target ? [snapshotFinding(row, target)] : []
  })
  return {
    standard: choice.ruleSet.id,
    params: { ...choice.params },
    organisations: targets.map((target) => ({
      id: target.organisationId,
      name: target.name,
      assets: assets.get(target.organisationId) ?? 0,
      selfInspectionFiled: filed.has(target.organisationId),
    })),
    findings,
  }
}

export type OrganisationEngineRun = {
  target: TargetRow
  rows: SnapshotFindingRow[]
  engine: UnitScoreResult
}

/**
 * The engine on one target alone: its per-finding deductions (扣分明细) and rectification rows. Items that compare
 * organisations (the vulnerability ratio) are taken from the campaign-wide scores, not from this run.
 */
export async function runEngineOnTarget(
  executor: Executor,
  campaign: ScoredCampaign,
  scoring: UnitScoring,
  organisationId: string,
): Promise<OrganisationEngineRun | null> {
  const target = scoring.targets.find((candidate) => candidate.organisationId === organisationId)
  if (!target) return null
  const resolve = targetResolver(scoring.targets.map((candidate) => candidate.organisationId))
  const under = (await organisationsUnder(executor, target.path)).filter(
    (organisation) => resolve(organisation.path) === organisationId,
  )
  const rows = await snapshotFindings(executor, campaign.id, {
    organisationIds: under.map((organisation) => organisation.id),
  })
  const tally = scoring.tallies.find((candidate) => candidate.id === organisationId)!
  const engine = scoreOrganisations(
    {
      standard: scoring.choice.ruleSet.id,
      params: { ...scoring.choice.params },
      organisations: [
        {
          id: organisationId,
          name: target.name,
          assets: tally.assets,
          selfInspectionFiled: tally.selfInspectionFiled,
        },
      ],
      findings: rows.map((row) => snapshotFinding(row, organisationId)),
    },
    { ruleSet: scoring.choice.ruleSet },
  )
  return { target, rows, engine }
}

function figure(gateway: number | null, gatewayUsed: boolean, manual: number | null) {
  if (gatewayUsed && gateway !== null) return { value: gateway, source: 'gateway' as const, gateway, manual }
  if (manual !== null) return { value: manual, source: 'manual' as const, gateway, manual }
  return { value: 0, source: 'none' as const, gateway, manual }
}

/**
 * Scores the campaign's teams. The gateway's figures are used for a team whose testing the gateway recorded;
 * otherwise the regulator's manual entry (SPEC §4.3, issue 6 part 6). Violations: the gateway's confirmed ones plus
 * those recorded by hand. Evaluations and self-inspection clients are the company's (a company with two teams in a
 * campaign gives both the same).
 */
export async function scoreCampaignTeams(
  executor: Executor,
  campaign: ScoredCampaign,
  gateway: GatewayMetricsSource | null,
  choice: TeamChoice = campaignTeamChoice(campaign),
): Promise<TeamScoring> {
  const teams = await loadTeams(executor, campaign.id)
  const findingTallies = new Map(
    (await tallyTeamFindings(executor, campaign.id, choice.ruleSet.countedStatuses)).map((row) => [
      row.teamId,
      row,
    ]),
  )
  const gatewayMetrics = gateway ? await gateway.teamMetrics(campaign.id, executor) : []
  const gatewayByTeam = new Map(gatewayMetrics.map((row) => [row.teamId, row]))
  const entries = new Map((await metricEntries(executor, campaign.id)).map((row) => [row.teamId, row]))
  const manualViolationCounts = new Map(
    (await activeManualViolations(executor, campaign.id)).map((row) => [row.teamId, Number(row.n)]),
  )
  const evaluations = await evaluationScores(executor, campaign.id)
  const clients = await selfInspectionClients(executor, campaign.id)
  const targets = await loadTargets(executor, campaign.id)
  const resolve = targetResolver(targets.map((target) => target.organisationId))
  const withNewVulns = new Set<string>()
  if (clients.length)
    for (const path of await organisationsWithFindings(
      executor,
      campaign.id,
      choice.ruleSet.countedStatuses,
      NEW_VULNERABILITY_KINDS,
    ))
      withNewVulns.add(resolve(path) ?? path)
  const servedBy = new Map<string, Set<string>>()
  for (const client of clients) {
    const organisation = resolve(client.path) ?? client.path
    for (const companyId of client.companyIds) {
      const set = servedBy.get(companyId) ?? new Set<string>()
      set.add(organisation)
      servedBy.set(companyId, set)
    }
  }
  const gatewayRecorded = gatewayMetrics.some(
    (row) => row.activeSlots > 0 || row.assetsTested > 0 || row.manualRequests > 0,
  )
  const versions = new Set(
    choice.ruleSet.items.flatMap((item) =>
      item.kind === 'proportionalToBest' && item.measure.source === 'findings' ? item.measure.versions : [],
    ),
  )
  const warnings: string[] = []
  const figures = new Map<string, TeamFigures>()
  const tallies: TeamTally[] = teams.map((team) => {
    const found = findingTallies.get(team.id)
    const measured = gatewayByTeam.get(team.id)
    const teamRecorded =
      !!measured && (measured.activeSlots > 0 || measured.assetsTested > 0 || measured.manualRequests > 0)
    const entry = entries.get(team.id)
    const served = servedBy.get(team.companyId) ?? new Set<string>()
    const evaluationsOfCompany = evaluations
      .filter((evaluation) => evaluation.companyId === team.companyId)
      .map((evaluation) => evaluation.score)
    const tenths = found?.tenths ?? { '3.0': 0, '3.1': 0, '4.0': 0 }
    const outsideVersions = (['3.0', '3.1', '4.0'] as const).filter(
      (version) => !versions.has(version) && tenths[version] > 0,
    )
    if (found?.withoutVector)
      warnings.push(
        `${team.name}：${found.withoutVector} 个已核实漏洞无 CVSS 向量，不计入有效漏洞得分 (${found.withoutVector} counted findings without a CVSS vector add nothing)`,
      )
    if (outsideVersions.length)
      warnings.push(
        `${team.name}：CVSS ${outsideVersions.join('/')} 向量不计入有效漏洞得分 (vectors of these versions are not summed by ${choice.ruleSet.id})`,
      )
    const teamFigures: TeamFigures = {
      activeSlots: figure(measured?.activeSlots ?? null, teamRecorded, entry?.activeSlots ?? null),
      assetsTested: figure(measured?.assetsTested ?? null, teamRecorded, entry?.assetsTested ?? null),
      manualRequests: figure(measured?.manualRequests ?? null, teamRecorded, entry?.manualRequests ?? null),
      violations: {
        gateway: measured?.confirmedViolations ?? 0,
        manual: manualViolationCounts.get(team.id) ?? 0,
        value: (measured?.confirmedViolations ?? 0) + (manualViolationCounts.get(team.id) ?? 0),
      },
      evaluations: evaluationsOfCompany,
      clientsServed: served.size,
      clientsWithNewVulns: [...served].filter((organisation) => withNewVulns.has(organisation)).length,
      countedFindings: found?.counted ?? 0,
      cvssSum: [...versions].reduce((total, version) => total + tenths[version as '3.0'], 0) / 10,
      findingsWithoutCvss: found?.withoutVector ?? 0,
    }
    figures.set(team.id, teamFigures)
    return {
      id: team.id,
      name: team.name,
      activeSlots: teamFigures.activeSlots.value,
      assetsTested: teamFigures.assetsTested.value,
      manualRequests: teamFigures.manualRequests.value,
      evaluations: teamFigures.evaluations,
      clientsServed: teamFigures.clientsServed,
      clientsWithNewVulns: teamFigures.clientsWithNewVulns,
      violations: teamFigures.violations.value,
      cvssTenths: tenths,
    }
  })
  const result = scoreTeamTallies(choice.ruleSet, tallies, choice.params)
  return { choice, teams, figures, tallies, result, gatewayRecorded, warnings }
}

/** The CONTRACTS `score-teams` input for the campaign. Counted findings the engine cannot sum (no v3 vector) are
 * left out, as the platform leaves them out of the sum. */
export async function teamSnapshot(
  executor: Executor,
  campaign: ScoredCampaign,
  gateway: GatewayMetricsSource | null,
  choice: TeamChoice = campaignTeamChoice(campaign),
): Promise<TTeamSnapshotInput> {
  const scoring = await scoreCampaignTeams(executor, campaign, gateway, choice)
  const versions = new Set<string>(
    choice.ruleSet.items.flatMap((item) =>
      item.kind === 'proportionalToBest' && item.measure.source === 'findings' ? item.measure.versions : [],
    ),
  )
  const rows = await snapshotFindings(executor, campaign.id)
  const counted = new Set<string>(choice.ruleSet.countedStatuses)
  return {
    standard: choice.ruleSet.id,
    params: { ...choice.params },
    teams: scoring.tallies.map((tally) => ({
      id: tally.id,
      ...(tally.name === undefined ? {} : { name: tally.name }),
      activeSlots: tally.activeSlots,
      assetsTested: tally.assetsTested,
      manualRequests: tally.manualRequests,
      evaluations: tally.evaluations,
      clientsServed: tally.clientsServed,
      clientsWithNewVulns: tally.clientsWithNewVulns,
      violations: tally.violations,
    })),
    findings: rows
      .filter(
        (row) => !counted.has(row.status) || (row.cvssVector !== null && versions.has(row.cvssVersion ?? '')),
      )
      .map((row) => ({ id: row.id, team: row.teamId, status: row.status, cvss: row.cvssVector })),
  }
}

export type TargetDeduction = {
  item: string
  itemTitle: string
  findingId: string | null
  findingTitle: string | null
  points: number
  rule: string
}

/**
 * Every target's fixed-point deductions (扣分明细), for bulletins: the campaign's counted findings read once, and the
 * engine run on each target's own findings (the items with deductions are local to an organisation).
 */
export async function deductionsByTarget(
  executor: Executor,
  campaign: ScoredCampaign,
  scoring: UnitScoring,
): Promise<Map<string, TargetDeduction[]>> {
  const resolve = targetResolver(scoring.targets.map((target) => target.organisationId))
  const rows = await snapshotFindings(executor, campaign.id, {
    statuses: scoring.choice.ruleSet.countedStatuses,
  })
  const byTarget = new Map<string, SnapshotFindingRow[]>()
  for (const row of rows) {
    const target = resolve(row.path)
    if (target) byTarget.set(target, [...(byTarget.get(target) ?? []), row])
  }
  const titles = new Map(scoring.choice.ruleSet.items.map((item) => [item.key, item.title]))
  const result = new Map<string, TargetDeduction[]>()
  for (const tally of scoring.tallies) {
    const findings = byTarget.get(tally.id) ?? []
    const engine = scoreOrganisations(
      {
        standard: scoring.choice.ruleSet.id,
        params: { ...scoring.choice.params },
        organisations: [
          { id: tally.id, assets: tally.assets, selfInspectionFiled: tally.selfInspectionFiled },
        ],
        findings: findings.map((row) => snapshotFinding(row, tally.id)),
      },
      { ruleSet: scoring.choice.ruleSet },
    )
    const byId = new Map(findings.map((row) => [row.id, row.title]))
    result.set(
      tally.id,
      (engine.organisations[0]?.deductions ?? []).map((deduction) => ({
        item: deduction.item,
        itemTitle: titles.get(deduction.item) ?? deduction.item,
        findingId: deduction.finding,
        findingTitle: deduction.finding ? (byId.get(deduction.finding) ?? null) : null,
        points: deduction.points,
        rule: deduction.rule,
      })),
    )
  }
  return result
}
