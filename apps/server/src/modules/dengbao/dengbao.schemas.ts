import { harmDegrees, harmedObjects } from '@wangan/rules/grading'
import { validateEmail, validateMobile } from '@wangan/rules/registry'
import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'
import { GRADING_STATUSES, SYSTEM_STAGES } from './dengbao.workflow'

export const SYSTEM_TYPES = ['traditional', 'cloud', 'iot', 'ics', 'mobile', 'big_data', 'other'] as const
export const ZSystemType = z.enum(SYSTEM_TYPES)
export type TSystemType = (typeof SYSTEM_TYPES)[number]

export const SYSTEM_TYPE_LABELS: Record<TSystemType, string> = {
  traditional: '传统信息系统',
  cloud: '云计算平台/系统',
  iot: '物联网系统',
  ics: '工业控制系统',
  mobile: '移动互联应用',
  big_data: '大数据平台/系统',
  other: '其他',
}

export const CONCLUSIONS = ['compliant', 'basically_compliant', 'non_compliant'] as const
export const CONCLUSION_LABELS: Record<(typeof CONCLUSIONS)[number], string> = {
  compliant: '符合',
  basically_compliant: '基本符合',
  non_compliant: '不符合',
}
export const SEVERITIES = ['high', 'medium', 'low'] as const
export const SEVERITY_LABELS: Record<(typeof SEVERITIES)[number], string> = {
  high: '高风险',
  medium: '中风险',
  low: '低风险',
}
export const OPINIONS = ['agree', 'agree_with_changes', 'disagree'] as const
export const OPINION_LABELS: Record<(typeof OPINIONS)[number], string> = {
  agree: '同意',
  agree_with_changes: '修改后同意',
  disagree: '不同意',
}

const ZDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)' })
const ZLevel = z.number().int().min(1).max(5)
export const ZHarmedObject = z.enum(harmedObjects)
export const ZHarmDegree = z.enum(harmDegrees)

const ZMobile = z
  .string()
  .transform((value, ctx) => {
    const result = validateMobile(value)
    if (result.ok) return result.normalised
    ctx.addIssue({ code: 'custom', message: `${result.reason.zh} (${result.reason.en})` })
    return z.NEVER
  })
  .nullable()
const ZEmail = z
  .string()
  .transform((value, ctx) => {
    const result = validateEmail(value)
    if (result.ok) return result.normalised
    ctx.addIssue({ code: 'custom', message: `${result.reason.zh} (${result.reason.en})` })
    return z.NEVER
  })
  .nullable()

export const ZSystemContactInput = z.strictObject({
  name: text(64),
  mobile: ZMobile.default(null),
  email: ZEmail.default(null),
  duty: text(64).nullable().default(null),
})
export const ZSystemContact = z.object({
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  duty: z.string().nullable(),
})

// ---- systems ----

export const ZCreateSystemRequest = z.strictObject({
  organisationId: ZId,
  name: text(128),
  type: ZSystemType,
  description: longText(4000).nullable().default(null),
  isCriticalInfrastructure: z.boolean().default(false),
  contacts: z.array(ZSystemContactInput).max(10).default([]),
})
export type TCreateSystemRequest = z.infer<typeof ZCreateSystemRequest>

export const ZUpdateSystemRequest = z.strictObject({
  version: z.number().int().min(1),
  name: text(128).optional(),
  type: ZSystemType.optional(),
  description: longText(4000).nullable().optional(),
  isCriticalInfrastructure: z.boolean().optional(),
  contacts: z.array(ZSystemContactInput).max(10).optional(),
})
export type TUpdateSystemRequest = z.infer<typeof ZUpdateSystemRequest>

export const ZListSystemsQuery = z.strictObject({
  ...ZPageQuery,
  q: z.string().trim().max(64).optional(),
  organisationId: ZId.optional(),
  regionId: ZId.optional(),
  stage: z.enum(SYSTEM_STAGES).optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  type: ZSystemType.optional(),
  isCriticalInfrastructure: z.enum(['true', 'false']).optional(),
})
export type TListSystemsQuery = z.infer<typeof ZListSystemsQuery>

export const ZSystem = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  name: z.string(),
  type: ZSystemType,
  description: z.string().nullable(),
  isCriticalInfrastructure: z.boolean(),
  contacts: z.array(ZSystemContact),
  stage: z.enum(SYSTEM_STAGES),
  proposedLevel: z.number().int().nullable(),
  filedLevel: z.number().int().nullable(),
  filingNumber: z.string().nullable(),
  filedOn: z.string().nullable(),
  lastAssessedOn: z.string().nullable(),
  openRectificationCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type TSystem = z.infer<typeof ZSystem>

// ---- grading ----

const ZHarmInput = z.strictObject({
  object: ZHarmedObject,
  degree: ZHarmDegree,
  /** why this object and degree: the grading report's reasoning (定级理由) */
  reasoning: longText(4000, 1),
})

export const ZSubmitGradingRequest = z.strictObject({
  business: ZHarmInput,
  service: ZHarmInput,
  /** 回头看: what changed in the system (required once it has a filing) */
  changeReason: longText(2000, 1).nullable().default(null),
})
export type TSubmitGradingRequest = z.infer<typeof ZSubmitGradingRequest>

const ZHarmSide = z.object({
  object: ZHarmedObject,
  degree: ZHarmDegree,
  level: z.number().int(),
  reasoning: z.string(),
})

export const ZReview = z.object({
  id: z.uuid(),
  /** the expert's name; hidden (null) from the organisation's own people */
  expertName: z.string().nullable(),
  opinion: z.enum(OPINIONS).nullable(),
  suggestedLevel: z.number().int().nullable(),
  comments: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** 回避: the expert declined, with the reason (shown to the authorities only) */
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
})

export const ZExpertDraw = z.object({
  id: z.uuid(),
  drawnAt: z.string(),
  drawnByName: z.string().nullable(),
  seed: z.string(),
  requested: z.number().int(),
  poolSize: z.number().int(),
})

export const ZGrading = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  round: z.number().int(),
  status: z.enum(GRADING_STATUSES),
  source: z.enum(['wizard', 'import']),
  business: ZHarmSide,
  service: ZHarmSide,
  level: z.number().int(),
  changeReason: z.string().nullable(),
  submittedAt: z.string(),
  submittedByName: z.string().nullable(),
  approval: z
    .object({
      byName: z.string().nullable(),
      at: z.string(),
      opinion: z.string().nullable(),
      organisationName: z.string().nullable(),
    })
    .nullable(),
  filing: z
    .object({
      filingNumber: z.string(),
      filedOn: z.string(),
      byName: z.string().nullable(),
      at: z.string().nullable(),
    })
    .nullable(),
  returned: z.object({ byName: z.string().nullable(), at: z.string(), reason: z.string() }).nullable(),
  draws: z.array(ZExpertDraw),
  reviews: z.array(ZReview),
  version: z.number().int(),
})
export type TGrading = z.infer<typeof ZGrading>

export const ZDrawExpertsRequest = z.strictObject({ count: z.number().int().min(1).max(9).default(3) })
export const ZDrawReplacementRequest = z.strictObject({ count: z.number().int().min(1).max(9).default(1) })
export const ZExpertPool = z.object({
  eligible: z.number().int(),
  excludedSameOrganisation: z.number().int(),
})

export const ZExpert = z.object({
  id: z.uuid(),
  displayName: z.string(),
  isDisabled: z.boolean(),
  regionId: z.uuid(),
  regionName: z.string(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  specialty: z.string().nullable(),
  pendingReviews: z.number().int(),
  answeredReviews: z.number().int(),
  /** 0 until the expert's pool entry is first saved */
  version: z.number().int(),
})
export type TExpert = z.infer<typeof ZExpert>

export const ZUpdateExpertRequest = z.strictObject({
  version: z.number().int().min(0),
  organisationId: ZId.nullable(),
  specialty: text(128).nullable().default(null),
})
export type TUpdateExpertRequest = z.infer<typeof ZUpdateExpertRequest>

export const ZApproveGradingRequest = z.strictObject({ opinion: longText(2000, 1) })
export const ZReturnGradingRequest = z.strictObject({ reason: longText(2000, 1) })
export const ZFileGradingRequest = z.strictObject({
  filingNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{4,64}$/, { error: '备案编号只含数字、字母和连字符 (digits, letters and hyphens)' }),
  filedOn: ZDate,
})

export const ZExpertOpinionRequest = z
  .strictObject({
    opinion: z.enum(OPINIONS),
    suggestedLevel: ZLevel.nullable().default(null),
    comments: longText(4000, 1),
  })
  .refine((r) => r.opinion !== 'agree_with_changes' || r.suggestedLevel !== null, {
    path: ['suggestedLevel'],
    error: '“修改后同意”须给出建议等级 (a changed opinion needs the suggested level)',
  })

export const ZReviewAssignment = z.object({
  id: z.uuid(),
  opinion: z.enum(OPINIONS).nullable(),
  suggestedLevel: z.number().int().nullable(),
  comments: z.string().nullable(),
  answeredAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  assignedAt: z.string(),
  grading: z.object({
    id: z.uuid(),
    round: z.number().int(),
    status: z.enum(GRADING_STATUSES),
    business: ZHarmSide,
    service: ZHarmSide,
    level: z.number().int(),
    changeReason: z.string().nullable(),
    submittedAt: z.string(),
  }),
  system: z.object({
    id: z.uuid(),
    name: z.string(),
    type: ZSystemType,
    description: z.string().nullable(),
    isCriticalInfrastructure: z.boolean(),
    organisationName: z.string(),
  }),
  version: z.number().int(),
})
export type TReviewAssignment = z.infer<typeof ZReviewAssignment>

export const ZListReviewsQuery = z.strictObject({
  ...ZPageQuery,
  state: z.enum(['pending', 'answered', 'declined']).optional(),
})

/** 回避: why the expert cannot review this grading (a conflict of interest, unavailable …) */
export const ZDeclineReviewRequest = z.strictObject({ reason: longText(1000, 1) })

// ---- assessments and rectification ----

const ZIssueInput = z.strictObject({
  title: text(200),
  description: longText(4000).nullable().default(null),
  severity: z.enum(SEVERITIES),
  owner: text(64),
  /** default: the region's rectification deadline of the assessment's year */
  deadline: ZDate.nullable().default(null),
})

export const ZCreateAssessmentRequest = z.strictObject({
  assessedOn: ZDate,
  institution: text(128),
  conclusion: z.enum(CONCLUSIONS),
  score: z.number().min(0).max(100).nullable().default(null),
  reportNumber: text(64).nullable().default(null),
  notes: longText(4000).nullable().default(null),
  issues: z.array(ZIssueInput).max(500).default([]),
})
export type TCreateAssessmentRequest = z.infer<typeof ZCreateAssessmentRequest>

export const ZAddRectificationItemsRequest = z.strictObject({ issues: z.array(ZIssueInput).min(1).max(500) })

export const ZUpdateRectificationItemRequest = z
  .strictObject({
    version: z.number().int().min(1),
    note: longText(4000, 1).optional(),
    owner: text(64).optional(),
    deadline: ZDate.optional(),
    status: z.enum(['open', 'closed']).optional(),
  })
  .refine((r) => r.status === undefined || r.note !== undefined, {
    path: ['note'],
    error: '关闭或重新打开整改项须说明情况 (closing or reopening needs a note)',
  })
export type TUpdateRectificationItemRequest = z.infer<typeof ZUpdateRectificationItemRequest>

export const ZRectificationItem = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  systemId: z.uuid(),
  systemName: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  owner: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  isOverdue: z.boolean(),
  closedAt: z.string().nullable(),
  updates: z.array(
    z.object({
      at: z.string(),
      byName: z.string().nullable(),
      note: z.string(),
      statusAfter: z.enum(['open', 'closed']).nullable(),
    }),
  ),
  version: z.number().int(),
})
export type TRectificationItem = z.infer<typeof ZRectificationItem>

export const ZListRectificationQuery = z.strictObject({
  ...ZPageQuery,
  status: z.enum(['open', 'closed']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  organisationId: ZId.optional(),
  systemId: ZId.optional(),
})

export const ZAssessment = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  assessedOn: z.string(),
  institution: z.string(),
  conclusion: z.enum(CONCLUSIONS),
  score: z.number().nullable(),
  level: z.number().int(),
  reportNumber: z.string().nullable(),
  /** 测评报告: the institution's report, downloaded from `/assessments/:id/report` */
  reportFile: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  items: z.array(ZRectificationItem),
})
export type TAssessment = z.infer<typeof ZAssessment>

// ---- deadlines, due, overdue, dashboard ----

export const ZDueItem = z.object({
  kind: z.enum(['grading_filing', 'assessment', 'rectification']),
  systemId: z.uuid(),
  systemName: z.string(),
  organisationId: z.uuid(),
  itemId: z.uuid().nullable(),
  title: z.string(),
  dueOn: z.string(),
  isOverdue: z.boolean(),
  daysLeft: z.number().int(),
})

export const ZLinkedAsset = z.object({
  id: z.uuid(),
  type: z.string(),
  identifier: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  version: z.number().int(),
})

export const ZLinkAssetsRequest = z.strictObject({ assetIds: z.array(ZId).max(500) })

export const ZSystemDetail = ZSystem.extend({
  organisationRegionId: z.uuid(),
  /** internet assets linked to the system (kept on the asset by the registry) */
  assets: z.array(ZLinkedAsset),
  gradings: z.array(ZGrading),
  assessments: z.array(ZAssessment),
  due: z.array(ZDueItem),
  /** what the caller may do now, for the pages */
  can: z.object({
    edit: z.boolean(),
    submitGrading: z.boolean(),
    drawExperts: z.boolean(),
    /** replacements for declined experts: how many may be drawn now (0 when none) */
    drawReplacements: z.number().int(),
    approve: z.boolean(),
    file: z.boolean(),
    return: z.boolean(),
    recordAssessment: z.boolean(),
  }),
})
export type TSystemDetail = z.infer<typeof ZSystemDetail>

export const ZEffectiveDeadlines = z.object({
  year: z.number().int(),
  regionId: z.uuid().nullable(),
  gradingAndFiling: z.string(),
  assessment: z.string(),
  rectification: z.string(),
  level2IntervalMonths: z.number().int().nullable(),
})

export const ZDeadlinesQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(9999).optional(),
  regionId: ZId.optional(),
})

export const ZPutDeadlinesRequest = z
  .strictObject({
    regionId: ZId,
    year: z.number().int().min(2000).max(9999),
    gradingAndFiling: ZDate,
    assessment: ZDate,
    rectification: ZDate,
    level2IntervalMonths: z.number().int().min(1).max(120).nullable().default(null),
  })
  .superRefine((r, ctx) => {
    for (const key of ['gradingAndFiling', 'assessment', 'rectification'] as const)
      if (!r[key].startsWith(`${r.year}-`))
        ctx.addIssue({ code: 'custom', path: [key], message: `须在 ${r.year} 年内 (must fall in ${r.year})` })
  })
export type TPutDeadlinesRequest = z.infer<typeof ZPutDeadlinesRequest>

export const ZDueQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(9999).optional(),
  withinDays: z.coerce.number().int().min(0).max(3660).optional(),
  organisationId: ZId.optional(),
  regionId: ZId.optional(),
  overdueOnly: z.enum(['true', 'false']).optional(),
})
export type TDueQuery = z.infer<typeof ZDueQuery>

export const ZDueList = z.object({
  year: z.number().int(),
  today: z.string(),
  items: z.array(ZDueItem.extend({ organisationName: z.string() })),
})

export const ZOverdueByOrganisation = z.object({
  year: z.number().int(),
  today: z.string(),
  organisations: z.array(
    z.object({
      organisationId: z.uuid(),
      organisationName: z.string(),
      gradingFiling: z.number().int(),
      assessment: z.number().int(),
      rectification: z.number().int(),
      total: z.number().int(),
      items: z.array(ZDueItem),
    }),
  ),
})

export const ZDashboardQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(9999).optional(),
  regionId: ZId.optional(),
})

const ZCountByKey = z.record(z.string(), z.number().int())

export const ZDashboard = z.object({
  year: z.number().int(),
  today: z.string(),
  regionId: z.uuid().nullable(),
  deadlines: ZEffectiveDeadlines,
  systems: z.number().int(),
  criticalInfrastructure: z.number().int(),
  /** level → count (filed level, else the proposed one); `ungraded` for systems without a grading */
  byLevel: ZCountByKey,
  byStage: ZCountByKey,
  byType: ZCountByKey,
  filing: z.object({ filed: z.number().int(), notFiled: z.number().int(), overdue: z.number().int() }),
  assessment: z.object({
    required: z.number().int(),
    done: z.number().int(),
    pending: z.number().int(),
    overdue: z.number().int(),
  }),
  rectification: z.object({ open: z.number().int(), closed: z.number().int(), overdue: z.number().int() }),
  organisationsWithOverdue: z.number().int(),
})
export type TDashboard = z.infer<typeof ZDashboard>

export const ZGuidance = z.object({
  objects: z.array(
    z.object({
      id: ZHarmedObject,
      term: z.string(),
      zh: z.string(),
      en: z.string(),
      examples: z.array(z.object({ zh: z.string(), en: z.string() })),
    }),
  ),
  degrees: z.array(
    z.object({
      id: ZHarmDegree,
      term: z.string(),
      zh: z.string(),
      en: z.string(),
      examples: z.array(z.object({ zh: z.string(), en: z.string() })),
    }),
  ),
  levels: z.array(z.object({ level: z.number().int(), zh: z.string(), en: z.string() })),
  aspects: z.array(
    z.object({ id: z.enum(['business', 'service']), term: z.string(), zh: z.string(), en: z.string() }),
  ),
  matrix: z.record(ZHarmedObject, z.record(ZHarmDegree, z.number().int())),
  notice: z.string(),
})

export const ZImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  filed: z.number().int(),
})
