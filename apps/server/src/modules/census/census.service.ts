// 资产普查: a round asks organisations to confirm their internet assets (their own and their subordinate units') by a
// deadline. The liaison edits the list through the asset registry and submits it; the submitted list is copied, so
// that "under-reported" (漏报) can later be judged against what the organisation reported then.
import { buildAssetMatcher, type AssetMatcher } from '@wangan/rules/registry'
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { ORGANISATION_ROLES, REGION_ROLES } from '../../access/roles'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import { inTransaction } from '../../db/transaction'
import {
  assets,
  censusParticipants,
  censusRounds,
  censusSnapshotAssets,
  organisationContacts,
  organisations,
  regions,
} from '../../db/schema'
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../http/errors'
import { changedFields, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { registryAssetOf } from '../assets/asset-identity'
import { canEditRegistryOf, canManageOrganisation } from '../organisations/organisation-access'
import type {
  TCensusParticipant,
  TCensusRound,
  TCreateCensusRoundRequest,
  TSnapshotAsset,
  TUpdateCensusRoundRequest,
} from './census.schemas'

type RoundRow = typeof censusRounds.$inferSelect

const ROUND_NOT_FOUND = '普查轮次 census round '

/** Rounds the actor may see: the regulator side when the round's region and theirs overlap; organisation people
 * when one of the participants is their organisation or one of its subordinate units. */
function visibleRoundsCondition(actor: Actor): SQL {
  if (actor.role === 'admin') return sql`true`
  if (REGION_ROLES.includes(actor.role)) {
    if (!actor.regionPath) return sql`false`
    return sql`exists (select 1 from ${regions} rr where rr.id = ${censusRounds.regionId} and (rr.path like ${`${actor.regionPath}%`} or ${actor.regionPath} like rr.path || '%'))`
  }
  if (ORGANISATION_ROLES.includes(actor.role)) {
    if (!actor.organisationPath) return sql`false`
    return sql`exists (select 1 from ${censusParticipants} cp join ${organisations} po on po.id = cp.organisation_id where cp.round_id = ${censusRounds.id} and po.path like ${`${actor.organisationPath}%`})`
  }
  return sql`false`
}

export class CensusService {
  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  private async presentRounds(
    actor: Actor | null,
    rows: (RoundRow & { regionName: string; regionPath: string })[],
  ) {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const visible = actor ? visibleOrganisationsCondition(actor) : sql`true`
    const counts = await this.deps.database.db
      .select({
        roundId: censusParticipants.roundId,
        participants: sql<number>`count(*)::int`,
        submitted: sql<number>`count(*) filter (where ${censusParticipants.status} = 'submitted')::int`,
        late: sql<number>`count(*) filter (where ${censusParticipants.submittedAt} > ${censusRounds.deadline})::int`,
      })
      .from(censusParticipants)
      .innerJoin(censusRounds, eq(censusRounds.id, censusParticipants.roundId))
      .innerJoin(organisations, eq(organisations.id, censusParticipants.organisationId))
      .where(and(inArray(censusParticipants.roundId, ids), visible))
      .groupBy(censusParticipants.roundId)
    const byRound = new Map(counts.map((c) => [c.roundId, c]))
    return rows.map((r): TCensusRound => {
      const c = byRound.get(r.id)
      const participants = Number(c?.participants ?? 0)
      const submitted = Number(c?.submitted ?? 0)
      return {
        id: r.id,
        name: r.name,
        regionId: r.regionId,
        regionName: r.regionName,
        campaignId: r.campaignId,
        deadline: r.deadline.toISOString(),
        status: r.status,
        notes: r.notes,
        closedAt: r.closedAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        version: r.version,
        summary: { participants, submitted, pending: participants - submitted, late: Number(c?.late ?? 0) },
        canManage: actor ? canManageOrganisation(actor, { regionPath: r.regionPath }) : true,
      }
    })
  }

  private selectRounds(executor: Executor) {
    return executor
      .select({ round: censusRounds, regionName: regions.name, regionPath: regions.path })
      .from(censusRounds)
      .innerJoin(regions, eq(regions.id, censusRounds.regionId))
  }

  async list(
    ctx: RequestContext,
    query: {
      page: number
      pageSize: number
      status?: 'open' | 'closed' | undefined
      campaignId?: string | undefined
    },
  ) {
    const actor = requireActor(ctx)
    const where = and(
      visibleRoundsCondition(actor),
      query.status ? eq(censusRounds.status, query.status) : undefined,
      query.campaignId ? eq(censusRounds.campaignId, query.campaignId) : undefined,
    )
    const [rows, [count]] = await Promise.all([
      this.selectRounds(this.deps.database.db)
        .where(where)
        .orderBy(desc(censusRounds.deadline), asc(censusRounds.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.deps.database.db
        .select({ total: sql<number>`count(*)::int` })
        .from(censusRounds)
        .where(where),
    ])
    return {
      items: await this.presentRounds(
        actor,
        rows.map((r) => ({ ...r.round, regionName: r.regionName, regionPath: r.regionPath })),
      ),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TCensusRound> {
    const actor = requireActor(ctx)
    const [row] = await this.selectRounds(this.deps.database.db).where(
      and(eq(censusRounds.id, id), visibleRoundsCondition(actor)),
    )
    if (!row) throw notFound(ROUND_NOT_FOUND)
    const [round] = await this.presentRounds(actor, [
      { ...row.round, regionName: row.regionName, regionPath: row.regionPath },
    ])
    return round!
  }

  /** Opens a round. The campaigns module calls this with its transaction and `campaignId` and the campaign's
   * target organisations. */
  async createRound(
    ctx: RequestContext,
    input: TCreateCensusRoundRequest,
    outer?: Tx,
  ): Promise<TCensusRound> {
    const actor = ctx.actor
    const regionId = input.regionId ?? actor?.regionId
    if (!regionId)
      throw validationFailed([{ path: 'body.regionId', message: '请指定行政区划 (name the region)' }])
    const id = await inTransaction(this.deps.database, outer, async (tx) => {
      const [region] = await tx.select().from(regions).where(eq(regions.id, regionId))
      if (!region || (actor && !canManageOrganisation(actor, { regionPath: region.path })))
        throw validationFailed([
          {
            path: 'body.regionId',
            message: '行政区划不存在或不在您的管辖范围内 (no such region in your jurisdiction)',
          },
        ])
      const inRegion = sql`${organisations.regionId} in (select r2.id from regions r2 where r2.path like ${`${region.path}%`})`
      let organisationIds: string[]
      if (input.organisationIds) {
        const wanted = [...new Set(input.organisationIds)]
        const found = wanted.length
          ? await tx
              .select({ id: organisations.id, status: organisations.status })
              .from(organisations)
              .where(and(inArray(organisations.id, wanted), inRegion))
          : []
        const known = new Map(found.map((f) => [f.id, f.status]))
        const problems = wanted.flatMap((orgId, i) =>
          known.get(orgId) === 'active'
            ? []
            : [
                {
                  path: `body.organisationIds.${i}`,
                  message: known.has(orgId)
                    ? '单位已停用 (the organisation is inactive)'
                    : '单位不存在或不在该行政区划内 (no such organisation in the region)',
                },
              ],
        )
        if (problems.length) throw validationFailed(problems)
        organisationIds = wanted
      } else {
        // Top-level units of the region: a subordinate unit reports through its parent (本单位及直属单位).
        const rows = await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(
            and(
              eq(organisations.status, 'active'),
              inRegion,
              sql`not exists (select 1 from organisations p where p.id = ${organisations.parentId} and p.status = 'active' and p.region_id in (select r3.id from regions r3 where r3.path like ${`${region.path}%`}))`,
            ),
          )
        organisationIds = rows.map((r) => r.id)
      }
      const [round] = await tx
        .insert(censusRounds)
        .values({
          name: input.name,
          regionId: region.id,
          campaignId: input.campaignId ?? null,
          deadline: new Date(input.deadline),
          notes: input.notes ?? null,
          createdBy: actor?.userId ?? null,
          createdAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
        })
        .returning()
      for (let i = 0; i < organisationIds.length; i += 1_000)
        await tx
          .insert(censusParticipants)
          .values(
            organisationIds
              .slice(i, i + 1_000)
              .map((organisationId) => ({ roundId: round!.id, organisationId })),
          )
      await this.deps.audit.record(tx, ctx, {
        action: 'census.round_created',
        objectType: 'census_round',
        objectId: round!.id,
        summary: {
          name: input.name,
          regionId: region.id,
          deadline: input.deadline,
          participants: organisationIds.length,
          campaignId: input.campaignId ?? null,
        },
      })
      return round!.id
    })
    if (outer || !actor) {
      const [row] = await this.selectRounds(outer ?? this.deps.database.db).where(eq(censusRounds.id, id))
      const [round] = await this.presentRounds(actor, [
        { ...row!.round, regionName: row!.regionName, regionPath: row!.regionPath },
      ])
      return round!
    }
    return this.get(ctx, id)
  }

  private async lockRound(tx: Tx, actor: Actor, id: string, manage: boolean) {
    const [row] = await tx
      .select({ round: censusRounds, regionPath: regions.path })
      .from(censusRounds)
      .innerJoin(regions, eq(regions.id, censusRounds.regionId))
      .where(and(eq(censusRounds.id, id), visibleRoundsCondition(actor)))
      .for('update', { of: censusRounds })
    if (!row) throw notFound(ROUND_NOT_FOUND)
    if (manage && !canManageOrganisation(actor, { regionPath: row.regionPath }))
      throw forbidden('您无权管理此普查轮次 (you may not manage this census round)')
    return row.round
  }

  async update(ctx: RequestContext, id: string, input: TUpdateCensusRoundRequest): Promise<TCensusRound> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const before = await this.lockRound(tx, actor, id, true)
      if (before.version !== input.version) throw conflict()
      const patch: Partial<RoundRow> = {}
      if (input.name !== undefined) patch.name = input.name
      if (input.deadline !== undefined) patch.deadline = new Date(input.deadline)
      if (input.notes !== undefined) patch.notes = input.notes
      await tx
        .update(censusRounds)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${censusRounds.version} + 1` })
        .where(eq(censusRounds.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'census.round_updated',
        objectType: 'census_round',
        objectId: id,
        summary: changedFields(before, patch, ['name', 'deadline', 'notes']),
      })
    })
    return this.get(ctx, id)
  }

  async close(ctx: RequestContext, id: string, version: number): Promise<TCensusRound> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const before = await this.lockRound(tx, actor, id, true)
      if (before.version !== version) throw conflict()
      if (before.status === 'closed')
        throw new AppError('ILLEGAL_TRANSITION', '普查轮次已关闭 (the round is closed)')
      const now = this.deps.clock.now()
      await tx
        .update(censusRounds)
        .set({ status: 'closed', closedAt: now, updatedAt: now, version: sql`${censusRounds.version} + 1` })
        .where(eq(censusRounds.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'census.round_closed',
        objectType: 'census_round',
        objectId: id,
        summary: { name: before.name },
      })
    })
    return this.get(ctx, id)
  }

  /** The status board: who has submitted, who has not, who was late. */
  async participants(
    ctx: RequestContext,
    id: string,
    query: {
      page: number
      pageSize: number
      status?: 'pending' | 'submitted' | undefined
      late?: 'true' | 'false' | undefined
      organisationId?: string
    },
  ) {
    const actor = requireActor(ctx)
    const round = await this.get(ctx, id)
    const deadline = new Date(round.deadline)
    const where = and(
      eq(censusParticipants.roundId, id),
      visibleOrganisationsCondition(actor),
      query.organisationId ? eq(censusParticipants.organisationId, query.organisationId) : undefined,
      query.status ? eq(censusParticipants.status, query.status) : undefined,
      query.late === 'true' ? sql`${censusParticipants.submittedAt} > ${deadline}` : undefined,
      query.late === 'false'
        ? sql`(${censusParticipants.submittedAt} is null or ${censusParticipants.submittedAt} <= ${deadline})`
        : undefined,
    )
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select({
          participant: censusParticipants,
          name: organisations.name,
          category: organisations.category,
          path: organisations.path,
          regionPath: regions.path,
          currentAssetCount: sql<number>`(select count(*)::int from ${assets} a join organisations o2 on o2.id = a.organisation_id where a.status = 'active' and o2.path like ${organisations.path} || '%')`,
        })
        .from(censusParticipants)
        .innerJoin(organisations, eq(organisations.id, censusParticipants.organisationId))
        .innerJoin(regions, eq(regions.id, organisations.regionId))
        .where(where)
        .orderBy(asc(censusParticipants.status), asc(organisations.category), asc(organisations.name))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(censusParticipants)
        .innerJoin(organisations, eq(organisations.id, censusParticipants.organisationId))
        .where(where),
    ])
    const liaisons = rows.length
      ? await db
          .select()
          .from(organisationContacts)
          .where(
            and(
              inArray(
                organisationContacts.organisationId,
                rows.map((r) => r.participant.organisationId),
              ),
              eq(organisationContacts.kind, 'liaison'),
            ),
          )
          .orderBy(asc(organisationContacts.createdAt))
      : []
    const liaisonOf = new Map<string, { name: string; mobile: string | null }>()
    for (const c of liaisons)
      if (!liaisonOf.has(c.organisationId))
        liaisonOf.set(c.organisationId, { name: c.name, mobile: c.mobile })
    return {
      items: rows.map((r): TCensusParticipant => ({
        organisationId: r.participant.organisationId,
        organisationName: r.name,
        category: r.category,
        status: r.participant.status,
        submittedAt: r.participant.submittedAt?.toISOString() ?? null,
        submittedByName: r.participant.submittedByName,
        isLate: !!r.participant.submittedAt && r.participant.submittedAt > deadline,
        submissions: r.participant.submissions,
        submittedAssetCount: r.participant.assetCount,
        currentAssetCount: Number(r.currentAssetCount),
        statement: r.participant.statement,
        liaison: liaisonOf.get(r.participant.organisationId) ?? null,
        version: r.participant.version,
        canSubmit:
          round.status === 'open' && canEditRegistryOf(actor, { path: r.path, regionPath: r.regionPath }),
      })),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async participant(ctx: RequestContext, id: string, organisationId: string): Promise<TCensusParticipant> {
    const page = await this.participants(ctx, id, { page: 1, pageSize: 1, organisationId })
    const found = page.items[0]
    if (!found) throw notFound('普查单位 census participant ')
    return found
  }

  /** The liaison (or a regulator) submits the organisation's current asset list; it is copied as the snapshot. A
   * resubmission before the round closes replaces the snapshot; each submission stays in the audit trail. */
  async submit(
    ctx: RequestContext,
    id: string,
    organisationId: string,
    input: { statement?: string | null | undefined; version: number },
  ): Promise<TCensusParticipant> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const [round] = await tx
        .select()
        .from(censusRounds)
        .where(and(eq(censusRounds.id, id), visibleRoundsCondition(actor)))
      if (!round) throw notFound(ROUND_NOT_FOUND)
      const [row] = await tx
        .select({ participant: censusParticipants, org: organisations, regionPath: regions.path })
        .from(censusParticipants)
        .innerJoin(organisations, eq(organisations.id, censusParticipants.organisationId))
        .innerJoin(regions, eq(regions.id, organisations.regionId))
        .where(
          and(
            eq(censusParticipants.roundId, id),
            eq(censusParticipants.organisationId, organisationId),
            visibleOrganisationsCondition(actor),
          ),
        )
        .for('update', { of: censusParticipants })
      if (!row) throw notFound('普查单位 census participant ')
      if (!canEditRegistryOf(actor, { path: row.org.path, regionPath: row.regionPath }))
        throw forbidden('只有本单位联络员或监管人员可以提交 (only the liaison or a regulator may submit)')
      if (round.status !== 'open')
        throw new AppError('ILLEGAL_TRANSITION', '普查轮次已关闭，不能再提交 (the round is closed)')
      if (row.participant.version !== input.version) throw conflict()
      const now = this.deps.clock.now()
      await tx
        .delete(censusSnapshotAssets)
        .where(
          and(eq(censusSnapshotAssets.roundId, id), eq(censusSnapshotAssets.organisationId, organisationId)),
        )
      // The copy is one statement: the organisation's and its subordinate units' active assets as they are now.
      await tx.execute(sql`
        insert into census_snapshot_assets
          (round_id, organisation_id, owner_organisation_id, asset_id, type, identifier, canonical, path, ports, name)
        select ${id}::uuid, ${organisationId}::uuid, a.organisation_id, a.id, a.type, a.identifier, a.canonical, a.path, a.ports, a.name
        from assets a join organisations o on o.id = a.organisation_id
        where a.status = 'active' and o.path like ${`${row.org.path}%`}`)
      const [counted] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(censusSnapshotAssets)
        .where(
          and(eq(censusSnapshotAssets.roundId, id), eq(censusSnapshotAssets.organisationId, organisationId)),
        )
      const assetCount = Number(counted?.n ?? 0)
      await tx
        .update(censusParticipants)
        .set({
          status: 'submitted',
          submittedAt: now,
          submittedBy: actor.userId,
          submittedByName: actor.displayName,
          submissions: sql`${censusParticipants.submissions} + 1`,
          assetCount,
          statement: input.statement ?? null,
          version: sql`${censusParticipants.version} + 1`,
        })
        .where(and(eq(censusParticipants.roundId, id), eq(censusParticipants.organisationId, organisationId)))
      const summary = {
        roundId: id,
        roundName: round.name,
        organisationId,
        assets: assetCount,
        late: now > round.deadline,
        resubmission: row.participant.submissions > 0,
      }
      await this.deps.audit.record(tx, ctx, {
        action: 'census.submitted',
        objectType: 'census_round',
        objectId: id,
        summary,
      })
      await this.deps.audit.record(tx, ctx, {
        action: 'census.submitted',
        objectType: 'organisation',
        objectId: organisationId,
        summary,
      })
    })
    return this.participant(ctx, id, organisationId)
  }

  /** The submitted list (null before a submission). Findings use it to judge 漏报/错报 against what was reported. */
  async reportedAssets(
    ctx: RequestContext | null,
    id: string,
    organisationId: string,
    executor: Executor = this.deps.database.db,
  ): Promise<TSnapshotAsset[] | null> {
    const actor = ctx?.actor ?? null
    const [row] = await executor
      .select({ status: censusParticipants.status })
      .from(censusParticipants)
      .innerJoin(organisations, eq(organisations.id, censusParticipants.organisationId))
      .innerJoin(censusRounds, eq(censusRounds.id, censusParticipants.roundId))
      .where(
        and(
          eq(censusParticipants.roundId, id),
          eq(censusParticipants.organisationId, organisationId),
          actor ? visibleOrganisationsCondition(actor) : undefined,
          actor ? visibleRoundsCondition(actor) : undefined,
        ),
      )
    if (!row) throw notFound('普查单位 census participant ')
    if (row.status !== 'submitted') return null
    const rows = await executor
      .select()
      .from(censusSnapshotAssets)
      .where(
        and(eq(censusSnapshotAssets.roundId, id), eq(censusSnapshotAssets.organisationId, organisationId)),
      )
      .orderBy(asc(censusSnapshotAssets.type), asc(censusSnapshotAssets.canonical))
    return rows.map((r) => ({
      assetId: r.assetId,
      ownerOrganisationId: r.ownerOrganisationId,
      type: r.type,
      identifier: r.identifier,
      canonical: r.canonical,
      path: r.path,
      ports: r.ports,
      name: r.name,
    }))
  }

  /** A matcher over what the organisation reported in the round, or null when it never submitted. */
  async reportedMatcher(
    id: string,
    organisationId: string,
    executor?: Executor,
  ): Promise<AssetMatcher | null> {
    const reported = await this.reportedAssets(null, id, organisationId, executor)
    if (!reported) return null
    return buildAssetMatcher(
      reported.map((a) =>
        registryAssetOf({
          id: a.assetId,
          organisationId: a.ownerOrganisationId,
          type: a.type,
          canonical: a.canonical,
          path: a.path,
          ports: a.ports,
        }),
      ),
    )
  }

  /** Whether a target was in the organisation's submitted list: true / false, or null when it never submitted. */
  async wasReported(
    id: string,
    organisationId: string,
    target: string,
    executor?: Executor,
  ): Promise<boolean | null> {
    const matcher = await this.reportedMatcher(id, organisationId, executor)
    return matcher ? matcher.match(target) !== null : null
  }
}
