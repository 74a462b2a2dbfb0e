import { index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { assetType } from './assets'
import { createdAt, id, ts, updatedAt, version } from './common'
import { organisations } from './organisations'
import { regions } from './regions'

export const censusRoundStatus = pgEnum('census_round_status', ['open', 'closed'])

/** 资产普查: a round asks organisations to confirm their internet assets by a deadline. Standalone, or part of a
 * campaign: `campaign_id` names it without a foreign key, because the campaigns table belongs to another module. */
export const censusRounds = pgTable(
  'census_rounds',
  {
    id: id(),
    name: text('name').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    campaignId: uuid('campaign_id'),
    deadline: ts('deadline').notNull(),
    status: censusRoundStatus('status').notNull().default('open'),
    notes: text('notes'),
    createdBy: uuid('created_by'),
    closedAt: ts('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('census_rounds_region_idx').on(t.regionId),
    index('census_rounds_campaign_idx').on(t.campaignId),
  ],
)

export const censusParticipantStatus = pgEnum('census_participant_status', ['pending', 'submitted'])

/** An organisation asked to report in a round; it reports its own assets and those of its subordinate units
 * (seed 000/001: 报送本单位及直属单位的互联网资产信息). */
export const censusParticipants = pgTable(
  'census_participants',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => censusRounds.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    status: censusParticipantStatus('status').notNull().default('pending'),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    /** How many times the list was submitted (a resubmission replaces the snapshot; the audit trail keeps each). */
    submissions: integer('submissions').notNull().default(0),
    assetCount: integer('asset_count'),
    statement: text('statement'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.organisationId] }),
    index('census_participants_org_idx').on(t.organisationId),
  ],
)

/** The asset list as submitted: copied, so that later edits do not change what the organisation reported then. */
export const censusSnapshotAssets = pgTable(
  'census_snapshot_assets',
  {
    id: id(),
    roundId: uuid('round_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    /** The unit that owns the asset: the participant or one of its subordinate units. */
    ownerOrganisationId: uuid('owner_organisation_id').notNull(),
    assetId: uuid('asset_id').notNull(),
    type: assetType('type').notNull(),
    identifier: text('identifier').notNull(),
    canonical: text('canonical').notNull(),
    path: text('path'),
    ports: integer('ports').array(),
    name: text('name'),
  },
  (t) => [
    index('census_snapshot_round_org_idx').on(t.roundId, t.organisationId),
    uniqueIndex('census_snapshot_asset_idx').on(t.roundId, t.organisationId, t.assetId),
  ],
)
