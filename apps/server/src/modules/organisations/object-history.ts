// Change history of a registry object, read from the audit trail: the object's own events, and the import event
// that created it (an import of 100,000 rows writes one audit event, not one per row).
import { and, desc, eq, or, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client'
import { auditEvents } from '../../db/schema'
import type { THistoryEvent } from './organisations.schemas'

export async function objectHistory(
  executor: Executor,
  objectType: string,
  objectId: string,
  importId: string | null,
  page: number,
  pageSize: number,
): Promise<{ items: THistoryEvent[]; total: number; page: number; pageSize: number }> {
  const own = and(eq(auditEvents.objectType, objectType), eq(auditEvents.objectId, objectId))
  const where = importId
    ? or(own, and(eq(auditEvents.objectType, 'registry_import'), eq(auditEvents.objectId, importId)))
    : own
  const [rows, [count]] = await Promise.all([
    executor
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.seq))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    executor
      .select({ total: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(where),
  ])
  return {
    items: rows.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actorUsername: e.actorUsername,
      actorRole: e.actorRole,
      action: e.action,
      objectType: e.objectType,
      objectId: e.objectId,
      summary: e.summary,
    })),
    total: Number(count?.total ?? 0),
    page,
    pageSize,
  }
}
