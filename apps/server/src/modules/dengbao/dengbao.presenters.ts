// Rows → API objects for classified protection. Dates as ISO strings; names of the people involved looked up once.
import { inArray } from 'drizzle-orm'
import type { Executor } from '../../db/client'
import {
  type dengbaoAssessments,
  expertDraws,
  gradingReviews,
  type informationSystems,
  type rectificationItems,
  rectificationUpdates,
  type systemGradings,
  users,
} from '../../db/schema'
import type { THarmDegree, THarmedObject } from '@wangan/rules/grading'
import type { TAssessment, TGrading, TRectificationItem, TSystem } from './dengbao.schemas'
import type { TSystemStage } from './dengbao.workflow'

export type SystemRow = typeof informationSystems.$inferSelect
export type GradingRow = typeof systemGradings.$inferSelect
export type ReviewRow = typeof gradingReviews.$inferSelect
export type DrawRow = typeof expertDraws.$inferSelect
export type AssessmentRow = typeof dengbaoAssessments.$inferSelect
export type RectificationRow = typeof rectificationItems.$inferSelect
export type RectificationUpdateRow = typeof rectificationUpdates.$inferSelect

export async function userNames(
  executor: Executor,
  ids: Iterable<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))]
  if (wanted.length === 0) return new Map()
  const rows = await executor
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.displayName]))
}

export function presentSystem(
  row: SystemRow,
  extra: { organisationName: string; lastAssessedOn: string | null; openRectificationCount: number },
): TSystem {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: extra.organisationName,
    name: row.name,
    type: row.type,
    description: row.description,
    isCriticalInfrastructure: row.isCriticalInfrastructure,
    contacts: row.contacts,
    stage: row.stage as TSystemStage,
    proposedLevel: row.proposedLevel,
    filedLevel: row.filedLevel,
    filingNumber: row.filingNumber,
    filedOn: row.filedOn,
    lastAssessedOn: extra.lastAssessedOn,
    openRectificationCount: extra.openRectificationCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

export function harmSide(
  row: GradingRow,
  side: 'business' | 'service',
): { object: THarmedObject; degree: THarmDegree; level: number; reasoning: string } {
  return side === 'business'
    ? {
        object: row.businessObject as THarmedObject,
        degree: row.businessDegree as THarmDegree,
        level: row.businessLevel,
        reasoning: row.businessReasoning,
      }
    : {
        object: row.serviceObject as THarmedObject,
        degree: row.serviceDegree as THarmDegree,
        level: row.serviceLevel,
        reasoning: row.serviceReasoning,
      }
}

/** Gradings with their draws and reviews. Expert names are shown to the authorities, not to the organisation. */
export async function presentGradings(
  executor: Executor,
  gradings: GradingRow[],
  options: { showExpertNames: boolean; organisationNames: Map<string, string> },
): Promise<TGrading[]> {
  if (gradings.length === 0) return []
  const ids = gradings.map((g) => g.id)
  const [draws, reviews] = await Promise.all([
    executor
      .select()
      .from(expertDraws)
      .where(inArray(expertDraws.gradingId, ids))
      .orderBy(expertDraws.drawnAt),
    executor
      .select()
      .from(gradingReviews)
      .where(inArray(gradingReviews.gradingId, ids))
      .orderBy(gradingReviews.createdAt, gradingReviews.id),
  ])
  const names = await userNames(executor, [
    ...gradings.flatMap((g) => [g.submittedBy, g.approvedBy, g.filedBy, g.returnedBy]),
    ...draws.map((d) => d.drawnBy),
    ...reviews.map((r) => r.expertId),
  ])
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null)
  return gradings.map((g) => {
    const ownReviews = reviews.filter((r) => r.gradingId === g.id)
    return {
      id: g.id,
      systemId: g.systemId,
      round: g.round,
      status: g.status,
      source: g.source === 'import' ? 'import' : 'wizard',
      business: harmSide(g, 'business'),
      service: harmSide(g, 'service'),
      level: g.level,
      changeReason: g.changeReason,
      submittedAt: g.submittedAt.toISOString(),
      submittedByName: name(g.submittedBy),
      approval: g.approvedAt
        ? {
            byName: name(g.approvedBy),
            at: g.approvedAt.toISOString(),
            opinion: g.approvalOpinion,
            organisationName: g.approverOrganisationId
              ? (options.organisationNames.get(g.approverOrganisationId) ?? null)
              : null,
          }
        : null,
      filing:
        g.filingNumber && g.filedOn
          ? {
              filingNumber: g.filingNumber,
              filedOn: g.filedOn,
              byName: name(g.filedBy),
              at: g.filedAt?.toISOString() ?? null,
            }
          : null,
      returned:
        g.returnedAt && g.returnReason
          ? { byName: name(g.returnedBy), at: g.returnedAt.toISOString(), reason: g.returnReason }
          : null,
      draws: draws
        .filter((d) => d.gradingId === g.id)
        .map((d) => ({
          id: d.id,
          drawnAt: d.drawnAt.toISOString(),
          drawnByName: name(d.drawnBy),
          seed: d.seed,
          requested: d.requested,
          poolSize: d.poolUserIds.length,
        })),
      reviews: ownReviews.map((r, i) => ({
        id: r.id,
        expertName: options.showExpertNames ? name(r.expertId) : `专家${i + 1}`,
        opinion: r.opinion,
        suggestedLevel: r.suggestedLevel,
        comments: r.comments,
        answeredAt: r.answeredAt?.toISOString() ?? null,
        declinedAt: r.declinedAt?.toISOString() ?? null,
        declineReason: options.showExpertNames ? r.declineReason : null,
      })),
      version: g.version,
    }
  })
}

export async function presentRectificationItems(
  executor: Executor,
  rows: RectificationRow[],
  context: {
    today: string
    systems: Map<string, { name: string; organisationId: string; organisationName: string }>
  },
): Promise<TRectificationItem[]> {
  if (rows.length === 0) return []
  const updates = await executor
    .select()
    .from(rectificationUpdates)
    .where(
      inArray(
        rectificationUpdates.itemId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(rectificationUpdates.at, rectificationUpdates.id)
  const names = await userNames(
    executor,
    updates.map((u) => u.by),
  )
  return rows.map((r) => {
    const system = context.systems.get(r.systemId)
    return {
      id: r.id,
      assessmentId: r.assessmentId,
      systemId: r.systemId,
      systemName: system?.name ?? '',
      organisationId: system?.organisationId ?? r.systemId,
      organisationName: system?.organisationName ?? '',
      title: r.title,
      description: r.description,
      severity: r.severity,
      owner: r.owner,
      deadline: r.deadline,
      status: r.status,
      isOverdue: r.status === 'open' && context.today > r.deadline,
      closedAt: r.closedAt?.toISOString() ?? null,
      updates: updates
        .filter((u) => u.itemId === r.id)
        .map((u) => ({
          at: u.at.toISOString(),
          byName: u.by ? (names.get(u.by) ?? null) : null,
          note: u.note,
          statusAfter: u.statusAfter,
        })),
      version: r.version,
    }
  })
}

export function presentAssessment(row: AssessmentRow, items: TRectificationItem[]): TAssessment {
  return {
    id: row.id,
    systemId: row.systemId,
    assessedOn: row.assessedOn,
    institution: row.institution,
    conclusion: row.conclusion,
    score: row.score === null ? null : Number(row.score),
    level: row.level,
    reportNumber: row.reportNumber,
    reportFile: row.reportFileId ? { id: row.reportFileId, name: row.reportFileName ?? '' } : null,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    items: items.filter((i) => i.assessmentId === row.id),
  }
}
