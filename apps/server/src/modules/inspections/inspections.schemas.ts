import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'
import { evidenceUpdate, ZEvidence } from '../files/item-evidence.schemas'

/** The two forms an inspector fills (seed 004): 附件5 (general) and 附件6 (工控相关). */
export const INSPECTION_FORMS = ['onsite-inspection', 'onsite-inspection-ics'] as const
export const ZInspectionForm = z.enum(INSPECTION_FORMS)

const ZOption = z.object({ id: z.string(), label: z.string() })

/** The scoring rule of an item, as data (@wangan/rules/inspection TInspectionRule). */
export const ZInspectionRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('yes-no'), scoresWhen: z.enum(['yes', 'no']), yes: z.string(), no: z.string() }),
  z.object({ kind: z.literal('all-of'), conditions: z.array(ZOption) }),
  z.object({
    kind: z.literal('any-of'),
    options: z.array(ZOption.extend({ isCredited: z.boolean(), isExclusive: z.boolean().optional() })),
  }),
  z.object({ kind: z.literal('single-choice'), options: z.array(ZOption.extend({ fraction: z.number() })) }),
  z.object({
    kind: z.literal('deduct-per-missing'),
    elements: z.array(ZOption),
    deductionPerMissing: z.number(),
  }),
  z.object({
    kind: z.literal('credit-per-element'),
    elements: z.array(ZOption.extend({ points: z.number() })),
    outsourcing: z.object({ conditions: z.array(ZOption.extend({ voids: z.string() })) }).optional(),
  }),
  z.object({ kind: z.literal('done-or-plan') }),
  z.object({
    kind: z.literal('numeric-bands'),
    quantity: z.string(),
    unit: z.string(),
    isInteger: z.boolean(),
    range: z.object({ min: z.number(), max: z.number().optional() }),
    bands: z.array(
      z.object({
        min: z.number().optional(),
        max: z.number().optional(),
        fraction: z.number(),
        label: z.string(),
      }),
    ),
    absent: z.object({ fraction: z.number(), label: z.string() }),
  }),
  z.object({
    kind: z.literal('per-count-deduction'),
    fields: z.array(ZOption),
    counted: z.array(z.string()),
    countedLabel: z.string(),
    fractionPerCount: z.number(),
    zeroAbove: z.number(),
    partsOf: z.object({ total: z.string(), parts: z.array(z.string()) }).optional(),
  }),
  z.object({ kind: z.literal('password-policy'), minLength: z.number(), classes: z.array(ZOption) }),
])

export const ZInspectionTemplateSummary = z.object({
  id: ZInspectionForm,
  title: z.string(),
  source: z.string(),
  points: z.number(),
  itemCount: z.number().int(),
})

/** A template flattened for forms: sections in order with their parent, items with their section. */
export const ZInspectionTemplate = ZInspectionTemplateSummary.extend({
  sections: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      points: z.number(),
      method: z.string().nullable(),
      note: z.string().nullable(),
      parent: z.string().nullable(),
      depth: z.number().int(),
    }),
  ),
  items: z.array(
    z.object({
      code: z.string(),
      number: z.string(),
      section: z.string(),
      prompt: z.string(),
      standard: z.string(),
      points: z.number(),
      method: z.string(),
      note: z.string().nullable(),
      rule: ZInspectionRule,
    }),
  ),
})
export type TInspectionTemplateView = z.infer<typeof ZInspectionTemplate>

export const ZInspectionScore = z.object({
  total: z.number(),
  max: z.number(),
  answered: z.number().int(),
  itemCount: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      points: z.number(),
      max: z.number(),
      explanation: z.string(),
      isAnswered: z.boolean(),
    }),
  ),
  sections: z.array(z.object({ code: z.string(), title: z.string(), points: z.number(), max: z.number() })),
})

export const ZInspectionSummary = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  year: z.number().int(),
  templateId: ZInspectionForm,
  status: z.enum(['in_progress', 'signed_off']),
  total: z.number(),
  answeredCount: z.number().int(),
  signedOffAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type TInspectionSummary = z.infer<typeof ZInspectionSummary>

export const ZInspection = ZInspectionSummary.extend({
  templateTitle: z.string(),
  answers: z.record(z.string(), z.unknown()),
  notes: z.record(z.string(), z.string()),
  evidence: z.record(z.string(), z.array(ZEvidence)),
  conclusion: z.string().nullable(),
  score: ZInspectionScore,
  inspectors: z.array(z.object({ id: z.uuid(), name: z.string() })),
  createdAt: z.string(),
  signedOffByName: z.string().nullable(),
  /** the same organisation's inspection of the year before, section by section */
  comparison: z
    .object({
      inspectionId: z.uuid(),
      year: z.number().int(),
      status: z.enum(['in_progress', 'signed_off']),
      total: z.number(),
      delta: z.number(),
      sections: z.array(
        z.object({
          code: z.string(),
          title: z.string(),
          points: z.number(),
          previousPoints: z.number(),
          delta: z.number(),
        }),
      ),
    })
    .nullable(),
  can: z.object({ edit: z.boolean(), signOff: z.boolean() }),
})
export type TInspection = z.infer<typeof ZInspection>

export const ZListInspectionsQuery = z.strictObject({
  ...ZPageQuery,
  year: z.coerce.number().int().min(2000).max(9999).optional(),
  organisationId: ZId.optional(),
  status: z.enum(['in_progress', 'signed_off']).optional(),
})
export type TListInspectionsQuery = z.infer<typeof ZListInspectionsQuery>

export const ZCreateInspectionRequest = z.strictObject({
  organisationId: ZId,
  year: z.number().int().min(2000).max(9999),
  templateId: ZInspectionForm.default('onsite-inspection'),
})
export type TCreateInspectionRequest = z.infer<typeof ZCreateInspectionRequest>

const ZItemCode = z.string().regex(/^T[1-3]-[0-9.]+$/, { error: '不是检查表条目编号 (not an item code)' })

export const ZUpdateInspectionRequest = z.strictObject({
  version: z.number().int().min(1),
  /** item code → answer in the shape the item's rule expects (null is an answer for measured items: 未留存) */
  answers: z.record(ZItemCode, z.unknown()).optional(),
  /** item codes whose answers are withdrawn */
  clear: z.array(ZItemCode).max(500).optional(),
  /** item code → the inspector's note (null removes it) */
  notes: z.record(ZItemCode, longText(2000).nullable()).optional(),
  /** item code → the evidence seen for it (replaces the list; null removes it) */
  evidence: evidenceUpdate(ZItemCode).optional(),
  conclusion: longText(4000).nullable().optional(),
})
export type TUpdateInspectionRequest = z.infer<typeof ZUpdateInspectionRequest>

export const ZSignOffRequest = z.strictObject({ version: z.number().int().min(1) })

export const ZUploadEvidenceRequest = z.strictObject({
  itemCode: ZItemCode,
  label: text(200),
  fileName: text(200),
  /** the file, base64-encoded (≤ 20 MB; images, PDF, text, ZIP) */
  content: z.base64({ error: '须为 base64 编码的文件 (the file, base64-encoded)' }),
  version: z.number().int().min(1),
})
export type TUploadEvidenceRequest = z.infer<typeof ZUploadEvidenceRequest>
