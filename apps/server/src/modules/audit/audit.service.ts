import { and, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { auditEvents } from '../../db/schema'
import type { Secrets } from '../../secrets'
import { auditKeyFrom, ChainVerifier, GENESIS_HASH, hashAuditRow, type ChainVerdict } from './audit-chain'

export type AuditInput = {
  /** Dotted verb, `<domain>.<what happened>`: `user.created`, `auth.login_failed`, `finding.verified`. */
  action: string
  objectType: string
  objectId?: string | null
  /** What changed, for a reader: field → [before, after], counts, reasons. Never secrets. */
  summary?: Record<string, unknown>
}

export type AuditFilter = {
  actorId?: string | undefined
  actor?: string | undefined
  action?: string | undefined
  objectType?: string | undefined
  objectId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  page: number
  pageSize: number
}

// Serialises writers of the audit chain for the rest of the transaction (PostgreSQL advisory xact lock).
const AUDIT_LOCK_KEY = 724062

export class AuditService {
  private readonly key: Buffer
  constructor(private readonly deps: { database: Database; clock: Clock; secrets: Secrets }) {
    this.key = auditKeyFrom(deps.secrets.dataKey)
  }

  /** Appends one event inside the caller's transaction: the event exists if and only if the change commits. */
  async record(tx: Tx, ctx: RequestContext, input: AuditInput): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`)
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1)
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: this.deps.clock.now(),
      actorId: ctx.actor?.userId ?? null,
      actorUsername: ctx.actor?.username ?? ctx.systemActor ?? null,
      actorRole: ctx.actor?.role ?? null,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId ?? null,
      summary: input.summary ?? {},
      ip: ctx.ip,
      userAgent: ctx.userAgent ? ctx.userAgent.slice(0, 512) : null,
      requestId: ctx.requestId,
      prevHash: last?.hash ?? GENESIS_HASH,
    }
    await tx.insert(auditEvents).values({ ...row, hash: hashAuditRow(row, this.key) })
  }

  async list(filter: AuditFilter) {
    const conditions: SQL[] = []
    if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId))
    if (filter.actor) conditions.push(ilike(auditEvents.actorUsername, `%${escapeLike(filter.actor)}%`))
    if (filter.action)
      conditions.push(
        or(
          eq(auditEvents.action, filter.action),
          ilike(auditEvents.action, `${escapeLike(filter.action)}.%`),
        )!,
      )
    if (filter.objectType) conditions.push(eq(auditEvents.objectType, filter.objectType))
    if (filter.objectId) conditions.push(eq(auditEvents.objectId, filter.objectId))
    if (filter.from) conditions.push(gte(auditEvents.at, filter.from))
    if (filter.to) conditions.push(lte(auditEvents.at, filter.to))
    const where = conditions.length ? and(...conditions) : undefined
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select()
        .from(auditEvents)
        .where(where)
        .orderBy(desc(auditEvents.seq))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(auditEvents)
        .where(where),
    ])
    return { items: rows, total: Number(count?.total ?? 0) }
  }

  /** Streams the whole trail in pages and checks the chain. */
  async verify(pageSize = 5_000): Promise<ChainVerdict> {
    const verifier = new ChainVerifier(this.key)
    let after = 0
    for (;;) {
      const page = await this.deps.database.db
        .select()
        .from(auditEvents)
        .where(sql`${auditEvents.seq} > ${after}`)
        .orderBy(auditEvents.seq)
        .limit(pageSize)
      for (const row of page) {
        const verdict = verifier.push({ ...row, summary: row.summary })
        if (verdict) return verdict
      }
      if (page.length < pageSize) return verifier.finish()
      after = page[page.length - 1]!.seq
    }
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Field-by-field difference for the audit summary: { field: [before, after] } for fields that changed. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {}
  for (const field of fields) {
    if (!(field in after)) continue
    const a = before[field]
    const b = after[field]
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b
    if (!same) changes[field] = [a ?? null, b ?? null]
  }
  return changes
}
