import { z } from 'zod'
import { longText, text, ZId, ZIsoDateTime, ZPageQuery } from '../../http/schemas'
import { ZDelivery, ZDeliveryStatus } from '../delivery/delivery.schemas'
import { MESSAGE_KINDS } from '../delivery/message-kinds'
import { ZAppeal, ZFindingKind, ZFindingSeverity, ZFindingStatus } from '../findings/findings.schemas'

// ---- region settings and templates ----

const ZMessageTemplate = z.strictObject({
  sms: longText(500, 1),
  emailSubject: text(200),
  emailBody: longText(5_000, 1),
})

export const ZNoticeTemplates = z.strictObject(
  Object.fromEntries(MESSAGE_KINDS.map((k) => [k, ZMessageTemplate])) as Record<
    (typeof MESSAGE_KINDS)[number],
    typeof ZMessageTemplate
  >,
)

export const ZNoticeSettingsRequest = z.strictObject({
  numberPattern: text(60),
  issuer: text(100),
  platformName: text(60),
  platformUrl: z.union([z.url({ protocol: /^https?$/ }).max(300), z.null()]),
  escalateAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  deadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  templates: ZNoticeTemplates,
  /** The version read (0 when the region had no settings of its own). */
  version: z.number().int().min(0),
})
export type TNoticeSettingsRequest = z.infer<typeof ZNoticeSettingsRequest>

export const ZNoticeSettings = z.object({
  regionId: z.uuid(),
  regionName: z.string(),
  /** Where the values come from when the region has none of its own (an ancestor, or the built-in defaults). */
  inheritedFrom: z.object({ regionId: z.uuid().nullable(), regionName: z.string() }).nullable(),
  numberPattern: z.string(),
  issuer: z.string(),
  platformName: z.string(),
  platformUrl: z.string().nullable(),
  escalateAfterHours: z.number().int(),
  deadlineHours: z.number().int(),
  templates: z.record(
    z.string(),
    z.object({ sms: z.string(), emailSubject: z.string(), emailBody: z.string() }),
  ),
  variables: z.record(z.string(), z.array(z.object({ name: z.string(), label: z.string() }))),
  /** The next document number this region would give (a preview; numbers are taken when a notice is issued). */
  nextNumber: z.string(),
  version: z.number().int(),
})
export type TNoticeSettings = z.infer<typeof ZNoticeSettings>

export const ZTemplatePreviewRequest = z.strictObject({
  kind: z.enum(MESSAGE_KINDS),
  sms: longText(500, 1),
  emailSubject: text(200),
  emailBody: longText(5_000, 1),
})
export const ZTemplatePreview = z.object({
  sms: z.string(),
  smsParams: z.array(z.tuple([z.string(), z.string()])),
  smsSegments: z.number().int(),
  emailSubject: z.string(),
  emailBody: z.string(),
  problems: z.array(z.string()),
})

// ---- notices ----

export const ZIssueNoticeRequest = z.strictObject({
  organisationId: ZId,
  findingIds: z.array(ZId).min(1, { error: '至少选择一个问题 (choose at least one finding)' }).max(200),
  title: text(200).optional(),
  /** Rectification deadline; defaults to the region's deadline hours after issue. */
  deadlineAt: ZIsoDateTime.optional(),
  /** Extra requirements printed in the notice (shown as text). */
  noteMd: longText(5_000).optional(),
  /** Which channels besides the platform (both by default). */
  channels: z.strictObject({ sms: z.boolean(), email: z.boolean() }).optional(),
})
export type TIssueNoticeRequest = z.infer<typeof ZIssueNoticeRequest>

export const ZBracket = z.enum(['within24h', 'within48h', 'within72h', 'later'])

export const ZChannelSummary = z.object({
  channel: z.enum(['platform', 'sms', 'email']),
  /** none: nothing to send on this channel; otherwise the worst state among its deliveries. */
  status: z.union([ZDeliveryStatus, z.literal('none')]),
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  lastError: z.string().nullable(),
})

export const ZNoticeSummary = z.object({
  id: z.uuid(),
  documentNumber: z.string(),
  title: z.string(),
  campaignId: z.uuid(),
  campaignName: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  issuedAt: z.string(),
  deadlineAt: z.string(),
  issuedByName: z.string(),
  acknowledgedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  overdue: z.boolean(),
  hoursSinceIssue: z.number(),
  bracket: ZBracket,
  findingCount: z.number().int(),
  openFindingCount: z.number().int(),
  channels: z.array(ZChannelSummary),
})
export type TNoticeSummary = z.infer<typeof ZNoticeSummary>

export const ZNoticePage = z.object({
  items: z.array(ZNoticeSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

export const ZListNoticesQuery = z.strictObject({
  campaignId: ZId.optional(),
  organisationId: ZId.optional(),
  status: z.enum(['open', 'closed', 'all']).default('all'),
  q: z.string().trim().max(100).optional(),
  ...ZPageQuery,
})
export type TListNoticesQuery = z.infer<typeof ZListNoticesQuery>

export const ZStoredFileRef = z.object({
  id: z.uuid(),
  originalName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
})

export const ZNoticeFinding = z.object({
  id: z.uuid(),
  ordinal: z.number().int(),
  title: z.string(),
  kind: ZFindingKind,
  severity: ZFindingSeverity,
  target: z.string(),
  cvssBase: z.number().nullable(),
  webshellPaths: z.array(z.string()),
  organisationName: z.string(),
  status: ZFindingStatus,
  appeal: ZAppeal.nullable(),
  notifiedAt: z.string().nullable(),
  rectificationSubmittedAt: z.string().nullable(),
  fixedAt: z.string().nullable(),
  notFixedRetests: z.number().int(),
  version: z.number().int(),
})

export const ZRectificationReport = z.object({
  id: z.uuid(),
  submittedAt: z.string(),
  submittedByName: z.string(),
  summaryMd: z.string(),
  removedWebshellPaths: z.array(z.string()),
  findingIds: z.array(z.uuid()),
  files: z.array(ZStoredFileRef),
})

export const ZAppealView = z.object({
  id: z.uuid(),
  noticeId: z.uuid(),
  documentNumber: z.string(),
  organisationName: z.string(),
  findingId: z.uuid(),
  findingTitle: z.string(),
  findingStatus: ZFindingStatus,
  ground: z.enum(['not_our_asset', 'false_positive', 'other']),
  reason: z.string(),
  submittedAt: z.string(),
  submittedByName: z.string(),
  files: z.array(ZStoredFileRef),
  decision: z.enum(['upheld', 'withdrawn']).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  version: z.number().int(),
})
export type TAppealView = z.infer<typeof ZAppealView>

export const ZRetestView = z.object({
  id: z.uuid(),
  findingId: z.uuid(),
  reportId: z.uuid(),
  result: z.enum(['fixed', 'not_fixed']),
  reason: z.string().nullable(),
  retesterName: z.string(),
  createdAt: z.string(),
})

export const ZTimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  text: z.string(),
  actorName: z.string().nullable(),
  findingId: z.uuid().nullable(),
})

export const ZNoticeDetail = ZNoticeSummary.extend({
  noteMd: z.string(),
  issuer: z.string(),
  acknowledgedByName: z.string().nullable(),
  escalationDueAt: z.string(),
  findings: z.array(ZNoticeFinding),
  deliveries: z.array(ZDelivery),
  reports: z.array(ZRectificationReport),
  appeals: z.array(ZAppealView),
  retests: z.array(ZRetestView),
  uploads: z.array(ZStoredFileRef),
  timeline: z.array(ZTimelineEntry),
  canAcknowledge: z.boolean(),
  canRectify: z.boolean(),
  canAppeal: z.boolean(),
  canRetryDeliveries: z.boolean(),
  version: z.number().int(),
})
export type TNoticeDetail = z.infer<typeof ZNoticeDetail>

export const ZNoticeFileParams = z.strictObject({ id: ZId, fileId: ZId })
export const ZDeliveryParams = z.strictObject({ id: ZId, deliveryId: ZId })

// ---- deadline board and inbox ----

export const ZBoard = z.object({
  now: z.string(),
  brackets: z.record(ZBracket, z.number().int()),
  overdue: z.number().int(),
  unacknowledged: z.number().int(),
  items: z.array(ZNoticeSummary),
})

export const ZInboxItem = z.object({
  noticeId: z.uuid(),
  documentNumber: z.string(),
  noticeTitle: z.string(),
  deadlineAt: z.string(),
  overdue: z.boolean(),
  findingId: z.uuid(),
  findingTitle: z.string(),
  severity: ZFindingSeverity,
  status: ZFindingStatus,
  appeal: ZAppeal.nullable(),
  /** What the organisation should do: rectify (notified or returned), wait (report or appeal under review). */
  action: z.enum(['rectify', 'awaiting_retest', 'awaiting_appeal']),
})

export const ZInbox = z.object({
  now: z.string(),
  notices: z.array(ZNoticeSummary),
  openItems: z.array(ZInboxItem),
  unacknowledged: z.number().int(),
  /** Platform messages: the notices' and others (等保 deadline reminders: no notice, no document number). */
  messages: z.array(
    z.object({
      at: z.string(),
      noticeId: z.uuid().nullable(),
      documentNumber: z.string().nullable(),
      /** `notice`, or what a message without a notice is about (`dengbao_reminder`) */
      subjectType: z.string(),
      kind: z.string(),
      text: z.string(),
    }),
  ),
})

// ---- rectification, appeals, re-tests ----

export const ZRectificationRequest = z.strictObject({
  /** Findings of the notice this report covers; all that await rectification when left out. */
  findingIds: z.array(ZId).min(1).max(200).optional(),
  summaryMd: longText(20_000, 1),
  /** 已删除的 shell 脚本路径: every path the notice names for the covered findings must be confirmed. */
  removedWebshellPaths: z.array(text(1024)).max(200).default([]),
  /** Files uploaded to this notice beforehand (POST /notices/:id/uploads). */
  fileIds: z.array(ZId).max(20).default([]),
})
export type TRectificationRequest = z.infer<typeof ZRectificationRequest>

export const ZAppealRequest = z.strictObject({
  findingId: ZId,
  ground: z.enum(['not_our_asset', 'false_positive', 'other']),
  reason: longText(5_000, 1),
  fileIds: z.array(ZId).max(20).default([]),
})
export type TAppealRequest = z.infer<typeof ZAppealRequest>

export const ZAppealDecisionRequest = z.strictObject({
  decision: z.enum(['uphold', 'withdraw']),
  reason: longText(5_000, 1),
  version: z.number().int().min(1),
})
export type TAppealDecisionRequest = z.infer<typeof ZAppealDecisionRequest>

export const ZListAppealsQuery = z.strictObject({
  status: z.enum(['pending', 'decided', 'all']).default('pending'),
  ...ZPageQuery,
})

export const ZAppealPage = z.object({
  items: z.array(ZAppealView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

export const ZRetestRequest = z.strictObject({
  findingId: ZId,
  result: z.enum(['fixed', 'not_fixed']),
  /** Required when not fixed: it goes back to the organisation. */
  reason: longText(5_000).optional(),
  /** The finding's version read from the queue. */
  version: z.number().int().min(1),
})
export type TRetestRequest = z.infer<typeof ZRetestRequest>

export const ZRetestQueueQuery = z.strictObject({
  campaignId: ZId.optional(),
  ...ZPageQuery,
})

export const ZRetestQueueItem = z.object({
  findingId: z.uuid(),
  findingTitle: z.string(),
  kind: ZFindingKind,
  severity: ZFindingSeverity,
  target: z.string(),
  webshellPaths: z.array(z.string()),
  version: z.number().int(),
  organisationName: z.string(),
  campaignName: z.string(),
  noticeId: z.uuid(),
  documentNumber: z.string(),
  notifiedAt: z.string().nullable(),
  rectificationSubmittedAt: z.string().nullable(),
  notFixedRetests: z.number().int(),
  report: ZRectificationReport,
  /** The tester's original evidence (GET /api/v1/findings/:id/evidence/:evidenceId). */
  evidence: z.array(
    z.object({ id: z.uuid(), originalName: z.string(), mediaType: z.string(), size: z.number() }),
  ),
  previousRetests: z.array(ZRetestView),
})

export const ZRetestQueue = z.object({
  items: z.array(ZRetestQueueItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})
