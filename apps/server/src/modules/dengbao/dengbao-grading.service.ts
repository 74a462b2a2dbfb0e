// The grading workflow (seed 003, SPEC §7): self-grading by the organisation → expert review by experts drawn at random
// → supervising-department approval → police filing; a returned or filed system is graded again in a new round
// (回头看). Each step is a transition of dengbao.workflow.ts, taken under a row lock and audited.
import { gradeSystem } from '@wangan/rules/grading'
import { and, asc, count, desc, eq, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  expertAffiliations,
  expertDraws,
  gradingReviews,
  informationSystems,
  organisations,
  regions,
  systemGradings,
  users,
} from '../../db/schema'
import { AppError, notFound, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { canApproveAs, visibleSystemsCondition } from './dengbao.access'
import type { DengbaoDeadlinesService } from './dengbao-deadlines.service'
import type { DengbaoSystemsService, LoadedSystem } from './dengbao-systems.service'
import { drawFromPool, newDrawSeed } from './expert-draw'
import { harmSide, presentGradings, type GradingRow } from './dengbao.presenters'
import type { TGrading, TReviewAssignment, TSubmitGradingRequest } from './dengbao.schemas'
import {
  canStartGrading,
  gradingTransition,
  type TGradingAction,
  type TSystemStage,
} from './dengbao.workflow'

type Deps = {
  database: Database
  clock: Clock
  audit: AuditService
  systems: DengbaoSystemsService
  deadlines: DengbaoDeadlinesService
}

const GRADING_NOT_FOUND = '定级记录 grading '
const REVIEW_NOT_FOUND = '评审任务 review '

export class DengbaoGradingService {
  constructor(private readonly deps: Deps) {}

  /** 自主定级: the organisation's liaison grades a system (both sides with reasoning) and submits it for review. */
  async submit(ctx: RequestContext, systemId: string, input: TSubmitGradingRequest): Promise<TGrading> {
    const actor = requireActor(ctx)
    if (actor.role !== 'org_liaison')
      throw new AppError('FORBIDDEN', '自主定级由单位联络员提交 (self-grading is submitted by the liaison)')
    const id = await this.deps.database.db.transaction(async (tx) => {
      const { system, organisation } = await this.deps.systems.load(tx, actor, systemId, { lock: true })
      const start = canStartGrading(system.stage as TSystemStage, system.filedLevel !== null)
      if (!start.ok)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          '该系统有正在进行的定级流程，须待其完成 (a grading round is in progress)',
        )
      if (start.needsChangeReason && !input.changeReason)
        throw validationFailed([
          {
            path: 'body.changeReason',
            message:
              '已备案系统重新定级（回头看）须说明系统变化 (re-grading a filed system needs the reason)',
          },
        ])
      const result = gradeSystem({ business: input.business, service: input.service })
      const [last] = await tx
        .select({ round: sql<number>`coalesce(max(${systemGradings.round}), 0)::int` })
        .from(systemGradings)
        .where(eq(systemGradings.systemId, systemId))
      const now = this.deps.clock.now()
      const [grading] = await tx
        .insert(systemGradings)
        .values({
          systemId,
          round: Number(last?.round ?? 0) + 1,
          status: 'submitted',
          businessObject: input.business.object,
          businessDegree: input.business.degree,
          businessLevel: result.business,
          businessReasoning: input.business.reasoning,
          serviceObject: input.service.object,
          serviceDegree: input.service.degree,
          serviceLevel: result.service,
          serviceReasoning: input.service.reasoning,
          level: result.level,
          changeReason: input.changeReason,
          submittedBy: actor.userId,
          submittedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      await this.setSystemStage(tx, system.id, 'submitted', {
        proposedLevel: result.level,
        latestGradingId: grading!.id,
      })
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.grading_submitted',
        objectType: 'information_system',
        objectId: system.id,
        summary: {
          organisation: organisation.name,
          system: system.name,
          round: grading!.round,
          business: `${input.business.object}:${input.business.degree} → ${result.business}`,
          service: `${input.service.object}:${input.service.degree} → ${result.service}`,
          level: result.level,
          ...(input.changeReason ? { changeReason: input.changeReason } : {}),
        },
      })
      return grading!.id
    })
    return this.present(actor, id)
  }

  /** The experts a draw for this grading would choose from: the pool of the system's region, less the organisation's own. */
  async expertPool(ctx: RequestContext, gradingId: string) {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const { loaded } = await this.loadGrading(db, actor, gradingId)
    const { eligible, excluded } = await this.poolFor(db, loaded)
    return { eligible: eligible.length, excludedSameOrganisation: excluded }
  }

  /** 专家评审: the police draw `count` experts at random; each gets a review task. */
  async drawExperts(ctx: RequestContext, gradingId: string, input: { count: number }): Promise<TGrading> {
    return this.draw(ctx, gradingId, input.count, 'draw_experts')
  }

  /**
   * 补抽: while the review is open, the police draw replacements for experts who declined, from the pool less
   * everyone already drawn for this round. The round keeps at most as many experts who have not declined as the first
   * draw asked for.
   */
  async drawReplacement(ctx: RequestContext, gradingId: string, input: { count: number }): Promise<TGrading> {
    return this.draw(ctx, gradingId, input.count, 'draw_replacement')
  }

  private async draw(
    ctx: RequestContext,
    gradingId: string,
    count: number,
    action: 'draw_experts' | 'draw_replacement',
  ): Promise<TGrading> {
    const actor = requireActor(ctx)
    const input = { count }
    await this.deps.database.db.transaction(async (tx) => {
      const { grading, loaded } = await this.loadGrading(tx, actor, gradingId, { lock: true })
      const to = this.transition(grading, action, actor)
      const pool = await this.poolFor(tx, loaded)
      let eligible = pool.eligible
      if (action === 'draw_replacement') {
        const open = await replacementsOpen(tx, gradingId)
        if (input.count > open.allowed)
          throw validationFailed([
            {
              path: 'body.count',
              message:
                open.allowed === 0
                  ? '没有回避的专家需要补抽 (no declined expert to replace)'
                  : `最多补抽 ${open.allowed} 名 (at most ${open.allowed})`,
            },
          ])
        eligible = eligible.filter((id) => !open.drawn.has(id))
      }
      if (eligible.length < input.count)
        throw validationFailed(
          [
            {
              path: 'body.count',
              message: `专家库中可抽取的专家只有 ${eligible.length} 名 (only ${eligible.length} eligible experts in the pool)`,
            },
          ],
          `专家库人数不足：需要 ${input.count} 名，可抽取 ${eligible.length} 名 (not enough experts in the pool)`,
        )
      const seed = newDrawSeed()
      const selected = drawFromPool(seed, eligible, input.count)
      const now = this.deps.clock.now()
      const [draw] = await tx
        .insert(expertDraws)
        .values({
          gradingId,
          drawnBy: actor.userId,
          drawnAt: now,
          seed,
          requested: input.count,
          poolUserIds: [...eligible].sort(),
          selectedUserIds: selected,
        })
        .returning()
      await tx.insert(gradingReviews).values(
        selected.map((expertId) => ({
          gradingId,
          drawId: draw!.id,
          expertId,
          createdAt: now,
          updatedAt: now,
        })),
      )
      await this.setGradingStatus(tx, grading, to, {})
      await this.setSystemStage(tx, grading.systemId, to)
      await this.deps.audit.record(tx, ctx, {
        action: action === 'draw_experts' ? 'dengbao.experts_drawn' : 'dengbao.replacement_drawn',
        objectType: 'dengbao_grading',
        objectId: gradingId,
        summary: {
          system: loaded.system.name,
          round: grading.round,
          seed,
          poolSize: eligible.length,
          selected,
          drawId: draw!.id,
        },
      })
    })
    return this.present(actor, gradingId)
  }

  /** An expert's own review tasks. */
  async listReviews(
    ctx: RequestContext,
    query: { page: number; pageSize: number; state?: 'pending' | 'answered' | 'declined' | undefined },
  ) {
    const actor = requireActor(ctx)
    const conditions: SQL[] = [eq(gradingReviews.expertId, actor.userId)]
    if (query.state === 'pending')
      conditions.push(isNull(gradingReviews.answeredAt), isNull(gradingReviews.declinedAt))
    if (query.state === 'answered') conditions.push(isNotNull(gradingReviews.answeredAt))
    if (query.state === 'declined') conditions.push(isNotNull(gradingReviews.declinedAt))
    const where = and(...conditions)
    const { db } = this.deps.database
    const [rows, [total]] = await Promise.all([
      this.assignmentQuery(db)
        .where(where)
        .orderBy(desc(gradingReviews.createdAt), asc(gradingReviews.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db.select({ total: count() }).from(gradingReviews).where(where),
    ])
    return {
      items: rows.map(presentAssignment),
      total: Number(total?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async getReview(ctx: RequestContext, reviewId: string): Promise<TReviewAssignment> {
    const actor = requireActor(ctx)
    const [row] = await this.assignmentQuery(this.deps.database.db).where(
      and(eq(gradingReviews.id, reviewId), eq(gradingReviews.expertId, actor.userId)),
    )
    if (!row) throw notFound(REVIEW_NOT_FOUND)
    return presentAssignment(row)
  }

  /** An expert records their opinion; the last opinion completes the review. */
  async answerReview(
    ctx: RequestContext,
    reviewId: string,
    input: {
      opinion: 'agree' | 'agree_with_changes' | 'disagree'
      suggestedLevel: number | null
      comments: string
    },
  ): Promise<TReviewAssignment> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { review, grading } = await lockOpenReview(tx, actor, reviewId)
      const now = this.deps.clock.now()
      await tx
        .update(gradingReviews)
        .set({
          opinion: input.opinion,
          suggestedLevel: input.opinion === 'agree_with_changes' ? input.suggestedLevel : null,
          comments: input.comments,
          answeredAt: now,
          updatedAt: now,
          version: review.version + 1,
        })
        .where(eq(gradingReviews.id, reviewId))
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.review_answered',
        objectType: 'dengbao_grading',
        objectId: grading.id,
        summary: { review: reviewId, opinion: input.opinion, suggestedLevel: input.suggestedLevel },
      })
      // Complete once every expert who has not declined has answered and no declined place waits for a replacement.
      const [pending] = await tx
        .select({ n: count() })
        .from(gradingReviews)
        .where(
          and(
            eq(gradingReviews.gradingId, grading.id),
            isNull(gradingReviews.answeredAt),
            isNull(gradingReviews.declinedAt),
          ),
        )
      if (Number(pending?.n ?? 0) === 0 && (await replacementsOpen(tx, grading.id)).allowed === 0) {
        const next = gradingTransition(grading.status, 'complete_review', 'system')
        if (!next.ok) throw new AppError('ILLEGAL_TRANSITION', next.message)
        await this.setGradingStatus(tx, grading, next.to, {})
        await this.setSystemStage(tx, grading.systemId, next.to)
        const opinions = await tx
          .select({ opinion: gradingReviews.opinion })
          .from(gradingReviews)
          .where(and(eq(gradingReviews.gradingId, grading.id), isNull(gradingReviews.declinedAt)))
        await this.deps.audit.record(tx, ctx, {
          action: 'dengbao.review_completed',
          objectType: 'dengbao_grading',
          objectId: grading.id,
          summary: { opinions: opinions.map((o) => o.opinion) },
        })
      }
    })
    return this.getReview(ctx, reviewId)
  }

  /**
   * 回避: a drawn expert declines (a conflict of interest, unavailable) with the reason, before giving an opinion. The
   * review then waits for the police to draw a replacement.
   */
  async declineReview(
    ctx: RequestContext,
    reviewId: string,
    input: { reason: string },
  ): Promise<TReviewAssignment> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { review, grading } = await lockOpenReview(tx, actor, reviewId)
      const now = this.deps.clock.now()
      await tx
        .update(gradingReviews)
        .set({ declinedAt: now, declineReason: input.reason, updatedAt: now, version: review.version + 1 })
        .where(eq(gradingReviews.id, reviewId))
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.review_declined',
        objectType: 'dengbao_grading',
        objectId: grading.id,
        summary: { review: reviewId, reason: input.reason },
      })
    })
    return this.getReview(ctx, reviewId)
  }

  /** 主管部门审核 */
  async approve(ctx: RequestContext, gradingId: string, input: { opinion: string }): Promise<TGrading> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { grading, loaded } = await this.loadGrading(tx, actor, gradingId, { lock: true })
      const actorOrganisation = await this.deps.systems.actorOrganisation(tx, actor)
      const to = this.transition(grading, 'approve', actor)
      if (!this.isApprover(actor, loaded, actorOrganisation))
        throw new AppError(
          'FORBIDDEN',
          '只有主管部门（网信办或上级行业主管部门）可以审核 (only the supervising department approves)',
        )
      const now = this.deps.clock.now()
      await this.setGradingStatus(tx, grading, to, {
        approvedBy: actor.userId,
        approvedAt: now,
        approvalOpinion: input.opinion,
        approverOrganisationId: actor.role === 'org_leader' ? (actorOrganisation?.id ?? null) : null,
      })
      await this.setSystemStage(tx, grading.systemId, to)
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.grading_approved',
        objectType: 'dengbao_grading',
        objectId: gradingId,
        summary: {
          system: loaded.system.name,
          round: grading.round,
          level: grading.level,
          opinion: input.opinion,
        },
      })
    })
    return this.present(actor, gradingId)
  }

  /** Sent back to the organisation: by the police before or during review or instead of filing, by the approver
   * instead of approving. The organisation grades again in a new round. */
  async returnGrading(ctx: RequestContext, gradingId: string, input: { reason: string }): Promise<TGrading> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { grading, loaded } = await this.loadGrading(tx, actor, gradingId, { lock: true })
      const to = this.transition(grading, 'return', actor)
      if (actor.role !== 'police') {
        const actorOrganisation = await this.deps.systems.actorOrganisation(tx, actor)
        if (!this.isApprover(actor, loaded, actorOrganisation))
          throw new AppError(
            'FORBIDDEN',
            '只有主管部门可以退回 (only the supervising department returns it now)',
          )
      }
      const from = grading.status
      await this.setGradingStatus(tx, grading, to, {
        returnedBy: actor.userId,
        returnedAt: this.deps.clock.now(),
        returnReason: input.reason,
      })
      await this.setSystemStage(tx, grading.systemId, to)
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.grading_returned',
        objectType: 'dengbao_grading',
        objectId: gradingId,
        summary: { system: loaded.system.name, round: grading.round, from, reason: input.reason },
      })
    })
    return this.present(actor, gradingId)
  }

  /** 公安备案: the police record the filing number and date; the system's filing becomes this round's. */
  async file(
    ctx: RequestContext,
    gradingId: string,
    input: { filingNumber: string; filedOn: string },
  ): Promise<TGrading> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { grading, loaded } = await this.loadGrading(tx, actor, gradingId, { lock: true })
      const to = this.transition(grading, 'file', actor)
      if (input.filedOn > this.deps.deadlines.today())
        throw validationFailed([
          { path: 'body.filedOn', message: '备案日期不能晚于今天 (cannot be in the future)' },
        ])
      await assertFilingNumberFree(tx, input.filingNumber, grading.systemId, 'body.filingNumber')
      const now = this.deps.clock.now()
      await this.setGradingStatus(tx, grading, to, {
        filingNumber: input.filingNumber,
        filedOn: input.filedOn,
        filedBy: actor.userId,
        filedAt: now,
      })
      const previous = loaded.system
      await this.setSystemStage(tx, grading.systemId, to, {
        filedLevel: grading.level,
        filingNumber: input.filingNumber,
        filedOn: input.filedOn,
      })
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.grading_filed',
        objectType: 'dengbao_grading',
        objectId: gradingId,
        summary: {
          system: previous.name,
          round: grading.round,
          level: [previous.filedLevel, grading.level],
          filingNumber: [previous.filingNumber, input.filingNumber],
          filedOn: input.filedOn,
        },
      })
    })
    return this.present(actor, gradingId)
  }

  // ---- helpers ----

  private isApprover(
    actor: Actor,
    loaded: LoadedSystem,
    actorOrganisation: { id: string; isIndustryRegulator: boolean } | null,
  ): boolean {
    return canApproveAs(
      actor,
      {
        organisationId: loaded.organisation.id,
        organisationPath: loaded.organisation.path,
        organisationRegionId: loaded.organisation.regionId,
      },
      actorOrganisation,
    )
  }

  private transition(grading: GradingRow, action: TGradingAction, actor: Actor) {
    const result = gradingTransition(grading.status, action, actor.role)
    if (!result.ok)
      throw new AppError(result.reason === 'role' ? 'FORBIDDEN' : 'ILLEGAL_TRANSITION', result.message)
    return result.to
  }

  private async loadGrading(
    executor: Executor,
    actor: Actor,
    gradingId: string,
    options: { lock?: boolean } = {},
  ) {
    const [ref] = await executor
      .select({ systemId: systemGradings.systemId })
      .from(systemGradings)
      .innerJoin(informationSystems, eq(informationSystems.id, systemGradings.systemId))
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
      .where(and(eq(systemGradings.id, gradingId), visibleSystemsCondition(actor)))
    if (!ref) throw notFound(GRADING_NOT_FOUND)
    // Lock order: the system first, then its grading (the same order as `submit`).
    const loaded = await this.deps.systems.load(executor, actor, ref.systemId, options)
    const query = executor.select().from(systemGradings).where(eq(systemGradings.id, gradingId))
    const [grading] = options.lock ? await query.for('update') : await query
    if (!grading) throw notFound(GRADING_NOT_FOUND)
    return { grading, loaded }
  }

  /** Experts of the pool for a system: active users with role `expert` whose region contains the system's
   * organisation's region, except those working (专家库 affiliation) for the organisation itself, a unit above it or
   * one below it. */
  private async poolFor(executor: Executor, loaded: LoadedSystem) {
    const rows = await executor
      .select({ id: users.id, organisationPath: organisations.path })
      .from(users)
      .innerJoin(regions, eq(regions.id, users.regionId))
      .leftJoin(expertAffiliations, eq(expertAffiliations.expertId, users.id))
      .leftJoin(organisations, eq(organisations.id, expertAffiliations.organisationId))
      .where(
        and(
          eq(users.role, 'expert'),
          eq(users.isDisabled, false),
          sql`${loaded.regionPath} like ${regions.path} || '%'`,
        ),
      )
    const ownPath = loaded.organisation.path
    const related = (path: string | null) => !!path && (path.startsWith(ownPath) || ownPath.startsWith(path))
    const eligible = rows.filter((r) => !related(r.organisationPath)).map((r) => r.id)
    return { eligible, excluded: rows.length - eligible.length }
  }

  private async setGradingStatus(
    tx: Tx,
    grading: GradingRow,
    status: GradingRow['status'],
    fields: Partial<typeof systemGradings.$inferInsert>,
  ) {
    await tx
      .update(systemGradings)
      .set({ ...fields, status, updatedAt: this.deps.clock.now(), version: grading.version + 1 })
      .where(eq(systemGradings.id, grading.id))
  }

  private async setSystemStage(
    tx: Tx,
    systemId: string,
    stage: TSystemStage,
    fields: Partial<typeof informationSystems.$inferInsert> = {},
  ) {
    await tx
      .update(informationSystems)
      .set({
        ...fields,
        stage,
        updatedAt: this.deps.clock.now(),
        version: sql`${informationSystems.version} + 1`,
      })
      .where(eq(informationSystems.id, systemId))
  }

  private async present(actor: Actor, gradingId: string): Promise<TGrading> {
    const { db } = this.deps.database
    const [row] = await db.select().from(systemGradings).where(eq(systemGradings.id, gradingId))
    if (!row) throw notFound(GRADING_NOT_FOUND)
    const names = row.approverOrganisationId
      ? await db
          .select({ id: organisations.id, name: organisations.name })
          .from(organisations)
          .where(eq(organisations.id, row.approverOrganisationId))
      : []
    const [grading] = await presentGradings(db, [row], {
      showExpertNames: actor.role === 'police' || actor.role === 'regulator',
      organisationNames: new Map(names.map((n) => [n.id, n.name])),
    })
    return grading!
  }

  private assignmentQuery(executor: Executor) {
    return executor
      .select({
        review: gradingReviews,
        grading: systemGradings,
        system: {
          id: informationSystems.id,
          name: informationSystems.name,
          type: informationSystems.type,
          description: informationSystems.description,
          isCriticalInfrastructure: informationSystems.isCriticalInfrastructure,
        },
        organisationName: organisations.name,
      })
      .from(gradingReviews)
      .innerJoin(systemGradings, eq(systemGradings.id, gradingReviews.gradingId))
      .innerJoin(informationSystems, eq(informationSystems.id, systemGradings.systemId))
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
  }
}

type AssignmentRow = {
  review: typeof gradingReviews.$inferSelect
  grading: GradingRow
  system: {
    id: string
    name: string
    type: TReviewAssignment['system']['type']
    description: string | null
    isCriticalInfrastructure: boolean
  }
  organisationName: string
}

function presentAssignment(row: AssignmentRow): TReviewAssignment {
  const { review, grading } = row
  return {
    id: review.id,
    opinion: review.opinion,
    suggestedLevel: review.suggestedLevel,
    comments: review.comments,
    answeredAt: review.answeredAt?.toISOString() ?? null,
    declinedAt: review.declinedAt?.toISOString() ?? null,
    declineReason: review.declineReason,
    assignedAt: review.createdAt.toISOString(),
    grading: {
      id: grading.id,
      round: grading.round,
      status: grading.status,
      business: harmSide(grading, 'business'),
      service: harmSide(grading, 'service'),
      level: grading.level,
      changeReason: grading.changeReason,
      submittedAt: grading.submittedAt.toISOString(),
    },
    system: { ...row.system, organisationName: row.organisationName },
    version: review.version,
  }
}

/** A filing number belongs to one system. */
export async function assertFilingNumberFree(
  executor: Executor,
  filingNumber: string,
  systemId: string | null,
  path: string,
): Promise<void> {
  const [taken] = await executor
    .select({ id: informationSystems.id })
    .from(informationSystems)
    .where(
      and(
        eq(informationSystems.filingNumber, filingNumber),
        systemId ? ne(informationSystems.id, systemId) : sql`true`,
      ),
    )
  if (taken)
    throw validationFailed([{ path, message: '备案编号已被其他系统使用 (filing number already in use)' }])
}

/**
 * How many replacements the police may draw for a round now: the first draw's size less the experts who have not
 * declined; and everyone drawn so far (never drawn twice for one round).
 */
export async function replacementsOpen(
  executor: Executor,
  gradingId: string,
): Promise<{ allowed: number; drawn: Set<string> }> {
  // the first draw's size: replacements never ask for more than the places left, so it is the largest
  const [draws, reviews] = await Promise.all([
    executor
      .select({ requested: sql<number>`max(${expertDraws.requested})::int` })
      .from(expertDraws)
      .where(eq(expertDraws.gradingId, gradingId)),
    executor
      .select({ expertId: gradingReviews.expertId, declinedAt: gradingReviews.declinedAt })
      .from(gradingReviews)
      .where(eq(gradingReviews.gradingId, gradingId)),
  ])
  const serving = reviews.filter((r) => r.declinedAt === null).length
  return {
    allowed: Math.max(0, (draws[0]?.requested ?? 0) - serving),
    drawn: new Set(reviews.map((r) => r.expertId)),
  }
}

/**
 * The caller's own review, locked with its system and grading (in the order every step takes them, which serialises
 * the experts of one review so that exactly one of them completes it), while it still waits for an answer.
 */
async function lockOpenReview(tx: Tx, actor: Actor, reviewId: string) {
  const [review] = await tx
    .select()
    .from(gradingReviews)
    .where(and(eq(gradingReviews.id, reviewId), eq(gradingReviews.expertId, actor.userId)))
  if (!review) throw notFound(REVIEW_NOT_FOUND)
  await tx
    .select({ id: informationSystems.id })
    .from(informationSystems)
    .innerJoin(systemGradings, eq(systemGradings.systemId, informationSystems.id))
    .where(eq(systemGradings.id, review.gradingId))
    .for('update', { of: informationSystems })
  const [grading] = await tx
    .select()
    .from(systemGradings)
    .where(eq(systemGradings.id, review.gradingId))
    .for('update')
  if (!grading || grading.status !== 'under_review')
    throw new AppError('ILLEGAL_TRANSITION', '该评审已结束 (this review is closed)')
  const [current] = await tx
    .select()
    .from(gradingReviews)
    .where(eq(gradingReviews.id, reviewId))
    .for('update')
  if (current?.answeredAt)
    throw new AppError('ILLEGAL_TRANSITION', '您已提交评审意见 (you have already given your opinion)')
  if (current?.declinedAt)
    throw new AppError('ILLEGAL_TRANSITION', '您已回避该评审 (you have declined this review)')
  return { review: current ?? review, grading }
}
