import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from './common'

/** Append-only, hash-chained audit trail. `seq` is gap-free (assigned under an advisory lock), `hash` covers the row's
 * fields and `prev_hash`, so an edited, inserted or deleted row breaks the chain at that point. A trigger (migration
 * 0001) refuses UPDATE, DELETE and TRUNCATE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_object_idx').on(t.objectType, t.objectId),
    index('audit_events_actor_idx').on(t.actorId),
    index('audit_events_action_idx').on(t.action),
  ],
)
