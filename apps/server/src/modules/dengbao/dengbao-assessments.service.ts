// 等级测评 and 整改: an assessment institution's result for a system (date, institution, conclusion, score), and the
// issues it found as rectification items with owners and deadlines, tracked to closure with progress notes.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  dengbaoAssessments,
  informationSystems,
  organisations,
  rectificationItems,
  rectificationUpdates,
  regions,
} from '../../db/schema'
import { AppError, conflict, notFound, validationFailed } from '../../http/errors'
import { changedFields, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { FilesService, TStoredFile } from '../files/files.service'
import { canMaintainSystems, visibleSystemsCondition } from './dengbao.access'
import type { DengbaoDeadlinesService } from './dengbao-deadlines.service'
import type { DengbaoSystemsService } from './dengbao-systems.service'
import { presentAssessment, presentRectificationItems } from './dengbao.presenters'
import type {
  TAssessment,
  TCreateAssessmentRequest,
  TRectificationItem,
  TUpdateRectificationItemRequest,
} from './dengbao.schemas'

type Deps = {
  database: Database
  clock: Clock
  audit: AuditService
  files: FilesService
  systems: DengbaoSystemsService
  deadlines: DengbaoDeadlinesService
}

type IssueInput = TCreateAssessmentRequest['issues'][number]

const ITEM_NOT_FOUND = '整改项 rectification item '

export class DengbaoAssessmentsService {
  constructor(private readonly deps: Deps) {}

  /** Records an assessment of a graded system, with the issues it found as rectification items. */
  async create(ctx: RequestContext, systemId: string, input: TCreateAssessmentRequest): Promise<TAssessment> {
    const actor = requireActor(ctx)
    this.requireMaintainer(actor)
    const id = await this.deps.database.db.transaction(async (tx) => {
      const { system, organisation, regionPath } = await this.deps.systems.load(tx, actor, systemId, {
        lock: true,
      })
      const level = system.filedLevel ?? system.proposedLevel
      if (level === null)
        throw new AppError('ILLEGAL_TRANSITION', '系统尚未定级，不能登记等级测评 (grade the system first)')
      if (input.assessedOn > this.deps.deadlines.today())
        throw validationFailed([
          { path: 'body.assessedOn', message: '测评日期不能晚于今天 (cannot be in the future)' },
        ])
      const now = this.deps.clock.now()
      const [row] = await tx
        .insert(dengbaoAssessments)
        .values({
          systemId,
          assessedOn: input.assessedOn,
          institution: input.institution,
          conclusion: input.conclusion,
          score: input.score,
          level,
          reportNumber: input.reportNumber,
          notes: input.notes,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      const items = await this.insertItems(tx, row!.id, systemId, regionPath, input.assessedOn, input.issues)
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.assessment_recorded',
        objectType: 'information_system',
        objectId: systemId,
        summary: {
          organisation: organisation.name,
          system: system.name,
          assessment: row!.id,
          assessedOn: input.assessedOn,
          institution: input.institution,
          conclusion: input.conclusion,
          score: input.score,
          issues: items,
        },
      })
      return row!.id
    })
    return this.getAssessment(actor, id)
  }

  /** Adds issues to an assessment after the fact (the report's annex arrives later, say). */
  async addItems(ctx: RequestContext, assessmentId: string, issues: IssueInput[]): Promise<TAssessment> {
    const actor = requireActor(ctx)
    this.requireMaintainer(actor)
    await this.deps.database.db.transaction(async (tx) => {
      const { assessment: ref } = await this.visibleAssessment(tx, actor, assessmentId)
      const { regionPath, system } = await this.deps.systems.load(tx, actor, ref.systemId, { lock: true })
      const added = await this.insertItems(tx, assessmentId, ref.systemId, regionPath, ref.assessedOn, issues)
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.rectification_items_added',
        objectType: 'information_system',
        objectId: ref.systemId,
        summary: { system: system.name, assessment: assessmentId, issues: added },
      })
    })
    return this.getAssessment(actor, assessmentId)
  }

  /**
   * Checks a report upload before its bytes are read: the caller may record assessments and sees this one. Nothing
   * is written yet, and a refused upload stores nothing.
   */
  async checkReportUpload(ctx: RequestContext, assessmentId: string): Promise<void> {
    const actor = requireActor(ctx)
    this.requireMaintainer(actor)
    await this.visibleAssessment(this.deps.database.db, actor, assessmentId)
  }

  /**
   * Attaches the institution's report (测评报告) to an assessment; a later upload replaces it (the replaced file
   * stays in the store and its id in the audit trail).
   */
  async attachReport(ctx: RequestContext, assessmentId: string, file: TStoredFile): Promise<TAssessment> {
    const actor = requireActor(ctx)
    this.requireMaintainer(actor)
    await this.deps.database.db.transaction(async (tx) => {
      const { assessment, systemName } = await this.visibleAssessment(tx, actor, assessmentId, { lock: true })
      await tx
        .update(dengbaoAssessments)
        .set({
          reportFileId: file.id,
          reportFileName: file.originalName,
          updatedAt: this.deps.clock.now(),
          version: assessment.version + 1,
        })
        .where(eq(dengbaoAssessments.id, assessmentId))
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.assessment_report_attached',
        objectType: 'information_system',
        objectId: assessment.systemId,
        summary: {
          system: systemName,
          assessment: assessmentId,
          file: file.id,
          name: file.originalName,
          mediaType: file.mediaType,
          size: file.size,
          ...(assessment.reportFileId ? { replaced: assessment.reportFileId } : {}),
        },
      })
    })
    return this.getAssessment(actor, assessmentId)
  }

  /** The report of an assessment, to whoever may read the system. */
  async readReport(ctx: RequestContext, assessmentId: string) {
    const actor = requireActor(ctx)
    const { assessment } = await this.visibleAssessment(this.deps.database.db, actor, assessmentId)
    if (!assessment.reportFileId) throw notFound('测评报告 assessment report ')
    return this.deps.files.read(assessment.reportFileId)
  }

  private async visibleAssessment(
    executor: Executor,
    actor: Actor,
    assessmentId: string,
    options: { lock?: boolean } = {},
  ) {
    const query = executor
      .select({ assessment: dengbaoAssessments, systemName: informationSystems.name })
      .from(dengbaoAssessments)
      .innerJoin(informationSystems, eq(informationSystems.id, dengbaoAssessments.systemId))
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
      .where(and(eq(dengbaoAssessments.id, assessmentId), visibleSystemsCondition(actor)))
    const [row] = options.lock ? await query.for('update', { of: dengbaoAssessments }) : await query
    if (!row) throw notFound('测评记录 assessment ')
    return row
  }

  /** Progress on a rectification item: a note, a new owner or deadline, closing or reopening it. */
  async updateItem(ctx: RequestContext, itemId: string, input: TUpdateRectificationItemRequest) {
    const actor = requireActor(ctx)
    this.requireMaintainer(actor)
    await this.deps.database.db.transaction(async (tx) => {
      const [ref] = await tx
        .select({ item: rectificationItems })
        .from(rectificationItems)
        .innerJoin(informationSystems, eq(informationSystems.id, rectificationItems.systemId))
        .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
        .where(and(eq(rectificationItems.id, itemId), visibleSystemsCondition(actor)))
        .for('update', { of: rectificationItems })
      if (!ref) throw notFound(ITEM_NOT_FOUND)
      const item = ref.item
      if (item.version !== input.version) throw conflict()
      if (input.note === undefined && input.owner === undefined && input.deadline === undefined)
        throw validationFailed([{ path: 'body', message: '没有要更新的内容 (nothing to update)' }])
      const now = this.deps.clock.now()
      const statusChanged = input.status !== undefined && input.status !== item.status
      const patch = {
        ...(input.owner !== undefined ? { owner: input.owner } : {}),
        ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
        ...(statusChanged
          ? input.status === 'closed'
            ? { status: 'closed' as const, closedAt: now, closedBy: actor.userId }
            : { status: 'open' as const, closedAt: null, closedBy: null }
          : {}),
      }
      await tx
        .update(rectificationItems)
        .set({ ...patch, updatedAt: now, version: item.version + 1 })
        .where(eq(rectificationItems.id, itemId))
      if (input.note !== undefined)
        await tx.insert(rectificationUpdates).values({
          itemId,
          at: now,
          by: actor.userId,
          note: input.note,
          statusAfter: statusChanged ? (input.status ?? null) : null,
        })
      await this.deps.audit.record(tx, ctx, {
        action: statusChanged
          ? input.status === 'closed'
            ? 'dengbao.rectification_closed'
            : 'dengbao.rectification_reopened'
          : 'dengbao.rectification_updated',
        objectType: 'dengbao_rectification_item',
        objectId: itemId,
        summary: {
          ...changedFields(item, { ...patch }, ['owner', 'deadline', 'status']),
          ...(input.note !== undefined ? { note: input.note } : {}),
        },
      })
    })
    return this.getItem(actor, itemId)
  }

  async listItems(
    ctx: RequestContext,
    query: {
      page: number
      pageSize: number
      status?: 'open' | 'closed' | undefined
      overdue?: 'true' | 'false' | undefined
      organisationId?: string | undefined
      systemId?: string | undefined
    },
  ) {
    const actor = requireActor(ctx)
    const today = this.deps.deadlines.today()
    const conditions: SQL[] = [visibleSystemsCondition(actor)]
    if (query.status) conditions.push(eq(rectificationItems.status, query.status))
    if (query.organisationId) conditions.push(eq(informationSystems.organisationId, query.organisationId))
    if (query.systemId) conditions.push(eq(rectificationItems.systemId, query.systemId))
    if (query.overdue === 'true')
      conditions.push(
        sql`${rectificationItems.status} = 'open' and ${rectificationItems.deadline} < ${today}`,
      )
    if (query.overdue === 'false')
      conditions.push(
        sql`not (${rectificationItems.status} = 'open' and ${rectificationItems.deadline} < ${today})`,
      )
    const where = and(...conditions)
    const { db } = this.deps.database
    const from = () =>
      db
        .select({
          item: rectificationItems,
          systemName: informationSystems.name,
          organisationId: organisations.id,
          organisationName: organisations.name,
        })
        .from(rectificationItems)
        .innerJoin(informationSystems, eq(informationSystems.id, rectificationItems.systemId))
        .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
        .innerJoin(regions, eq(regions.id, organisations.regionId))
    const [rows, [total]] = await Promise.all([
      from()
        .where(where)
        .orderBy(asc(rectificationItems.status), asc(rectificationItems.deadline), asc(rectificationItems.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(rectificationItems)
        .innerJoin(informationSystems, eq(informationSystems.id, rectificationItems.systemId))
        .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
        .where(where),
    ])
    const items = await presentRectificationItems(
      db,
      rows.map((r) => r.item),
      {
        today,
        systems: new Map(
          rows.map((r) => [
            r.item.systemId,
            { name: r.systemName, organisationId: r.organisationId, organisationName: r.organisationName },
          ]),
        ),
      },
    )
    return { items, total: Number(total?.n ?? 0), page: query.page, pageSize: query.pageSize }
  }

  private requireMaintainer(actor: Actor) {
    if (!canMaintainSystems(actor))
      throw new AppError('FORBIDDEN', '您的角色不能登记测评或整改 (your role may not do this)')
  }

  private async insertItems(
    tx: Tx,
    assessmentId: string,
    systemId: string,
    regionPath: string,
    assessedOn: string,
    issues: IssueInput[],
  ): Promise<number> {
    if (issues.length === 0) return 0
    const year = Number(assessedOn.slice(0, 4))
    const deadlines = await this.deps.deadlines.effectiveFor(tx, regionPath, year)
    // Seed 003: rectification by the end of December of the year; an assessment late in the year gets its own date.
    const defaultDeadline = deadlines.rectification >= assessedOn ? deadlines.rectification : assessedOn
    const now = this.deps.clock.now()
    issues.forEach((issue, i) => {
      if (issue.deadline !== null && issue.deadline < assessedOn)
        throw validationFailed([
          {
            path: `body.issues.${i}.deadline`,
            message: '整改期限不能早于测评日期 (before the assessment date)',
          },
        ])
    })
    await tx.insert(rectificationItems).values(
      issues.map((issue) => ({
        assessmentId,
        systemId,
        title: issue.title,
        description: issue.description,
        severity: issue.severity,
        owner: issue.owner,
        deadline: issue.deadline ?? defaultDeadline,
        createdAt: now,
        updatedAt: now,
      })),
    )
    return issues.length
  }

  private async getAssessment(actor: Actor, id: string): Promise<TAssessment> {
    const { db } = this.deps.database
    const [row] = await db
      .select({
        assessment: dengbaoAssessments,
        systemName: informationSystems.name,
        organisation: organisations,
      })
      .from(dengbaoAssessments)
      .innerJoin(informationSystems, eq(informationSystems.id, dengbaoAssessments.systemId))
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
      .where(and(eq(dengbaoAssessments.id, id), visibleSystemsCondition(actor)))
    if (!row) throw notFound('测评记录 assessment ')
    const itemRows = await db
      .select()
      .from(rectificationItems)
      .where(eq(rectificationItems.assessmentId, id))
      .orderBy(asc(rectificationItems.deadline), asc(rectificationItems.createdAt))
    const items = await presentRectificationItems(db, itemRows, {
      today: this.deps.deadlines.today(),
      systems: new Map([
        [
          row.assessment.systemId,
          {
            name: row.systemName,
            organisationId: row.organisation.id,
            organisationName: row.organisation.name,
          },
        ],
      ]),
    })
    return presentAssessment(row.assessment, items)
  }

  private async getItem(actor: Actor, id: string): Promise<TRectificationItem> {
    const { db } = this.deps.database
    const [row] = await db
      .select({
        item: rectificationItems,
        systemName: informationSystems.name,
        organisationId: organisations.id,
        organisationName: organisations.name,
      })
      .from(rectificationItems)
      .innerJoin(informationSystems, eq(informationSystems.id, rectificationItems.systemId))
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
      .where(and(eq(rectificationItems.id, id), visibleSystemsCondition(actor)))
    if (!row) throw notFound(ITEM_NOT_FOUND)
    const [item] = await presentRectificationItems(db, [row.item], {
      today: this.deps.deadlines.today(),
      systems: new Map([
        [
          row.item.systemId,
          {
            name: row.systemName,
            organisationId: row.organisationId,
            organisationName: row.organisationName,
          },
        ],
      ]),
    })
    return item!
  }
}
