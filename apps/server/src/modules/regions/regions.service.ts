import { randomUUID } from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { visibleRegionsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { inTransaction, queryRows } from '../../db/transaction'
import { organisations, regions, users } from '../../db/schema'
import { AppError, conflict, notFound, validationFailed } from '../../http/errors'
import { changedFields, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { TCreateRegionRequest, TRegion, TUpdateRegionRequest } from './regions.schemas'

const PARENT_LEVEL = { province: null, city: 'province', district: 'city' } as const

type RegionRow = typeof regions.$inferSelect

export function presentRegion(row: RegionRow): TRegion {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    code: row.code,
    level: row.level,
    path: row.path,
    version: row.version,
  }
}

export class RegionsService {
  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  async list(ctx: RequestContext): Promise<TRegion[]> {
    const actor = requireActor(ctx)
    const rows = await this.deps.database.db
      .select()
      .from(regions)
      .where(visibleRegionsCondition(actor))
      .orderBy(asc(regions.path))
    return rows.map(presentRegion)
  }

  async get(ctx: RequestContext, id: string): Promise<TRegion> {
    const actor = requireActor(ctx)
    const [row] = await this.deps.database.db
      .select()
      .from(regions)
      .where(and(eq(regions.id, id), visibleRegionsCondition(actor)))
    if (!row) throw notFound('行政区划 region ')
    return presentRegion(row)
  }

  /** Used by the CLI and the demo loader as well as the API. */
  async create(ctx: RequestContext, input: TCreateRegionRequest, outer?: Tx): Promise<TRegion> {
    return inTransaction(this.deps.database, outer, async (tx) => {
      let parentPath = '/'
      if (input.parentId) {
        const [parent] = await tx.select().from(regions).where(eq(regions.id, input.parentId))
        if (!parent)
          throw validationFailed([
            { path: 'body.parentId', message: '上级行政区划不存在 (no such parent region)' },
          ])
        if (PARENT_LEVEL[input.level] !== parent.level)
          throw validationFailed([
            {
              path: 'body.level',
              message: `${input.level} 不能位于 ${parent.level} 之下 (a ${input.level} cannot sit under a ${parent.level})`,
            },
          ])
        parentPath = parent.path
      } else if (input.level !== 'province' && input.level !== 'city') {
        throw validationFailed([
          { path: 'body.parentId', message: '区县须有上级 (a district needs a parent)' },
        ])
      }
      const id = randomUUID()
      const [row] = await tx
        .insert(regions)
        .values({
          id,
          parentId: input.parentId,
          name: input.name,
          code: input.code ?? null,
          level: input.level,
          path: `${parentPath}${id}/`,
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'region.created',
        objectType: 'region',
        objectId: id,
        summary: { name: input.name, level: input.level, code: input.code ?? null, parentId: input.parentId },
      })
      return presentRegion(row!)
    })
  }

  async update(ctx: RequestContext, id: string, input: TUpdateRegionRequest): Promise<TRegion> {
    requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const [before] = await tx.select().from(regions).where(eq(regions.id, id)).for('update')
      if (!before) throw notFound('行政区划 region ')
      if (before.version !== input.version) throw conflict()
      const patch = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.code !== undefined ? { code: input.code } : {}),
      }
      const [row] = await tx
        .update(regions)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${regions.version} + 1` })
        .where(eq(regions.id, id))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'region.updated',
        objectType: 'region',
        objectId: id,
        summary: changedFields(before, patch, ['name', 'code']),
      })
      return presentRegion(row!)
    })
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const [region] = await tx.select().from(regions).where(eq(regions.id, id)).for('update')
      if (!region) throw notFound('行政区划 region ')
      const [usage] = await queryRows<{ children: number; orgs: number; members: number }>(
        tx,
        sql`select (select count(*)::int from ${regions} where ${regions.parentId} = ${id}) as children,
                   (select count(*)::int from ${organisations} where ${organisations.regionId} = ${id}) as orgs,
                   (select count(*)::int from ${users} where ${users.regionId} = ${id}) as members`,
      )
      if (usage && (usage.children > 0 || usage.orgs > 0 || usage.members > 0))
        throw new AppError(
          'CONFLICT',
          `该行政区划仍有下级 ${usage.children} 个、单位 ${usage.orgs} 个、用户 ${usage.members} 个，不能删除 (still in use)`,
        )
      await tx.delete(regions).where(eq(regions.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'region.deleted',
        objectType: 'region',
        objectId: id,
        summary: { name: region.name },
      })
    })
  }
}
