// City-wide evaluations (seed 002, SPEC §9): a regulator rates a region against 表B.1 — the scenario and the indicators
// in scope, every item rated (or removed with a recorded reason), optional weights — and sees the score, grade, gap to
// the next grade and the weakest indicators after every save; completing it fixes the result.
import {
  cityFramework,
  cityFrameworkIndex,
  CityEvaluationInputError,
  cityGradeBands,
  cityRatingScale,
  evaluateCity,
} from '@wangan/rules/evaluation'
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { isRegionInScope } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor } from '../../db/client'
import { cityEvaluations, regions, users, type TEvaluationWeights } from '../../db/schema'
import { AppError, conflict, notFound, validationFailed, type ErrorDetail } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { FilesService, TStoredFile } from '../files/files.service'
import { applyEvidenceUpdate, listsEvidenceFile, presentEvidence, withEvidence } from '../files/item-evidence'
import {
  RATING_NAMES,
  ZEvidenceUploadFields,
  type TEvidenceUploadFields,
  type TCityFrameworkView,
  type TCreateEvaluationRequest,
  type TEvaluation,
  type TEvaluationResult,
  type TEvaluationSummary,
  type TListEvaluationsQuery,
  type TUpdateEvaluationRequest,
} from './evaluation.schemas'

type Deps = { database: Database; clock: Clock; audit: AuditService; files: FilesService }
type EvaluationRow = typeof cityEvaluations.$inferSelect
type Scenario = EvaluationRow['scenario']

const NOT_FOUND = '城市评价 city evaluation '
const FIRST_CODES = cityFramework.first.map((f) => f.code)

export function frameworkView(): TCityFrameworkView {
  const index = cityFrameworkIndex
  return {
    id: cityFramework.id,
    title: cityFramework.title,
    source: cityFramework.source,
    points: cityFramework.points,
    first: cityFramework.first.map((f) => ({
      code: f.code,
      name: f.name,
      points: f.points,
      clause: f.clause,
      clauseTitle: f.clauseTitle,
    })),
    second: [...index.second.values()].map(({ second, first }) => ({
      code: second.code,
      first: first.code,
      name: second.name,
      points: second.points,
      clause: second.clause,
      description: second.description ?? null,
      note: second.note ?? null,
    })),
    third: [...index.third.values()].map(({ third, second }) => ({
      code: third.code,
      second: second.code,
      name: third.name,
      points: third.points,
      isImplicit: third.isImplicit ?? false,
      clause: third.clause ?? null,
      description: third.description ?? null,
      note: third.note ?? null,
    })),
    items: [...index.item.values()].map(({ item, third }) => ({
      code: item.code,
      third: third.code,
      text: item.text,
      note: item.note ?? null,
      isDirectScore: item.isDirectScore ?? false,
    })),
    ratings: RATING_NAMES.map((name) => ({ name, value: cityRatingScale[name] })),
    grades: cityGradeBands.map((b) => ({ grade: b.grade, min: b.min })),
  }
}

/** The scope a scenario allows: all five first-level indicators (全面), some of them (专项), or any first- and
 * second-level indicators (阶段). Problems are named by their path in the request. */
export function checkScope(scenario: Scenario, scope: readonly string[], path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  const index = cityFrameworkIndex
  scope.forEach((code, i) => {
    if (!index.first.has(code) && !index.second.has(code))
      problems.push({
        path: `${path}.${i}`,
        message: `没有编号为 ${code} 的一级或二级指标 (unknown indicator)`,
      })
    else if (scenario !== 'phased' && !index.first.has(code))
      problems.push({
        path: `${path}.${i}`,
        message: '全面和专项评价按一级指标选择范围 (choose first-level indicators)',
      })
  })
  if (new Set(scope).size !== scope.length)
    problems.push({ path, message: '范围中有重复的指标 (listed twice)' })
  if (scenario === 'full' && FIRST_CODES.some((code) => !scope.includes(code)))
    problems.push({ path, message: '全面评价须包括全部五个一级指标 (a full evaluation covers all five)' })
  return problems
}

/** Item codes in scope, in the order of 表B.1. */
export function itemsInScope(scope: readonly string[]): string[] {
  const index = cityFrameworkIndex
  const seconds = new Set<string>()
  for (const code of scope) {
    const first = index.first.get(code)
    if (first) for (const s of first.second) seconds.add(s.code)
    else if (index.second.has(code)) seconds.add(code)
  }
  return [...index.item.values()]
    .filter(({ second }) => seconds.has(second.code))
    .map(({ item }) => item.code)
}

/**
 * The result of the ratings so far: what `wangan evaluate-city` gives for them, with every unrated item in scope
 * counted as 不满足 (0) until it is rated — so a draft never scores more than it will.
 */
export function resultOf(
  row: Pick<EvaluationRow, 'scope' | 'ratings' | 'removed' | 'weights'>,
): TEvaluationResult {
  const removed = new Set(row.removed.map((r) => r.item))
  const inScope = itemsInScope(row.scope)
  const unrated = inScope.filter((code) => !(code in row.ratings) && !removed.has(code))
  const ratings: Record<string, number> = {}
  for (const [code, value] of Object.entries(row.ratings)) if (!removed.has(code)) ratings[code] = value
  for (const code of unrated) ratings[code] = 0
  const result = evaluateCity({
    framework: 'suzhou-2022',
    scope: row.scope,
    ratings: ratings as Record<string, 0 | 0.5 | 0.8 | 1>,
    removed: row.removed,
    ...(row.weights ? { weights: row.weights } : {}),
  })
  const firstPoints: Record<string, number> = {}
  for (const code of Object.keys(result.second)) {
    const entry = cityFrameworkIndex.second.get(code)
    if (entry) firstPoints[entry.first.code] = (firstPoints[entry.first.code] ?? 0) + entry.second.points
  }
  return {
    isComplete: unrated.length === 0,
    unrated,
    total: result.total,
    scaledTotal: result.scaledTotal,
    grade: result.grade,
    pointsInScope: result.pointsInScope,
    first: result.first,
    firstPoints,
    second: result.second,
    third: result.third,
    gapToNextGrade: result.gapToNextGrade,
    weakest: result.weakest,
    gapClosedBy: result.gapClosedBy,
    emptied: result.emptied,
    weighted: result.weighted ?? null,
  }
}

export class EvaluationService {
  constructor(private readonly deps: Deps) {}

  framework() {
    return frameworkView()
  }

  async list(ctx: RequestContext, query: TListEvaluationsQuery) {
    const actor = requireActor(ctx)
    const conditions: SQL[] = [this.visible(actor)]
    if (query.year) conditions.push(eq(cityEvaluations.year, query.year))
    if (query.status) conditions.push(eq(cityEvaluations.status, query.status))
    if (query.regionId)
      conditions.push(
        sql`${regions.path} like (select r2.path || '%' from regions r2 where r2.id = ${query.regionId})`,
      )
    const where = and(...conditions)
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select({ evaluation: cityEvaluations, regionName: regions.name })
        .from(cityEvaluations)
        .innerJoin(regions, eq(regions.id, cityEvaluations.regionId))
        .where(where)
        .orderBy(desc(cityEvaluations.year), desc(cityEvaluations.createdAt))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(cityEvaluations)
        .innerJoin(regions, eq(regions.id, cityEvaluations.regionId))
        .where(where),
    ])
    return {
      items: rows.map((r) => presentSummary(r.evaluation, r.regionName)),
      total: Number(count?.n ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TEvaluation> {
    const actor = requireActor(ctx)
    const { evaluation, regionName } = await this.load(this.deps.database.db, actor, id)
    return this.present(evaluation, regionName)
  }

  async create(ctx: RequestContext, input: TCreateEvaluationRequest): Promise<TEvaluation> {
    const actor = requireActor(ctx)
    const scope = input.scope ?? [...FIRST_CODES]
    const problems = checkScope(input.scenario, scope, 'body.scope')
    if (problems.length) throw validationFailed(problems)
    const id = await this.deps.database.db.transaction(async (tx) => {
      const [region] = await tx.select().from(regions).where(eq(regions.id, input.regionId))
      if (!region || !isRegionInScope(actor, region.path))
        throw validationFailed([{ path: 'body.regionId', message: '行政区划不存在 (no such region)' }])
      const now = this.deps.clock.now()
      const [row] = await tx
        .insert(cityEvaluations)
        .values({
          regionId: region.id,
          year: input.year,
          title: input.title,
          scenario: input.scenario,
          scope,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'evaluation.created',
        objectType: 'city_evaluation',
        objectId: row!.id,
        summary: {
          region: region.name,
          year: input.year,
          title: input.title,
          scenario: input.scenario,
          scope,
        },
      })
      return row!.id
    })
    return this.get(ctx, id)
  }

  /** Saves ratings, notes, removals (each with its reason), scope and weights; the result is recomputed. */
  async update(ctx: RequestContext, id: string, input: TUpdateEvaluationRequest): Promise<TEvaluation> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { evaluation } = await this.load(tx, actor, id, { lock: true })
      this.assertEditable(evaluation, input.version)
      const index = cityFrameworkIndex
      const problems: ErrorDetail[] = []
      const known = (code: string, path: string) => {
        if (index.item.has(code)) return true
        problems.push({ path, message: `没有编号为 ${code} 的评价项 (unknown item)` })
        return false
      }

      const scenario = input.scenario ?? evaluation.scenario
      const scope = input.scope ?? evaluation.scope
      if (input.scenario !== undefined || input.scope !== undefined)
        problems.push(...checkScope(scenario, scope, 'body.scope'))

      const removed = new Map(evaluation.removed.map((r) => [r.item, r.reason]))
      const ratings = { ...evaluation.ratings }
      const removedNow: string[] = []
      const restored: string[] = []
      for (const [code, reason] of Object.entries(input.removals ?? {})) {
        if (!known(code, `body.removals.${code}`)) continue
        if (reason === null) {
          if (removed.delete(code)) restored.push(code)
        } else {
          removed.set(code, reason.trim())
          delete ratings[code]
          removedNow.push(code)
        }
      }
      const rated: Record<string, number | null> = {}
      for (const [code, rating] of Object.entries(input.ratings ?? {})) {
        if (!known(code, `body.ratings.${code}`)) continue
        if (rating === null) {
          delete ratings[code]
          rated[code] = null
        } else if (removed.has(code)) {
          problems.push({
            path: `body.ratings.${code}`,
            message: '该评价项已剪裁，须先恢复才能评分 (restore the removed item before rating it)',
          })
        } else {
          const value = typeof rating === 'number' ? rating : cityRatingScale[rating]
          ratings[code] = value
          rated[code] = value
        }
      }
      const notes = { ...evaluation.notes }
      for (const [code, note] of Object.entries(input.notes ?? {})) {
        if (!known(code, `body.notes.${code}`)) continue
        if (note === null || note.trim() === '') delete notes[code]
        else notes[code] = note
      }
      for (const code of Object.keys(input.evidence ?? {})) known(code, `body.evidence.${code}`)
      const weights = input.weights === undefined ? evaluation.weights : input.weights
      if (problems.length) throw validationFailed(problems)
      const evidence = input.evidence
        ? applyEvidenceUpdate(
            evaluation.evidence,
            input.evidence,
            (f) => `文件 ${f} 不是本次评价上传的 (upload files through this evaluation)`,
          )
        : evaluation.evidence

      const next = {
        scenario,
        scope,
        ratings,
        notes,
        removed: [...removed].map(([item, reason]) => ({ item, reason })),
        weights: weights as TEvaluationWeights | null,
      }
      try {
        resultOf(next)
      } catch (error) {
        if (error instanceof CityEvaluationInputError)
          throw validationFailed(
            error.issues.map((issue) => ({ path: `body.${issue.path}`, message: issue.message })),
          )
        throw error
      }
      await tx
        .update(cityEvaluations)
        .set({
          ...next,
          evidence,
          ...(input.title !== undefined ? { title: input.title } : {}),
          updatedAt: this.deps.clock.now(),
          version: evaluation.version + 1,
        })
        .where(eq(cityEvaluations.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'evaluation.rated',
        objectType: 'city_evaluation',
        objectId: id,
        summary: {
          ...(Object.keys(rated).length ? { ratings: rated } : {}),
          ...(removedNow.length
            ? { removed: removedNow.map((item) => ({ item, reason: removed.get(item) })) }
            : {}),
          ...(restored.length ? { restored } : {}),
          ...(input.notes ? { notes: Object.keys(input.notes) } : {}),
          ...(input.evidence
            ? {
                evidence: Object.fromEntries(
                  Object.keys(input.evidence).map((code) => [
                    code,
                    (evidence[code] ?? []).map((e) => e.label),
                  ]),
                ),
              }
            : {}),
          ...(input.scope || input.scenario ? { scope: [evaluation.scope, scope], scenario } : {}),
          ...(input.weights !== undefined ? { weights: input.weights } : {}),
          ...(input.title !== undefined && input.title !== evaluation.title
            ? { title: [evaluation.title, input.title] }
            : {}),
        },
      })
    })
    return this.get(ctx, id)
  }

  /**
   * Checks an evidence upload before its bytes are read (the multipart fields come before the file): the evaluation
   * is the caller's, the item exists, and the evaluation is still in progress at the version named.
   */
  async checkEvidenceUpload(
    ctx: RequestContext,
    id: string,
    fields: Record<string, string>,
  ): Promise<TEvidenceUploadFields> {
    const actor = requireActor(ctx)
    const { evaluation } = await this.load(this.deps.database.db, actor, id)
    const parsed = ZEvidenceUploadFields.safeParse(fields)
    if (!parsed.success)
      throw validationFailed(
        parsed.error.issues.map((issue) => ({
          path: ['body', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      )
    if (!cityFrameworkIndex.item.has(parsed.data.itemCode))
      throw validationFailed([
        {
          path: 'body.itemCode',
          message: `没有编号为 ${parsed.data.itemCode} 的评价项 (unknown item)`,
        },
      ])
    this.assertEditable(evaluation, parsed.data.version)
    return parsed.data
  }

  /** Lists a stored file (files module: typed by content, encrypted, content-addressed) as evidence of one item. */
  async attachEvidence(
    ctx: RequestContext,
    id: string,
    fields: TEvidenceUploadFields,
    file: TStoredFile,
  ): Promise<TEvaluation> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { evaluation } = await this.load(tx, actor, id, { lock: true })
      this.assertEditable(evaluation, fields.version)
      const evidence = withEvidence(evaluation.evidence, fields.itemCode, {
        label: fields.label ?? file.originalName,
        reference: fields.reference ?? null,
        fileId: file.id,
        fileName: file.originalName,
      })
      await tx
        .update(cityEvaluations)
        .set({ evidence, updatedAt: this.deps.clock.now(), version: evaluation.version + 1 })
        .where(eq(cityEvaluations.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'evaluation.evidence_added',
        objectType: 'city_evaluation',
        objectId: id,
        summary: {
          item: fields.itemCode,
          file: file.id,
          name: file.originalName,
          mediaType: file.mediaType,
          size: file.size,
        },
      })
    })
    return this.get(ctx, id)
  }

  /** An evidence file, only to those who may read the evaluation and only while the evaluation lists it. */
  async readEvidence(ctx: RequestContext, id: string, fileId: string) {
    const actor = requireActor(ctx)
    const { evaluation } = await this.load(this.deps.database.db, actor, id)
    if (!listsEvidenceFile(evaluation.evidence, fileId)) throw notFound('证据文件 evidence file ')
    return this.deps.files.read(fileId)
  }

  /** Every item in scope rated or removed: the result is fixed and the evaluation read-only. */
  async complete(ctx: RequestContext, id: string, input: { version: number }): Promise<TEvaluation> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { evaluation, regionName } = await this.load(tx, actor, id, { lock: true })
      this.assertEditable(evaluation, input.version)
      const result = resultOf(evaluation)
      if (!result.isComplete)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `尚有 ${result.unrated.length} 个评价项未评分 (${result.unrated.length} items unrated)`,
          { unrated: result.unrated },
        )
      const now = this.deps.clock.now()
      await tx
        .update(cityEvaluations)
        .set({
          status: 'completed',
          total: result.total,
          scaledTotal: result.scaledTotal,
          grade: result.grade,
          completedBy: actor.userId,
          completedAt: now,
          updatedAt: now,
          version: evaluation.version + 1,
        })
        .where(eq(cityEvaluations.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'evaluation.completed',
        objectType: 'city_evaluation',
        objectId: id,
        summary: {
          region: regionName,
          year: evaluation.year,
          total: result.total,
          scaledTotal: result.scaledTotal,
          grade: result.grade,
          removed: evaluation.removed.length,
        },
      })
    })
    return this.get(ctx, id)
  }

  /** Reopens a completed evaluation for corrections; the reason is kept in the audit trail. */
  async reopen(
    ctx: RequestContext,
    id: string,
    input: { version: number; reason: string },
  ): Promise<TEvaluation> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { evaluation } = await this.load(tx, actor, id, { lock: true })
      if (evaluation.status !== 'completed')
        throw new AppError('ILLEGAL_TRANSITION', '评价尚未完成 (the evaluation is not completed)')
      if (evaluation.version !== input.version) throw conflict()
      await tx
        .update(cityEvaluations)
        .set({
          status: 'in_progress',
          total: null,
          scaledTotal: null,
          grade: null,
          completedBy: null,
          completedAt: null,
          updatedAt: this.deps.clock.now(),
          version: evaluation.version + 1,
        })
        .where(eq(cityEvaluations.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'evaluation.reopened',
        objectType: 'city_evaluation',
        objectId: id,
        summary: {
          reason: input.reason,
          previous: { scaledTotal: evaluation.scaledTotal, grade: evaluation.grade },
        },
      })
    })
    return this.get(ctx, id)
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { evaluation, regionName } = await this.load(tx, actor, id, { lock: true })
      if (evaluation.status === 'completed')
        throw new AppError(
          'ILLEGAL_TRANSITION',
          '已完成的评价不能删除 (a completed evaluation cannot be deleted)',
        )
      await tx.delete(cityEvaluations).where(eq(cityEvaluations.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'evaluation.deleted',
        objectType: 'city_evaluation',
        objectId: id,
        summary: { region: regionName, year: evaluation.year, title: evaluation.title },
      })
    })
  }

  // ---- helpers ----

  /** The regulator's region subtree. */
  private visible(actor: Actor): SQL {
    if (actor.role !== 'regulator' || !actor.regionPath) return sql`false`
    return sql`${regions.path} like ${`${actor.regionPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
  }

  private async load(executor: Executor, actor: Actor, id: string, options: { lock?: boolean } = {}) {
    const query = executor
      .select({ evaluation: cityEvaluations, regionName: regions.name })
      .from(cityEvaluations)
      .innerJoin(regions, eq(regions.id, cityEvaluations.regionId))
      .where(and(eq(cityEvaluations.id, id), this.visible(actor)))
    const [row] = options.lock ? await query.for('update', { of: cityEvaluations }) : await query
    if (!row) throw notFound(NOT_FOUND)
    return row
  }

  private assertEditable(evaluation: EvaluationRow, version: number) {
    if (evaluation.status === 'completed')
      throw new AppError('ILLEGAL_TRANSITION', '评价已完成，不能修改 (completed: read-only)')
    if (evaluation.version !== version) throw conflict()
  }

  private async present(evaluation: EvaluationRow, regionName: string): Promise<TEvaluation> {
    const result = resultOf(evaluation)
    const names = await namesOf(this.deps.database.db, [evaluation.completedBy])
    const editable = evaluation.status === 'in_progress'
    return {
      ...presentSummary(evaluation, regionName),
      ratings: evaluation.ratings,
      notes: evaluation.notes,
      evidence: presentEvidence(evaluation.evidence),
      removed: evaluation.removed,
      weights: evaluation.weights,
      result,
      createdAt: evaluation.createdAt.toISOString(),
      completedAt: evaluation.completedAt?.toISOString() ?? null,
      completedByName: evaluation.completedBy ? (names.get(evaluation.completedBy) ?? null) : null,
      can: { edit: editable, complete: editable && result.isComplete, reopen: !editable },
    }
  }
}

function presentSummary(row: EvaluationRow, regionName: string): TEvaluationSummary {
  return {
    id: row.id,
    regionId: row.regionId,
    regionName,
    year: row.year,
    title: row.title,
    scenario: row.scenario,
    scope: row.scope,
    status: row.status,
    total: row.total === null ? null : Number(row.total),
    scaledTotal: row.scaledTotal === null ? null : Number(row.scaledTotal),
    grade: row.grade,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

async function namesOf(executor: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))]
  if (!wanted.length) return new Map()
  const rows = await executor
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}
