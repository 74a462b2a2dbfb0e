// Campaigns (专项行动): created from a template with the phases of seeds 000/001, target organisations snapshotted
// from the registry, the scoring standards they will use, a phase timeline and a status board. Managed by the
// regulator of the campaign's region; seen by the regulator's side, the campaign's teams and its target
// organisations (campaign-scope.ts).
import { getTeamRuleSet, getUnitRuleSet, resolveParams, ScoringInputError } from '@wangan/rules/scoring'
import { and, asc, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm'
import { TEAM_ROLES } from '../../access/roles'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  campaignPhases,
  campaigns,
  campaignTargets,
  findings,
  organisations,
  regions,
  teams,
  teamTargets,
} from '../../db/schema'
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  validationFailed,
  type ErrorDetail,
} from '../../http/errors'
import { changedFields, escapeLike, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { isCampaignRegionInScope, visibleCampaignsCondition } from './campaign-scope'
import {
  CAMPAIGN_TEMPLATES,
  describeWindow,
  findTemplate,
  isInWindow,
  phaseState,
  planPhases,
  type PhaseKind,
} from './campaign-templates'
import type {
  TCampaign,
  TCampaignBoard,
  TCampaignDetail,
  TCampaignPhase,
  TCampaignTarget,
  TCreateCampaignRequest,
  TListCampaignsQuery,
  TUpdateCampaignRequest,
  TUpdatePhaseRequest,
} from './campaigns.schemas'

export type CampaignRow = typeof campaigns.$inferSelect
type PhaseRow = typeof campaignPhases.$inferSelect

const NOT_FOUND = '专项行动 campaign '

export class CampaignsService {
  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  private present(
    row: CampaignRow,
    extra: { regionName: string; targetCount: number; teamCount: number },
  ): TCampaign {
    return {
      id: row.id,
      name: row.name,
      year: row.year,
      regionId: row.regionId,
      regionName: extra.regionName,
      status: row.status,
      template: row.template,
      description: row.description,
      unitStandardId: row.unitStandardId,
      unitStandardParams: row.unitStandardParams,
      teamStandardId: row.teamStandardId,
      teamStandardParams: row.teamStandardParams,
      testingStartsAt: row.testingStartsAt.toISOString(),
      testingEndsAt: row.testingEndsAt.toISOString(),
      isTestingOpen: row.status === 'active' && isInWindow(row, this.deps.clock.now()),
      targetCount: Number(extra.targetCount),
      teamCount: Number(extra.teamCount),
      activatedAt: row.activatedAt?.toISOString() ?? null,
      closedAt: row.closedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      version: row.version,
    }
  }

  private presentPhase(row: PhaseRow): TCampaignPhase {
    return {
      id: row.id,
      kind: row.kind,
      ordinal: row.ordinal,
      name: row.name,
      startsAt: row.startsAt?.toISOString() ?? null,
      endsAt: row.endsAt.toISOString(),
      notes: row.notes,
      state: phaseState(row, this.deps.clock.now()),
      version: row.version,
    }
  }

  private selection() {
    return {
      campaign: campaigns,
      regionName: regions.name,
      regionPath: regions.path,
      targetCount: sql<number>`(select count(*)::int from ${campaignTargets} where ${campaignTargets.campaignId} = ${campaigns.id})`,
      teamCount: sql<number>`(select count(*)::int from ${teams} where ${teams.campaignId} = ${campaigns.id})`,
    }
  }

  templates(year: number) {
    return CAMPAIGN_TEMPLATES.map((t) => ({
      id: t.id,
      name: t.name,
      source: t.source,
      unitStandardId: t.unitStandardId,
      teamStandardId: t.teamStandardId,
      phases: planPhases(t, year).map((p) => ({
        kind: p.kind,
        name: p.name,
        startsAt: p.startsAt?.toISOString() ?? null,
        endsAt: p.endsAt.toISOString(),
      })),
    }))
  }

  async list(ctx: RequestContext, query: TListCampaignsQuery) {
    const actor = requireActor(ctx)
    const conditions: SQL[] = [visibleCampaignsCondition(actor)]
    if (query.q) conditions.push(ilike(campaigns.name, `%${escapeLike(query.q)}%`))
    if (query.year) conditions.push(eq(campaigns.year, query.year))
    if (query.status) conditions.push(eq(campaigns.status, query.status))
    const where = and(...conditions)
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select(this.selection())
        .from(campaigns)
        .innerJoin(regions, eq(regions.id, campaigns.regionId))
        .where(where)
        .orderBy(desc(campaigns.year), desc(campaigns.testingStartsAt), asc(campaigns.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(campaigns)
        .where(where),
    ])
    return {
      items: rows.map((r) => this.present(r.campaign, r)),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  /** A campaign the actor may see, with its region path; anything else is "not found". */
  async loadVisible(
    executor: Executor,
    actor: Actor,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<CampaignRow & { regionPath: string; regionName: string }> {
    let query = executor
      .select({ campaign: campaigns, regionPath: regions.path, regionName: regions.name })
      .from(campaigns)
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .where(and(eq(campaigns.id, id), visibleCampaignsCondition(actor)))
      .$dynamic()
    if (options.forUpdate) query = query.for('update', { of: campaigns })
    const [found] = await query
    if (!found) throw notFound(NOT_FOUND)
    return { ...found.campaign, regionPath: found.regionPath, regionName: found.regionName }
  }

  /** A campaign the actor manages (the regulator of its region or above), locked for the transaction. */
  async loadManaged(tx: Tx, actor: Actor, id: string): Promise<CampaignRow & { regionPath: string }> {
    const campaign = await this.loadVisible(tx, actor, id, { forUpdate: true })
    if (actor.role !== 'regulator' || !isCampaignRegionInScope(actor, campaign.regionPath))
      throw forbidden('只有本区域的监管人员可以管理专项行动 (only the region’s regulator manages a campaign)')
    return campaign
  }

  async get(ctx: RequestContext, id: string): Promise<TCampaignDetail> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const [found] = await db
      .select(this.selection())
      .from(campaigns)
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .where(and(eq(campaigns.id, id), visibleCampaignsCondition(actor)))
    if (!found) throw notFound(NOT_FOUND)
    const phases = await db
      .select()
      .from(campaignPhases)
      .where(eq(campaignPhases.campaignId, id))
      .orderBy(asc(campaignPhases.ordinal))
    const campaign = this.present(found.campaign, found)
    const myTeamId = TEAM_ROLES.includes(actor.role) ? actor.teamId : null
    return {
      ...campaign,
      phases: phases.map((p) => this.presentPhase(p)),
      myTeamId,
      canManage: actor.role === 'regulator' && isCampaignRegionInScope(actor, found.regionPath),
      canSubmit: myTeamId !== null && campaign.isTestingOpen,
    }
  }

  private checkStandards(
    input: {
      unitStandardId: string
      unitStandardParams: Record<string, number | string>
      teamStandardId: string
      teamStandardParams: Record<string, number | string>
    },
    problems: ErrorDetail[],
  ): void {
    const check = (path: string, fn: () => void) => {
      try {
        fn()
      } catch (error) {
        if (!(error instanceof ScoringInputError)) throw error
        for (const issue of error.issues)
          problems.push({
            path:
              issue.path === 'standard'
                ? `body.${path}Id`
                : `body.${path}${issue.path.replace(/^params/, 'Params')}`,
            message: issue.message,
          })
      }
    }
    check('unitStandard', () => resolveParams(getUnitRuleSet(input.unitStandardId), input.unitStandardParams))
    check('teamStandard', () => resolveParams(getTeamRuleSet(input.teamStandardId), input.teamStandardParams))
  }

  async create(ctx: RequestContext, input: TCreateCampaignRequest): Promise<TCampaignDetail> {
    const actor = requireActor(ctx)
    const template = findTemplate(input.template)
    const problems: ErrorDetail[] = []
    if (!template)
      problems.push({
        path: 'body.template',
        message: `未知模板 (unknown template): ${CAMPAIGN_TEMPLATES.map((t) => t.id).join(', ')}`,
      })
    const window =
      input.testingStartsAt && input.testingEndsAt
        ? { startsAt: new Date(input.testingStartsAt), endsAt: new Date(input.testingEndsAt) }
        : undefined
    if (window && window.endsAt.getTime() <= window.startsAt.getTime())
      problems.push({
        path: 'body.testingEndsAt',
        message: '结束时间须晚于开始时间 (must be after the start)',
      })
    const standards = {
      unitStandardId: input.unitStandardId ?? template?.unitStandardId ?? '',
      unitStandardParams: input.unitStandardParams ?? {},
      teamStandardId: input.teamStandardId ?? template?.teamStandardId ?? '',
      teamStandardParams: input.teamStandardParams ?? {},
    }
    if (template) this.checkStandards(standards, problems)
    if (problems.length || !template) throw validationFailed(problems)
    const phases = planPhases(template, input.year, window)
    const testing = phases.find((p) => p.kind === 'testing')!
    const id = await this.deps.database.db.transaction(async (tx) => {
      const regionId = input.regionId ?? actor.regionId
      const [region] = regionId
        ? await tx
            .select({ id: regions.id, path: regions.path })
            .from(regions)
            .where(eq(regions.id, regionId))
        : []
      if (!region || !isCampaignRegionInScope(actor, region.path))
        throw validationFailed([
          {
            path: 'body.regionId',
            message: '行政区划不存在或不在您的管辖范围 (no such region in your scope)',
          },
        ])
      const [row] = await tx
        .insert(campaigns)
        .values({
          name: input.name,
          year: input.year,
          regionId: region.id,
          template: template.id,
          description: input.description ?? null,
          ...standards,
          testingStartsAt: testing.startsAt!,
          testingEndsAt: testing.endsAt,
          createdBy: actor.userId,
          createdAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
        })
        .returning()
      await tx.insert(campaignPhases).values(phases.map((p) => ({ ...p, campaignId: row!.id })))
      await this.deps.audit.record(tx, ctx, {
        action: 'campaign.created',
        objectType: 'campaign',
        objectId: row!.id,
        summary: {
          name: input.name,
          year: input.year,
          regionId: region.id,
          template: template.id,
          testingWindow: describeWindow(row!),
          unitStandardId: standards.unitStandardId,
          teamStandardId: standards.teamStandardId,
        },
      })
      return row!.id
    })
    return this.get(ctx, id)
  }

  async update(ctx: RequestContext, id: string, input: TUpdateCampaignRequest): Promise<TCampaignDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadManaged(tx, actor, id)
      if (before.version !== input.version) throw conflict()
      if (before.status === 'closed') throw closedError()
      const patch: Partial<CampaignRow> = {}
      if (input.name !== undefined) patch.name = input.name
      if (input.description !== undefined) patch.description = input.description
      if (input.unitStandardId !== undefined) patch.unitStandardId = input.unitStandardId
      if (input.unitStandardParams !== undefined) patch.unitStandardParams = input.unitStandardParams
      if (input.teamStandardId !== undefined) patch.teamStandardId = input.teamStandardId
      if (input.teamStandardParams !== undefined) patch.teamStandardParams = input.teamStandardParams
      const problems: ErrorDetail[] = []
      this.checkStandards(
        {
          unitStandardId: patch.unitStandardId ?? before.unitStandardId,
          unitStandardParams: patch.unitStandardParams ?? before.unitStandardParams,
          teamStandardId: patch.teamStandardId ?? before.teamStandardId,
          teamStandardParams: patch.teamStandardParams ?? before.teamStandardParams,
        },
        problems,
      )
      if (problems.length) throw validationFailed(problems)
      await tx
        .update(campaigns)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${campaigns.version} + 1` })
        .where(eq(campaigns.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'campaign.updated',
        objectType: 'campaign',
        objectId: id,
        summary: changedFields(before, patch, [
          'name',
          'description',
          'unitStandardId',
          'unitStandardParams',
          'teamStandardId',
          'teamStandardParams',
        ]),
      })
    })
    return this.get(ctx, id)
  }

  /** draft → active (needs targets) → closed. */
  async setStatus(
    ctx: RequestContext,
    id: string,
    to: 'active' | 'closed',
    version: number,
  ): Promise<TCampaignDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadManaged(tx, actor, id)
      if (before.version !== version) throw conflict()
      const allowedFrom = to === 'active' ? 'draft' : 'active'
      if (before.status !== allowedFrom)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `专项行动状态为 ${before.status}，不能${to === 'active' ? '启动' : '结束'} (cannot make a ${before.status} campaign ${to})`,
          { state: before.status, action: to === 'active' ? 'activate' : 'close' },
        )
      if (to === 'active') {
        const [count] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(campaignTargets)
          .where(eq(campaignTargets.campaignId, id))
        if (!Number(count?.n))
          throw new AppError('CONFLICT', '请先添加被检测单位 (add target organisations before starting)')
      }
      const now = this.deps.clock.now()
      await tx
        .update(campaigns)
        .set({
          status: to,
          ...(to === 'active' ? { activatedAt: now } : { closedAt: now }),
          updatedAt: now,
          version: sql`${campaigns.version} + 1`,
        })
        .where(eq(campaigns.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: to === 'active' ? 'campaign.activated' : 'campaign.closed',
        objectType: 'campaign',
        objectId: id,
        summary: { status: [before.status, to] },
      })
    })
    return this.get(ctx, id)
  }

  /** Moves a phase's dates; the testing phase is the testing window, so it moves the campaign's window too. */
  async updatePhase(
    ctx: RequestContext,
    id: string,
    phaseId: string,
    input: TUpdatePhaseRequest,
  ): Promise<TCampaignDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const campaign = await this.loadManaged(tx, actor, id)
      if (campaign.status === 'closed') throw closedError()
      const [before] = await tx
        .select()
        .from(campaignPhases)
        .where(and(eq(campaignPhases.id, phaseId), eq(campaignPhases.campaignId, id)))
        .for('update')
      if (!before) throw notFound('阶段 phase ')
      if (before.version !== input.version) throw conflict()
      const patch: Partial<PhaseRow> = {}
      if (input.name !== undefined) patch.name = input.name
      if (input.notes !== undefined) patch.notes = input.notes
      if (input.startsAt !== undefined) patch.startsAt = input.startsAt ? new Date(input.startsAt) : null
      if (input.endsAt !== undefined) patch.endsAt = new Date(input.endsAt)
      const startsAt = patch.startsAt !== undefined ? patch.startsAt : before.startsAt
      const endsAt = patch.endsAt ?? before.endsAt
      if (before.kind === 'testing' && !startsAt)
        throw validationFailed([
          { path: 'body.startsAt', message: '检测窗口须有开始时间 (the window needs a start)' },
        ])
      if (startsAt && endsAt.getTime() <= startsAt.getTime())
        throw validationFailed([
          { path: 'body.endsAt', message: '截止时间须晚于开始时间 (must be after the start)' },
        ])
      await tx
        .update(campaignPhases)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${campaignPhases.version} + 1` })
        .where(eq(campaignPhases.id, phaseId))
      if (before.kind === 'testing')
        await tx
          .update(campaigns)
          .set({
            testingStartsAt: startsAt!,
            testingEndsAt: endsAt,
            updatedAt: this.deps.clock.now(),
            version: sql`${campaigns.version} + 1`,
          })
          .where(eq(campaigns.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'campaign.phase_updated',
        objectType: 'campaign',
        objectId: id,
        summary: {
          phase: before.kind,
          ...changedFields(before, patch, ['name', 'notes', 'startsAt', 'endsAt']),
        },
      })
    })
    return this.get(ctx, id)
  }

  async board(ctx: RequestContext, id: string): Promise<TCampaignBoard> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const campaign = await this.loadVisible(db, actor, id)
    const now = this.deps.clock.now()
    const phases = await db
      .select()
      .from(campaignPhases)
      .where(eq(campaignPhases.campaignId, id))
      .orderBy(asc(campaignPhases.ordinal))
    const statusRows = await db
      .select({ status: findings.status, n: sql<number>`count(*)::int` })
      .from(findings)
      .where(eq(findings.campaignId, id))
      .groupBy(findings.status)
    const byStatus: Record<string, number> = {}
    for (const r of statusRows) byStatus[r.status] = Number(r.n)
    const [counts] = await db
      .select({
        targets: sql<number>`(select count(*)::int from ${campaignTargets} where ${campaignTargets.campaignId} = ${id})`,
        teams: sql<number>`(select count(*)::int from ${teams} where ${teams.campaignId} = ${id})`,
        targetsWithFindings: sql<number>`(select count(distinct ${findings.organisationId})::int from ${findings} where ${findings.campaignId} = ${id} and ${findings.status} not in ('rejected', 'duplicate', 'withdrawn'))`,
        overdueRectification: sql<number>`(select count(*)::int from ${findings} where ${findings.campaignId} = ${id} and ${findings.status} in ('notified', 'returned'))`,
      })
      .from(sql`(select 1) as one`)
    const n = (s: string) => byStatus[s] ?? 0
    const figures: Record<PhaseKind, { key: string; label: string; value: number }[]> = {
      asset_census: [
        { key: 'targets', label: '被检测单位', value: Number(counts?.targets ?? 0) },
        { key: 'unreported', label: '漏报资产', value: 0 },
      ],
      self_inspection: [{ key: 'targets', label: '被检测单位', value: Number(counts?.targets ?? 0) }],
      testing: [
        { key: 'teams', label: '检测队', value: Number(counts?.teams ?? 0) },
        { key: 'submitted', label: '待审核', value: n('submitted') },
        { key: 'verified', label: '已确认', value: n('verified') },
        { key: 'rejected', label: '已驳回', value: n('rejected') + n('duplicate') },
        {
          key: 'targetsWithFindings',
          label: '发现问题单位',
          value: Number(counts?.targetsWithFindings ?? 0),
        },
      ],
      rectification: [
        { key: 'notified', label: '已通报', value: n('notified') },
        { key: 'awaitingRectification', label: '待整改', value: Number(counts?.overdueRectification ?? 0) },
        { key: 'rectificationSubmitted', label: '已提交整改', value: n('rectification_submitted') },
      ],
      retest: [
        { key: 'awaitingRetest', label: '待复测', value: n('rectification_submitted') },
        { key: 'returned', label: '退回整改', value: n('returned') },
        { key: 'fixed', label: '已修复', value: n('fixed') },
      ],
      summary: [
        { key: 'fixed', label: '已修复', value: n('fixed') },
        { key: 'withdrawn', label: '已撤销', value: n('withdrawn') },
      ],
    }
    const [unreported] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(findings)
      .where(
        and(
          eq(findings.campaignId, id),
          eq(findings.kind, 'unreported_asset'),
          sql`${findings.status} not in ('rejected', 'duplicate', 'withdrawn')`,
        ),
      )
    figures.asset_census[1]!.value = Number(unreported?.n ?? 0)
    return {
      campaignId: campaign.id,
      now: now.toISOString(),
      phases: phases.map((p) => ({
        kind: p.kind,
        name: p.name,
        startsAt: p.startsAt?.toISOString() ?? null,
        endsAt: p.endsAt.toISOString(),
        state: phaseState(p, now),
        figures: figures[p.kind],
      })),
      findingsByStatus: byStatus,
    }
  }

  async listTargets(ctx: RequestContext, id: string): Promise<TCampaignTarget[]> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    await this.loadVisible(db, actor, id)
    const conditions: SQL[] = [eq(campaignTargets.campaignId, id)]
    // A team with assigned targets sees those; an organisation sees itself and its subordinate units.
    if (TEAM_ROLES.includes(actor.role) && actor.teamId) {
      const assigned = await this.assignedTargetIds(db, actor.teamId)
      if (assigned.length) conditions.push(inArray(campaignTargets.id, assigned))
    }
    if (actor.role === 'org_liaison' || actor.role === 'org_leader')
      conditions.push(
        sql`${campaignTargets.organisationId} in (select ${organisations.id} from ${organisations} where ${visibleOrganisationsCondition(actor)})`,
      )
    const rows = await db
      .select({
        target: campaignTargets,
        teamIds: sql<
          string[] | null
        >`(select array_agg(${teamTargets.teamId}::text order by ${teamTargets.teamId}) from ${teamTargets} where ${teamTargets.campaignTargetId} = ${campaignTargets.id})`,
        findingCount: sql<number>`(select count(*)::int from ${findings} where ${findings.campaignId} = ${id} and ${findings.organisationId} = ${campaignTargets.organisationId})`,
      })
      .from(campaignTargets)
      .where(and(...conditions))
      .orderBy(asc(campaignTargets.organisationCategory), asc(campaignTargets.organisationName))
    const showCounts =
      !TEAM_ROLES.includes(actor.role) && actor.role !== 'org_liaison' && actor.role !== 'org_leader'
    return rows.map((r) => ({
      id: r.target.id,
      organisationId: r.target.organisationId,
      organisationName: r.target.organisationName,
      organisationCategory: r.target.organisationCategory,
      creditCode: r.target.creditCode,
      isIndustryRegulator: r.target.isIndustryRegulator,
      teamIds: r.teamIds ?? [],
      // Other teams' work is not a team's business, nor unverified findings an organisation's.
      findingCount: showCounts ? Number(r.findingCount) : 0,
    }))
  }

  /** Takes organisations of the registry into the campaign, with their name and category as they are now. */
  async addTargets(ctx: RequestContext, id: string, organisationIds: string[]) {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const campaign = await this.loadManaged(tx, actor, id)
      if (campaign.status === 'closed') throw closedError()
      const unique = [...new Set(organisationIds)]
      const orgs = await tx
        .select()
        .from(organisations)
        .where(
          and(
            inArray(organisations.id, unique),
            visibleOrganisationsCondition(actor),
            sql`${organisations.regionId} in (select ${regions.id} from ${regions} where ${regions.path} like ${`${campaign.regionPath}%`})`,
          ),
        )
      const found = new Set(orgs.map((o) => o.id))
      const missing = unique.filter((o) => !found.has(o))
      if (missing.length)
        throw validationFailed(
          missing.slice(0, 20).map((o) => ({
            path: `body.organisationIds[${organisationIds.indexOf(o)}]`,
            message: '单位不存在或不在本行动的区域内 (no such organisation in the campaign’s region)',
          })),
        )
      const inserted = await tx
        .insert(campaignTargets)
        .values(
          orgs.map((o) => ({
            campaignId: id,
            organisationId: o.id,
            organisationName: o.name,
            organisationCategory: o.category,
            creditCode: o.creditCode,
            isIndustryRegulator: o.isIndustryRegulator,
            createdAt: this.deps.clock.now(),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: campaignTargets.id, organisationId: campaignTargets.organisationId })
      await this.touch(tx, id)
      await this.deps.audit.record(tx, ctx, {
        action: 'campaign.targets_added',
        objectType: 'campaign',
        objectId: id,
        summary: {
          added: inserted.map((r) => r.organisationId),
          alreadyTargets: orgs.length - inserted.length,
        },
      })
      return { added: inserted.length, alreadyTargets: orgs.length - inserted.length }
    })
  }

  async removeTarget(ctx: RequestContext, id: string, targetId: string): Promise<void> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const campaign = await this.loadManaged(tx, actor, id)
      if (campaign.status === 'closed') throw closedError()
      const [target] = await tx
        .select()
        .from(campaignTargets)
        .where(and(eq(campaignTargets.id, targetId), eq(campaignTargets.campaignId, id)))
      if (!target) throw notFound('被检测单位 target ')
      const [used] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(findings)
        .where(and(eq(findings.campaignId, id), eq(findings.organisationId, target.organisationId)))
      if (Number(used?.n))
        throw new AppError(
          'CONFLICT',
          `该单位已有 ${used!.n} 条漏洞记录，不能移出 (the organisation already has findings in this campaign)`,
        )
      await tx.delete(campaignTargets).where(eq(campaignTargets.id, targetId))
      await this.touch(tx, id)
      await this.deps.audit.record(tx, ctx, {
        action: 'campaign.target_removed',
        objectType: 'campaign',
        objectId: id,
        summary: { organisationId: target.organisationId, organisationName: target.organisationName },
      })
    })
  }

  /** Target rows assigned to a team (none: the team may test every target). */
  async assignedTargetIds(executor: Executor, teamId: string): Promise<string[]> {
    const rows = await executor
      .select({ id: teamTargets.campaignTargetId })
      .from(teamTargets)
      .where(eq(teamTargets.teamId, teamId))
    return rows.map((r) => r.id)
  }

  /** The organisations a team may report on: its assigned targets, or all of the campaign's. */
  async targetOrganisationIds(executor: Executor, campaignId: string, teamId?: string): Promise<string[]> {
    const assigned = teamId ? await this.assignedTargetIds(executor, teamId) : []
    const rows = await executor
      .select({ organisationId: campaignTargets.organisationId })
      .from(campaignTargets)
      .where(
        and(
          eq(campaignTargets.campaignId, campaignId),
          assigned.length ? inArray(campaignTargets.id, assigned) : undefined,
        ),
      )
    return rows.map((r) => r.organisationId)
  }

  /**
   * The campaign and the team a tester submits for, refused unless the campaign is active and `now` is inside its
   * testing window (SPEC §2: teams work only inside the campaign window).
   */
  async submissionContext(
    executor: Executor,
    actor: Actor,
    campaignId: string,
  ): Promise<{ campaign: CampaignRow & { regionPath: string }; teamId: string }> {
    const campaign = await this.loadVisible(executor, actor, campaignId)
    if (!TEAM_ROLES.includes(actor.role) || !actor.teamId)
      throw forbidden('只有本行动的检测队成员可以提交 (only the campaign’s testing teams submit)')
    assertTestingOpen(campaign, this.deps.clock.now())
    return { campaign, teamId: actor.teamId }
  }

  private async touch(tx: Tx, id: string): Promise<void> {
    await tx
      .update(campaigns)
      .set({ updatedAt: this.deps.clock.now(), version: sql`${campaigns.version} + 1` })
      .where(eq(campaigns.id, id))
  }
}

export function assertTestingOpen(campaign: CampaignRow, now: Date): void {
  if (campaign.status !== 'active')
    throw new AppError(
      'CONFLICT',
      `专项行动未在进行中，不能提交 (the campaign is ${campaign.status}: submissions are closed)`,
      { reason: 'campaign_not_active', status: campaign.status },
    )
  if (!isInWindow(campaign, now))
    throw new AppError(
      'CONFLICT',
      `不在检测时间窗口内：${describeWindow(campaign)} (outside the testing window ${campaign.testingStartsAt.toISOString()} – ${campaign.testingEndsAt.toISOString()})`,
      {
        reason: 'outside_testing_window',
        testingStartsAt: campaign.testingStartsAt.toISOString(),
        testingEndsAt: campaign.testingEndsAt.toISOString(),
      },
    )
}

function closedError(): AppError {
  return new AppError('CONFLICT', '专项行动已结束，不能修改 (the campaign is closed)')
}
