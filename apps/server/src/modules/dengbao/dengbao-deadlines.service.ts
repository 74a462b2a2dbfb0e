// Deadlines of a region and year, what is due, the overdue lists by organisation and the region dashboard.
// Reminders: the notifications module calls `dueForReminders()` from its scheduled job and sends what it returns; this
// module only answers the question "what is due".
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { isRegionInScope, requireRegion } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor } from '../../db/client'
import {
  dengbaoAssessments,
  dengbaoRegionSettings,
  informationSystems,
  organisationContacts,
  organisations,
  rectificationItems,
  regions,
} from '../../db/schema'
import { notFound } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { visibleSystemsCondition } from './dengbao.access'
import {
  defaultEffectiveDeadlines,
  dueItemsOfSystem,
  shanghaiDate,
  shanghaiYear,
  addDays,
  type TDueItem,
  type TDueSystem,
  type TEffectiveDeadlines,
} from './dengbao-due'
import type { TDashboard, TDueQuery, TPutDeadlinesRequest } from './dengbao.schemas'

type Deps = { database: Database; clock: Clock; audit: AuditService }

export type TDueFact = TDueSystem & {
  organisationName: string
  regionPath: string
  stage: string
  type: string
  isCriticalInfrastructure: boolean
  closedRectification: number
}

/** A due item with the people to remind: the organisation's liaisons (SMS, e-mail), for the notifications module. */
export type TDueReminder = TDueItem & {
  organisationName: string
  liaisons: { name: string; mobile: string | null; email: string | null }[]
}

export class DengbaoDeadlinesService {
  constructor(private readonly deps: Deps) {}

  today(): string {
    return shanghaiDate(this.deps.clock.now())
  }

  currentYear(): number {
    return shanghaiYear(this.deps.clock.now())
  }

  /** The deadlines that apply to a region path (`/a/b/c/`): its own row for the year, else the nearest ancestor's,
   * else seed 003's defaults. */
  async effectiveForPaths(
    executor: Executor,
    regionPaths: readonly string[],
    year: number,
  ): Promise<Map<string, TEffectiveDeadlines>> {
    const ids = [...new Set(regionPaths.flatMap((p) => p.split('/').filter(Boolean)))]
    const rows = ids.length
      ? await executor
          .select()
          .from(dengbaoRegionSettings)
          .where(and(eq(dengbaoRegionSettings.year, year), inArray(dengbaoRegionSettings.regionId, ids)))
      : []
    const byRegion = new Map(rows.map((r) => [r.regionId, r]))
    const result = new Map<string, TEffectiveDeadlines>()
    for (const path of regionPaths) {
      const chain = path.split('/').filter(Boolean).reverse()
      const row = chain.map((id) => byRegion.get(id)).find((r) => r !== undefined)
      result.set(
        path,
        row
          ? {
              year,
              regionId: row.regionId,
              gradingAndFiling: row.gradingAndFilingDue,
              assessment: row.assessmentDue,
              rectification: row.rectificationDue,
              level2IntervalMonths: row.level2IntervalMonths,
            }
          : defaultEffectiveDeadlines(year),
      )
    }
    return result
  }

  async effectiveFor(executor: Executor, regionPath: string, year: number): Promise<TEffectiveDeadlines> {
    return (await this.effectiveForPaths(executor, [regionPath], year)).get(regionPath)!
  }

  async getDeadlines(
    ctx: RequestContext,
    query: { year?: number | undefined; regionId?: string | undefined },
  ) {
    const actor = requireActor(ctx)
    const year = query.year ?? this.currentYear()
    const path = await this.regionPathFor(actor, query.regionId)
    return this.effectiveFor(this.deps.database.db, path, year)
  }

  /** The police set their region's deadlines for a year (a district may differ from its city). */
  async putDeadlines(ctx: RequestContext, input: TPutDeadlinesRequest) {
    const actor = requireActor(ctx)
    const { audit } = this.deps
    return this.deps.database.db.transaction(async (tx) => {
      const [region] = await tx.select().from(regions).where(eq(regions.id, input.regionId))
      if (!region || !isRegionInScope(actor, region.path)) throw notFound('行政区划 region ')
      const values = {
        gradingAndFilingDue: input.gradingAndFiling,
        assessmentDue: input.assessment,
        rectificationDue: input.rectification,
        level2IntervalMonths: input.level2IntervalMonths,
        updatedBy: actor.userId,
        updatedAt: this.deps.clock.now(),
      }
      const [before] = await tx
        .select()
        .from(dengbaoRegionSettings)
        .where(and(eq(dengbaoRegionSettings.regionId, region.id), eq(dengbaoRegionSettings.year, input.year)))
        .for('update')
      if (before)
        await tx
          .update(dengbaoRegionSettings)
          .set({ ...values, version: before.version + 1 })
          .where(eq(dengbaoRegionSettings.id, before.id))
      else await tx.insert(dengbaoRegionSettings).values({ regionId: region.id, year: input.year, ...values })
      await audit.record(tx, ctx, {
        action: 'dengbao.deadlines_set',
        objectType: 'region',
        objectId: region.id,
        summary: {
          year: input.year,
          gradingAndFiling: [before?.gradingAndFilingDue ?? null, input.gradingAndFiling],
          assessment: [before?.assessmentDue ?? null, input.assessment],
          rectification: [before?.rectificationDue ?? null, input.rectification],
          level2IntervalMonths: [before?.level2IntervalMonths ?? null, input.level2IntervalMonths],
        },
      })
      return this.effectiveFor(tx, region.path, input.year)
    })
  }

  /** The facts the due computation needs, for the systems matching `where` (over systems ⋈ organisations ⋈ regions). */
  async loadDueFacts(executor: Executor, where: SQL): Promise<TDueFact[]> {
    const rows = await executor
      .select({
        system: informationSystems,
        organisationName: organisations.name,
        regionPath: regions.path,
      })
      .from(informationSystems)
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .where(where)
      .orderBy(asc(organisations.name), asc(informationSystems.name))
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.system.id)
    const [assessed, items] = await Promise.all([
      executor
        .select({ systemId: dengbaoAssessments.systemId, assessedOn: dengbaoAssessments.assessedOn })
        .from(dengbaoAssessments)
        .where(inArray(dengbaoAssessments.systemId, ids)),
      executor
        .select({
          id: rectificationItems.id,
          systemId: rectificationItems.systemId,
          title: rectificationItems.title,
          deadline: rectificationItems.deadline,
          status: rectificationItems.status,
        })
        .from(rectificationItems)
        .where(inArray(rectificationItems.systemId, ids)),
    ])
    return rows.map(({ system, organisationName, regionPath }) => ({
      systemId: system.id,
      systemName: system.name,
      organisationId: system.organisationId,
      organisationName,
      regionPath,
      stage: system.stage,
      type: system.type,
      isCriticalInfrastructure: system.isCriticalInfrastructure,
      filedLevel: system.filedLevel,
      proposedLevel: system.proposedLevel,
      assessedOn: assessed.filter((a) => a.systemId === system.id).map((a) => a.assessedOn),
      openRectification: items
        .filter((i) => i.systemId === system.id && i.status === 'open')
        .map((i) => ({ id: i.id, title: i.title, deadline: i.deadline })),
      closedRectification: items.filter((i) => i.systemId === system.id && i.status === 'closed').length,
    }))
  }

  async dueItemsOf(executor: Executor, facts: TDueFact[], year: number, today: string) {
    const deadlines = await this.effectiveForPaths(
      executor,
      facts.map((f) => f.regionPath),
      year,
    )
    return facts.flatMap((fact) =>
      dueItemsOfSystem(fact, deadlines.get(fact.regionPath)!, today).map((item) => ({
        ...item,
        organisationName: fact.organisationName,
      })),
    )
  }

  /** What is due for the caller's systems: open obligations of the year, optionally only those due within N days. */
  async listDue(ctx: RequestContext, query: TDueQuery) {
    const actor = requireActor(ctx)
    const year = query.year ?? this.currentYear()
    const today = this.today()
    const facts = await this.loadDueFacts(this.deps.database.db, await this.scopeCondition(actor, query))
    let items = await this.dueItemsOf(this.deps.database.db, facts, year, today)
    if (query.withinDays !== undefined) {
      const horizon = addDays(today, query.withinDays)
      items = items.filter((i) => i.dueOn <= horizon)
    }
    if (query.overdueOnly === 'true') items = items.filter((i) => i.isOverdue)
    items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.systemName.localeCompare(b.systemName))
    return { year, today, items }
  }

  /** 逾期清单: every organisation with something overdue, the most overdue first. */
  async overdueByOrganisation(ctx: RequestContext, query: TDueQuery) {
    const { items, year, today } = await this.listDue(ctx, { ...query, overdueOnly: 'true' })
    const byOrganisation = new Map<
      string,
      {
        organisationId: string
        organisationName: string
        gradingFiling: number
        assessment: number
        rectification: number
        total: number
        items: TDueItem[]
      }
    >()
    for (const { organisationName, ...item } of items) {
      let entry = byOrganisation.get(item.organisationId)
      if (!entry)
        byOrganisation.set(
          item.organisationId,
          (entry = {
            organisationId: item.organisationId,
            organisationName,
            gradingFiling: 0,
            assessment: 0,
            rectification: 0,
            total: 0,
            items: [],
          }),
        )
      if (item.kind === 'grading_filing') entry.gradingFiling++
      else if (item.kind === 'assessment') entry.assessment++
      else entry.rectification++
      entry.total++
      entry.items.push(item)
    }
    const organisationsList = [...byOrganisation.values()].sort(
      (a, b) => b.total - a.total || a.organisationName.localeCompare(b.organisationName),
    )
    return { year, today, organisations: organisationsList }
  }

  /** The region dashboard: systems by level, stage and type, filing and assessment status, overdue counts. */
  async dashboard(ctx: RequestContext, query: { year?: number | undefined; regionId?: string | undefined }) {
    const actor = requireActor(ctx)
    const year = query.year ?? this.currentYear()
    const today = this.today()
    const { db } = this.deps.database
    const regionPath = await this.regionPathFor(actor, query.regionId)
    const facts = await this.loadDueFacts(
      db,
      and(visibleSystemsCondition(actor), sql`${regions.path} like ${`${escapeLikePath(regionPath)}%`}`)!,
    )
    const deadlines = await this.effectiveForPaths(db, [regionPath, ...facts.map((f) => f.regionPath)], year)
    const count = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1)
    const dashboard: TDashboard = {
      year,
      today,
      regionId: query.regionId ?? actor.regionId,
      deadlines: deadlines.get(regionPath)!,
      systems: facts.length,
      criticalInfrastructure: facts.filter((f) => f.isCriticalInfrastructure).length,
      byLevel: {},
      byStage: {},
      byType: {},
      filing: { filed: 0, notFiled: 0, overdue: 0 },
      assessment: { required: 0, done: 0, pending: 0, overdue: 0 },
      rectification: { open: 0, closed: 0, overdue: 0 },
      organisationsWithOverdue: 0,
    }
    const withOverdue = new Set<string>()
    for (const fact of facts) {
      const level = fact.filedLevel ?? fact.proposedLevel
      count(dashboard.byLevel, level === null ? 'ungraded' : String(level))
      count(dashboard.byStage, fact.stage)
      count(dashboard.byType, fact.type)
      if (fact.filedLevel !== null) dashboard.filing.filed++
      else dashboard.filing.notFiled++
      const items = dueItemsOfSystem(fact, deadlines.get(fact.regionPath)!, today)
      for (const item of items) if (item.isOverdue) withOverdue.add(fact.organisationId)
      if (items.some((i) => i.kind === 'grading_filing' && i.isOverdue)) dashboard.filing.overdue++
      const assessmentItem = items.find((i) => i.kind === 'assessment')
      if (isAssessmentRequired(level, deadlines.get(fact.regionPath)!)) {
        dashboard.assessment.required++
        if (!assessmentItem) dashboard.assessment.done++
        else if (assessmentItem.isOverdue) dashboard.assessment.overdue++
        else dashboard.assessment.pending++
      }
      dashboard.rectification.open += fact.openRectification.length
      dashboard.rectification.closed += fact.closedRectification
      dashboard.rectification.overdue += items.filter((i) => i.kind === 'rectification' && i.isOverdue).length
    }
    dashboard.organisationsWithOverdue = withOverdue.size
    return dashboard
  }

  /**
   * The hook for reminders (seed 003 deadlines; SPEC §6 channels). The notifications module's scheduled job calls this
   * as the system (no user): every open obligation due within `withinDays` of `asOf` (overdue ones included), with
   * the organisation's liaisons to send to. Sending, de-duplication per event and escalation are the job's.
   * `where` narrows the systems (a condition over systems ⋈ organisations ⋈ regions: a regulator's region subtree).
   */
  async dueForReminders(options: {
    asOf?: Date
    withinDays: number
    year?: number
    where?: SQL
  }): Promise<TDueReminder[]> {
    const asOf = options.asOf ?? this.deps.clock.now()
    const today = shanghaiDate(asOf)
    const year = options.year ?? shanghaiYear(asOf)
    const { db } = this.deps.database
    const facts = await this.loadDueFacts(db, options.where ?? sql`true`)
    const horizon = addDays(today, options.withinDays)
    const items = (await this.dueItemsOf(db, facts, year, today)).filter((i) => i.dueOn <= horizon)
    const organisationIds = [...new Set(items.map((i) => i.organisationId))]
    const contacts = organisationIds.length
      ? await db
          .select()
          .from(organisationContacts)
          .where(
            and(
              inArray(organisationContacts.organisationId, organisationIds),
              eq(organisationContacts.kind, 'liaison'),
            ),
          )
      : []
    return items.map((item) => ({
      ...item,
      liaisons: contacts
        .filter((c) => c.organisationId === item.organisationId)
        .map((c) => ({ name: c.name, mobile: c.mobile, email: c.email })),
    }))
  }

  private async scopeCondition(actor: Actor, query: TDueQuery): Promise<SQL> {
    const conditions: SQL[] = [visibleSystemsCondition(actor)]
    if (query.organisationId) conditions.push(eq(informationSystems.organisationId, query.organisationId))
    if (query.regionId) {
      const path = await this.regionPathFor(actor, query.regionId)
      conditions.push(sql`${regions.path} like ${`${escapeLikePath(path)}%`}`)
    }
    return and(...conditions)!
  }

  /** The path of the region asked for (which must be in the actor's scope), else the actor's own region. */
  private async regionPathFor(actor: Actor, regionId: string | undefined): Promise<string> {
    if (!regionId) {
      if (actor.role === 'org_liaison' || actor.role === 'org_leader') {
        const [own] = await this.deps.database.db
          .select({ path: regions.path })
          .from(organisations)
          .innerJoin(regions, eq(regions.id, organisations.regionId))
          .where(eq(organisations.id, actor.organisationId ?? '00000000-0000-0000-0000-000000000000'))
        if (!own) throw notFound('单位 organisation ')
        return own.path
      }
      return requireRegion(actor)
    }
    const [region] = await this.deps.database.db.select().from(regions).where(eq(regions.id, regionId))
    if (!region || !isRegionInScope(actor, region.path)) throw notFound('行政区划 region ')
    return region.path
  }
}

function escapeLikePath(path: string): string {
  return path.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Whether a system of this level must be assessed periodically (level 3+, or level 2 on the region's cycle). */
function isAssessmentRequired(level: number | null, deadlines: TEffectiveDeadlines): boolean {
  if (level === null) return false
  return level >= 3 || (level === 2 && deadlines.level2IntervalMonths !== null)
}
