import { z } from 'zod'
import { longText, ZId, ZIsoDateTime } from '../../http/schemas'
import { ZOrganisationCategory } from '../organisations/organisations.schemas'

export const ZCampaignParams = z.strictObject({ id: ZId })
export const ZCampaignOrganisationParams = z.strictObject({ id: ZId, organisationId: ZId })
export const ZCampaignTeamParams = z.strictObject({ id: ZId, teamId: ZId })
export const ZCampaignViolationParams = z.strictObject({ id: ZId, violationId: ZId })

const ZParamValue = z.union([z.number(), z.string()])

export const ZRuleSetSummary = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  params: z.record(z.string(), ZParamValue),
})

export const ZScoreItemDefinition = z.object({
  key: z.string(),
  title: z.string(),
  kind: z.string(),
  /** null: deducted from the total (整改情况, 测试行为合规). */
  max: z.number().nullable(),
  /** The standard's wording. */
  rule: z.string(),
})

export const ZUnitItemScore = z.object({
  key: z.string(),
  title: z.string(),
  kind: z.string(),
  points: z.number(),
  max: z.number().nullable(),
  count: z.number(),
  deducted: z.number(),
  floored: z.boolean(),
  vulnerability: z
    .object({
      vulnerabilityPoints: z.number(),
      assets: z.number(),
      assetsCounted: z.number(),
      ratio: z.number(),
      base: z.number().nullable(),
      rank: z.number().nullable(),
      organisations: z.number(),
      scale: z.enum(['ratioToMax', 'rank']),
      formula: z.string(),
    })
    .optional(),
  present: z.boolean().optional(),
})
export type TUnitItemScore = z.infer<typeof ZUnitItemScore>

export const ZOrganisationScore = z.object({
  organisationId: z.uuid(),
  name: z.string(),
  category: ZOrganisationCategory,
  categoryLabel: z.string(),
  isIndustryRegulator: z.boolean(),
  rank: z.number().int(),
  /** Rank among the targets of the same category (seed 001 附件1's five groups). */
  categoryRank: z.number().int(),
  categorySize: z.number().int(),
  total: z.number(),
  items: z.record(z.string(), z.number()),
  assets: z.number().int(),
  /** Counted findings behind the scores (verified and later, not withdrawn). */
  countedFindings: z.number().int(),
})
export type TOrganisationScore = z.infer<typeof ZOrganisationScore>

export const ZCategorySummary = z.object({
  category: ZOrganisationCategory,
  label: z.string(),
  organisations: z.number().int(),
  mean: z.number(),
  best: z.number(),
  worst: z.number(),
})

export const ZCampaignScores = z.object({
  campaignId: z.uuid(),
  campaignName: z.string(),
  computedAt: z.string(),
  standard: ZRuleSetSummary,
  items: z.array(ZScoreItemDefinition),
  organisations: z.array(ZOrganisationScore),
  categories: z.array(ZCategorySummary),
  warnings: z.array(z.string()),
})
export type TCampaignScores = z.infer<typeof ZCampaignScores>

export const ZScoreDeduction = z.object({
  item: z.string(),
  itemTitle: z.string(),
  findingId: z.uuid().nullable(),
  findingTitle: z.string().nullable(),
  kind: z.string().nullable(),
  severity: z.string().nullable(),
  status: z.string().nullable(),
  points: z.number(),
  rule: z.string(),
})
export type TScoreDeduction = z.infer<typeof ZScoreDeduction>

export const ZOrganisationScoreDetail = z.object({
  campaignId: z.uuid(),
  campaignName: z.string(),
  computedAt: z.string(),
  standard: ZRuleSetSummary,
  organisation: ZOrganisationScore.extend({ organisations: z.number().int() }),
  items: z.array(ZUnitItemScore.extend({ rule: z.string() })),
  /** 扣分明细: every fixed-point deduction with the finding behind it. */
  deductions: z.array(ZScoreDeduction),
  /** The findings behind 漏洞积分 (no deduction of their own: the item compares ratios). */
  vulnerabilityFindings: z.array(
    z.object({
      item: z.string(),
      findingId: z.uuid(),
      title: z.string(),
      severity: z.string().nullable(),
      status: z.string(),
      points: z.number(),
    }),
  ),
  /** 整改情况: every notified finding with its fix delay and bracket. */
  rectification: z.array(
    z.object({
      item: z.string(),
      findingId: z.uuid(),
      title: z.string(),
      notifiedAt: z.string(),
      fixedAt: z.string().nullable(),
      delayHours: z.number().nullable(),
      bracket: z.string(),
      deduct: z.number(),
    }),
  ),
})
export type TOrganisationScoreDetail = z.infer<typeof ZOrganisationScoreDetail>

export const ZMetricSource = z.enum(['gateway', 'manual', 'none'])

export const ZTeamMetricFigure = z.object({
  value: z.number().int(),
  source: ZMetricSource,
  gateway: z.number().int().nullable(),
  manual: z.number().int().nullable(),
})

export const ZTeamScore = z.object({
  teamId: z.uuid(),
  name: z.string(),
  companyId: z.uuid(),
  companyName: z.string(),
  rank: z.number().int(),
  total: z.number(),
  items: z.record(z.string(), z.number()),
  detail: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      kind: z.string(),
      points: z.number(),
      max: z.number().nullable(),
      value: z.number().nullable(),
      best: z.number().nullable(),
      formula: z.string(),
    }),
  ),
  figures: z.object({
    activeSlots: ZTeamMetricFigure,
    assetsTested: ZTeamMetricFigure,
    manualRequests: ZTeamMetricFigure,
    violations: z.object({ gateway: z.number().int(), manual: z.number().int(), value: z.number().int() }),
    evaluations: z.array(z.number()),
    clientsServed: z.number().int(),
    clientsWithNewVulns: z.number().int(),
    countedFindings: z.number().int(),
    cvssSum: z.number(),
    findingsWithoutCvss: z.number().int(),
  }),
})
export type TTeamScore = z.infer<typeof ZTeamScore>

export const ZCampaignTeamScores = z.object({
  campaignId: z.uuid(),
  campaignName: z.string(),
  computedAt: z.string(),
  standard: ZRuleSetSummary,
  items: z.array(ZScoreItemDefinition),
  /** Is the testing gateway's record available for this campaign (any activity recorded)? */
  gatewayRecorded: z.boolean(),
  teams: z.array(ZTeamScore),
  warnings: z.array(z.string()),
})
export type TCampaignTeamScores = z.infer<typeof ZCampaignTeamScores>

export const ZWhatIfRequest = z.strictObject({
  subject: z.enum(['organisations', 'teams']).default('organisations'),
  /** Another built-in standard (default: the campaign's). */
  standardId: z.string().max(64).optional(),
  /** Parameter overrides over the standard's defaults (the campaign's own overrides are not applied). */
  params: z
    .record(z.string().max(64), z.union([z.number(), z.string().max(64)]))
    .refine((v) => Object.keys(v).length <= 32, { error: '参数过多 (too many parameters)' })
    .optional(),
  /** A whole rule set as data (ZRuleSet of @wangan/rules/scoring), e.g. next year's draft standard. */
  ruleSet: z.record(z.string(), z.unknown()).optional(),
})
export type TWhatIfRequest = z.infer<typeof ZWhatIfRequest>

export const ZWhatIfRow = z.object({
  id: z.uuid(),
  name: z.string(),
  category: ZOrganisationCategory.nullable(),
  before: z.object({ rank: z.number().int(), total: z.number(), items: z.record(z.string(), z.number()) }),
  after: z.object({ rank: z.number().int(), total: z.number(), items: z.record(z.string(), z.number()) }),
  totalChange: z.number(),
  rankChange: z.number().int(),
})

export const ZWhatIfResponse = z.object({
  subject: z.enum(['organisations', 'teams']),
  current: ZRuleSetSummary,
  whatIf: ZRuleSetSummary,
  currentItems: z.array(ZScoreItemDefinition),
  whatIfItems: z.array(ZScoreItemDefinition),
  rows: z.array(ZWhatIfRow),
  /** Nothing was saved. */
  saved: z.literal(false),
})
export type TWhatIfResponse = z.infer<typeof ZWhatIfResponse>

export const ZSnapshotQuery = z.strictObject({
  subject: z.enum(['organisations', 'teams']).default('organisations'),
})

export const ZTeamMetricsEntry = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  companyName: z.string(),
  gateway: z
    .object({
      activeSlots: z.number().int(),
      assetsTested: z.number().int(),
      manualRequests: z.number().int(),
      confirmedViolations: z.number().int(),
    })
    .nullable(),
  manual: z
    .object({
      activeSlots: z.number().int().nullable(),
      assetsTested: z.number().int().nullable(),
      manualRequests: z.number().int().nullable(),
      note: z.string().nullable(),
      enteredByName: z.string().nullable(),
      updatedAt: z.string(),
      version: z.number().int(),
    })
    .nullable(),
  violations: z.array(
    z.object({
      id: z.uuid(),
      occurredAt: z.string(),
      description: z.string(),
      recordedByName: z.string().nullable(),
      cancelledAt: z.string().nullable(),
      cancelReason: z.string().nullable(),
      version: z.number().int(),
    }),
  ),
})
export type TTeamMetricsEntry = z.infer<typeof ZTeamMetricsEntry>

const ZFigure = z.number().int().min(0).max(100_000_000).nullable()

export const ZUpdateTeamMetricsRequest = z.strictObject({
  activeSlots: ZFigure.optional(),
  assetsTested: ZFigure.optional(),
  manualRequests: ZFigure.optional(),
  note: longText(2000).nullable().optional(),
  /** The version read; omit when entering figures for the first time. */
  version: z.number().int().optional(),
})
export type TUpdateTeamMetricsRequest = z.infer<typeof ZUpdateTeamMetricsRequest>

export const ZRecordViolationRequest = z.strictObject({
  teamId: ZId,
  occurredAt: ZIsoDateTime,
  description: longText(2000, 1),
})
export type TRecordViolationRequest = z.infer<typeof ZRecordViolationRequest>

export const ZCancelViolationRequest = z.strictObject({ reason: longText(500, 1), version: z.number().int() })
