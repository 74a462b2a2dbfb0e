import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { assets } from './assets'
import { campaigns, teams } from './campaigns'
import { createdAt, id, ts, updatedAt, version } from './common'
import { files } from './files'
import { organisations } from './organisations'
import { users } from './users'

/** 漏洞 · 弱口令 · 入侵痕迹 · 数据泄露 · 漏报/错报资产 (SPEC §3; the words of @wangan/rules/scoring). */
export const findingKind = pgEnum('finding_kind', [
  'vulnerability',
  'weak_password',
  'intrusion_trace',
  'data_leak',
  'unreported_asset',
])
/** 超危 · 高危 · 中危 · 低危 (GB/T 30279-2020). */
export const findingSeverity = pgEnum('finding_severity', ['critical', 'high', 'medium', 'low'])
/** Where the severity came from: the CVSS band, the tester (no vector), or a reviewer's adjustment with a reason. */
export const severitySource = pgEnum('severity_source', ['cvss', 'tester', 'reviewer'])
/** The states of the finding workflow (SPEC §3 diagram, findings.workflow.ts). */
export const findingStatus = pgEnum('finding_status', [
  'submitted',
  'verified',
  'rejected',
  'duplicate',
  'notified',
  'rectification_submitted',
  'returned',
  'fixed',
  'withdrawn',
])
/** 申诉: pending until a reviewer upholds the finding (upheld) or grants the appeal and withdraws it (granted). */
export const findingAppeal = pgEnum('finding_appeal', ['pending', 'upheld', 'granted'])
/** 市级 / 省级 检查 */
export const findingSourceLevel = pgEnum('finding_source_level', ['city', 'province'])

export const findings = pgTable(
  'findings',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    /** Null until the target is matched to an asset or a reviewer assigns the organisation. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    assetId: uuid('asset_id').references(() => assets.id, { onDelete: 'set null' }),
    /** The target as the tester wrote it (URL, host, IP…). */
    target: text('target').notNull(),
    /** Canonical host of the target (lower-case punycode / canonical IP), null when it does not parse. */
    targetHost: text('target_host'),
    /** host:port/path, normalised: the "location" of the duplicate rule. */
    targetLocation: text('target_location'),
    kind: findingKind('kind').notNull(),
    title: text('title').notNull(),
    /** Lower-cased, whitespace- and punctuation-folded title: the "normalised title" of the duplicate rule. */
    titleKey: text('title_key').notNull(),
    descriptionMd: text('description_md').notNull().default(''),
    reproductionMd: text('reproduction_md').notNull().default(''),
    cvssVector: text('cvss_vector'),
    cvssVersion: text('cvss_version'),
    cvssBase: numeric('cvss_base', { precision: 3, scale: 1, mode: 'number' }),
    severity: findingSeverity('severity').notNull(),
    severitySource: severitySource('severity_source').notNull(),
    severityReason: text('severity_reason'),
    cve: text('cve')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    cwe: integer('cwe'),
    /** 攻击队上传的 shell 脚本路径: files the organisation must remove (seed 001). */
    webshellPaths: text('webshell_paths')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    dataCategories: text('data_categories')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    recordCount: integer('record_count'),
    isSensitive: boolean('is_sensitive'),
    sourceLevel: findingSourceLevel('source_level').notNull().default('city'),
    status: findingStatus('status').notNull().default('submitted'),
    appeal: findingAppeal('appeal'),
    duplicateOfId: uuid('duplicate_of_id').references((): AnyPgColumn => findings.id, {
      onDelete: 'restrict',
    }),
    /** The earliest earlier finding the duplicate rule proposed at submission (for the review queue's filter). */
    possibleDuplicateOfId: uuid('possible_duplicate_of_id'),
    /** Idempotent submission: the client's key (Idempotency-Key or clientRequestId) and a hash of the request. */
    clientRequestId: text('client_request_id'),
    clientRequestHash: text('client_request_hash'),
    /** The scan-report draft this finding was submitted from. */
    draftId: uuid('draft_id'),
    submittedAt: ts('submitted_at').notNull(),
    verifiedAt: ts('verified_at'),
    verifiedBy: uuid('verified_by'),
    rejectedAt: ts('rejected_at'),
    /** The issue time of the notice that covered the finding (set by the notification module). */
    notifiedAt: ts('notified_at'),
    /** The time of the last rectification report. */
    rectificationSubmittedAt: ts('rectification_submitted_at'),
    /** The time of the rectification report that the re-test confirmed as fixed (SPEC §3 fix time). */
    fixedAt: ts('fixed_at'),
    notFixedRetests: integer('not_fixed_retests').notNull().default(0),
    withdrawnAt: ts('withdrawn_at'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // Migration 0008 adds INCLUDE (kind, severity, organisation_id): counting the queue is an index-only scan.
    index('findings_queue_idx').on(t.campaignId, t.status, t.submittedAt.desc(), t.id.desc()),
    index('findings_campaign_time_idx').on(t.campaignId, t.submittedAt.desc(), t.id.desc()),
    index('findings_team_idx').on(t.teamId, t.submittedAt.desc(), t.id.desc()),
    index('findings_organisation_idx').on(t.organisationId, t.status),
    index('findings_duplicate_rule_idx').on(t.campaignId, t.organisationId, t.targetHost),
    index('findings_duplicate_of_idx').on(t.duplicateOfId),
    uniqueIndex('findings_client_request_idx').on(t.submittedBy, t.clientRequestId),
  ],
)

/** The timeline: one row per transition or reviewer action, with what it recorded. */
export const findingEvents = pgTable(
  'finding_events',
  {
    id: id(),
    /** Order of recording: business times (`at`) can tie. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    fromStatus: findingStatus('from_status'),
    toStatus: findingStatus('to_status'),
    note: jsonb('note')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('finding_events_finding_idx').on(t.findingId, t.seq)],
)

/** Discussion between the reviewers and the team (never shown to the organisation). */
export const findingComments = pgTable(
  'finding_comments',
  {
    id: id(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    authorRole: text('author_role').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('finding_comments_finding_idx').on(t.findingId, t.seq)],
)

export const findingEvidence = pgTable(
  'finding_evidence',
  {
    id: id(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    addedBy: uuid('added_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('finding_evidence_file_idx').on(t.findingId, t.fileId)],
)

/** A scanner report uploaded by a team: parsed, split per organisation into drafts. */
export const scanImports = pgTable(
  'scan_imports',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    tool: text('tool').notNull(),
    format: text('format').notNull(),
    /** Findings in the report after the tool's merge rule. */
    findingCount: integer('finding_count').notNull(),
    draftCount: integer('draft_count').notNull(),
    unmatchedDraftCount: integer('unmatched_draft_count').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('scan_imports_team_idx').on(t.teamId, t.createdAt)],
)

export const draftStatus = pgEnum('finding_draft_status', ['pending', 'submitted', 'discarded'])

/** One scanner finding for one organisation (its endpoints on that organisation's assets), or for none (unmatched
 * endpoints), waiting for the tester to submit or discard it. */
export const findingDrafts = pgTable(
  'finding_drafts',
  {
    id: id(),
    importId: uuid('import_id')
      .notNull()
      .references(() => scanImports.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    assetId: uuid('asset_id'),
    target: text('target').notNull(),
    title: text('title').notNull(),
    /** The scanner's severity, `info` included. */
    severity: text('severity').notNull(),
    cve: text('cve')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    cwe: integer('cwe'),
    cvssVector: text('cvss_vector'),
    description: text('description').notNull().default(''),
    solution: text('solution').notNull().default(''),
    toolId: text('tool_id'),
    endpoints: jsonb('endpoints').$type<DraftEndpoint[]>().notNull(),
    status: draftStatus('status').notNull().default('pending'),
    findingId: uuid('finding_id'),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('finding_drafts_import_idx').on(t.importId, t.status, t.ordinal),
    index('finding_drafts_org_idx').on(t.importId, t.organisationId),
  ],
)

export type DraftEndpoint = {
  protocol: string | null
  host: string
  port: number | null
  path: string | null
  assetId: string | null
}
