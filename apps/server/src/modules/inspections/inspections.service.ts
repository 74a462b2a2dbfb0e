// Annual on-site inspections (seed 004, SPEC §8). The regulator's staff are the inspectors: they open an inspection of
// an organisation for a year, answer the checklist item by item (with notes and evidence), see the score and its
// breakdown after every save, and sign it off, which locks it. The organisation's own people read it once signed off.
import {
  inspectionTemplates,
  InspectionAnswersError,
  scoreInspection,
  templateItems,
  type TInspectionSection,
  type TInspectionTemplate,
} from '@wangan/rules/inspection'
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor } from '../../db/client'
import { inspections, organisations, users } from '../../db/schema'
import { AppError, conflict, notFound, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { FilesService } from '../files/files.service'
import { applyEvidenceUpdate, listsEvidenceFile, presentEvidence, withEvidence } from '../files/item-evidence'
import {
  INSPECTION_FORMS,
  type TCreateInspectionRequest,
  type TInspection,
  type TInspectionSummary,
  type TInspectionTemplateView,
  type TListInspectionsQuery,
  type TUpdateInspectionRequest,
  type TUploadEvidenceRequest,
} from './inspections.schemas'

type Deps = { database: Database; clock: Clock; audit: AuditService; files: FilesService }
type InspectionRow = typeof inspections.$inferSelect
type TForm = (typeof INSPECTION_FORMS)[number]

const NOT_FOUND = '现场检查 inspection '

export function formTemplate(id: string): TInspectionTemplate {
  const template = inspectionTemplates[id]
  if (!template || !(INSPECTION_FORMS as readonly string[]).includes(id))
    throw new Error(`unknown inspection form ${id}`)
  return template
}

/** The template flattened for forms and documents. */
export function templateView(id: TForm): TInspectionTemplateView {
  const template = formTemplate(id)
  const sections: TInspectionTemplateView['sections'] = []
  const items: TInspectionTemplateView['items'] = []
  const walk = (list: readonly TInspectionSection[], parent: string | null, depth: number) => {
    for (const section of list) {
      sections.push({
        code: section.code,
        title: section.title,
        points: section.points,
        method: section.method ?? null,
        note: section.note ?? null,
        parent,
        depth,
      })
      for (const item of section.items ?? [])
        items.push({
          code: item.code,
          number: item.number,
          section: section.code,
          prompt: item.prompt,
          standard: item.standard,
          points: item.points,
          method: item.method,
          note: item.note ?? null,
          rule: item.rule as TInspectionTemplateView['items'][number]['rule'],
        })
      walk(section.sections ?? [], section.code, depth + 1)
    }
  }
  walk(template.sections, null, 0)
  return {
    id,
    title: template.title,
    source: template.source,
    points: template.points,
    itemCount: items.length,
    sections,
    items,
  }
}

/** Scores the answers given so far: unanswered items count 0 and are marked. */
export function scoreSoFar(templateId: string, answers: Record<string, unknown>) {
  const template = formTemplate(templateId)
  const score = scoreInspection(template, answers, { allowUnanswered: true })
  const unanswered = new Set(score.unanswered)
  return {
    total: score.total,
    max: score.max,
    answered: score.items.length - unanswered.size,
    itemCount: score.items.length,
    items: score.items.map((item) => ({ ...item, isAnswered: !unanswered.has(item.code) })),
    sections: score.sections,
    unanswered: score.unanswered,
  }
}

export class InspectionsService {
  constructor(private readonly deps: Deps) {}

  templates() {
    return INSPECTION_FORMS.map((id) => {
      const { sections: _s, items, ...summary } = templateView(id)
      return { ...summary, itemCount: items.length }
    })
  }

  template(id: TForm) {
    return templateView(id)
  }

  async list(ctx: RequestContext, query: TListInspectionsQuery) {
    const actor = requireActor(ctx)
    const conditions: SQL[] = [this.visible(actor)]
    if (query.year) conditions.push(eq(inspections.year, query.year))
    if (query.organisationId) conditions.push(eq(inspections.organisationId, query.organisationId))
    if (query.status) conditions.push(eq(inspections.status, query.status))
    const where = and(...conditions)
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select({ inspection: inspections, organisationName: organisations.name })
        .from(inspections)
        .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
        .where(where)
        .orderBy(desc(inspections.year), organisations.name)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(inspections)
        .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
        .where(where),
    ])
    return {
      items: rows.map((r) => presentSummary(r.inspection, r.organisationName)),
      total: Number(count?.n ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TInspection> {
    const actor = requireActor(ctx)
    const { inspection, organisationName } = await this.load(this.deps.database.db, actor, id)
    return this.present(actor, inspection, organisationName)
  }

  async create(ctx: RequestContext, input: TCreateInspectionRequest): Promise<TInspection> {
    const actor = requireActor(ctx)
    const id = await this.deps.database.db.transaction(async (tx) => {
      const [organisation] = await tx
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.id, input.organisationId), visibleOrganisationsCondition(actor)))
      if (!organisation)
        throw validationFailed([
          { path: 'body.organisationId', message: '单位不存在 (no such organisation)' },
        ])
      const [existing] = await tx
        .select({ id: inspections.id })
        .from(inspections)
        .where(and(eq(inspections.organisationId, organisation.id), eq(inspections.year, input.year)))
      if (existing)
        throw new AppError(
          'CONFLICT',
          `该单位 ${input.year} 年度的现场检查已存在 (already exists for this year)`,
          {
            inspectionId: existing.id,
          },
        )
      const now = this.deps.clock.now()
      const [row] = await tx
        .insert(inspections)
        .values({
          organisationId: organisation.id,
          year: input.year,
          templateId: input.templateId,
          createdBy: actor.userId,
          inspectorIds: [actor.userId],
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'inspection.created',
        objectType: 'inspection',
        objectId: row!.id,
        summary: { organisation: organisation.name, year: input.year, template: input.templateId },
      })
      return row!.id
    })
    return this.get(ctx, id)
  }

  /** Saves answers, notes, evidence and the conclusion; the score is recomputed from the answers every time. */
  async update(ctx: RequestContext, id: string, input: TUpdateInspectionRequest): Promise<TInspection> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { inspection } = await this.load(tx, actor, id, { lock: true })
      this.assertEditable(inspection, input.version)
      const answers = { ...inspection.answers }
      for (const code of input.clear ?? []) delete answers[code]
      Object.assign(answers, input.answers ?? {})
      let score
      try {
        score = scoreSoFar(inspection.templateId, answers)
      } catch (error) {
        if (error instanceof InspectionAnswersError)
          throw validationFailed(
            error.issues.map((issue) => ({
              path: `body.answers${bracket(issue.path)}`,
              message: issue.message,
            })),
          )
        throw error
      }
      const known = new Set(templateItems(formTemplate(inspection.templateId)).map((item) => item.code))
      const unknown = [
        ...Object.keys(input.notes ?? {}),
        ...Object.keys(input.evidence ?? {}),
        ...(input.clear ?? []),
      ].filter((code) => !known.has(code))
      if (unknown.length)
        throw validationFailed(
          unknown.map((code) => ({
            path: `body["${code}"]`,
            message: '检查表中没有此条目 (no such item in the form)',
          })),
        )
      const notes = { ...inspection.notes }
      for (const [code, note] of Object.entries(input.notes ?? {}))
        if (note === null || note.trim() === '') delete notes[code]
        else notes[code] = note
      const evidence = input.evidence
        ? applyEvidenceUpdate(
            inspection.evidence,
            input.evidence,
            (f) => `文件 ${f} 不是本次检查上传的 (upload files through this inspection)`,
          )
        : inspection.evidence
      const changedAnswers = Object.keys(input.answers ?? {}).filter(
        (code) => JSON.stringify(inspection.answers[code]) !== JSON.stringify(input.answers?.[code]),
      )
      const inspectorIds = inspection.inspectorIds.includes(actor.userId)
        ? inspection.inspectorIds
        : [...inspection.inspectorIds, actor.userId]
      await tx
        .update(inspections)
        .set({
          answers,
          notes,
          evidence,
          ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
          total: score.total,
          answeredCount: score.answered,
          inspectorIds,
          updatedAt: this.deps.clock.now(),
          version: inspection.version + 1,
        })
        .where(eq(inspections.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'inspection.answered',
        objectType: 'inspection',
        objectId: id,
        summary: {
          answered: changedAnswers,
          cleared: input.clear ?? [],
          notes: Object.keys(input.notes ?? {}),
          evidence: Object.keys(input.evidence ?? {}),
          ...(input.conclusion !== undefined ? { conclusion: true } : {}),
          total: [Number(inspection.total), score.total],
        },
      })
    })
    return this.get(ctx, id)
  }

  /** Stores a file as evidence of one item (files module: encrypted, content-addressed) and lists it there. */
  async uploadEvidence(ctx: RequestContext, id: string, input: TUploadEvidenceRequest): Promise<TInspection> {
    const actor = requireActor(ctx)
    const known = new Set(
      templateItems(
        formTemplate((await this.load(this.deps.database.db, actor, id)).inspection.templateId),
      ).map((i) => i.code),
    )
    if (!known.has(input.itemCode))
      throw validationFailed([
        { path: 'body.itemCode', message: '检查表中没有此条目 (no such item in the form)' },
      ])
    await this.deps.database.db.transaction(async (tx) => {
      const { inspection } = await this.load(tx, actor, id, { lock: true })
      this.assertEditable(inspection, input.version)
      const stored = await this.deps.files.store(
        ctx,
        Buffer.from(input.content, 'base64'),
        { originalName: input.fileName, purpose: 'evidence' },
        tx,
      )
      const evidence = withEvidence(inspection.evidence, input.itemCode, {
        label: input.label,
        reference: null,
        fileId: stored.id,
        fileName: stored.originalName,
      })
      await tx
        .update(inspections)
        .set({ evidence, updatedAt: this.deps.clock.now(), version: inspection.version + 1 })
        .where(eq(inspections.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'inspection.evidence_added',
        objectType: 'inspection',
        objectId: id,
        summary: { item: input.itemCode, file: stored.id, name: stored.originalName, size: stored.size },
      })
    })
    return this.get(ctx, id)
  }

  /** An evidence file, only to those who may read the inspection and only if the inspection lists it. */
  async readEvidence(ctx: RequestContext, id: string, fileId: string) {
    const actor = requireActor(ctx)
    const { inspection } = await this.load(this.deps.database.db, actor, id)
    if (!listsEvidenceFile(inspection.evidence, fileId)) throw notFound('证据文件 evidence file ')
    return this.deps.files.read(fileId)
  }

  /** 签发: every item answered; afterwards the inspection is read-only. */
  async signOff(ctx: RequestContext, id: string, input: { version: number }): Promise<TInspection> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { inspection, organisationName } = await this.load(tx, actor, id, { lock: true })
      this.assertEditable(inspection, input.version)
      const score = scoreSoFar(inspection.templateId, inspection.answers)
      if (score.unanswered.length)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `尚有 ${score.unanswered.length} 项未评分，不能签发 (${score.unanswered.length} items unanswered)`,
          { unanswered: score.unanswered },
        )
      const now = this.deps.clock.now()
      await tx
        .update(inspections)
        .set({
          status: 'signed_off',
          total: score.total,
          answeredCount: score.answered,
          signedOffBy: actor.userId,
          signedOffAt: now,
          updatedAt: now,
          version: inspection.version + 1,
        })
        .where(eq(inspections.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'inspection.signed_off',
        objectType: 'inspection',
        objectId: id,
        summary: { organisation: organisationName, year: inspection.year, total: score.total },
      })
    })
    return this.get(ctx, id)
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { inspection, organisationName } = await this.load(tx, actor, id, { lock: true })
      if (inspection.status === 'signed_off')
        throw new AppError(
          'ILLEGAL_TRANSITION',
          '已签发的检查不能删除 (a signed-off inspection cannot be deleted)',
        )
      await tx.delete(inspections).where(eq(inspections.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'inspection.deleted',
        objectType: 'inspection',
        objectId: id,
        summary: {
          organisation: organisationName,
          year: inspection.year,
          answered: inspection.answeredCount,
        },
      })
    })
  }

  // ---- helpers ----

  /** Regulators see their region's inspections; an organisation's people only their own, once signed off. */
  private visible(actor: Actor): SQL {
    if (actor.role === 'regulator') return visibleOrganisationsCondition(actor)
    if (actor.role === 'org_liaison' || actor.role === 'org_leader')
      return and(visibleOrganisationsCondition(actor), eq(inspections.status, 'signed_off'))!
    return sql`false`
  }

  async load(executor: Executor, actor: Actor, id: string, options: { lock?: boolean } = {}) {
    const query = executor
      .select({ inspection: inspections, organisationName: organisations.name })
      .from(inspections)
      .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
      .where(and(eq(inspections.id, id), this.visible(actor)))
    const [row] = options.lock ? await query.for('update', { of: inspections }) : await query
    if (!row) throw notFound(NOT_FOUND)
    return row
  }

  private assertEditable(inspection: InspectionRow, version: number) {
    if (inspection.status === 'signed_off')
      throw new AppError('ILLEGAL_TRANSITION', '检查已签发，不能修改 (signed off: read-only)')
    if (inspection.version !== version) throw conflict()
  }

  private async present(
    actor: Actor,
    inspection: InspectionRow,
    organisationName: string,
  ): Promise<TInspection> {
    const { db } = this.deps.database
    const template = formTemplate(inspection.templateId)
    const { unanswered: _unanswered, ...score } = scoreSoFar(inspection.templateId, inspection.answers)
    const names = await namesOf(db, [...inspection.inspectorIds, inspection.signedOffBy])
    const [previousRow] = await db
      .select({ inspection: inspections })
      .from(inspections)
      .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
      .where(
        and(
          eq(inspections.organisationId, inspection.organisationId),
          eq(inspections.year, inspection.year - 1),
          this.visible(actor),
        ),
      )
    const previous = previousRow?.inspection
    let comparison: TInspection['comparison'] = null
    if (previous) {
      const before = scoreSoFar(previous.templateId, previous.answers)
      const earlier = new Map(before.sections.map((s) => [s.code, s.points]))
      comparison = {
        inspectionId: previous.id,
        year: previous.year,
        status: previous.status,
        total: before.total,
        delta: round2(score.total - before.total),
        sections: score.sections
          .filter((s) => earlier.has(s.code) && /^T1-\d+(\.\d+)?$/.test(s.code))
          .map((s) => ({
            code: s.code,
            title: s.title,
            points: s.points,
            previousPoints: earlier.get(s.code)!,
            delta: round2(s.points - earlier.get(s.code)!),
          })),
      }
    }
    const editable = actor.role === 'regulator' && inspection.status === 'in_progress'
    return {
      ...presentSummary(inspection, organisationName),
      templateTitle: template.title,
      answers: inspection.answers,
      notes: inspection.notes,
      evidence: presentEvidence(inspection.evidence),
      conclusion: inspection.conclusion,
      score,
      inspectors: inspection.inspectorIds.map((userId) => ({ id: userId, name: names.get(userId) ?? '' })),
      createdAt: inspection.createdAt.toISOString(),
      signedOffByName: inspection.signedOffBy ? (names.get(inspection.signedOffBy) ?? null) : null,
      comparison,
      can: { edit: editable, signOff: editable && score.answered === score.itemCount },
    }
  }
}

function presentSummary(row: InspectionRow, organisationName: string): TInspectionSummary {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName,
    year: row.year,
    templateId: row.templateId as TForm,
    status: row.status,
    total: Number(row.total),
    answeredCount: row.answeredCount,
    signedOffAt: row.signedOffAt?.toISOString() ?? null,
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

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

/** `["T2-22"].total` stays as it is; a bare key gets brackets. */
function bracket(path: string): string {
  return path.startsWith('[') ? path : `.${path}`
}
