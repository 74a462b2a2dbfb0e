import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { campaigns, teams } from './campaigns'
import { createdAt, id, ts, updatedAt, version } from './common'

/**
 * Figures of the testing-company standard entered by a regulator for a team (SPEC §4.3: from the gateway when it
 * ran, by hand otherwise). A null figure is not entered; the gateway's figure (or 0) is used.
 */
export const teamMetricEntries = pgTable(
  'team_metric_entries',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** 有效工作时间: 10-minute slots with testing activity. */
    activeSlots: integer('active_slots'),
    /** 有效测试范围: distinct in-scope assets tested. */
    assetsTested: integer('assets_tested'),
    /** 人工测试投入: manual requests (or another count of manual work the regulator records). */
    manualRequests: integer('manual_requests'),
    note: text('note'),
    enteredBy: uuid('entered_by'),
    enteredByName: text('entered_by_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('team_metric_entries_team_idx').on(t.campaignId, t.teamId)],
)

/** 测试行为合规: a violation recorded by hand (seed 000 附件2: 鲁莽操作影响被测系统正常运行 …), −5 each. */
export const manualViolations = pgTable(
  'manual_violations',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    occurredAt: ts('occurred_at').notNull(),
    description: text('description').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name'),
    /** Struck out by a regulator (with a reason): no longer deducted, kept for the record. */
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [index('manual_violations_team_idx').on(t.campaignId, t.teamId)],
)
