// Information systems (定级对象): the registry of an organisation's systems, read with object-level access, and the
// detail page's view of a system (grading rounds, assessments, rectification, what is due).
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import { inTransaction } from '../../db/transaction'
import {
  assets,
  dengbaoAssessments,
  informationSystems,
  organisations,
  rectificationItems,
  regions,
  systemGradings,
} from '../../db/schema'
import { replacementsOpen } from './dengbao-grading.service'
import { AppError, conflict, notFound, validationFailed } from '../../http/errors'
import { changedFields, escapeLike, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { canApproveAs, canMaintainSystems, visibleSystemsCondition } from './dengbao.access'
import type { DengbaoDeadlinesService } from './dengbao-deadlines.service'
import { dueItemsOfSystem } from './dengbao-due'
import {
  presentAssessment,
  presentGradings,
  presentRectificationItems,
  presentSystem,
  type SystemRow,
} from './dengbao.presenters'
import type {
  TCreateSystemRequest,
  TListSystemsQuery,
  TSystem,
  TSystemDetail,
  TUpdateSystemRequest,
} from './dengbao.schemas'
import { canStartGrading, type TSystemStage } from './dengbao.workflow'

type Deps = { database: Database; clock: Clock; audit: AuditService; deadlines: DengbaoDeadlinesService }

export type LoadedSystem = {
  system: SystemRow
  organisation: { id: string; name: string; path: string; regionId: string; isIndustryRegulator: boolean }
  regionPath: string
}

// Table-qualified by hand: drizzle leaves column names unqualified in single-table selects, and inside these
// subqueries an unqualified "id" would be the subquery's own.
const lastAssessedOn = sql<
  string | null
>`(select max(a.assessed_on)::text from dengbao_assessments a where a.system_id = "information_systems"."id")`
const openRectificationCount = sql<number>`(select count(*)::int from dengbao_rectification_items r where r.system_id = "information_systems"."id" and r.status = 'open')`

export const SYSTEM_NOT_FOUND = '信息系统 information system '

export class DengbaoSystemsService {
  constructor(private readonly deps: Deps) {}

  async list(ctx: RequestContext, query: TListSystemsQuery) {
    const actor = requireActor(ctx)
    const conditions: SQL[] = [visibleSystemsCondition(actor)]
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`
      conditions.push(
        or(
          ilike(informationSystems.name, pattern),
          ilike(organisations.name, pattern),
          ilike(informationSystems.filingNumber, pattern),
        )!,
      )
    }
    if (query.organisationId) conditions.push(eq(informationSystems.organisationId, query.organisationId))
    if (query.regionId)
      conditions.push(
        sql`${regions.path} like (select ${regions.path} || '%' from ${regions} where ${regions.id} = ${query.regionId})`,
      )
    if (query.stage) conditions.push(eq(informationSystems.stage, query.stage))
    if (query.level)
      conditions.push(
        sql`coalesce(${informationSystems.filedLevel}, ${informationSystems.proposedLevel}) = ${query.level}`,
      )
    if (query.type) conditions.push(eq(informationSystems.type, query.type))
    if (query.isCriticalInfrastructure)
      conditions.push(
        eq(informationSystems.isCriticalInfrastructure, query.isCriticalInfrastructure === 'true'),
      )
    const where = and(...conditions)
    const { db } = this.deps.database
    const base = () =>
      db
        .select({
          system: informationSystems,
          organisationName: organisations.name,
          lastAssessedOn,
          openRectificationCount,
        })
        .from(informationSystems)
        .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
        .innerJoin(regions, eq(regions.id, organisations.regionId))
    const [rows, [count]] = await Promise.all([
      base()
        .where(where)
        .orderBy(asc(organisations.name), asc(informationSystems.name))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(informationSystems)
        .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
        .innerJoin(regions, eq(regions.id, organisations.regionId))
        .where(where),
    ])
    return {
      items: rows.map((r) =>
        presentSystem(r.system, {
          organisationName: r.organisationName,
          lastAssessedOn: r.lastAssessedOn,
          openRectificationCount: Number(r.openRectificationCount),
        }),
      ),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  /** A system the actor may see (404 otherwise), optionally locked for the rest of the transaction. */
  async load(
    executor: Executor,
    actor: Actor,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<LoadedSystem> {
    const query = executor
      .select({
        system: informationSystems,
        organisation: {
          id: organisations.id,
          name: organisations.name,
          path: organisations.path,
          regionId: organisations.regionId,
          isIndustryRegulator: organisations.isIndustryRegulator,
        },
        regionPath: regions.path,
      })
      .from(informationSystems)
      .innerJoin(organisations, eq(organisations.id, informationSystems.organisationId))
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .where(and(eq(informationSystems.id, id), visibleSystemsCondition(actor)))
    const [row] = options.lock ? await query.for('update', { of: informationSystems }) : await query
    if (!row) throw notFound(SYSTEM_NOT_FOUND)
    return row
  }

  async get(ctx: RequestContext, id: string): Promise<TSystemDetail> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const loaded = await this.load(db, actor, id)
    const { system, organisation } = loaded
    const [gradingRows, assessmentRows, itemRows, [extra], linkedAssets] = await Promise.all([
      db
        .select()
        .from(systemGradings)
        .where(eq(systemGradings.systemId, id))
        .orderBy(desc(systemGradings.round)),
      db
        .select()
        .from(dengbaoAssessments)
        .where(eq(dengbaoAssessments.systemId, id))
        .orderBy(desc(dengbaoAssessments.assessedOn), desc(dengbaoAssessments.createdAt)),
      db
        .select()
        .from(rectificationItems)
        .where(eq(rectificationItems.systemId, id))
        .orderBy(asc(rectificationItems.deadline), asc(rectificationItems.createdAt)),
      db
        .select({ lastAssessedOn, openRectificationCount })
        .from(informationSystems)
        .where(eq(informationSystems.id, id)),
      this.linkedAssets(db, id),
    ])
    const approverIds = gradingRows.map((g) => g.approverOrganisationId).filter((x): x is string => !!x)
    const approverNames = approverIds.length
      ? await db
          .select({ id: organisations.id, name: organisations.name })
          .from(organisations)
          .where(inArray(organisations.id, approverIds))
      : []
    const isAuthority = actor.role === 'police' || actor.role === 'regulator'
    const gradings = await presentGradings(db, gradingRows, {
      showExpertNames: isAuthority,
      organisationNames: new Map(approverNames.map((o) => [o.id, o.name])),
    })
    const today = this.deps.deadlines.today()
    const items = await presentRectificationItems(db, itemRows, {
      today,
      systems: new Map([
        [
          system.id,
          { name: system.name, organisationId: organisation.id, organisationName: organisation.name },
        ],
      ]),
    })
    const year = this.deps.deadlines.currentYear()
    const deadlines = await this.deps.deadlines.effectiveFor(db, loaded.regionPath, year)
    const due = dueItemsOfSystem(
      {
        systemId: system.id,
        systemName: system.name,
        organisationId: organisation.id,
        filedLevel: system.filedLevel,
        proposedLevel: system.proposedLevel,
        assessedOn: assessmentRows.map((a) => a.assessedOn),
        openRectification: itemRows
          .filter((i) => i.status === 'open')
          .map((i) => ({ id: i.id, title: i.title, deadline: i.deadline })),
      },
      deadlines,
      today,
    )
    const latest = gradingRows[0]
    const status = latest?.status
    const actorOrganisation = await this.actorOrganisation(db, actor)
    const replacements =
      actor.role === 'police' && latest && status === 'under_review'
        ? (await replacementsOpen(db, latest.id)).allowed
        : 0
    const isApprover = canApproveAs(
      actor,
      {
        organisationId: organisation.id,
        organisationPath: organisation.path,
        organisationRegionId: organisation.regionId,
      },
      actorOrganisation,
    )
    const maintain = canMaintainSystems(actor)
    return {
      ...presentSystem(system, {
        organisationName: organisation.name,
        lastAssessedOn: extra?.lastAssessedOn ?? null,
        openRectificationCount: Number(extra?.openRectificationCount ?? 0),
      }),
      organisationRegionId: organisation.regionId,
      assets: linkedAssets,
      gradings,
      assessments: assessmentRows.map((a) => presentAssessment(a, items)),
      due,
      can: {
        edit: maintain,
        submitGrading:
          actor.role === 'org_liaison' &&
          canStartGrading(system.stage as TSystemStage, system.filedLevel !== null).ok,
        drawExperts: actor.role === 'police' && status === 'submitted',
        drawReplacements: replacements,
        approve: isApprover && status === 'reviewed',
        file: actor.role === 'police' && status === 'approved',
        return:
          (actor.role === 'police' &&
            (status === 'submitted' || status === 'under_review' || status === 'approved')) ||
          (isApprover && status === 'reviewed'),
        recordAssessment: maintain && (system.filedLevel ?? system.proposedLevel) !== null,
      },
    }
  }

  /** The internet assets linked to the system (the registry keeps the link on the asset: `information_system_id`). */
  async linkedAssets(executor: Executor, systemId: string) {
    return executor
      .select({
        id: assets.id,
        type: assets.type,
        identifier: assets.identifier,
        name: assets.name,
        status: assets.status,
        version: assets.version,
      })
      .from(assets)
      .where(eq(assets.informationSystemId, systemId))
      .orderBy(asc(assets.identifier))
  }

  /**
   * Links exactly these assets of the system's organisation to the system (and unlinks the others). Each change goes
   * through the registry's own service, which checks the actor's right to edit the asset and audits it.
   */
  async linkAssets(
    ctx: RequestContext,
    id: string,
    assetIds: readonly string[],
    registry: {
      update(
        ctx: RequestContext,
        id: string,
        input: { version: number; informationSystemId: string | null },
      ): Promise<unknown>
    },
  ) {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const { system } = await this.load(db, actor, id)
    const wanted = [...new Set(assetIds)]
    const candidates = wanted.length
      ? await db
          .select({ id: assets.id, organisationId: assets.organisationId, version: assets.version })
          .from(assets)
          .where(inArray(assets.id, wanted))
      : []
    const problems = wanted
      .map((assetId, i) => ({ assetId, i, row: candidates.find((c) => c.id === assetId) }))
      .filter(({ row }) => !row || row.organisationId !== system.organisationId)
    if (problems.length)
      throw validationFailed(
        problems.map(({ i }) => ({
          path: `body.assetIds.${i}`,
          message: '不是该系统所属单位的资产 (not an asset of the system’s organisation)',
        })),
      )
    const current = await this.linkedAssets(db, id)
    for (const asset of current.filter((a) => !wanted.includes(a.id)))
      await registry.update(ctx, asset.id, { version: asset.version, informationSystemId: null })
    for (const asset of candidates.filter((c) => !current.some((a) => a.id === c.id)))
      await registry.update(ctx, asset.id, { version: asset.version, informationSystemId: id })
    return this.linkedAssets(db, id)
  }

  async actorOrganisation(executor: Executor, actor: Actor) {
    if (!actor.organisationId) return null
    const [row] = await executor
      .select({ id: organisations.id, isIndustryRegulator: organisations.isIndustryRegulator })
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId))
    return row ?? null
  }

  /** Registers a system of an organisation the actor may maintain. Also used by the import and the demo. */
  async create(ctx: RequestContext, input: TCreateSystemRequest, outer?: Tx): Promise<TSystem> {
    const actor = ctx.actor
    if (actor && !canMaintainSystems(actor))
      throw new AppError('FORBIDDEN', '您的角色不能登记信息系统 (forbidden)')
    return inTransaction(this.deps.database, outer, async (tx) => {
      const [organisation] = await tx
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(
          and(
            eq(organisations.id, input.organisationId),
            actor ? visibleOrganisationsCondition(actor) : sql`true`,
          ),
        )
      if (!organisation)
        throw validationFailed([
          { path: 'body.organisationId', message: '单位不存在 (no such organisation)' },
        ])
      await this.assertNameFree(tx, organisation.id, input.name, null)
      const [row] = await tx
        .insert(informationSystems)
        .values({
          organisationId: organisation.id,
          name: input.name,
          type: input.type,
          description: input.description,
          isCriticalInfrastructure: input.isCriticalInfrastructure,
          contacts: input.contacts,
          createdBy: actor?.userId ?? null,
          createdAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.system_created',
        objectType: 'information_system',
        objectId: row!.id,
        summary: {
          organisation: organisation.name,
          name: input.name,
          type: input.type,
          isCriticalInfrastructure: input.isCriticalInfrastructure,
        },
      })
      return presentSystem(row!, {
        organisationName: organisation.name,
        lastAssessedOn: null,
        openRectificationCount: 0,
      })
    })
  }

  async update(ctx: RequestContext, id: string, input: TUpdateSystemRequest): Promise<TSystemDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { system } = await this.load(tx, actor, id, { lock: true })
      if (system.version !== input.version) throw conflict()
      if (input.name !== undefined && input.name !== system.name)
        await this.assertNameFree(tx, system.organisationId, input.name, system.id)
      const { version: _version, ...patch } = input
      const changes = changedFields(system, patch, [
        'name',
        'type',
        'description',
        'isCriticalInfrastructure',
      ])
      const contactsChanged =
        input.contacts !== undefined && JSON.stringify(input.contacts) !== JSON.stringify(system.contacts)
      await tx
        .update(informationSystems)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: system.version + 1 })
        .where(eq(informationSystems.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.system_updated',
        objectType: 'information_system',
        objectId: id,
        summary: {
          ...changes,
          ...(contactsChanged ? { contacts: `${input.contacts?.length ?? 0} 名联系人` } : {}),
        },
      })
    })
    return this.get(ctx, id)
  }

  /** Only a system that was never graded can be deleted; a graded one is part of the filing record. */
  async remove(ctx: RequestContext, id: string): Promise<void> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { system, organisation } = await this.load(tx, actor, id, { lock: true })
      const [graded] = await tx
        .select({ id: systemGradings.id })
        .from(systemGradings)
        .where(eq(systemGradings.systemId, id))
        .limit(1)
      if (graded)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          '已定级的系统不能删除，它属于备案记录 (a graded system belongs to the filing record and cannot be deleted)',
        )
      await tx.delete(informationSystems).where(eq(informationSystems.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.system_deleted',
        objectType: 'information_system',
        objectId: id,
        summary: { organisation: organisation.name, name: system.name },
      })
    })
  }

  private async assertNameFree(tx: Tx, organisationId: string, name: string, exceptId: string | null) {
    const [existing] = await tx
      .select({ id: informationSystems.id })
      .from(informationSystems)
      .where(and(eq(informationSystems.organisationId, organisationId), eq(informationSystems.name, name)))
    if (existing && existing.id !== exceptId)
      throw validationFailed([
        {
          path: 'body.name',
          message: '该单位已有同名信息系统 (the organisation already has a system of this name)',
        },
      ])
  }
}
