// Internet assets (互联网资产): the registry, its search by any identifier, matching of targets to assets (for the
// findings and the testing gateway), conflicts between organisations, and history.
import { randomUUID } from 'node:crypto'
import {
  formatReason,
  parseTarget,
  type AssetConflict,
  type AssetMatch,
  type AssetMatcher,
  type Endpoint,
} from '@wangan/rules/registry'
import { and, asc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm'
import { isOwnOrganisation, isRegionInScope, visibleOrganisationsCondition } from '../../access/scope'
import { REGION_ROLES, ORGANISATION_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import { inTransaction } from '../../db/transaction'
import { assetConflictDecisions, assets, organisations, regions } from '../../db/schema'
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../http/errors'
import { changedFields, escapeLike, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { objectHistory } from '../organisations/object-history'
import { canEditRegistryOf, canManageOrganisation } from '../organisations/organisation-access'
import type { OrganisationsService } from '../organisations/organisations.service'
import { assetIdentity, normalisePorts, type AssetIdentity } from './asset-identity'
import { AssetMatcherCache, type MatcherScope } from './asset-matcher-cache'
import type {
  TAsset,
  TAssetConflict,
  TAssetDetail,
  TCreateAssetRequest,
  TListAssetsQuery,
  TSettleConflictRequest,
  TUpdateAssetRequest,
} from './assets.schemas'
import { bumpRegistryVersion } from './registry-version'

type AssetRow = typeof assets.$inferSelect

export function presentAsset(row: AssetRow, organisationName: string): TAsset {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName,
    type: row.type,
    identifier: row.identifier,
    canonical: row.canonical,
    networkKind: row.networkKind,
    path: row.path,
    ports: row.ports,
    name: row.name,
    source: row.source,
    status: row.status,
    informationSystemId: row.informationSystemId,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    retiredAt: row.retiredAt?.toISOString() ?? null,
    version: row.version,
  }
}

export type AssetFilter = Omit<TListAssetsQuery, 'page' | 'pageSize'>

/** A matched target with the asset's organisation. */
export type TargetMatch = AssetMatch

type OrganisationInfo = { id: string; name: string; path: string; regionPath: string }

const NOT_FOUND = '资产 asset '

/** Conflict key: its kind and the sorted ids of the assets involved (a new claimant makes a new conflict). */
export function conflictKey(c: AssetConflict): string {
  const ids =
    c.kind === 'same-identifier' ? c.claims.map((x) => x.assetId) : [c.inner.assetId, c.outer.assetId]
  return `${c.kind}:${[...ids].sort().join(',')}`
}

function claimsOf(c: AssetConflict) {
  return c.kind === 'same-identifier' ? c.claims : [c.inner, c.outer]
}

function identityOrFail(type: TAsset['type'], identifier: string, path: string): AssetIdentity {
  const result = assetIdentity(type, identifier)
  if (!result.ok)
    throw validationFailed([{ path, message: formatReason(result.reason), code: result.reason.code }])
  return result.identity
}

export class AssetsService {
  /** Matchers built over the registry, kept while its version is unchanged. */
  readonly matchers = new AssetMatcherCache()

  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      organisations: OrganisationsService
    },
  ) {}

  // ---------- matching: the API other modules call ----------

  /** A matcher over active assets of active organisations (all of them, or a scope such as a campaign's targets),
   * cached and rebuilt when the registry changes. Pass the transaction when calling from inside one. */
  matcher(scope?: MatcherScope, executor: Executor = this.deps.database.db): Promise<AssetMatcher> {
    return this.matchers.matcher(executor, scope)
  }

  /** The asset (and organisation) a URL, host, IP or IP:port belongs to, or null. */
  async matchTarget(target: string, scope?: MatcherScope, executor?: Executor): Promise<TargetMatch | null> {
    return (await this.matcher(scope, executor)).match(target)
  }

  /** Same for a scanner endpoint already split into host, port, scheme and path. */
  async matchEndpoint(
    endpoint: Endpoint,
    scope?: MatcherScope,
    executor?: Executor,
  ): Promise<TargetMatch | null> {
    return (await this.matcher(scope, executor)).matchEndpoint(endpoint)
  }

  /** For the UI: the match among the assets the caller may see. */
  async matchForActor(ctx: RequestContext, target: string) {
    const actor = requireActor(ctx)
    const found = await this.matchTarget(target)
    if (!found) return { match: null }
    const [row] = await this.deps.database.db
      .select({ asset: assets, organisationName: organisations.name })
      .from(assets)
      .innerJoin(organisations, eq(organisations.id, assets.organisationId))
      .where(and(eq(assets.id, found.assetId), visibleOrganisationsCondition(actor)))
    if (!row) return { match: null }
    return {
      match: {
        kind: found.kind,
        matched: found.matched,
        asset: presentAsset(row.asset, row.organisationName),
      },
    }
  }

  /** Active assets per organisation (with their subordinate units' by default): the census and scoring count. */
  async countActive(
    organisationIds: readonly string[],
    options: { includeSubordinates?: boolean; executor?: Executor } = {},
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>(organisationIds.map((id) => [id, 0]))
    if (organisationIds.length === 0) return counts
    const executor = options.executor ?? this.deps.database.db
    const tops = await executor
      .select({ id: organisations.id, path: organisations.path })
      .from(organisations)
      .where(inArray(organisations.id, [...organisationIds]))
    for (const top of tops) {
      const [row] = await executor
        .select({ n: sql<number>`count(*)::int` })
        .from(assets)
        .innerJoin(organisations, eq(organisations.id, assets.organisationId))
        .where(
          and(
            eq(assets.status, 'active'),
            options.includeSubordinates === false
              ? eq(assets.organisationId, top.id)
              : sql`${organisations.path} like ${`${top.path}%`}`,
          ),
        )
      counts.set(top.id, Number(row?.n ?? 0))
    }
    return counts
  }

  // ---------- reading ----------

  private async filterConditions(actor: Actor, query: Partial<AssetFilter>): Promise<SQL[]> {
    const conditions: SQL[] = [visibleOrganisationsCondition(actor)]
    if (query.organisationId) {
      if (query.includeSubordinates === 'true')
        conditions.push(
          sql`${organisations.path} like (select o.path || '%' from organisations o where o.id = ${query.organisationId})`,
        )
      else conditions.push(eq(assets.organisationId, query.organisationId))
    }
    if (query.regionId)
      conditions.push(
        sql`${organisations.regionId} in (select ${regions.id} from ${regions} where ${regions.path} like (select ${regions.path} || '%' from ${regions} where ${regions.id} = ${query.regionId}))`,
      )
    if (query.type) conditions.push(eq(assets.type, query.type))
    if (query.status) conditions.push(eq(assets.status, query.status))
    if (query.source) conditions.push(eq(assets.source, query.source))
    if (query.q) conditions.push(await this.searchCondition(query.q))
    return conditions
  }

  /** Search by any identifier: text anywhere in identifier, canonical form or name; a URL or host is parsed and its
   * owning asset found by the matcher (wildcards, parent domains, networks); an IP also finds every network holding it. */
  private async searchCondition(q: string): Promise<SQL> {
    const pattern = `%${escapeLike(q)}%`
    const any: SQL[] = [
      ilike(assets.identifier, pattern),
      ilike(assets.canonical, pattern),
      ilike(assets.name, pattern),
    ]
    const parsed = parseTarget(q)
    if (parsed.ok) {
      const { host, hostKind } = parsed.target
      any.push(eq(assets.canonical, host))
      if (hostKind !== 'domain') any.push(sql`${assets.network} >>= ${host}::inet`)
      const found = await this.matchTarget(q)
      if (found) any.push(eq(assets.id, found.assetId))
    }
    return or(...any)!
  }

  async list(ctx: RequestContext, query: TListAssetsQuery) {
    const actor = requireActor(ctx)
    const where = and(...(await this.filterConditions(actor, query)))
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select({ asset: assets, organisationName: organisations.name })
        .from(assets)
        .innerJoin(organisations, eq(organisations.id, assets.organisationId))
        .where(where)
        .orderBy(asc(organisations.name), asc(assets.type), asc(assets.canonical), asc(assets.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(assets)
        .innerJoin(organisations, eq(organisations.id, assets.organisationId))
        .where(where),
    ])
    return {
      items: rows.map((r) => presentAsset(r.asset, r.organisationName)),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  /** The filtered list page by page, for exports. */
  async *iterate(ctx: RequestContext, query: Partial<AssetFilter>, pageSize = 5_000) {
    const actor = requireActor(ctx)
    const where = and(...(await this.filterConditions(actor, query)))
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.deps.database.db
        .select({ asset: assets, organisationName: organisations.name, creditCode: organisations.creditCode })
        .from(assets)
        .innerJoin(organisations, eq(organisations.id, assets.organisationId))
        .where(where)
        .orderBy(asc(organisations.name), asc(assets.type), asc(assets.canonical), asc(assets.id))
        .limit(pageSize)
        .offset(offset)
      for (const r of rows) yield { ...presentAsset(r.asset, r.organisationName), creditCode: r.creditCode }
      if (rows.length < pageSize) return
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TAssetDetail> {
    const actor = requireActor(ctx)
    const [row] = await this.deps.database.db
      .select({
        asset: assets,
        organisationName: organisations.name,
        path: organisations.path,
        regionPath: regions.path,
      })
      .from(assets)
      .innerJoin(organisations, eq(organisations.id, assets.organisationId))
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .where(and(eq(assets.id, id), visibleOrganisationsCondition(actor)))
    if (!row) throw notFound(NOT_FOUND)
    const identity = assetIdentity(row.asset.type, row.asset.identifier)
    const conflicts = row.asset.status === 'active' ? await this.conflictsOf(actor, id) : []
    return {
      ...presentAsset(row.asset, row.organisationName),
      conflicts,
      normalisationNotes: identity.ok ? identity.identity.notes : [],
      canEdit: canEditRegistryOf(actor, { path: row.path, regionPath: row.regionPath }),
    }
  }

  async history(ctx: RequestContext, id: string, page: number, pageSize: number) {
    const actor = requireActor(ctx)
    const [row] = await this.deps.database.db
      .select({ importId: assets.importId })
      .from(assets)
      .innerJoin(organisations, eq(organisations.id, assets.organisationId))
      .where(and(eq(assets.id, id), visibleOrganisationsCondition(actor)))
    if (!row) throw notFound(NOT_FOUND)
    return objectHistory(this.deps.database.db, 'asset', id, row.importId, page, pageSize)
  }

  // ---------- writing ----------

  /** Registers an asset. Findings call it with `source: 'discovered'` (and their transaction) for an asset found
   * during testing; a system context (no actor) may write to any organisation. */
  async create(ctx: RequestContext, input: TCreateAssetRequest, options: { tx?: Tx } = {}): Promise<TAsset> {
    const actor = ctx.actor
    const identity = identityOrFail(input.type, input.identifier, 'body.identifier')
    const ports = normalisePorts(input.ports, identity.writtenPort)
    const source =
      actor && ORGANISATION_ROLES.includes(actor.role) ? 'self_reported' : (input.source ?? 'self_reported')
    return inTransaction(this.deps.database, options.tx, async (tx) => {
      const org = await this.deps.organisations.loadForWrite(tx, actor, input.organisationId, 'registry')
      if (org.status !== 'active')
        throw validationFailed([
          { path: 'body.organisationId', message: '单位已停用，不能登记资产 (the organisation is inactive)' },
        ])
      await this.assertNotRegistered(tx, org.id, input.type, identity.identityKey, 'body.identifier')
      const id = randomUUID()
      const now = this.deps.clock.now()
      const [row] = await tx
        .insert(assets)
        .values({
          id,
          organisationId: org.id,
          type: input.type,
          identifier: input.identifier.trim(),
          canonical: identity.canonical,
          identityKey: identity.identityKey,
          networkKind: identity.networkKind,
          network: identity.network,
          path: identity.path,
          ports,
          name: input.name ?? null,
          source,
          informationSystemId: input.informationSystemId ?? null,
          notes: input.notes ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      await bumpRegistryVersion(tx)
      await this.deps.audit.record(tx, ctx, {
        action: 'asset.created',
        objectType: 'asset',
        objectId: id,
        summary: {
          organisationId: org.id,
          organisationName: org.name,
          type: input.type,
          canonical: identity.canonical,
          source,
          ...(identity.notes.length ? { notes: identity.notes } : {}),
        },
      })
      return presentAsset(row!, org.name)
    })
  }

  async update(ctx: RequestContext, id: string, input: TUpdateAssetRequest): Promise<TAsset> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadForWrite(tx, actor, id)
      if (before.version !== input.version) throw conflict()
      let owner = before.organisation
      if (input.organisationId !== undefined && input.organisationId !== before.organisationId) {
        owner = await this.deps.organisations
          .loadForWrite(tx, actor, input.organisationId, 'registry')
          .catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'NOT_FOUND')
              throw validationFailed([
                { path: 'body.organisationId', message: '单位不存在 (no such organisation)' },
              ])
            throw error
          })
        if (owner.status !== 'active')
          throw validationFailed([
            { path: 'body.organisationId', message: '单位已停用 (the organisation is inactive)' },
          ])
      }
      const type = input.type ?? before.type
      const identifierChanged = input.identifier !== undefined || input.type !== undefined
      const identity = identifierChanged
        ? identityOrFail(type, input.identifier ?? before.identifier, 'body.identifier')
        : null
      const patch: Partial<AssetRow> = {}
      if (owner.id !== before.organisationId) patch.organisationId = owner.id
      if (input.type !== undefined) patch.type = input.type
      if (input.identifier !== undefined) patch.identifier = input.identifier.trim()
      if (identity) {
        patch.canonical = identity.canonical
        patch.identityKey = identity.identityKey
        patch.networkKind = identity.networkKind
        patch.network = identity.network
        patch.path = identity.path
      }
      if (input.ports !== undefined || identity?.writtenPort)
        patch.ports = normalisePorts(
          input.ports !== undefined ? input.ports : before.ports,
          identity?.writtenPort ?? null,
        )
      if (input.name !== undefined) patch.name = input.name
      if (input.informationSystemId !== undefined) patch.informationSystemId = input.informationSystemId
      if (input.notes !== undefined) patch.notes = input.notes
      if (patch.organisationId !== undefined || patch.identityKey !== undefined || patch.type !== undefined)
        await this.assertNotRegistered(
          tx,
          patch.organisationId ?? before.organisationId,
          type,
          patch.identityKey ?? before.identityKey,
          'body.identifier',
          id,
        )
      const [row] = await tx
        .update(assets)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${assets.version} + 1` })
        .where(eq(assets.id, id))
        .returning()
      await bumpRegistryVersion(tx)
      await this.deps.audit.record(tx, ctx, {
        action: patch.organisationId ? 'asset.transferred' : 'asset.updated',
        objectType: 'asset',
        objectId: id,
        summary: changedFields(before, patch, [
          'organisationId',
          'type',
          'identifier',
          'canonical',
          'ports',
          'name',
          'informationSystemId',
          'notes',
        ]),
      })
      return presentAsset(row!, owner.name)
    })
  }

  async setStatus(
    ctx: RequestContext,
    id: string,
    status: 'active' | 'retired',
    version: number,
    reason: string | null = null,
  ): Promise<TAsset> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadForWrite(tx, actor, id)
      if (before.version !== version) throw conflict()
      if (status === 'active' && before.organisation.status !== 'active')
        throw validationFailed([
          { path: 'body', message: '单位已停用，不能恢复资产 (the organisation is inactive)' },
        ])
      const row = await this.writeStatus(tx, ctx, before, status, reason)
      return presentAsset(row, before.organisation.name)
    })
  }

  private async writeStatus(
    tx: Tx,
    ctx: RequestContext,
    before: AssetRow,
    status: 'active' | 'retired',
    reason: string | null,
  ): Promise<AssetRow> {
    const now = this.deps.clock.now()
    const [row] = await tx
      .update(assets)
      .set({
        status,
        retiredAt: status === 'retired' ? now : null,
        updatedAt: now,
        version: sql`${assets.version} + 1`,
      })
      .where(eq(assets.id, before.id))
      .returning()
    await bumpRegistryVersion(tx)
    await this.deps.audit.record(tx, ctx, {
      action: status === 'retired' ? 'asset.retired' : 'asset.reactivated',
      objectType: 'asset',
      objectId: before.id,
      summary: {
        canonical: before.canonical,
        status: [before.status, status],
        ...(reason ? { reason } : {}),
      },
    })
    return row!
  }

  private async loadForWrite(
    tx: Tx,
    actor: Actor,
    id: string,
  ): Promise<AssetRow & { organisation: Awaited<ReturnType<OrganisationsService['loadForWrite']>> }> {
    const [row] = await tx
      .select({ asset: assets })
      .from(assets)
      .innerJoin(organisations, eq(organisations.id, assets.organisationId))
      .where(and(eq(assets.id, id), visibleOrganisationsCondition(actor)))
    if (!row) throw notFound(NOT_FOUND)
    const organisation = await this.deps.organisations.loadForWrite(
      tx,
      actor,
      row.asset.organisationId,
      'registry',
    )
    const [locked] = await tx.select().from(assets).where(eq(assets.id, id)).for('update')
    return { ...locked!, organisation }
  }

  private async assertNotRegistered(
    tx: Tx,
    organisationId: string,
    type: TAsset['type'],
    identityKey: string,
    path: string,
    exceptId?: string,
  ): Promise<void> {
    const [existing] = await tx
      .select({ id: assets.id, status: assets.status })
      .from(assets)
      .where(
        and(
          eq(assets.organisationId, organisationId),
          eq(assets.type, type),
          eq(assets.identityKey, identityKey),
          exceptId ? ne(assets.id, exceptId) : undefined,
        ),
      )
    if (existing)
      throw new AppError(
        'CONFLICT',
        existing.status === 'retired'
          ? `该单位已登记此资产，但已停用；请恢复原资产 (already registered and retired: reactivate asset ${existing.id})`
          : '该单位已登记此资产 (this organisation already registered this asset)',
        [{ path, message: '资产已登记 (already registered)', code: 'duplicate' }],
      )
  }

  // ---------- conflicts ----------

  private async organisationInfo(
    executor: Executor,
    ids: readonly string[],
  ): Promise<Map<string, OrganisationInfo>> {
    const map = new Map<string, OrganisationInfo>()
    const unique = [...new Set(ids)]
    for (let i = 0; i < unique.length; i += 5_000) {
      const rows = await executor
        .select({
          id: organisations.id,
          name: organisations.name,
          path: organisations.path,
          regionPath: regions.path,
        })
        .from(organisations)
        .innerJoin(regions, eq(regions.id, organisations.regionId))
        .where(inArray(organisations.id, unique.slice(i, i + 5_000)))
      for (const r of rows) map.set(r.id, r)
    }
    return map
  }

  private sees(actor: Actor, org: OrganisationInfo | undefined): boolean {
    if (!org) return false
    if (actor.role === 'admin') return true
    if (REGION_ROLES.includes(actor.role)) return isRegionInScope(actor, org.regionPath)
    if (ORGANISATION_ROLES.includes(actor.role)) return isOwnOrganisation(actor, org.path)
    return false
  }

  /** Conflicts that matter: an address of a subordinate unit inside its parent's network is the normal case. */
  private async presentConflicts(
    actor: Actor,
    conflicts: readonly AssetConflict[],
  ): Promise<TAssetConflict[]> {
    const orgs = await this.organisationInfo(
      this.deps.database.db,
      conflicts.flatMap((c) => claimsOf(c).map((x) => x.organisationId)),
    )
    const related = (a: string, b: string) => {
      const x = orgs.get(a)
      const y = orgs.get(b)
      return !!x && !!y && (x.path.startsWith(y.path) || y.path.startsWith(x.path))
    }
    const relevant = conflicts.filter(
      (c) =>
        !(c.kind === 'cidr-overlap' && related(c.inner.organisationId, c.outer.organisationId)) &&
        claimsOf(c).some((x) => this.sees(actor, orgs.get(x.organisationId))),
    )
    const keys = relevant.map(conflictKey)
    const decisions = new Map<string, typeof assetConflictDecisions.$inferSelect>()
    for (let i = 0; i < keys.length; i += 1_000) {
      const rows = await this.deps.database.db
        .select()
        .from(assetConflictDecisions)
        .where(inArray(assetConflictDecisions.key, keys.slice(i, i + 1_000)))
      for (const r of rows) decisions.set(r.key, r)
    }
    return relevant.map((c) => {
      const key = conflictKey(c)
      const decision = decisions.get(key)
      const claims = claimsOf(c).map((x) => {
        const org = orgs.get(x.organisationId)
        const visible = this.sees(actor, org)
        return {
          assetId: x.assetId,
          organisationId: visible ? x.organisationId : null,
          organisationName: visible ? (org?.name ?? null) : null,
          identifier: x.identifier,
        }
      })
      return {
        key,
        kind: c.kind,
        identifier: c.kind === 'same-identifier' ? c.identifier : c.inner.identifier,
        claims,
        decision: decision
          ? {
              decision: decision.decision,
              keptAssetId: decision.keptAssetId,
              note: decision.note,
              decidedAt: decision.decidedAt.toISOString(),
            }
          : null,
        canSettle: claimsOf(c).every((x) => {
          const org = orgs.get(x.organisationId)
          return !!org && canManageOrganisation(actor, org)
        }),
      }
    })
  }

  private async conflictsOf(actor: Actor, assetId: string): Promise<TAssetConflict[]> {
    const all = await this.matchers.conflicts(this.deps.database.db)
    return this.presentConflicts(
      actor,
      all.filter((c) => claimsOf(c).some((x) => x.assetId === assetId)),
    )
  }

  async listConflicts(
    ctx: RequestContext,
    query: { status: 'open' | 'settled' | 'all'; page: number; pageSize: number },
  ) {
    const actor = requireActor(ctx)
    const all = await this.matchers.conflicts(this.deps.database.db)
    const presented = (await this.presentConflicts(actor, all)).filter((c) =>
      query.status === 'all' ? true : query.status === 'open' ? c.decision === null : c.decision !== null,
    )
    return {
      items: presented.slice((query.page - 1) * query.pageSize, query.page * query.pageSize),
      total: presented.length,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  /** A regulator settles a conflict: both claims stand (shared hosting, a shared egress), or one asset is kept and
   * the other claims are retired. Needs the right to manage every organisation involved. */
  async settleConflict(ctx: RequestContext, input: TSettleConflictRequest): Promise<TAssetConflict> {
    const actor = requireActor(ctx)
    const all = await this.matchers.conflicts(this.deps.database.db)
    const found = all.find((c) => conflictKey(c) === input.key)
    const [presented] = found ? await this.presentConflicts(actor, [found]) : []
    if (!found || !presented) throw notFound('资产冲突 asset conflict ')
    if (!presented.canSettle)
      throw forbidden(
        '冲突涉及您管辖范围以外的单位，须由上级监管部门处理 (involves organisations outside your jurisdiction)',
      )
    if (presented.decision) throw new AppError('CONFLICT', '该冲突已处理 (this conflict is already settled)')
    const claims = claimsOf(found)
    if (input.decision === 'assigned' && !claims.some((c) => c.assetId === input.keptAssetId))
      throw validationFailed([
        { path: 'body.keptAssetId', message: '须指定保留冲突中的哪一项资产 (name the asset to keep)' },
      ])
    await this.deps.database.db.transaction(async (tx) => {
      await tx.insert(assetConflictDecisions).values({
        key: input.key,
        kind: found.kind,
        identifier: presented.identifier,
        assetIds: claims.map((c) => c.assetId),
        decision: input.decision,
        keptAssetId: input.decision === 'assigned' ? (input.keptAssetId ?? null) : null,
        note: input.note ?? null,
        decidedBy: actor.userId,
        decidedAt: this.deps.clock.now(),
      })
      for (const claim of claims) {
        const [row] = await tx.select().from(assets).where(eq(assets.id, claim.assetId)).for('update')
        if (!row) continue
        await this.deps.audit.record(tx, ctx, {
          action: 'asset.conflict_settled',
          objectType: 'asset',
          objectId: claim.assetId,
          summary: {
            key: input.key,
            decision: input.decision,
            keptAssetId: input.keptAssetId ?? null,
            note: input.note ?? null,
          },
        })
        if (input.decision === 'assigned' && claim.assetId !== input.keptAssetId && row.status === 'active')
          await this.writeStatus(
            tx,
            ctx,
            row,
            'retired',
            '冲突处理：归属其他单位 (conflict settled for another organisation)',
          )
      }
      await bumpRegistryVersion(tx)
    })
    const decided = await this.deps.database.db
      .select()
      .from(assetConflictDecisions)
      .where(eq(assetConflictDecisions.key, input.key))
    const d = decided[0]!
    return {
      ...presented,
      decision: {
        decision: d.decision,
        keptAssetId: d.keptAssetId,
        note: d.note,
        decidedAt: d.decidedAt.toISOString(),
      },
    }
  }
}
