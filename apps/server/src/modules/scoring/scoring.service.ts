// Scores of a campaign on screen: rankings overall and per organisation category, an organisation's 扣分明细, the
// teams with the source of each figure, what-if under another standard or parameters (never saved), the snapshots
// `wangan score` reads, and the hand-entered figures of the testing-company standard. Everything is computed from
// the current data on each request (campaign-scoring.ts): a score on screen is never older than the data.
import {
  getTeamRuleSet,
  getUnitRuleSet,
  resolveParams,
  ScoringInputError,
  ZTeamRuleSet,
  ZUnitRuleSet,
  type ParamValues,
  type TeamRuleSet,
  type UnitRuleSet,
} from '@wangan/rules/scoring'
import { and, asc, eq } from 'drizzle-orm'
import type { z } from 'zod'
import { ORGANISATION_ROLES, TEAM_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import { manualViolations, teamMetricEntries, teams } from '../../db/schema'
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  validationFailed,
  type ErrorDetail,
} from '../../http/errors'
import { changedFields, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { isCampaignRegionInScope } from '../campaigns/campaign-scope'
import type { CampaignsService } from '../campaigns/campaigns.service'
import { CATEGORY_LABELS } from '../organisations/organisations.schemas'
import {
  campaignTeamChoice,
  campaignUnitChoice,
  runEngineOnTarget,
  scoreCampaignTeams,
  scoreCampaignUnits,
  teamSnapshot,
  unitSnapshot,
  type GatewayMetricsSource,
  type ScoredCampaign,
  type TeamChoice,
  type TeamScoring,
  type UnitChoice,
  type UnitScoring,
} from './campaign-scoring'
import { competitionRanks } from '@wangan/rules/scoring'
import { loadTeams } from './scoring.repository'
import type {
  TCampaignScores,
  TCampaignTeamScores,
  TOrganisationScore,
  TOrganisationScoreDetail,
  TRecordViolationRequest,
  TTeamMetricsEntry,
  TUpdateTeamMetricsRequest,
  TWhatIfRequest,
  TWhatIfResponse,
} from './scoring.schemas'

type CampaignRow = ScoredCampaign & { regionPath: string; status: string }

export type ScoringDeps = {
  database: Database
  clock: Clock
  audit: AuditService
  campaigns: CampaignsService
  /** The testing gateway's measurements, when the gateway module is present. */
  gateway?: GatewayMetricsSource | null
}

function itemDefinitions(ruleSet: UnitRuleSet | TeamRuleSet, params: Record<string, number | string>) {
  return ruleSet.items.map((item) => ({
    key: item.key,
    title: item.title,
    kind: item.kind,
    max:
      'max' in item ? (typeof item.max === 'number' ? item.max : Number(params[item.max.param] ?? 0)) : null,
    rule: item.rule,
  }))
}

function scoringProblem(error: unknown, prefix: string): AppError | null {
  if (!(error instanceof ScoringInputError)) return null
  return validationFailed(
    error.issues.map((issue) => ({
      path: issue.path === 'standard' ? `${prefix}.standardId` : `${prefix}.${issue.path}`,
      message: issue.message,
    })),
  )
}

/** Ranks of a subset (one category) by total, ties sharing the better rank. */
function ranksWithin<T extends { total: number }>(rows: readonly T[]): number[] {
  return competitionRanks(rows, (a, b) => b.total - a.total)
}

export class ScoringService {
  constructor(private readonly deps: ScoringDeps) {}

  private get gateway(): GatewayMetricsSource | null {
    return this.deps.gateway ?? null
  }

  /** Reads that must see one consistent state of the campaign. */
  private read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.deps.database.db.transaction(fn, {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    })
  }

  private async campaign(executor: Executor, actor: Actor, id: string): Promise<CampaignRow> {
    return this.deps.campaigns.loadVisible(executor, actor, id)
  }

  /** The regulator's side of the campaign's region (reviewers and re-testers read, the regulator manages). */
  private requireRegulatorSide(actor: Actor, campaign: CampaignRow): void {
    if (!isCampaignRegionInScope(actor, campaign.regionPath))
      throw forbidden(
        '只有本区域的监管人员可以查看评分 (only the regulator’s side of the region sees scores)',
      )
  }

  // ---- organisations ----

  presentRanking(scoring: UnitScoring): TOrganisationScore[] {
    const targets = new Map(scoring.targets.map((target) => [target.organisationId, target]))
    const tallies = new Map(scoring.tallies.map((tally) => [tally.id, tally]))
    const rows = scoring.result.organisations
    const byCategory = new Map<string, typeof rows>()
    for (const row of rows) {
      const category = targets.get(row.id)!.category
      byCategory.set(category, [...(byCategory.get(category) ?? []), row])
    }
    const categoryRank = new Map<string, { rank: number; size: number }>()
    for (const group of byCategory.values()) {
      const ranks = ranksWithin(group)
      group.forEach((row, index) => categoryRank.set(row.id, { rank: ranks[index]!, size: group.length }))
    }
    return rows.map((row) => {
      const target = targets.get(row.id)!
      const tally = tallies.get(row.id)!
      return {
        organisationId: row.id,
        name: target.name,
        category: target.category,
        categoryLabel: CATEGORY_LABELS[target.category],
        isIndustryRegulator: target.isIndustryRegulator,
        rank: row.rank,
        categoryRank: categoryRank.get(row.id)!.rank,
        categorySize: categoryRank.get(row.id)!.size,
        total: row.total,
        items: row.items,
        assets: tally.assets,
        countedFindings: scoring.counted.get(row.id) ?? 0,
      }
    })
  }

  presentScores(campaign: ScoredCampaign, scoring: UnitScoring): TCampaignScores {
    const organisations = this.presentRanking(scoring)
    const categories = [...new Set(organisations.map((row) => row.category))].map((category) => {
      const group = organisations.filter((row) => row.category === category)
      const totals = group.map((row) => row.total)
      return {
        category,
        label: CATEGORY_LABELS[category],
        organisations: group.length,
        mean: Math.round((totals.reduce((a, b) => a + b, 0) / group.length) * 100) / 100,
        best: Math.max(...totals),
        worst: Math.min(...totals),
      }
    })
    return {
      campaignId: campaign.id,
      campaignName: campaign.name,
      computedAt: this.deps.clock.now().toISOString(),
      standard: scoring.result.ruleSet,
      items: itemDefinitions(scoring.choice.ruleSet, scoring.result.ruleSet.params),
      organisations,
      categories,
      warnings: scoring.warnings,
    }
  }

  /** The campaign's unit scores for documents and the dashboard (after the caller's access check). */
  async unitScoring(executor: Executor, campaign: ScoredCampaign): Promise<UnitScoring> {
    return scoreCampaignUnits(executor, campaign)
  }

  async teamScoring(executor: Executor, campaign: ScoredCampaign): Promise<TeamScoring> {
    return scoreCampaignTeams(executor, campaign, this.gateway)
  }

  /** The ranking reads its inputs concurrently (not in one transaction): each query sees the data of its moment. */
  async ranking(ctx: RequestContext, campaignId: string): Promise<TCampaignScores> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const campaign = await this.campaign(db, actor, campaignId)
    this.requireRegulatorSide(actor, campaign)
    return this.presentScores(campaign, await scoreCampaignUnits(db, campaign))
  }

  async organisationBreakdown(
    ctx: RequestContext,
    campaignId: string,
    organisationId: string,
  ): Promise<TOrganisationScoreDetail> {
    const actor = requireActor(ctx)
    return this.read(async (tx) => {
      const campaign = await this.campaign(tx, actor, campaignId)
      const scoring = await scoreCampaignUnits(tx, campaign, undefined, {
        explain: (id) => id === organisationId,
      })
      const target = scoring.targets.find((candidate) => candidate.organisationId === organisationId)
      if (!target) throw notFound('检测对象 target ')
      if (ORGANISATION_ROLES.includes(actor.role)) {
        if (!actor.organisationPath || !target.path.startsWith(actor.organisationPath))
          throw notFound('检测对象 target ')
      } else this.requireRegulatorSide(actor, campaign)
      const run = (await runEngineOnTarget(tx, campaign, scoring, organisationId))!
      const row = this.presentRanking(scoring).find(
        (candidate) => candidate.organisationId === organisationId,
      )!
      const tallied = scoring.result.organisations.find((candidate) => candidate.id === organisationId)!
      const engineRow = run.engine.organisations[0]!
      const titles = new Map(run.rows.map((finding) => [finding.id, finding]))
      const itemTitle = new Map(scoring.choice.ruleSet.items.map((item) => [item.key, item]))
      const deductions = engineRow.deductions.map((deduction) => {
        const finding = deduction.finding ? titles.get(deduction.finding) : undefined
        return {
          item: deduction.item,
          itemTitle: itemTitle.get(deduction.item)?.title ?? deduction.item,
          findingId: deduction.finding,
          findingTitle: finding?.title ?? null,
          kind: finding?.kind ?? null,
          severity: finding?.severity ?? null,
          status: finding?.status ?? null,
          points: deduction.points,
          rule: deduction.rule,
        }
      })
      const vulnerabilityFindings = Object.entries(engineRow.explain).flatMap(([item, explain]) =>
        explain.kind === 'vulnerabilityRatio'
          ? explain.findings.map((entry) => ({
              item,
              findingId: entry.finding,
              title: titles.get(entry.finding)?.title ?? '',
              severity: entry.severity,
              status: titles.get(entry.finding)?.status ?? '',
              points: entry.points,
            }))
          : [],
      )
      const rectification = Object.entries(engineRow.explain).flatMap(([item, explain]) =>
        explain.kind === 'timeliness'
          ? explain.findings.map((entry) => ({
              item,
              findingId: entry.finding,
              title: titles.get(entry.finding)?.title ?? '',
              notifiedAt: entry.notifiedAt,
              fixedAt: entry.fixedAt,
              delayHours: entry.delayHours === null ? null : Math.round(entry.delayHours * 100) / 100,
              bracket: entry.bracket,
              deduct: entry.deduct,
            }))
          : [],
      )
      return {
        campaignId: campaign.id,
        campaignName: campaign.name,
        computedAt: this.deps.clock.now().toISOString(),
        standard: scoring.result.ruleSet,
        organisation: { ...row, organisations: scoring.result.organisations.length },
        items: tallied.detail.map((item) => ({ ...item, rule: itemTitle.get(item.key)?.rule ?? '' })),
        deductions,
        vulnerabilityFindings,
        rectification,
      }
    })
  }

  // ---- teams ----

  presentTeams(campaign: ScoredCampaign, scoring: TeamScoring, onlyTeam: string | null): TCampaignTeamScores {
    const teamsById = new Map(scoring.teams.map((team) => [team.id, team]))
    return {
      campaignId: campaign.id,
      campaignName: campaign.name,
      computedAt: this.deps.clock.now().toISOString(),
      standard: scoring.result.ruleSet,
      items: itemDefinitions(scoring.choice.ruleSet, scoring.result.ruleSet.params),
      gatewayRecorded: scoring.gatewayRecorded,
      teams: scoring.result.teams
        .filter((row) => onlyTeam === null || row.id === onlyTeam)
        .map((row) => {
          const team = teamsById.get(row.id)!
          return {
            teamId: row.id,
            name: team.name,
            companyId: team.companyId,
            companyName: team.companyName,
            rank: row.rank,
            total: row.total,
            items: row.items,
            detail: row.detail,
            figures: scoring.figures.get(row.id)!,
          }
        }),
      warnings: onlyTeam === null ? scoring.warnings : [],
    }
  }

  async teamRanking(ctx: RequestContext, campaignId: string): Promise<TCampaignTeamScores> {
    const actor = requireActor(ctx)
    return this.read(async (tx) => {
      const campaign = await this.campaign(tx, actor, campaignId)
      const onlyTeam = TEAM_ROLES.includes(actor.role) ? actor.teamId : null
      if (!onlyTeam) this.requireRegulatorSide(actor, campaign)
      return this.presentTeams(campaign, await scoreCampaignTeams(tx, campaign, this.gateway), onlyTeam)
    })
  }

  // ---- what-if ----

  private unitChoice(campaign: ScoredCampaign, input: TWhatIfRequest): UnitChoice {
    return chooseRuleSet(
      input,
      ZUnitRuleSet,
      getUnitRuleSet,
      campaign.unitStandardId,
      campaign.unitStandardParams,
    )
  }

  private teamChoice(campaign: ScoredCampaign, input: TWhatIfRequest): TeamChoice {
    return chooseRuleSet(
      input,
      ZTeamRuleSet,
      getTeamRuleSet,
      campaign.teamStandardId,
      campaign.teamStandardParams,
    )
  }

  /** Recomputes the campaign under another rule set or parameters and compares with the current scores. Not saved. */
  async whatIf(ctx: RequestContext, campaignId: string, input: TWhatIfRequest): Promise<TWhatIfResponse> {
    const actor = requireActor(ctx)
    return this.read(async (tx) => {
      const campaign = await this.campaign(tx, actor, campaignId)
      this.requireRegulatorSide(actor, campaign)
      if (input.subject === 'teams') {
        const choice = this.teamChoice(campaign, input)
        const current = await scoreCampaignTeams(tx, campaign, this.gateway)
        const after = await scoreCampaignTeams(tx, campaign, this.gateway, choice)
        const names = new Map(current.teams.map((team) => [team.id, team.name]))
        return {
          subject: 'teams' as const,
          current: current.result.ruleSet,
          whatIf: after.result.ruleSet,
          currentItems: itemDefinitions(current.choice.ruleSet, current.result.ruleSet.params),
          whatIfItems: itemDefinitions(choice.ruleSet, after.result.ruleSet.params),
          rows: compareRows(current.result.teams, after.result.teams, (id) => ({
            name: names.get(id) ?? id,
            category: null,
          })),
          saved: false as const,
        }
      }
      const choice = this.unitChoice(campaign, input)
      const current = await scoreCampaignUnits(tx, campaign)
      const after = await scoreCampaignUnits(tx, campaign, choice)
      const targets = new Map(current.targets.map((target) => [target.organisationId, target]))
      return {
        subject: 'organisations' as const,
        current: current.result.ruleSet,
        whatIf: after.result.ruleSet,
        currentItems: itemDefinitions(current.choice.ruleSet, current.result.ruleSet.params),
        whatIfItems: itemDefinitions(choice.ruleSet, after.result.ruleSet.params),
        rows: compareRows(current.result.organisations, after.result.organisations, (id) => ({
          name: targets.get(id)?.name ?? id,
          category: targets.get(id)?.category ?? null,
        })),
        saved: false as const,
      }
    })
  }

  // ---- snapshots for the CLI ----

  async snapshot(ctx: RequestContext, campaignId: string, subject: 'organisations' | 'teams') {
    const actor = requireActor(ctx)
    return this.read(async (tx) => {
      const campaign = await this.campaign(tx, actor, campaignId)
      this.requireRegulatorSide(actor, campaign)
      return subject === 'teams'
        ? teamSnapshot(tx, campaign, this.gateway, campaignTeamChoice(campaign))
        : unitSnapshot(tx, campaign, campaignUnitChoice(campaign))
    })
  }

  // ---- figures entered by hand ----

  private async managed(tx: Tx, actor: Actor, campaignId: string): Promise<CampaignRow> {
    const campaign = await this.campaign(tx, actor, campaignId)
    if (actor.role !== 'regulator' || !isCampaignRegionInScope(actor, campaign.regionPath))
      throw forbidden('只有本区域的监管人员可以录入 (only the region’s regulator enters these figures)')
    if (campaign.status === 'closed')
      throw new AppError('CONFLICT', '专项行动已结束，不能修改 (the campaign is closed)')
    return campaign
  }

  private async teamOf(executor: Executor, campaignId: string, teamId: string) {
    const [team] = await executor
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.campaignId, campaignId)))
    if (!team) throw notFound('检测队 team ')
    return team
  }

  async teamMetrics(ctx: RequestContext, campaignId: string): Promise<TTeamMetricsEntry[]> {
    const actor = requireActor(ctx)
    return this.read(async (tx) => {
      const campaign = await this.campaign(tx, actor, campaignId)
      this.requireRegulatorSide(actor, campaign)
      const teamRows = await loadTeams(tx, campaignId)
      const gateway = this.gateway ? await this.gateway.teamMetrics(campaignId, tx) : []
      const entries = await tx
        .select()
        .from(teamMetricEntries)
        .where(eq(teamMetricEntries.campaignId, campaignId))
      const violations = await tx
        .select()
        .from(manualViolations)
        .where(eq(manualViolations.campaignId, campaignId))
        .orderBy(asc(manualViolations.occurredAt), asc(manualViolations.id))
      return teamRows.map((team) => {
        const measured = gateway.find((row) => row.teamId === team.id)
        const entry = entries.find((row) => row.teamId === team.id)
        return {
          teamId: team.id,
          teamName: team.name,
          companyName: team.companyName,
          gateway: measured
            ? {
                activeSlots: measured.activeSlots,
                assetsTested: measured.assetsTested,
                manualRequests: measured.manualRequests,
                confirmedViolations: measured.confirmedViolations,
              }
            : null,
          manual: entry
            ? {
                activeSlots: entry.activeSlots,
                assetsTested: entry.assetsTested,
                manualRequests: entry.manualRequests,
                note: entry.note,
                enteredByName: entry.enteredByName,
                updatedAt: entry.updatedAt.toISOString(),
                version: entry.version,
              }
            : null,
          violations: violations
            .filter((row) => row.teamId === team.id)
            .map((row) => ({
              id: row.id,
              occurredAt: row.occurredAt.toISOString(),
              description: row.description,
              recordedByName: row.recordedByName,
              cancelledAt: row.cancelledAt?.toISOString() ?? null,
              cancelReason: row.cancelReason,
              version: row.version,
            })),
        }
      })
    })
  }

  async updateTeamMetrics(
    ctx: RequestContext,
    campaignId: string,
    teamId: string,
    input: TUpdateTeamMetricsRequest,
  ): Promise<TTeamMetricsEntry[]> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      await this.managed(tx, actor, campaignId)
      const team = await this.teamOf(tx, campaignId, teamId)
      const [existing] = await tx
        .select()
        .from(teamMetricEntries)
        .where(and(eq(teamMetricEntries.campaignId, campaignId), eq(teamMetricEntries.teamId, teamId)))
        .for('update')
      const patch = {
        ...(input.activeSlots !== undefined ? { activeSlots: input.activeSlots } : {}),
        ...(input.assetsTested !== undefined ? { assetsTested: input.assetsTested } : {}),
        ...(input.manualRequests !== undefined ? { manualRequests: input.manualRequests } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      }
      const now = this.deps.clock.now()
      if (existing) {
        if (input.version === undefined || input.version !== existing.version) throw conflict()
        await tx
          .update(teamMetricEntries)
          .set({
            ...patch,
            enteredBy: actor.userId,
            enteredByName: actor.displayName,
            updatedAt: now,
            version: existing.version + 1,
          })
          .where(eq(teamMetricEntries.id, existing.id))
      } else {
        if (input.version !== undefined) throw conflict()
        await tx.insert(teamMetricEntries).values({
          campaignId,
          teamId,
          activeSlots: input.activeSlots ?? null,
          assetsTested: input.assetsTested ?? null,
          manualRequests: input.manualRequests ?? null,
          note: input.note ?? null,
          enteredBy: actor.userId,
          enteredByName: actor.displayName,
          createdAt: now,
          updatedAt: now,
        })
      }
      await this.deps.audit.record(tx, ctx, {
        action: 'scoring.team_metrics_entered',
        objectType: 'team',
        objectId: teamId,
        summary: {
          campaignId,
          team: team.name,
          ...(existing
            ? changedFields(existing, patch, ['activeSlots', 'assetsTested', 'manualRequests', 'note'])
            : patch),
        },
      })
    })
    return this.teamMetrics(ctx, campaignId)
  }

  async recordViolation(
    ctx: RequestContext,
    campaignId: string,
    input: TRecordViolationRequest,
  ): Promise<TTeamMetricsEntry[]> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      await this.managed(tx, actor, campaignId)
      const team = await this.teamOf(tx, campaignId, input.teamId)
      const [row] = await tx
        .insert(manualViolations)
        .values({
          campaignId,
          teamId: input.teamId,
          occurredAt: new Date(input.occurredAt),
          description: input.description,
          recordedBy: actor.userId,
          recordedByName: actor.displayName,
          createdAt: this.deps.clock.now(),
        })
        .returning({ id: manualViolations.id })
      await this.deps.audit.record(tx, ctx, {
        action: 'scoring.violation_recorded',
        objectType: 'team',
        objectId: input.teamId,
        summary: { campaignId, team: team.name, violationId: row!.id, occurredAt: input.occurredAt },
      })
    })
    return this.teamMetrics(ctx, campaignId)
  }

  async cancelViolation(
    ctx: RequestContext,
    campaignId: string,
    violationId: string,
    input: { reason: string; version: number },
  ): Promise<TTeamMetricsEntry[]> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      await this.managed(tx, actor, campaignId)
      const [row] = await tx
        .select()
        .from(manualViolations)
        .where(and(eq(manualViolations.id, violationId), eq(manualViolations.campaignId, campaignId)))
        .for('update')
      if (!row) throw notFound('违规记录 violation ')
      if (row.version !== input.version) throw conflict()
      if (row.cancelledAt) throw new AppError('CONFLICT', '该违规记录已撤销 (already cancelled)')
      await tx
        .update(manualViolations)
        .set({ cancelledAt: this.deps.clock.now(), cancelReason: input.reason, version: row.version + 1 })
        .where(eq(manualViolations.id, violationId))
      await this.deps.audit.record(tx, ctx, {
        action: 'scoring.violation_cancelled',
        objectType: 'team',
        objectId: row.teamId,
        summary: { campaignId, violationId, reason: input.reason },
      })
    })
    return this.teamMetrics(ctx, campaignId)
  }
}

type RankedRow = { id: string; rank: number; total: number; items: Record<string, number> }

function compareRows(
  before: readonly RankedRow[],
  after: readonly RankedRow[],
  describe: (id: string) => { name: string; category: TOrganisationScore['category'] | null },
) {
  const afterById = new Map(after.map((row) => [row.id, row]))
  return before.map((row) => {
    const changed = afterById.get(row.id)!
    return {
      id: row.id,
      ...describe(row.id),
      before: { rank: row.rank, total: row.total, items: row.items },
      after: { rank: changed.rank, total: changed.total, items: changed.items },
      totalChange: Math.round((changed.total - row.total) * 100) / 100,
      rankChange: row.rank - changed.rank,
    }
  })
}

export type { ErrorDetail }

/**
 * The standard a what-if runs under: a rule set given in full (validated, errors naming `body.ruleSet.…`), or one of
 * the built-in ones by id; parameters on top of the campaign's own when it is the campaign's standard.
 */
function chooseRuleSet<R extends UnitRuleSet | TeamRuleSet>(
  input: TWhatIfRequest,
  schema: { safeParse(value: unknown): { success: true; data: R } | { success: false; error: z.ZodError } },
  builtIn: (id: string) => R,
  standardId: string,
  standardParams: Record<string, number | string>,
): { ruleSet: R; params: ParamValues } {
  try {
    let ruleSet: R
    if (input.ruleSet) {
      const parsed = schema.safeParse(input.ruleSet)
      if (!parsed.success)
        throw validationFailed(
          parsed.error.issues.map((issue) => ({
            path: ['body', 'ruleSet', ...issue.path.map(String)].join('.'),
            message: issue.message,
          })),
        )
      ruleSet = parsed.data
    } else ruleSet = builtIn(input.standardId ?? standardId)
    const base = !input.ruleSet && ruleSet.id === standardId ? standardParams : {}
    return { ruleSet, params: resolveParams(ruleSet, { ...base, ...input.params }) }
  } catch (error) {
    throw scoringProblem(error, 'body') ?? error
  }
}
