import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, ts, updatedAt, version } from './common'
import { users } from './users'

// The supervised testing gateway (SPEC §5). Campaign and team ids name rows of the campaigns module without foreign
// keys on the record tables: audit records outlive anything they mention and are written in bulk.

/** A tester's gateway credential: the token itself is shown once; only its SHA-256 is kept. */
export const gatewayTokens = pgTable(
  'gateway_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters after `wgt_`, to tell tokens apart in lists. */
    hint: text('hint').notNull(),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
    revokeReason: text('revoke_reason'),
    /** The token that replaced this one when it was rotated. */
    replacedBy: uuid('replaced_by'),
  },
  (t) => [
    uniqueIndex('gateway_tokens_hash_idx').on(t.tokenHash),
    index('gateway_tokens_user_idx').on(t.userId),
    index('gateway_tokens_campaign_idx').on(t.campaignId),
  ],
)

/**
 * Audit records, stored as they are written: in batches, one row per tester per batch, the records of the batch as a
 * JSON array of arrays (fields in RECORD_FIELDS order, see modules/gateway/record-packs.ts). A value costs the
 * database per column, so one text value per batch instead of 27 per record is what lets the gateway record every
 * request at full speed on the embedded database. The id is the first record's id (made by the gateway), so a batch
 * written twice after an unclear failure is written once.
 */
export const gatewayRecordPacks = pgTable(
  'gateway_record_packs',
  {
    id: uuid('id').primaryKey(),
    /** Null for refusals before authentication. */
    campaignId: uuid('campaign_id'),
    teamId: uuid('team_id'),
    userId: uuid('user_id'),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
    count: integer('count').notNull(),
    refused: integer('refused').notNull(),
    format: smallint('format').notNull(),
    records: text('records').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('gateway_record_packs_campaign_idx').on(t.campaignId, t.lastAt),
    index('gateway_record_packs_team_idx').on(t.teamId, t.lastAt),
    index('gateway_record_packs_user_idx').on(t.userId, t.lastAt),
  ],
)

/** Allowed in-scope requests per team, 10-minute slot and asset, kept with the records in the same statement: the
 * team metrics of the testing-company standard (有效工作时间, 有效测试范围, 人工测试投入) read this. */
export const gatewayActivity = pgTable(
  'gateway_activity',
  {
    campaignId: uuid('campaign_id').notNull(),
    teamId: uuid('team_id').notNull(),
    /** Start of the 10-minute slot, in seconds since the epoch. */
    slot: bigint('slot', { mode: 'number' }).notNull(),
    assetId: uuid('asset_id').notNull(),
    requests: integer('requests').notNull(),
    manualRequests: integer('manual_requests').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.teamId, t.slot, t.assetId] })],
)

/** pending 待确认 · confirmed 已确认（计入合规扣分） · dismissed 已驳回 */
export const gatewayViolationStatus = pgEnum('gateway_violation_status', [
  'pending',
  'confirmed',
  'dismissed',
])

/** 违规行为 seen by the gateway, for a regulator to confirm or dismiss. */
export const gatewayViolations = pgTable(
  'gateway_violations',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id').notNull(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    severity: text('severity').notNull(),
    target: text('target').notNull(),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
    hitCount: integer('hit_count').notNull(),
    evidence: jsonb('evidence').$type<unknown[]>().notNull(),
    status: gatewayViolationStatus('status').notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    index('gateway_violations_campaign_idx').on(t.campaignId, t.status),
    index('gateway_violations_team_idx').on(t.teamId),
  ],
)

export const gatewayPauseSubject = pgEnum('gateway_pause_subject', ['tester', 'team'])

/** A regulator's pause of a tester or a whole team; in force until resumed. */
export const gatewayPauses = pgTable(
  'gateway_pauses',
  {
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    subject: gatewayPauseSubject('subject').notNull(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id'),
    reason: text('reason').notNull(),
    pausedBy: uuid('paused_by'),
    pausedAt: ts('paused_at').notNull(),
    resumedBy: uuid('resumed_by'),
    resumedAt: ts('resumed_at'),
  },
  (t) => [
    index('gateway_pauses_campaign_idx').on(t.campaignId),
    index('gateway_pauses_open_idx').on(t.resumedAt),
  ],
)

/** A campaign's gateway settings: interception (off by default) with the campaign CA, DNS policy, violation rules. */
export const gatewayCampaignSettings = pgTable('gateway_campaign_settings', {
  campaignId: uuid('campaign_id').primaryKey(),
  interception: boolean('interception').notNull().default(false),
  dnsPolicy: text('dns_policy').notNull().default('strict'),
  /** The campaign's rules; null: the platform's defaults. */
  rules: jsonb('rules').$type<unknown[]>(),
  caCertPem: text('ca_cert_pem'),
  /** The CA's private key, sealed with the data key (AES-256-GCM). */
  caKeySealed: text('ca_key_sealed'),
  caCreatedAt: ts('ca_created_at'),
  updatedBy: uuid('updated_by'),
  updatedAt: updatedAt(),
  version: version(),
})

/** One row, bumped by every change the gateway must act on (tokens, pauses, settings), so a gateway in another
 * process notices within a poll. */
export const gatewayState = pgTable('gateway_state', {
  id: smallint('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  changedAt: ts('changed_at').notNull(),
})

/** Gateway processes and their last heartbeat (status, counters), for a monitor served by another process. */
export const gatewayNodes = pgTable('gateway_nodes', {
  id: text('id').primaryKey(),
  startedAt: ts('started_at').notNull(),
  heartbeatAt: ts('heartbeat_at').notNull(),
  status: jsonb('status').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
})
