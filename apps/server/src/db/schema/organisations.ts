import {
  type AnyPgColumn,
  boolean,
  index,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common'
import { regions } from './regions'

/** The five categories of seed 001 附件1, plus `other`. */
export const organisationCategory = pgEnum('organisation_category', [
  'district', // 辖市区
  'party_government', // 市级党政机关及其管理单位
  'mass_organisation', // 市群团组织
  'news_media', // 市主要新闻单位
  'state_enterprise', // 市属国有企业
  'other',
])

export const organisationStatus = pgEnum('organisation_status', ['active', 'inactive'])

/** 单位: a supervised organisation. Subordinate units (直属单位) point at their parent. */
export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    creditCode: text('credit_code'),
    category: organisationCategory('category').notNull(),
    isIndustryRegulator: boolean('is_industry_regulator').notNull().default(false),
    parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id, { onDelete: 'restrict' }),
    /** Chain of ids from the top parent down to this organisation, `/a/b/`, so "this unit and its subordinate
     * units" is one prefix match. */
    path: text('path').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    status: organisationStatus('status').notNull().default('active'),
    address: text('address'),
    notes: text('notes'),
    /** The registry import that created this row (its audit event stands for the row's creation). */
    importId: uuid('import_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('organisations_credit_code_idx').on(t.creditCode),
    index('organisations_region_idx').on(t.regionId),
    index('organisations_parent_idx').on(t.parentId),
    index('organisations_name_idx').on(t.name),
    index('organisations_path_idx').on(t.path),
  ],
)

export const contactKind = pgEnum('contact_kind', ['liaison', 'leader'])

/** 网络安全工作联络员 and 单位负责人 of an organisation: who receives notices and escalations. */
export const organisationContacts = pgTable(
  'organisation_contacts',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: contactKind('kind').notNull(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    /** 办公电话, normalised fixed line (0519-85686291). */
    phone: text('phone'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('organisation_contacts_org_idx').on(t.organisationId, t.kind)],
)
