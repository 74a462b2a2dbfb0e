import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'
import { DATA_LEAK_CATEGORY_IDS } from './data-leak-categories'
import { CVE_PATTERN } from './finding-identity'
import { FINDING_ACTIONS, FINDING_STATUSES } from './findings.workflow'

const FINDING_KINDS = [
  'vulnerability',
  'weak_password',
  'intrusion_trace',
  'data_leak',
  'unreported_asset',
] as const
const FINDING_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export const ZFindingKind = z.enum(FINDING_KINDS)
export const ZFindingSeverity = z.enum(FINDING_SEVERITIES)
export const ZFindingStatus = z.enum(FINDING_STATUSES)
export const ZFindingAction = z.enum(FINDING_ACTIONS)
export const ZAppeal = z.enum(['pending', 'upheld', 'granted'])
export const ZSourceLevel = z.enum(['city', 'province'])
export const ZDataLeakCategory = z.enum(DATA_LEAK_CATEGORY_IDS)

const ZCve = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CVE_PATTERN, { error: 'CVE 编号格式应为 CVE-YYYY-NNNN (expected CVE-YYYY-NNNN)' })

export const ZDataLeakDetails = z.strictObject({
  categories: z
    .array(ZDataLeakCategory)
    .min(1, { error: '至少选择一类 (choose at least one category)' })
    .max(14),
  recordCount: z.number().int().min(0).max(10_000_000_000),
  /** Default: sensitive when a category of seed 001's 敏感个人信息 list is chosen. */
  isSensitive: z.boolean().optional(),
})

export const ZSubmitFindingRequest = z.strictObject({
  kind: ZFindingKind,
  title: text(200),
  descriptionMd: longText(20_000),
  reproductionMd: longText(20_000).optional(),
  /** URL, host, host:port or IP as the tester reached it. */
  target: text(2048),
  /** The organisation, when the target matches no registered asset (and always for unreported_asset). */
  organisationId: ZId.optional(),
  /** CVSS v3.1 or v4.0 (v3.0 accepted); the severity follows its band. */
  cvssVector: z.string().trim().max(300).optional(),
  /** Only without a vector. */
  severity: ZFindingSeverity.optional(),
  cve: z.array(ZCve).max(20).optional(),
  cwe: z.number().int().min(1).max(100_000).nullable().optional(),
  /** 攻击队上传的 shell 脚本路径 the organisation must remove. */
  webshellPaths: z.array(text(1024)).max(50).optional(),
  dataLeak: ZDataLeakDetails.optional(),
  sourceLevel: ZSourceLevel.optional(),
  /** Idempotency: the same key from the same user returns the first finding (also the Idempotency-Key header). */
  clientRequestId: z.string().trim().min(8).max(100).optional(),
  /** Submitting a scan-report draft (reviewed and possibly edited in the form). */
  fromDraftId: ZId.optional(),
})
export type TSubmitFindingRequest = z.infer<typeof ZSubmitFindingRequest>

export const ZEvidence = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  originalName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
})

export const ZFindingEvent = z.object({
  id: z.uuid(),
  at: z.string(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  fromStatus: ZFindingStatus.nullable(),
  toStatus: ZFindingStatus.nullable(),
  note: z.record(z.string(), z.unknown()),
})

export const ZFindingSummary = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  target: z.string(),
  kind: ZFindingKind,
  title: z.string(),
  severity: ZFindingSeverity,
  cvssBase: z.number().nullable(),
  cvssVersion: z.string().nullable(),
  status: ZFindingStatus,
  appeal: ZAppeal.nullable(),
  duplicateOfId: z.uuid().nullable(),
  possibleDuplicateOfId: z.uuid().nullable(),
  submittedAt: z.string(),
  verifiedAt: z.string().nullable(),
  version: z.number().int(),
})
export type TFindingSummary = z.infer<typeof ZFindingSummary>

export const ZFindingDetail = ZFindingSummary.extend({
  assetId: z.uuid().nullable(),
  targetHost: z.string().nullable(),
  descriptionMd: z.string(),
  reproductionMd: z.string(),
  cvssVector: z.string().nullable(),
  severitySource: z.enum(['cvss', 'tester', 'reviewer']),
  severityReason: z.string().nullable(),
  cve: z.array(z.string()),
  cwe: z.number().int().nullable(),
  webshellPaths: z.array(z.string()),
  dataLeak: z
    .object({
      categories: z.array(z.string()),
      recordCount: z.number().int().nullable(),
      isSensitive: z.boolean().nullable(),
    })
    .nullable(),
  sourceLevel: ZSourceLevel,
  notifiedAt: z.string().nullable(),
  rectificationSubmittedAt: z.string().nullable(),
  fixedAt: z.string().nullable(),
  notFixedRetests: z.number().int(),
  withdrawnAt: z.string().nullable(),
  evidence: z.array(ZEvidence),
  timeline: z.array(ZFindingEvent),
  /** Workflow actions the caller may take now. */
  availableActions: z.array(ZFindingAction),
  canAddEvidence: z.boolean(),
  canComment: z.boolean(),
  canAdjustSeverity: z.boolean(),
})
export type TFindingDetail = z.infer<typeof ZFindingDetail>

export const ZSubmitFindingResponse = z.object({
  finding: ZFindingDetail,
  /** True when this request repeated an earlier one with the same idempotency key. */
  replayed: z.boolean(),
})

const ZCommaList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(300)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(10))

export const ZListFindingsQuery = z.strictObject({
  ...ZPageQuery,
  campaignId: ZId.optional(),
  /** Comma-separated: `submitted,verified`. */
  status: ZCommaList(FINDING_STATUSES).optional(),
  kind: ZCommaList(FINDING_KINDS).optional(),
  severity: ZCommaList(FINDING_SEVERITIES).optional(),
  organisationId: ZId.optional(),
  teamId: ZId.optional(),
  q: z.string().trim().max(100).optional(),
  /** Targets that matched no organisation (unreported-asset candidates). */
  unmatched: z.enum(['true']).optional(),
  /** Findings the duplicate rule flagged at submission. */
  possibleDuplicate: z.enum(['true']).optional(),
  appeal: ZAppeal.optional(),
  sort: z.enum(['newest', 'oldest', 'cvss']).default('newest'),
})
export type TListFindingsQuery = z.infer<typeof ZListFindingsQuery>

export const ZFindingPage = z.object({
  items: z.array(ZFindingSummary),
  /** Counted up to a cap; `totalCapped` says the real number is larger. */
  total: z.number().int(),
  totalCapped: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

const ZVersion = z.number().int().min(1)

export const ZVerifyRequest = z.strictObject({
  version: ZVersion,
  severity: ZFindingSeverity.optional(),
  severityReason: longText(1000).optional(),
  organisationId: ZId.optional(),
  note: longText(2000).optional(),
})
export const ZReasonRequest = z.strictObject({ version: ZVersion, reason: longText(2000, 1) })
export const ZMarkDuplicateRequest = z.strictObject({
  version: ZVersion,
  duplicateOfId: ZId,
  reason: longText(2000).optional(),
})
export const ZAdjustSeverityRequest = z.strictObject({
  version: ZVersion,
  severity: ZFindingSeverity,
  reason: longText(1000, 1),
})

export const ZComment = z.object({
  id: z.uuid(),
  authorName: z.string(),
  authorRole: z.string(),
  body: z.string(),
  createdAt: z.string(),
})
export const ZCommentRequest = z.strictObject({ body: longText(5000, 1) })

export const ZEvidenceParams = z.strictObject({ id: ZId, evidenceId: ZId })

export const ZDuplicateCandidate = ZFindingSummary.extend({
  /** Which part of the rule matched: `cve`, `cwe`, `title_location`, `unreported_asset`. */
  reasons: z.array(z.string()),
})
