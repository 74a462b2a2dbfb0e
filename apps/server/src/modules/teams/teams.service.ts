// Testing companies (技术支撑机构名录, seed 000 附件3) and campaign teams (检测队): a company's team in one campaign, its
// lead and members (accounts the regulator invites for the campaign), and the targets assigned to it.
import { validateFixedLine, validateMobile } from '@wangan/rules/registry'
import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm'
import { TEAM_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import {
  campaigns,
  campaignTargets,
  findings,
  regions,
  teams,
  teamTargets,
  testingCompanies,
  users,
} from '../../db/schema'
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../http/errors'
import { changedFields, escapeLike, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { CAMPAIGN_REGION_ROLES, isCampaignRegionInScope } from '../campaigns/campaign-scope'
import type { CampaignsService } from '../campaigns/campaigns.service'
import type { UsersService } from '../users/users.service'
import type {
  TCreateTeamRequest,
  TCreateTestingCompanyRequest,
  TInviteMemberRequest,
  TListTestingCompaniesQuery,
  TTeam,
  TTeamMember,
  TTestingCompany,
  TUpdateTeamRequest,
  TUpdateTestingCompanyRequest,
} from './teams.schemas'

type CompanyRow = typeof testingCompanies.$inferSelect
type TeamRow = typeof teams.$inferSelect

/** Normalises a 附件3 phone (`1510617 9570`) to a mobile or fixed-line number, or says why it is not one. */
export function normalisePhone(raw: string | null | undefined, path: string): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null
  const mobile = validateMobile(raw)
  if (mobile.ok) return mobile.normalised
  const fixed = validateFixedLine(raw)
  if (fixed.ok) return fixed.normalised
  throw validationFailed([
    { path, message: `${mobile.reason.zh}；或固定电话：${fixed.reason.zh} (${mobile.reason.en})` },
  ])
}

function presentCompany(row: CompanyRow, teamCount: number): TTestingCompany {
  return {
    id: row.id,
    regionId: row.regionId,
    name: row.name,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    notes: row.notes,
    teamCount: Number(teamCount),
    version: row.version,
  }
}

function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export class TeamsService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      users: UsersService
      campaigns: CampaignsService
    },
  ) {}

  // ---- testing companies ----

  /** The roster the actor may see: companies of their region and the regions above it (a city uses the
   * province's roster too), and below it. */
  private companiesCondition(actor: Actor): SQL {
    if (!CAMPAIGN_REGION_ROLES.includes(actor.role) || !actor.regionPath) return sql`false`
    return sql`${testingCompanies.regionId} in (select ${regions.id} from ${regions} where ${regions.path} like ${likePrefix(actor.regionPath)} or ${actor.regionPath} like ${regions.path} || '%')`
  }

  async listCompanies(ctx: RequestContext, query: TListTestingCompaniesQuery) {
    const actor = requireActor(ctx)
    const conditions = [this.companiesCondition(actor)]
    if (query.q) conditions.push(ilike(testingCompanies.name, `%${escapeLike(query.q)}%`))
    const where = and(...conditions)
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select({
          company: testingCompanies,
          teamCount: sql<number>`(select count(*)::int from ${teams} where ${teams.companyId} = ${testingCompanies.id})`,
        })
        .from(testingCompanies)
        .where(where)
        .orderBy(asc(testingCompanies.createdAt), asc(testingCompanies.name))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(testingCompanies)
        .where(where),
    ])
    return {
      items: rows.map((r) => presentCompany(r.company, r.teamCount)),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async createCompany(
    ctx: RequestContext,
    input: TCreateTestingCompanyRequest,
    outer?: Tx,
  ): Promise<TTestingCompany> {
    const actor = requireActor(ctx)
    const contactPhone = normalisePhone(input.contactPhone, 'body.contactPhone')
    const run = async (tx: Tx) => {
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
      await this.assertCompanyNameFree(tx, region.id, input.name)
      const [row] = await tx
        .insert(testingCompanies)
        .values({
          regionId: region.id,
          name: input.name,
          contactName: input.contactName ?? null,
          contactPhone,
          notes: input.notes ?? null,
          createdAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'testing_company.created',
        objectType: 'testing_company',
        objectId: row!.id,
        summary: { name: row!.name, regionId: region.id, contactName: row!.contactName },
      })
      return presentCompany(row!, 0)
    }
    return outer ? run(outer) : this.deps.database.db.transaction(run)
  }

  async updateCompany(
    ctx: RequestContext,
    id: string,
    input: TUpdateTestingCompanyRequest,
  ): Promise<TTestingCompany> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const [found] = await tx
        .select({ company: testingCompanies, regionPath: regions.path })
        .from(testingCompanies)
        .innerJoin(regions, eq(regions.id, testingCompanies.regionId))
        .where(and(eq(testingCompanies.id, id), this.companiesCondition(actor)))
        .for('update', { of: testingCompanies })
      if (!found) throw notFound('技术支撑机构 testing company ')
      if (actor.role !== 'regulator' || !isCampaignRegionInScope(actor, found.regionPath))
        throw forbidden('只有该名录所属区域的监管人员可以修改 (only the roster region’s regulator edits it)')
      const before = found.company
      if (before.version !== input.version) throw conflict()
      const patch: Partial<CompanyRow> = {}
      if (input.name !== undefined && input.name !== before.name) {
        await this.assertCompanyNameFree(tx, before.regionId, input.name)
        patch.name = input.name
      }
      if (input.contactName !== undefined) patch.contactName = input.contactName
      if (input.contactPhone !== undefined)
        patch.contactPhone = normalisePhone(input.contactPhone, 'body.contactPhone')
      if (input.notes !== undefined) patch.notes = input.notes
      const [row] = await tx
        .update(testingCompanies)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${testingCompanies.version} + 1` })
        .where(eq(testingCompanies.id, id))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'testing_company.updated',
        objectType: 'testing_company',
        objectId: id,
        summary: changedFields(before, patch, ['name', 'contactName', 'contactPhone', 'notes']),
      })
      const [teamCount] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(teams)
        .where(eq(teams.companyId, id))
      return presentCompany(row!, teamCount?.n ?? 0)
    })
  }

  private async assertCompanyNameFree(tx: Tx, regionId: string, name: string): Promise<void> {
    const [existing] = await tx
      .select({ id: testingCompanies.id })
      .from(testingCompanies)
      .where(and(eq(testingCompanies.regionId, regionId), eq(testingCompanies.name, name)))
    if (existing)
      throw new AppError('CONFLICT', `名录中已有“${name}” (already in the roster)`, [
        { path: 'body.name', message: '名录中已有同名机构 (already in the roster)', code: 'taken' },
      ])
  }

  // ---- teams ----

  private async presentTeams(tx: Tx | Database['db'], rows: (TeamRow & { companyName: string })[]) {
    if (!rows.length) return []
    const ids = rows.map((r) => r.id)
    const [members, assignments, counts] = await Promise.all([
      tx.select().from(users).where(inArray(users.teamId, ids)).orderBy(asc(users.role), asc(users.username)),
      tx.select().from(teamTargets).where(inArray(teamTargets.teamId, ids)),
      tx
        .select({ teamId: findings.teamId, n: sql<number>`count(*)::int` })
        .from(findings)
        .where(inArray(findings.teamId, ids))
        .groupBy(findings.teamId),
    ])
    return rows.map((row): TTeam => ({
      id: row.id,
      campaignId: row.campaignId,
      companyId: row.companyId,
      companyName: row.companyName,
      name: row.name,
      leadUserId: row.leadUserId,
      members: members.filter((m) => m.teamId === row.id).map(presentMember),
      campaignTargetIds: assignments.filter((a) => a.teamId === row.id).map((a) => a.campaignTargetId),
      findingCount: Number(counts.find((c) => c.teamId === row.id)?.n ?? 0),
      version: row.version,
    }))
  }

  private teamSelection() {
    return { team: teams, companyName: testingCompanies.name }
  }

  /** Teams of a campaign: all of them for the regulator's side, only their own for a team's members. */
  async listTeams(ctx: RequestContext, campaignId: string): Promise<TTeam[]> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    await this.deps.campaigns.loadVisible(db, actor, campaignId)
    const conditions: SQL[] = [eq(teams.campaignId, campaignId)]
    if (TEAM_ROLES.includes(actor.role)) conditions.push(eq(teams.id, actor.teamId ?? sql`null`))
    else if (!CAMPAIGN_REGION_ROLES.includes(actor.role)) conditions.push(sql`false`)
    const rows = await db
      .select(this.teamSelection())
      .from(teams)
      .innerJoin(testingCompanies, eq(testingCompanies.id, teams.companyId))
      .where(and(...conditions))
      .orderBy(asc(teams.name))
    return this.presentTeams(
      db,
      rows.map((r) => ({ ...r.team, companyName: r.companyName })),
    )
  }

  async getTeam(ctx: RequestContext, id: string): Promise<TTeam> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const row = await this.loadVisibleTeam(db, actor, id)
    const [team] = await this.presentTeams(db, [row])
    return team!
  }

  private async loadVisibleTeam(
    executor: Tx | Database['db'],
    actor: Actor,
    id: string,
    forUpdate = false,
  ): Promise<TeamRow & { companyName: string; regionPath: string }> {
    let query = executor
      .select({ ...this.teamSelection(), regionPath: regions.path })
      .from(teams)
      .innerJoin(testingCompanies, eq(testingCompanies.id, teams.companyId))
      .innerJoin(campaigns, eq(campaigns.id, teams.campaignId))
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .where(eq(teams.id, id))
      .$dynamic()
    if (forUpdate) query = query.for('update', { of: teams })
    const [found] = await query
    const visible =
      found &&
      (TEAM_ROLES.includes(actor.role)
        ? actor.teamId === found.team.id
        : CAMPAIGN_REGION_ROLES.includes(actor.role) &&
          !!actor.regionPath &&
          found.regionPath.startsWith(actor.regionPath))
    if (!found || !visible) throw notFound('检测队 team ')
    return { ...found.team, companyName: found.companyName, regionPath: found.regionPath }
  }

  /** A team the actor manages: the regulator of the campaign's region. */
  private async loadManagedTeam(tx: Tx, actor: Actor, id: string) {
    const team = await this.loadVisibleTeam(tx, actor, id, true)
    if (actor.role !== 'regulator' || !isCampaignRegionInScope(actor, team.regionPath))
      throw forbidden('只有本区域的监管人员可以管理检测队 (only the region’s regulator manages teams)')
    return team
  }

  async createTeam(
    ctx: RequestContext,
    campaignId: string,
    input: TCreateTeamRequest,
    outer?: Tx,
  ): Promise<TTeam> {
    const actor = requireActor(ctx)
    const run = async (tx: Tx) => {
      const campaign = await this.deps.campaigns.loadManaged(tx, actor, campaignId)
      if (campaign.status === 'closed')
        throw new AppError('CONFLICT', '专项行动已结束 (the campaign is closed)')
      const [company] = await tx
        .select()
        .from(testingCompanies)
        .where(and(eq(testingCompanies.id, input.companyId), this.companiesCondition(actor)))
      if (!company)
        throw validationFailed([
          { path: 'body.companyId', message: '名录中没有该机构 (no such testing company)' },
        ])
      const [existing] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.campaignId, campaignId), eq(teams.name, input.name)))
      if (existing)
        throw new AppError('CONFLICT', `本行动已有检测队“${input.name}” (a team of that name exists)`, [
          { path: 'body.name', message: '队名已存在 (name taken)', code: 'taken' },
        ])
      const [row] = await tx
        .insert(teams)
        .values({
          campaignId,
          companyId: company.id,
          name: input.name,
          createdAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'team.created',
        objectType: 'team',
        objectId: row!.id,
        summary: { campaignId, name: row!.name, companyId: company.id, companyName: company.name },
      })
      const [team] = await this.presentTeams(tx, [{ ...row!, companyName: company.name }])
      return team!
    }
    return outer ? run(outer) : this.deps.database.db.transaction(run)
  }

  async updateTeam(ctx: RequestContext, id: string, input: TUpdateTeamRequest): Promise<TTeam> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadManagedTeam(tx, actor, id)
      if (before.version !== input.version) throw conflict()
      const patch: Partial<TeamRow> = {}
      if (input.name !== undefined) patch.name = input.name
      if (input.leadUserId !== undefined) {
        if (input.leadUserId) {
          const [lead] = await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.id, input.leadUserId), eq(users.teamId, id), eq(users.role, 'team_lead')))
          if (!lead)
            throw validationFailed([
              {
                path: 'body.leadUserId',
                message: '队长须为本队的检测队长账户 (the lead must be a team_lead of this team)',
              },
            ])
        }
        patch.leadUserId = input.leadUserId
      }
      const [row] = await tx
        .update(teams)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${teams.version} + 1` })
        .where(eq(teams.id, id))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'team.updated',
        objectType: 'team',
        objectId: id,
        summary: changedFields(before, patch, ['name', 'leadUserId']),
      })
      const [team] = await this.presentTeams(tx, [{ ...row!, companyName: before.companyName }])
      return team!
    })
  }

  /** Creates the account of a team member (the regulator invites them for the campaign); the initial password is
   * returned once and must be changed at first login. The first team lead becomes the team's lead. */
  async inviteMember(
    ctx: RequestContext,
    teamId: string,
    input: TInviteMemberRequest,
    outer?: Tx,
  ): Promise<{ member: TTeamMember; initialPassword: string }> {
    const actor = requireActor(ctx)
    const run = async (tx: Tx) => {
      const team = await this.loadManagedTeam(tx, actor, teamId)
      const [campaign] = await tx
        .select({ regionId: campaigns.regionId, status: campaigns.status })
        .from(campaigns)
        .where(eq(campaigns.id, team.campaignId))
      if (campaign?.status === 'closed')
        throw new AppError('CONFLICT', '专项行动已结束 (the campaign is closed)')
      const { user, initialPassword } = await this.deps.users.create(
        ctx,
        {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          regionId: campaign?.regionId ?? null,
          teamId,
          mobile: input.mobile ?? null,
          email: input.email ?? null,
        },
        { tx, mustChangePassword: true },
      )
      if (input.role === 'team_lead' && !team.leadUserId)
        await tx
          .update(teams)
          .set({ leadUserId: user.id, updatedAt: this.deps.clock.now(), version: sql`${teams.version} + 1` })
          .where(eq(teams.id, teamId))
      await this.deps.audit.record(tx, ctx, {
        action: 'team.member_invited',
        objectType: 'team',
        objectId: teamId,
        summary: { userId: user.id, username: user.username, role: user.role },
      })
      return {
        member: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          role: input.role,
          mobile: user.mobile,
          isDisabled: user.isDisabled,
        },
        initialPassword: initialPassword!,
      }
    }
    return outer ? run(outer) : this.deps.database.db.transaction(run)
  }

  /** Ends a member's access: the account is disabled (and its sessions ended); it stays linked to the team so that
   * the team's history keeps its name. */
  async removeMember(ctx: RequestContext, teamId: string, userId: string): Promise<TTeam> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const team = await this.loadManagedTeam(tx, actor, teamId)
      const [member] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.teamId, teamId)))
      if (!member) throw notFound('队员 member ')
      await this.deps.users.setDisabled(ctx, userId, true, tx)
      if (team.leadUserId === userId)
        await tx
          .update(teams)
          .set({ leadUserId: null, updatedAt: this.deps.clock.now(), version: sql`${teams.version} + 1` })
          .where(eq(teams.id, teamId))
      await this.deps.audit.record(tx, ctx, {
        action: 'team.member_removed',
        objectType: 'team',
        objectId: teamId,
        summary: { userId },
      })
      const [row] = await tx.select().from(teams).where(eq(teams.id, teamId))
      const [presented] = await this.presentTeams(tx, [{ ...row!, companyName: team.companyName }])
      return presented!
    })
  }

  /** Replaces the team's assigned targets (an empty list: the team may test every target of the campaign). */
  async assignTargets(
    ctx: RequestContext,
    teamId: string,
    campaignTargetIds: string[],
    version: number,
  ): Promise<TTeam> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const team = await this.loadManagedTeam(tx, actor, teamId)
      if (team.version !== version) throw conflict()
      const unique = [...new Set(campaignTargetIds)]
      const rows = unique.length
        ? await tx
            .select({ id: campaignTargets.id })
            .from(campaignTargets)
            .where(and(inArray(campaignTargets.id, unique), eq(campaignTargets.campaignId, team.campaignId)))
        : []
      if (rows.length !== unique.length) {
        const known = new Set(rows.map((r) => r.id))
        throw validationFailed(
          unique
            .filter((id) => !known.has(id))
            .slice(0, 20)
            .map((id) => ({
              path: `body.campaignTargetIds[${campaignTargetIds.indexOf(id)}]`,
              message: '不是本行动的被检测单位 (not a target of this campaign)',
            })),
        )
      }
      const before = await this.deps.campaigns.assignedTargetIds(tx, teamId)
      await tx.delete(teamTargets).where(eq(teamTargets.teamId, teamId))
      if (unique.length)
        await tx.insert(teamTargets).values(
          unique.map((campaignTargetId) => ({
            teamId,
            campaignTargetId,
            createdAt: this.deps.clock.now(),
          })),
        )
      const [row] = await tx
        .update(teams)
        .set({ updatedAt: this.deps.clock.now(), version: sql`${teams.version} + 1` })
        .where(eq(teams.id, teamId))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'team.targets_assigned',
        objectType: 'team',
        objectId: teamId,
        summary: { before: before.length, after: unique.length, campaignTargetIds: unique },
      })
      const [presented] = await this.presentTeams(tx, [{ ...row!, companyName: team.companyName }])
      return presented!
    })
  }

  /** Name of a team, for timelines and lists (no access check: callers have already checked the finding). */
  async teamNames(executor: Tx | Database['db'], ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map()
    const rows = await executor
      .select({ id: teams.id, name: teams.name, companyName: testingCompanies.name })
      .from(teams)
      .innerJoin(testingCompanies, eq(testingCompanies.id, teams.companyId))
      .where(inArray(teams.id, [...new Set(ids)]))
    return new Map(rows.map((r) => [r.id, `${r.name}（${r.companyName}）`]))
  }
}

function presentMember(row: typeof users.$inferSelect): TTeamMember {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role === 'team_lead' ? 'team_lead' : 'tester',
    mobile: row.mobile,
    isDisabled: row.isDisabled,
  }
}
