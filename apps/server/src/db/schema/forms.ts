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
import { campaigns, testingCompanies } from './campaigns'
import { createdAt, id, ts, updatedAt, version } from './common'
import { files } from './files'
import { organisations } from './organisations'

/** The three materials an organisation files in a campaign (seed 000 附件4, 附件5, 附件6). */
export const campaignFormKind = pgEnum('campaign_form_kind', [
  'self_inspection', // 自查情况报告 (附件4)
  'service_evaluation', // 网络安全技术支撑机构（单位）服务评价表 (附件5)
  'work_summary', // 工作总结 (附件6)
])

/** draft 草稿 · submitted 已报送 · returned 退回修改 (by the regulator, with a reason) */
export const campaignFormStatus = pgEnum('campaign_form_status', ['draft', 'submitted', 'returned'])

/**
 * One filled form of an organisation in a campaign. The fields of each kind live in `content` (validated by the
 * forms module's zod schemas); the figures the scores read are columns: the companies that served a self-inspection
 * (网安行动评价 of the testing-company standard) and the overall score of a service evaluation (服务对象评价).
 */
export const campaignForms = pgTable(
  'campaign_forms',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: campaignFormKind('kind').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** Service evaluation: the testing company evaluated (技术支撑单位). */
    companyId: uuid('company_id').references(() => testingCompanies.id, { onDelete: 'restrict' }),
    /** Self-inspection: the roster companies the organisation engaged (引入市级遴选的技术支撑机构). */
    serviceCompanyIds: uuid('service_company_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Service evaluation: 总体评价 0–100. */
    overallScore: integer('overall_score'),
    status: campaignFormStatus('status').notNull().default('draft'),
    content: jsonb('content')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    returnReason: text('return_reason'),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // One report and one summary per organisation and campaign; one evaluation per organisation and company.
    uniqueIndex('campaign_forms_single_idx')
      .on(t.campaignId, t.kind, t.organisationId)
      .where(sql`${t.companyId} is null`),
    uniqueIndex('campaign_forms_evaluation_idx')
      .on(t.campaignId, t.kind, t.organisationId, t.companyId)
      .where(sql`${t.companyId} is not null`),
    index('campaign_forms_campaign_idx').on(t.campaignId, t.kind, t.status),
    index('campaign_forms_company_idx').on(t.companyId),
  ],
)

/** Scanned, stamped PDFs (纸质件盖章后扫描成PDF) and other attachments of a form. */
export const campaignFormAttachments = pgTable(
  'campaign_form_attachments',
  {
    id: id(),
    formId: uuid('form_id')
      .notNull()
      .references(() => campaignForms.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    addedBy: uuid('added_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('campaign_form_attachments_file_idx').on(t.formId, t.fileId)],
)

/** The deadline of each form in a campaign (seed 000: 自查报告 4月30日前, 评价表和工作总结 6月25日前). */
export const campaignFormDeadlines = pgTable(
  'campaign_form_deadlines',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: campaignFormKind('kind').notNull(),
    dueAt: ts('due_at').notNull(),
    /** Reminders go out this many days before the deadline (0: none). */
    remindDaysBefore: integer('remind_days_before').notNull().default(3),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.kind] })],
)

/** A reminder recorded for an organisation that had not filed a form when its reminder fell due. */
export const campaignFormReminders = pgTable(
  'campaign_form_reminders',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: campaignFormKind('kind').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    dueAt: ts('due_at').notNull(),
    remindedAt: ts('reminded_at').notNull(),
  },
  (t) => [
    uniqueIndex('campaign_form_reminders_once_idx').on(t.campaignId, t.kind, t.organisationId, t.dueAt),
    index('campaign_form_reminders_org_idx').on(t.organisationId, t.remindedAt),
  ],
)
