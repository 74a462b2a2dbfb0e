import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts, updatedAt, version } from './common'
import { organisationCategory, organisations } from './organisations'
import { regions } from './regions'
import { users } from './users'

/** draft 筹备中 · active 进行中 · closed 已结束 */
export const campaignStatus = pgEnum('campaign_status', ['draft', 'active', 'closed'])

/** The phases of a 专项行动 (seeds 000, 001), in their order. */
export const campaignPhaseKind = pgEnum('campaign_phase_kind', [
  'asset_census', // 资产普查
  'self_inspection', // 自查整改
  'testing', // 集中检查 / 远程技术检测 (the testing window)
  'rectification', // 通报整改
  'retest', // 复测复查
  'summary', // 复盘总结
])

/** 专项行动: one year's special action of a region, with the standards that will score it. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    status: campaignStatus('status').notNull().default('draft'),
    /** The template the phases came from (`wangan-2022-changzhou`, `wangan-2021-yixing`, `blank`). */
    template: text('template').notNull(),
    description: text('description'),
    /** 被检测单位评分标准: a rule-set id of @wangan/rules/scoring and its parameter overrides. */
    unitStandardId: text('unit_standard_id').notNull(),
    unitStandardParams: jsonb('unit_standard_params')
      .$type<Record<string, number | string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** 技术支撑机构评分标准. */
    teamStandardId: text('team_standard_id').notNull(),
    teamStandardParams: jsonb('team_standard_params')
      .$type<Record<string, number | string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The testing window: submissions (and the gateway) only in [starts, ends). Mirrors the `testing` phase. */
    testingStartsAt: ts('testing_starts_at').notNull(),
    testingEndsAt: ts('testing_ends_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    activatedAt: ts('activated_at'),
    closedAt: ts('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('campaigns_region_idx').on(t.regionId),
    uniqueIndex('campaigns_region_name_idx').on(t.regionId, t.name),
  ],
)

/** A phase of a campaign with its dates; `ends_at` is the deadline (截止时间). */
export const campaignPhases = pgTable(
  'campaign_phases',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: campaignPhaseKind('kind').notNull(),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    startsAt: ts('starts_at'),
    endsAt: ts('ends_at').notNull(),
    notes: text('notes'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('campaign_phases_kind_idx').on(t.campaignId, t.kind)],
)

/** 被检测单位: an organisation of the registry taken into a campaign, with its name and category as they were then. */
export const campaignTargets = pgTable(
  'campaign_targets',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    organisationName: text('organisation_name').notNull(),
    organisationCategory: organisationCategory('organisation_category').notNull(),
    creditCode: text('credit_code'),
    isIndustryRegulator: boolean('is_industry_regulator').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_targets_org_idx').on(t.campaignId, t.organisationId),
    index('campaign_targets_organisation_idx').on(t.organisationId),
  ],
)

/** 网络安全技术支撑机构名录 of a region (seed 000 附件3): the companies its campaigns may engage. */
export const testingCompanies = pgTable(
  'testing_companies',
  {
    id: id(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('testing_companies_region_name_idx').on(t.regionId, t.name)],
)

/** 检测队: a company's team in one campaign. Members are users whose `team_id` points here. */
export const teams = pgTable(
  'teams',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    companyId: uuid('company_id')
      .notNull()
      .references(() => testingCompanies.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    leadUserId: uuid('lead_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('teams_campaign_name_idx').on(t.campaignId, t.name),
    index('teams_company_idx').on(t.companyId),
  ],
)

/** Optional assignment of a campaign's targets to teams; a team with assignments tests only those. */
export const teamTargets = pgTable(
  'team_targets',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignTargetId: uuid('campaign_target_id')
      .notNull()
      .references(() => campaignTargets.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('team_targets_pk_idx').on(t.teamId, t.campaignTargetId),
    index('team_targets_target_idx').on(t.campaignTargetId),
  ],
)
