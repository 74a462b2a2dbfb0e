// Classified protection 2.0 (等级保护 2.0, seed 003, SPEC §7): information systems (定级对象), their grading rounds with
// expert review, supervising-department approval and police filing, level assessments (等级测评) and the
// rectification items they raise, and the yearly deadlines of a region.
import {
  boolean,
  date,
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
import { createdAt, id, ts, updatedAt, version } from './common'
import { files } from './files'
import { organisations } from './organisations'
import { regions } from './regions'
import { users } from './users'

/** 定级对象类型: seed 003 names cloud platforms, IoT, industrial control, mobile apps and big data beside the
 * traditional systems. */
export const informationSystemType = pgEnum('information_system_type', [
  'traditional', // 传统信息系统
  'cloud', // 云计算平台/系统
  'iot', // 物联网
  'ics', // 工业控制系统
  'mobile', // 采用移动互联技术的系统 (移动应用)
  'big_data', // 大数据
  'other',
])

/** Where a grading round stands. A round that was returned is closed; the organisation grades again in a new round. */
export const gradingStatus = pgEnum('dengbao_grading_status', [
  'submitted', // 自主定级 submitted, waiting for the expert draw
  'under_review', // 专家评审: experts drawn, opinions pending
  'reviewed', // every drawn expert has answered: waiting for 主管部门审核
  'approved', // approved by the supervising department: waiting for 公安备案
  'filed', // 公安备案 done: filing number and date recorded
  'returned', // sent back with a reason (by the approver or the police)
])

/** The grading stage shown on a system: its latest round's status, or `ungraded`. */
export const systemGradingStage = pgEnum('dengbao_system_stage', [
  'ungraded',
  'submitted',
  'under_review',
  'reviewed',
  'approved',
  'filed',
  'returned',
])

export type TSystemContact = {
  name: string
  mobile: string | null
  email: string | null
  duty: string | null
}

/** 定级对象: an information system of an organisation. The filing fields hold the system's valid filing, which stays
 * while a re-grading (回头看) runs in a later round. */
export const informationSystems = pgTable(
  'information_systems',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    type: informationSystemType('type').notNull(),
    description: text('description'),
    isCriticalInfrastructure: boolean('is_critical_infrastructure').notNull().default(false),
    /** 运维/责任联系人 */
    contacts: jsonb('contacts').$type<TSystemContact[]>().notNull().default([]),
    stage: systemGradingStage('stage').notNull().default('ungraded'),
    /** The level of the latest grading round (proposed while it is not filed). */
    proposedLevel: integer('proposed_level'),
    latestGradingId: uuid('latest_grading_id'),
    filedLevel: integer('filed_level'),
    filingNumber: text('filing_number'),
    filedOn: date('filed_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('information_systems_org_name_idx').on(t.organisationId, t.name),
    index('information_systems_stage_idx').on(t.stage),
    uniqueIndex('information_systems_filing_number_idx').on(t.filingNumber),
  ],
)

/** One grading round (定级): both sides of GB/T 22240-2020 with the reasoning, then the workflow's decisions. */
export const systemGradings = pgTable(
  'dengbao_gradings',
  {
    id: id(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => informationSystems.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    status: gradingStatus('status').notNull(),
    /** `wizard` (self-grading in the platform) or `import` (an existing filing imported from a spreadsheet) */
    source: text('source').notNull().default('wizard'),
    businessObject: text('business_object').notNull(),
    businessDegree: text('business_degree').notNull(),
    businessLevel: integer('business_level').notNull(),
    businessReasoning: text('business_reasoning').notNull(),
    serviceObject: text('service_object').notNull(),
    serviceDegree: text('service_degree').notNull(),
    serviceLevel: integer('service_level').notNull(),
    serviceReasoning: text('service_reasoning').notNull(),
    level: integer('level').notNull(),
    /** 回头看: why the system is graded again (required after a filing) */
    changeReason: text('change_reason'),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: ts('submitted_at').notNull(),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: ts('approved_at'),
    approvalOpinion: text('approval_opinion'),
    /** The supervising department that approved: the region's regulator, or an industry regulator organisation. */
    approverOrganisationId: uuid('approver_organisation_id').references(() => organisations.id, {
      onDelete: 'set null',
    }),
    filingNumber: text('filing_number'),
    filedOn: date('filed_on', { mode: 'string' }),
    filedBy: uuid('filed_by').references(() => users.id, { onDelete: 'set null' }),
    filedAt: ts('filed_at'),
    returnedBy: uuid('returned_by').references(() => users.id, { onDelete: 'set null' }),
    returnedAt: ts('returned_at'),
    returnReason: text('return_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('dengbao_gradings_round_idx').on(t.systemId, t.round),
    index('dengbao_gradings_status_idx').on(t.status),
  ],
)

/** A random draw of experts for a grading review, kept with its seed and pool so the draw can be re-checked. */
export const expertDraws = pgTable(
  'dengbao_expert_draws',
  {
    id: id(),
    gradingId: uuid('grading_id')
      .notNull()
      .references(() => systemGradings.id, { onDelete: 'cascade' }),
    drawnBy: uuid('drawn_by').references(() => users.id, { onDelete: 'set null' }),
    drawnAt: ts('drawn_at').notNull(),
    /** 32 random bytes (hex) from the operating system's CSPRNG; the selection is a function of seed and pool. */
    seed: text('seed').notNull(),
    requested: integer('requested').notNull(),
    poolUserIds: jsonb('pool_user_ids').$type<string[]>().notNull(),
    selectedUserIds: jsonb('selected_user_ids').$type<string[]>().notNull(),
  },
  (t) => [index('dengbao_expert_draws_grading_idx').on(t.gradingId)],
)

/** 专家库: where a grading expert works and what they know. The police keep it; an expert is never drawn to review a
 * system of the organisation they work for (nor of a unit above or below it). */
export const expertAffiliations = pgTable('dengbao_expert_affiliations', {
  expertId: uuid('expert_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
  /** 专业领域, e.g. 工业控制、云计算 */
  specialty: text('specialty'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
  version: version(),
})

export const expertOpinion = pgEnum('dengbao_expert_opinion', [
  'agree', // 同意
  'agree_with_changes', // 修改后同意 (suggests another level)
  'disagree', // 不同意
])

/** One drawn expert's review of a grading round (专家评审意见). */
export const gradingReviews = pgTable(
  'dengbao_grading_reviews',
  {
    id: id(),
    gradingId: uuid('grading_id')
      .notNull()
      .references(() => systemGradings.id, { onDelete: 'cascade' }),
    drawId: uuid('draw_id')
      .notNull()
      .references(() => expertDraws.id, { onDelete: 'cascade' }),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    opinion: expertOpinion('opinion'),
    suggestedLevel: integer('suggested_level'),
    comments: text('comments'),
    answeredAt: ts('answered_at'),
    /** 回避: the expert declined (a conflict of interest, unavailable); the police may draw a replacement */
    declinedAt: ts('declined_at'),
    declineReason: text('decline_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('dengbao_grading_reviews_expert_idx').on(t.gradingId, t.expertId),
    index('dengbao_grading_reviews_expert_only_idx').on(t.expertId),
  ],
)

export const assessmentConclusion = pgEnum('dengbao_assessment_conclusion', [
  'compliant', // 符合
  'basically_compliant', // 基本符合
  'non_compliant', // 不符合
])

/** 等级测评: an assessment of a system by an assessment institution. */
export const dengbaoAssessments = pgTable(
  'dengbao_assessments',
  {
    id: id(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => informationSystems.id, { onDelete: 'cascade' }),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    institution: text('institution').notNull(),
    conclusion: assessmentConclusion('conclusion').notNull(),
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }),
    /** the level the system was assessed at */
    level: integer('level').notNull(),
    reportNumber: text('report_number'),
    /** 测评报告: the institution's report (PDF, DOCX or ZIP) in the file store, uploaded after the record */
    reportFileId: uuid('report_file_id').references(() => files.id, { onDelete: 'restrict' }),
    reportFileName: text('report_file_name'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('dengbao_assessments_system_idx').on(t.systemId, t.assessedOn)],
)

export const rectificationSeverity = pgEnum('dengbao_rectification_severity', ['high', 'medium', 'low'])
export const rectificationStatus = pgEnum('dengbao_rectification_status', ['open', 'closed'])

/** 整改项: an issue found by an assessment, with its owner and deadline, tracked to closure. */
export const rectificationItems = pgTable(
  'dengbao_rectification_items',
  {
    id: id(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => dengbaoAssessments.id, { onDelete: 'cascade' }),
    systemId: uuid('system_id')
      .notNull()
      .references(() => informationSystems.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    severity: rectificationSeverity('severity').notNull(),
    owner: text('owner').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: rectificationStatus('status').notNull().default('open'),
    closedAt: ts('closed_at'),
    closedBy: uuid('closed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('dengbao_rectification_items_system_idx').on(t.systemId),
    index('dengbao_rectification_items_status_idx').on(t.status, t.deadline),
  ],
)

/** Progress reported on a rectification item (整改进展), newest last. */
export const rectificationUpdates = pgTable(
  'dengbao_rectification_updates',
  {
    id: id(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => rectificationItems.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    by: uuid('by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note').notNull(),
    /** set when the update closed or reopened the item */
    statusAfter: rectificationStatus('status_after'),
  },
  (t) => [index('dengbao_rectification_updates_item_idx').on(t.itemId, t.at)],
)

/** A region's deadlines for a year (seed 003 defaults: 8月底 / 10月底 / 12月底) and its level-2 assessment cycle.
 * A region without its own row inherits the nearest ancestor's, then the defaults. */
export const dengbaoRegionSettings = pgTable(
  'dengbao_region_settings',
  {
    id: id(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    gradingAndFilingDue: date('grading_and_filing_due', { mode: 'string' }).notNull(),
    assessmentDue: date('assessment_due', { mode: 'string' }).notNull(),
    rectificationDue: date('rectification_due', { mode: 'string' }).notNull(),
    /** months between level-2 assessments; null: level 2 is not periodically assessed */
    level2IntervalMonths: integer('level2_interval_months'),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('dengbao_region_settings_region_year_idx').on(t.regionId, t.year)],
)
