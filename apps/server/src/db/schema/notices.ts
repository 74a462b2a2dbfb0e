import { sql } from 'drizzle-orm'
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { campaigns } from './campaigns'
import { createdAt, id, ts, updatedAt, version } from './common'
import { files } from './files'
import { findings } from './findings'
import { organisations } from './organisations'
import { regions } from './regions'
import { users } from './users'

/**
 * 通报的区域设置: the document-number pattern, the issuing body, the escalation delay and the message templates of a
 * region. A region without its own row uses its nearest ancestor's (a district issues under the city's numbering).
 */
export const noticeRegionSettings = pgTable('notice_region_settings', {
  regionId: uuid('region_id')
    .primaryKey()
    .references(() => regions.id, { onDelete: 'cascade' }),
  /** e.g. `常网安通〔{year}〕{n}号` */
  numberPattern: text('number_pattern').notNull(),
  /** 发文机关, e.g. 中共常州市委网络安全和信息化委员会办公室 */
  issuer: text('issuer').notNull(),
  platformName: text('platform_name').notNull(),
  platformUrl: text('platform_url'),
  /** 未签收升级: hours after issue without acknowledgement before the leader is told. */
  escalateAfterHours: integer('escalate_after_hours').notNull(),
  /** Default rectification deadline, hours after issue. */
  deadlineHours: integer('deadline_hours').notNull(),
  /** Per message kind: SMS text, e-mail subject and body, with `${variable}` placeholders. */
  templates: jsonb('templates').$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
  version: version(),
})

/** The last number given out per numbering region and year. Numbers are taken under the row's lock inside the
 * notice's transaction and never given back (a withdrawn notice keeps its number). */
export const noticeNumberCounters = pgTable(
  'notice_number_counters',
  {
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.year] })],
)

/** 通报: an official notice to one organisation covering verified findings of one campaign. */
export const notices = pgTable(
  'notices',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** The region whose settings and numbering the notice used. */
    numberingRegionId: uuid('numbering_region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    documentNumber: text('document_number').notNull(),
    numberYear: integer('number_year').notNull(),
    numberSeq: integer('number_seq').notNull(),
    title: text('title').notNull(),
    /** Extra requirements written by the issuer (Markdown, shown as text). */
    noteMd: text('note_md').notNull().default(''),
    issuer: text('issuer').notNull(),
    issuedAt: ts('issued_at').notNull(),
    deadlineAt: ts('deadline_at').notNull(),
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuedByName: text('issued_by_name').notNull(),
    /** 签收: the liaison's read receipt. */
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedByName: text('acknowledged_by_name'),
    escalationDueAt: ts('escalation_due_at').notNull(),
    escalatedAt: ts('escalated_at'),
    /** The generated DOCX (made on first use and kept, so every reader and every e-mail gets the same file). */
    documentFileId: uuid('document_file_id').references(() => files.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('notices_number_idx').on(t.numberingRegionId, t.documentNumber),
    index('notices_organisation_idx').on(t.organisationId, t.issuedAt),
    index('notices_campaign_idx').on(t.campaignId, t.issuedAt),
    index('notices_escalation_idx')
      .on(t.escalationDueAt)
      .where(sql`${t.acknowledgedAt} is null and ${t.escalatedAt} is null`),
  ],
)

/** What a notified finding looked like when the notice was issued: the DOCX is rendered from this, not from the
 * finding's current row, so the document stays what was sent. */
export type NoticeFindingSnapshot = {
  title: string
  kind: string
  severity: string
  target: string
  cvssBase: number | null
  webshellPaths: string[]
  organisationName: string
}

export const noticeFindings = pgTable(
  'notice_findings',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'restrict' }),
    ordinal: integer('ordinal').notNull(),
    snapshot: jsonb('snapshot').$type<NoticeFindingSnapshot>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.noticeId, t.findingId] }),
    // A finding is notified once; a returned finding is told again on the same notice.
    uniqueIndex('notice_findings_finding_idx').on(t.findingId),
  ],
)

/** Files the organisation uploaded for a notice (stamped PDFs, screenshots), before citing them in a report or an
 * appeal: a report may cite only its own notice's uploads. */
export const noticeUploads = pgTable(
  'notice_uploads',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.fileId] })],
)

/** 整改报告: what the organisation did, for some or all findings of a notice. */
export const rectificationReports = pgTable(
  'rectification_reports',
  {
    id: id(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'restrict' }),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedByName: text('submitted_by_name').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    summaryMd: text('summary_md').notNull(),
    /** 已删除的 shell 脚本路径 the organisation confirms it removed. */
    removedWebshellPaths: text('removed_webshell_paths')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    findingIds: uuid('finding_ids').array().notNull(),
    fileIds: uuid('file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [index('rectification_reports_notice_idx').on(t.noticeId, t.submittedAt)],
)

export const appealGround = pgEnum('appeal_ground', ['not_our_asset', 'false_positive', 'other'])
export const appealDecision = pgEnum('appeal_decision', ['upheld', 'withdrawn'])

/** 申诉: the organisation contests a notified finding; a reviewer upholds the finding or withdraws it. */
export const appeals = pgTable(
  'appeals',
  {
    id: id(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'restrict' }),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'restrict' }),
    ground: appealGround('ground').notNull(),
    reason: text('reason').notNull(),
    fileIds: uuid('file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedByName: text('submitted_by_name').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decision: appealDecision('decision'),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedByName: text('decided_by_name'),
    decidedAt: ts('decided_at'),
    version: version(),
  },
  (t) => [
    // One appeal per finding (the workflow allows one).
    uniqueIndex('appeals_finding_idx').on(t.findingId),
    index('appeals_notice_idx').on(t.noticeId),
  ],
)

export const retestResult = pgEnum('retest_result', ['fixed', 'not_fixed'])

/** 复测: a retester's verdict on one finding's rectification report. */
export const retests = pgTable(
  'retests',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'restrict' }),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'restrict' }),
    reportId: uuid('report_id')
      .notNull()
      .references(() => rectificationReports.id, { onDelete: 'restrict' }),
    result: retestResult('result').notNull(),
    reason: text('reason'),
    retesterId: uuid('retester_id').references(() => users.id, { onDelete: 'set null' }),
    retesterName: text('retester_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('retests_finding_idx').on(t.findingId, t.createdAt)],
)
