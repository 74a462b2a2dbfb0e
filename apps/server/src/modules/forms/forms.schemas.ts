// The three forms of seed 000 as typed content: 自查情况报告 (附件4), 网络安全技术支撑机构（单位）服务评价表 (附件5),
// 工作总结 (附件6). A draft may be partial; a submission must be complete (the same schemas with every field
// required). Every text is hostile until shown: stored as given, rendered as text.
import { z } from 'zod'
import { longText, text, ZId, ZIsoDateTime } from '../../http/schemas'

export const FORM_KINDS = ['self_inspection', 'service_evaluation', 'work_summary'] as const
export const ZFormKind = z.enum(FORM_KINDS)
export type FormKind = z.infer<typeof ZFormKind>
export const ZFormStatus = z.enum(['draft', 'submitted', 'returned'])

export const FORM_TITLES: Record<FormKind, { zh: string; en: string; annex: string }> = {
  self_inspection: { zh: '自查情况报告', en: 'Self-inspection report', annex: '附件4' },
  service_evaluation: {
    zh: '网络安全技术支撑机构（单位）服务评价表',
    en: 'Service evaluation of a testing company',
    annex: '附件5',
  },
  work_summary: { zh: '工作总结', en: 'Work summary', annex: '附件6' },
}

const ZDate = z.iso.date({ error: '日期格式为 YYYY-MM-DD (a date, YYYY-MM-DD)' })
const count = z.number().int().min(0).max(10_000_000)

/** Fields required on submission, optional in a draft. */
function fields<T extends Record<string, z.ZodType>>(shape: T, complete: boolean) {
  if (complete) return z.strictObject(shape)
  const optional = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, value.optional()]))
  return z.strictObject(optional as { [K in keyof T]: z.ZodOptional<T[K]> })
}

function selfInspection(complete: boolean) {
  return fields(
    {
      /** 一、工作组织: units and assets checked, service companies, time, methods. */
      organisation: fields(
        {
          checkedUnits: count,
          checkedAssets: count,
          /** 技术服务单位 not on the roster (the roster's companies are `serviceCompanyIds`). */
          otherServiceProviders: longText(1000),
          periodFrom: ZDate,
          periodTo: ZDate,
          methods: longText(5000, complete ? 1 : 0),
        },
        complete,
      ),
      /** 二、主要问题: management and technical problems. */
      problems: fields(
        {
          management: longText(10_000, complete ? 1 : 0),
          technical: longText(10_000, complete ? 1 : 0),
          vulnerabilities: count,
          intrusions: count,
          dataLeaks: count,
          damaged: count,
        },
        complete,
      ),
      /** 三、整改情况: rate, progress and the expected completion. */
      rectification: fields(
        {
          rate: z.number().min(0).max(100),
          progress: longText(10_000, complete ? 1 : 0),
          expectedCompletion: ZDate.nullable(),
        },
        complete,
      ),
      /** 四、工作经验. */
      experience: longText(10_000, complete ? 1 : 0),
    },
    complete,
  )
}

function serviceEvaluation(complete: boolean) {
  return fields(
    {
      evaluator: fields(
        {
          unitName: text(200),
          address: text(300),
          contactName: text(50),
          mobile: z
            .string()
            .regex(/^1[3-9]\d{9}$/, { error: '手机号码须为 11 位 (an 11-digit mobile number)' }),
        },
        complete,
      ),
      /** 技术能力. */
      technical: fields(
        {
          /** 发现有效漏洞数量. */
          validVulnerabilities: count,
          /** 发现有效漏洞质量: GB/T 30279-2020 分级统计. */
          bySeverity: fields({ critical: count, high: count, medium: count, low: count }, complete),
          /** 漏洞整改建议有效性. */
          adviceEffectiveness: longText(5000, complete ? 1 : 0),
        },
        complete,
      ),
      /** 响应能力. */
      response: fields(
        {
          /** 自邀请开展检查到检查结束提交报告的时间. */
          responseTime: text(500),
          effectiveWorkingTime: text(500),
          effectiveTestRange: text(500),
          manualEffort: text(500),
        },
        complete,
      ),
      /** 合规能力. */
      compliance: fields(
        {
          violations: longText(5000, complete ? 1 : 0),
          disruption: longText(5000, complete ? 1 : 0),
        },
        complete,
      ),
      /** 总体评价 0–100: 优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 60, 较差 < 60. */
      overallScore: z.number().int().min(0).max(100),
      remarks: longText(5000),
    },
    complete,
  )
}

function workSummary(complete: boolean) {
  const section = longText(20_000, complete ? 1 : 0)
  return fields(
    {
      deployment: section, // 一、工作部署
      organisation: section, // 二、工作组织
      work: section, // 三、专项保障工作情况
      experience: section, // 四、工作经验
      nextSteps: section, // 五、下一步工作计划
      suggestions: section, // 六、意见建议
    },
    complete,
  )
}

export const CONTENT_SCHEMAS = {
  self_inspection: { draft: selfInspection(false), complete: selfInspection(true) },
  service_evaluation: { draft: serviceEvaluation(false), complete: serviceEvaluation(true) },
  work_summary: { draft: workSummary(false), complete: workSummary(true) },
} as const

export type TSelfInspectionContent = z.infer<(typeof CONTENT_SCHEMAS)['self_inspection']['draft']>
export type TServiceEvaluationContent = z.infer<(typeof CONTENT_SCHEMAS)['service_evaluation']['draft']>
export type TWorkSummaryContent = z.infer<(typeof CONTENT_SCHEMAS)['work_summary']['draft']>

const ZContent = z.record(z.string(), z.unknown())

export const ZCreateFormRequest = z.strictObject({
  kind: ZFormKind,
  /** Default: the caller's own organisation. */
  organisationId: ZId.optional(),
  /** Service evaluation: the company evaluated. */
  companyId: ZId.optional(),
  /** Self-inspection: the roster companies that served. */
  serviceCompanyIds: z.array(ZId).max(50).optional(),
  content: ZContent.optional(),
})
export type TCreateFormRequest = z.infer<typeof ZCreateFormRequest>

export const ZUpdateFormRequest = z.strictObject({
  version: z.number().int(),
  companyId: ZId.optional(),
  serviceCompanyIds: z.array(ZId).max(50).optional(),
  content: ZContent,
})
export type TUpdateFormRequest = z.infer<typeof ZUpdateFormRequest>

export const ZVersionRequest = z.strictObject({ version: z.number().int() })
export const ZReturnFormRequest = z.strictObject({ version: z.number().int(), reason: longText(2000, 1) })

export const ZFormAttachment = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  originalName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
})

export const ZServiceEvaluationGrade = z.enum(['优秀', '良好', '一般', '较差'])

export const ZFormSummary = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  kind: ZFormKind,
  organisationId: z.uuid(),
  organisationName: z.string(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  status: ZFormStatus,
  overallScore: z.number().int().nullable(),
  grade: ZServiceEvaluationGrade.nullable(),
  submittedAt: z.string().nullable(),
  submittedByName: z.string().nullable(),
  /** Submitted after the deadline. */
  isLate: z.boolean(),
  attachmentCount: z.number().int(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export type TFormSummary = z.infer<typeof ZFormSummary>

export const ZForm = ZFormSummary.extend({
  campaignName: z.string(),
  serviceCompanyIds: z.array(z.uuid()),
  serviceCompanyNames: z.array(z.string()),
  content: ZContent,
  returnReason: z.string().nullable(),
  attachments: z.array(ZFormAttachment),
  /** Fields still missing for a submission (path → message), so the form can show them before submitting. */
  missing: z.array(z.object({ path: z.string(), message: z.string() })),
  canEdit: z.boolean(),
  canReturn: z.boolean(),
  dueAt: z.string().nullable(),
})
export type TForm = z.infer<typeof ZForm>

export const ZFormDeadline = z.object({
  kind: ZFormKind,
  dueAt: z.string(),
  remindDaysBefore: z.number().int(),
  /** Not set by the regulator: taken from the campaign's phases. */
  isDefault: z.boolean(),
  version: z.number().int(),
})
export type TFormDeadline = z.infer<typeof ZFormDeadline>

export const ZFormBoardRow = z.object({
  kind: ZFormKind,
  expected: z.number().int(),
  submitted: z.number().int(),
  late: z.number().int(),
  /** Organisations that owe the form (for service evaluations: an organisation and a company it named). */
  missing: z.array(
    z.object({
      organisationId: z.uuid(),
      organisationName: z.string(),
      companyId: z.uuid().nullable(),
      companyName: z.string().nullable(),
      reminded: z.boolean(),
    }),
  ),
})

export const ZCampaignForms = z.object({
  campaignId: z.uuid(),
  campaignName: z.string(),
  deadlines: z.array(ZFormDeadline),
  forms: z.array(ZFormSummary),
  board: z.array(ZFormBoardRow),
  /** Roster companies of the campaign's region (to name in a self-inspection or evaluate). */
  companies: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /** The caller's organisations that may file (liaisons; empty for the regulator's side). */
  myOrganisations: z.array(z.object({ id: z.uuid(), name: z.string() })),
  canManage: z.boolean(),
})
export type TCampaignForms = z.infer<typeof ZCampaignForms>

export const ZListFormsQuery = z.strictObject({ kind: ZFormKind.optional() })
export const ZExportQuery = z.strictObject({ kind: ZFormKind })

export const ZSetDeadlineRequest = z.strictObject({
  dueAt: ZIsoDateTime,
  remindDaysBefore: z.number().int().min(0).max(60).default(3),
  /** The version read; omit when the deadline is still the default. */
  version: z.number().int().optional(),
})
export type TSetDeadlineRequest = z.infer<typeof ZSetDeadlineRequest>

export const ZCampaignKindParams = z.strictObject({ id: ZId, kind: ZFormKind })
export const ZFormAttachmentParams = z.strictObject({ id: ZId, attachmentId: ZId })
