import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'
import { evidenceUpdate, ZEvidence } from '../files/item-evidence.schemas'

export const SCENARIOS = ['full', 'special', 'phased'] as const
export const SCENARIO_LABELS: Record<(typeof SCENARIOS)[number], string> = {
  full: '全面评价',
  special: '专项评价',
  phased: '阶段评价',
}
export const ZScenario = z.enum(SCENARIOS)

export const RATING_NAMES = ['全部满足', '大部分满足', '部分满足', '不满足'] as const
/** 表A.1: a rating as its value or its Chinese name; stored as the value. */
export const ZRatingInput = z.union(
  [z.literal(1), z.literal(0.8), z.literal(0.5), z.literal(0), z.enum(RATING_NAMES)],
  {
    error: '评分应为 1 / 0.8 / 0.5 / 0 或 全部满足 / 大部分满足 / 部分满足 / 不满足',
  },
)

/** 表B.1 flattened for forms: every level in order, each pointing at its parent. */
export const ZCityFramework = z.object({
  id: z.literal('suzhou-2022'),
  title: z.string(),
  source: z.string(),
  points: z.number(),
  first: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      points: z.number(),
      clause: z.string(),
      clauseTitle: z.string(),
    }),
  ),
  second: z.array(
    z.object({
      code: z.string(),
      first: z.string(),
      name: z.string(),
      points: z.number(),
      clause: z.string(),
      description: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  third: z.array(
    z.object({
      code: z.string(),
      second: z.string(),
      name: z.string(),
      points: z.number(),
      isImplicit: z.boolean(),
      clause: z.string().nullable(),
      description: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  items: z.array(
    z.object({
      code: z.string(),
      third: z.string(),
      text: z.string(),
      note: z.string().nullable(),
      isDirectScore: z.boolean(),
    }),
  ),
  ratings: z.array(z.object({ name: z.enum(RATING_NAMES), value: z.number() })),
  grades: z.array(z.object({ grade: z.string(), min: z.number() })),
})
export type TCityFrameworkView = z.infer<typeof ZCityFramework>

const ZWeightMap = z.record(z.string(), z.number().min(0).max(1))
export const ZWeights = z.strictObject({
  first: ZWeightMap.optional(),
  second: ZWeightMap.optional(),
  third: ZWeightMap.optional(),
})

const ZScoreMap = z.record(z.string(), z.number())

export const ZEvaluationResult = z.object({
  /** every item in scope is rated or removed; otherwise unrated items count as 不满足 (0) for now */
  isComplete: z.boolean(),
  unrated: z.array(z.string()),
  total: z.number(),
  scaledTotal: z.number(),
  grade: z.enum(['优秀', '良好', '合格', '不合格']),
  pointsInScope: z.number(),
  first: ZScoreMap,
  /** points in scope of each first-level indicator */
  firstPoints: ZScoreMap,
  second: ZScoreMap,
  third: ZScoreMap,
  gapToNextGrade: z
    .object({ grade: z.string(), threshold: z.number(), scaledPoints: z.number(), points: z.number() })
    .nullable(),
  weakest: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      points: z.number(),
      score: z.number(),
      lost: z.number(),
      scaledLost: z.number(),
    }),
  ),
  gapClosedBy: z.array(z.string()),
  emptied: z.array(z.string()),
  weighted: z
    .object({
      score: z.number(),
      first: ZScoreMap,
      weights: z.object({ first: ZScoreMap, second: ZScoreMap, third: ZScoreMap }),
    })
    .nullable(),
})
export type TEvaluationResult = z.infer<typeof ZEvaluationResult>

export const ZEvaluationSummary = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  year: z.number().int(),
  title: z.string(),
  scenario: ZScenario,
  scope: z.array(z.string()),
  status: z.enum(['in_progress', 'completed']),
  total: z.number().nullable(),
  scaledTotal: z.number().nullable(),
  grade: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type TEvaluationSummary = z.infer<typeof ZEvaluationSummary>

export const ZEvaluation = ZEvaluationSummary.extend({
  ratings: z.record(z.string(), z.number()),
  notes: z.record(z.string(), z.string()),
  /** item code → the evidence seen: labels with references, and files uploaded through the evaluation */
  evidence: z.record(z.string(), z.array(ZEvidence)),
  removed: z.array(z.object({ item: z.string(), reason: z.string() })),
  weights: ZWeights.nullable(),
  result: ZEvaluationResult,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  completedByName: z.string().nullable(),
  can: z.object({ edit: z.boolean(), complete: z.boolean(), reopen: z.boolean() }),
})
export type TEvaluation = z.infer<typeof ZEvaluation>

export const ZListEvaluationsQuery = z.strictObject({
  ...ZPageQuery,
  year: z.coerce.number().int().min(2000).max(9999).optional(),
  regionId: ZId.optional(),
  status: z.enum(['in_progress', 'completed']).optional(),
})
export type TListEvaluationsQuery = z.infer<typeof ZListEvaluationsQuery>

const ZCode = z
  .string()
  .regex(/^\d(\.\d+)?$/, { error: '指标编号应为 1–5 或 2.3 这样的编号 (an indicator code)' })
const ZItemCode = z.string().regex(/^\d\.\d+\.\d+\.\d+$/, { error: '评价项编号形如 1.2.1.2 (an item code)' })

export const ZCreateEvaluationRequest = z.strictObject({
  regionId: ZId,
  year: z.number().int().min(2000).max(9999),
  title: text(200),
  scenario: ZScenario.default('full'),
  /** first-level codes (全面/专项) or also second-level codes (阶段); all five for a full evaluation */
  scope: z.array(ZCode).min(1).max(30).optional(),
})
export type TCreateEvaluationRequest = z.infer<typeof ZCreateEvaluationRequest>

export const ZUpdateEvaluationRequest = z.strictObject({
  version: z.number().int().min(1),
  title: text(200).optional(),
  scenario: ZScenario.optional(),
  scope: z.array(ZCode).min(1).max(30).optional(),
  /** item code → rating (null withdraws it) */
  ratings: z.record(ZItemCode, ZRatingInput.nullable()).optional(),
  /** item code → notes and evidence seen (null removes them) */
  notes: z.record(ZItemCode, longText(4000).nullable()).optional(),
  /** item code → the evidence seen for it (replaces the list; null removes it); files are uploaded first */
  evidence: evidenceUpdate(ZItemCode).optional(),
  /** item code → the reason it is removed from this evaluation (null puts it back) */
  removals: z.record(ZItemCode, longText(1000, 1).nullable()).optional(),
  /** weights of the weighted form (附录A A.1–A.3); null drops them */
  weights: ZWeights.nullable().optional(),
})
export type TUpdateEvaluationRequest = z.infer<typeof ZUpdateEvaluationRequest>

export const ZCompleteRequest = z.strictObject({ version: z.number().int().min(1) })
export const ZReopenRequest = z.strictObject({ version: z.number().int().min(1), reason: longText(1000, 1) })

/** The fields of an evidence upload (multipart, sent before the file part). */
export const ZEvidenceUploadFields = z.strictObject({
  itemCode: ZItemCode,
  /** what the file shows; the file's name when left out */
  label: text(200).optional(),
  reference: text(500).optional(),
  version: z.coerce.number().int().min(1),
})
export type TEvidenceUploadFields = z.infer<typeof ZEvidenceUploadFields>
