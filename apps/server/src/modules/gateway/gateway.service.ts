// The gateway's narrow service (SPEC §5): testers' tokens, the audit records and violations the gateway wrote, a
// regulator's pauses and decisions, a campaign's gateway settings and CA, the monitor, and the metrics the team
// scoring standard reads. The proxy itself runs in GatewayRuntime; when it runs in this process the service tells it
// about changes at once, otherwise the runtime notices them through the gateway state row.
import { X509Certificate } from 'node:crypto'
import { and, asc, desc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { CAMPAIGN_REGION_ROLES, isCampaignRegionInScope } from '../campaigns/campaign-scope'
import { TEAM_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Config } from '../../config'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  gatewayCampaignSettings,
  gatewayNodes,
  gatewayPauses,
  gatewayRecordPacks,
  gatewayTokens,
  gatewayViolations,
  teams,
  users,
} from '../../db/schema'
import { queryRows } from '../../db/transaction'
import { seal } from '../../crypto/sealed-box'
import { createCampaignCa } from '../../gateway/interception/campaign-ca'
import { generateGatewayToken, hashGatewayToken, TOKEN_PREFIX } from '../../gateway/proxy-credentials'
import { DEFAULT_VIOLATION_RULES } from '../../gateway/violation-rules'
import { AppError, conflict, forbidden, notFound } from '../../http/errors'
import type { Secrets } from '../../secrets'
import { changedFields, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { AssetsService } from '../assets/assets.service'
import type { CampaignsService } from '../campaigns/campaigns.service'
import type { TeamsService } from '../teams/teams.service'
import { CA_ASSOCIATED_DATA, parseRules } from './gateway-directory'
import {
  GatewayRuntime,
  gatewayOptionsFrom,
  type GatewayRuntimeOptions,
  type HeartbeatStatus,
} from './gateway-runtime'
import {
  presentPause,
  presentRecord,
  presentToken,
  presentViolation,
  RECORD_EXPORT_COLUMNS,
  recordExportRow,
} from './gateway.presenters'
import { unpack, SLOT_SECONDS, type PackedRecord } from './record-packs'
import type {
  TCreatePauseRequest,
  TDecideViolationRequest,
  TExportRecordsQuery,
  TGatewayMonitor,
  TGatewayPause,
  TGatewayRecord,
  TGatewaySettings,
  TGatewayToken,
  TListRecordsQuery,
  TListViolationsQuery,
  TRecordFilter,
  TRevokeTokenRequest,
  TTeamMetrics,
  TUpdateSettingsRequest,
} from './gateway.schemas'

export type GatewayServiceDeps = {
  database: Database
  clock: Clock
  config: Config
  secrets: Secrets
  audit: AuditService
  campaigns: CampaignsService
  teams: TeamsService
  assets: AssetsService
}

/** A heartbeat older than this means the gateway process is gone or cannot reach the database. */
const HEARTBEAT_STALE_MS = 10_000
const MONITOR_ROLES = ['regulator', 'reviewer'] as const

type VisibleCampaign = Awaited<ReturnType<CampaignsService['loadVisible']>>
type RecordQuery = { packs: SQL[]; test: ((record: PackedRecord) => boolean) | null }
type PackListing = {
  id: string
  lastAt: Date
  count: number
  userId: string | null
  teamId: string | null
  campaignId: string | null
  username: string | null
  records: string
}
const PACK_PAGE = 200

export class GatewayService {
  private runtime: GatewayRuntime | null = null

  constructor(private readonly deps: GatewayServiceDeps) {}

  // ------------------------------------------------------------------ runtime

  /** Starts the listeners in this process (server role `gateway`). */
  async startRuntime(
    services: ConstructorParameters<typeof GatewayRuntime>[0],
    options: GatewayRuntimeOptions = {},
  ) {
    const runtime = new GatewayRuntime(services, { ...gatewayOptionsFrom(this.deps.config), ...options })
    const ports = await runtime.start()
    this.runtime = runtime
    return { runtime, ports }
  }

  async stopRuntime(drainMs?: number): Promise<boolean> {
    const runtime = this.runtime
    this.runtime = null
    return runtime ? runtime.stop(drainMs) : true
  }

  get localRuntime(): GatewayRuntime | null {
    return this.runtime
  }

  // ------------------------------------------------------------------ access helpers

  private async campaign(executor: Executor, actor: Actor, campaignId: string): Promise<VisibleCampaign> {
    return this.deps.campaigns.loadVisible(executor, actor, campaignId)
  }

  /** A campaign the actor supervises (the regulator of its region or above); others do not see it. */
  private async supervised(executor: Executor, actor: Actor, campaignId: string): Promise<VisibleCampaign> {
    const campaign = await this.campaign(executor, actor, campaignId)
    if (!CAMPAIGN_REGION_ROLES.includes(actor.role) || !isCampaignRegionInScope(actor, campaign.regionPath))
      throw notFound('专项行动 campaign ')
    return campaign
  }

  private async bumpState(tx: Tx): Promise<void> {
    await tx.execute(
      sql`insert into gateway_state (id, version, changed_at) values (1, 1, ${this.deps.clock.now()})
        on conflict (id) do update set version = gateway_state.version + 1, changed_at = excluded.changed_at`,
    )
  }

  // ------------------------------------------------------------------ tokens

  /** The tester's own view: campaign, window, token, pause, interception, ports. */
  async profile(ctx: RequestContext) {
    const actor = requireActor(ctx)
    const { team, campaign } = await this.ownTeam(ctx, actor)
    const { db } = this.deps.database
    const [token] = await db
      .select({ token: gatewayTokens, username: users.username, displayName: users.displayName })
      .from(gatewayTokens)
      .innerJoin(users, eq(users.id, gatewayTokens.userId))
      .where(
        and(
          eq(gatewayTokens.userId, actor.userId),
          eq(gatewayTokens.teamId, team.id),
          isNull(gatewayTokens.revokedAt),
        ),
      )
      .orderBy(desc(gatewayTokens.createdAt))
      .limit(1)
    const pauses = await db
      .select({ id: gatewayPauses.id })
      .from(gatewayPauses)
      .where(
        and(
          isNull(gatewayPauses.resumedAt),
          eq(gatewayPauses.teamId, team.id),
          or(eq(gatewayPauses.subject, 'team'), eq(gatewayPauses.userId, actor.userId)),
        ),
      )
    const [settings] = await db
      .select({ interception: gatewayCampaignSettings.interception })
      .from(gatewayCampaignSettings)
      .where(eq(gatewayCampaignSettings.campaignId, campaign.id))
    return {
      campaign: {
        id: campaign.id,
        name: campaign.name,
        status: campaign.status,
        testingStartsAt: campaign.testingStartsAt.toISOString(),
        testingEndsAt: campaign.testingEndsAt.toISOString(),
      },
      teamId: team.id,
      token: token ? presentToken(token.token, token) : null,
      paused: pauses.length > 0,
      interception: settings?.interception ?? false,
      // The ports actually listened on (they differ from the configuration when it says 0: any free port).
      endpoints: {
        httpProxyPort: this.runtime?.ports.http || this.deps.config.gatewayPort,
        socksPort: this.runtime?.ports.socks || this.deps.config.socksPort,
      },
    }
  }

  private async ownTeam(ctx: RequestContext, actor: Actor) {
    if (!TEAM_ROLES.includes(actor.role) || !actor.teamId)
      throw new AppError(
        'NOT_FOUND',
        '您不属于任何检测队，没有测试网关 (you are in no testing team: no gateway)',
      )
    const team = await this.deps.teams.getTeam(ctx, actor.teamId)
    const campaign = await this.campaign(this.deps.database.db, actor, team.campaignId)
    return { team, campaign }
  }

  /** Issues the caller's token for their team's campaign; shown once. One live token per tester: rotate to replace. */
  async issueToken(ctx: RequestContext): Promise<{ token: string; info: TGatewayToken }> {
    const actor = requireActor(ctx)
    const { team } = await this.ownTeam(ctx, actor)
    return this.deps.database.db.transaction(async (tx) => {
      // One live token per tester: the lock on the user row serialises two issues at once.
      await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.userId)).for('update')
      const [live] = await tx
        .select({ id: gatewayTokens.id })
        .from(gatewayTokens)
        .where(and(eq(gatewayTokens.userId, actor.userId), isNull(gatewayTokens.revokedAt)))
      if (live)
        throw new AppError(
          'CONFLICT',
          '已有有效的网关令牌，请轮换或吊销 (you already hold a live token: rotate or revoke it)',
          {
            tokenId: live.id,
          },
        )
      return this.insertToken(tx, ctx, actor, team.id, team.campaignId, null)
    })
  }

  private async insertToken(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    teamId: string,
    campaignId: string,
    replacing: string | null,
  ): Promise<{ token: string; info: TGatewayToken }> {
    const token = generateGatewayToken()
    const [row] = await tx
      .insert(gatewayTokens)
      .values({
        userId: actor.userId,
        teamId,
        campaignId,
        tokenHash: hashGatewayToken(token),
        hint: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 6),
        createdBy: actor.userId,
        createdAt: this.deps.clock.now(),
      })
      .returning()
    await this.deps.audit.record(tx, ctx, {
      action: replacing ? 'gateway.token_rotated' : 'gateway.token_issued',
      objectType: 'gateway_token',
      objectId: row!.id,
      summary: {
        userId: actor.userId,
        teamId,
        campaignId,
        hint: row!.hint,
        ...(replacing ? { replacing } : {}),
      },
    })
    await this.bumpState(tx)
    return { token, info: presentToken(row!, { username: actor.username, displayName: actor.displayName }) }
  }

  async listTokens(
    ctx: RequestContext,
    query: {
      campaignId?: string | undefined
      teamId?: string | undefined
      includeRevoked?: 'true' | 'false' | undefined
    },
  ): Promise<TGatewayToken[]> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const conditions: SQL[] = []
    if (actor.role === 'tester') conditions.push(eq(gatewayTokens.userId, actor.userId))
    else if (actor.role === 'team_lead') conditions.push(eq(gatewayTokens.teamId, actor.teamId ?? sql`null`))
    else {
      if (!query.campaignId)
        throw new AppError('VALIDATION_FAILED', '请指定专项行动 (campaignId is required)')
      await this.supervised(db, actor, query.campaignId)
    }
    if (query.campaignId) conditions.push(eq(gatewayTokens.campaignId, query.campaignId))
    if (query.teamId) conditions.push(eq(gatewayTokens.teamId, query.teamId))
    if (query.includeRevoked !== 'true') conditions.push(isNull(gatewayTokens.revokedAt))
    const rows = await db
      .select({ token: gatewayTokens, username: users.username, displayName: users.displayName })
      .from(gatewayTokens)
      .innerJoin(users, eq(users.id, gatewayTokens.userId))
      .where(and(...conditions))
      .orderBy(desc(gatewayTokens.createdAt))
      .limit(1000)
    return rows.map((r) => presentToken(r.token, r))
  }

  /** A token the actor may act on: their own; a team lead's team's; a regulator's campaigns'. */
  private async loadToken(tx: Tx, actor: Actor, id: string) {
    const [row] = await tx
      .select({ token: gatewayTokens, username: users.username, displayName: users.displayName })
      .from(gatewayTokens)
      .innerJoin(users, eq(users.id, gatewayTokens.userId))
      .where(eq(gatewayTokens.id, id))
      .for('update', { of: gatewayTokens })
    if (!row) throw notFound('网关令牌 gateway token ')
    const t = row.token
    let allowed = false
    if (actor.role === 'tester') allowed = t.userId === actor.userId
    else if (actor.role === 'team_lead') allowed = t.teamId === actor.teamId
    else if (actor.role === 'regulator') {
      try {
        await this.supervised(tx, actor, t.campaignId)
        allowed = true
      } catch {
        allowed = false
      }
    }
    if (!allowed) throw notFound('网关令牌 gateway token ')
    return row
  }

  async revokeToken(ctx: RequestContext, id: string, input: TRevokeTokenRequest): Promise<TGatewayToken> {
    const actor = requireActor(ctx)
    const result = await this.deps.database.db.transaction(async (tx) => {
      const row = await this.loadToken(tx, actor, id)
      if (row.token.revokedAt) return presentToken(row.token, row)
      const [updated] = await tx
        .update(gatewayTokens)
        .set({
          revokedAt: this.deps.clock.now(),
          revokedBy: actor.userId,
          revokeReason: input.reason ?? null,
        })
        .where(eq(gatewayTokens.id, id))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'gateway.token_revoked',
        objectType: 'gateway_token',
        objectId: id,
        summary: { userId: row.token.userId, hint: row.token.hint, reason: input.reason ?? null },
      })
      await this.bumpState(tx)
      return presentToken(updated!, row)
    })
    await this.runtime?.tokenRevoked(id)
    return result
  }

  /** Replaces the caller's token with a new one (shown once); the old one stops working at once. */
  async rotateToken(ctx: RequestContext, id: string): Promise<{ token: string; info: TGatewayToken }> {
    const actor = requireActor(ctx)
    const result = await this.deps.database.db.transaction(async (tx) => {
      const row = await this.loadToken(tx, actor, id)
      if (row.token.userId !== actor.userId)
        throw forbidden(
          '只能轮换自己的令牌 (only the token’s owner rotates it: the new token is shown to them)',
        )
      if (row.token.revokedAt) throw conflict('令牌已吊销 (the token is revoked)')
      const issued = await this.insertToken(tx, ctx, actor, row.token.teamId, row.token.campaignId, id)
      await tx
        .update(gatewayTokens)
        .set({
          revokedAt: this.deps.clock.now(),
          revokedBy: actor.userId,
          revokeReason: 'rotated',
          replacedBy: issued.info.id,
        })
        .where(eq(gatewayTokens.id, id))
      return issued
    })
    await this.runtime?.tokenRevoked(id)
    return result
  }

  // ------------------------------------------------------------------ records

  /**
   * The record filter as the actor may use it (a team sees only its own records, a tester only theirs): conditions
   * on the packs, and a test for the records inside them (null when every record of a matching pack matches).
   */
  private async recordFilter(actor: Actor, filter: TRecordFilter): Promise<RecordQuery> {
    const { db } = this.deps.database
    if (TEAM_ROLES.includes(actor.role)) await this.campaign(db, actor, filter.campaignId)
    else await this.supervised(db, actor, filter.campaignId)
    const p = gatewayRecordPacks
    const packs: SQL[] = [eq(p.campaignId, filter.campaignId)]
    if (TEAM_ROLES.includes(actor.role)) packs.push(eq(p.teamId, actor.teamId ?? sql`null`))
    if (actor.role === 'tester') packs.push(eq(p.userId, actor.userId))
    if (filter.teamId) packs.push(eq(p.teamId, filter.teamId))
    if (filter.userId) packs.push(eq(p.userId, filter.userId))
    const from = filter.from ? new Date(filter.from).getTime() : null
    const to = filter.to ? new Date(filter.to).getTime() : null
    if (from !== null) packs.push(gte(p.lastAt, new Date(from)))
    if (to !== null) packs.push(lt(p.firstAt, new Date(to)))
    if (filter.verdict === 'refused') packs.push(sql`${p.refused} > 0`)
    const host = filter.host?.toLowerCase()
    const tests: ((r: PackedRecord) => boolean)[] = []
    if (filter.verdict) tests.push((r) => r.verdict === filter.verdict)
    if (filter.channel) tests.push((r) => r.channel === filter.channel)
    if (host)
      tests.push((r) => [r.host, r.ip, r.sni].some((v) => v !== null && v.toLowerCase().includes(host)))
    if (filter.reason) tests.push((r) => r.reason !== null && r.reason.startsWith(filter.reason!))
    if (filter.ruleHit) tests.push((r) => r.ruleHits.includes(filter.ruleHit!))
    if (filter.manual) tests.push((r) => r.manual === (filter.manual === 'true'))
    if (from !== null) tests.push((r) => r.at >= from)
    if (to !== null) tests.push((r) => r.at < to)
    return { packs, test: tests.length === 0 ? null : (r) => tests.every((t) => t(r)) }
  }

  /** Packs matching the conditions, page by page (keyset), newest first or oldest first. */
  private async *packsOf(conditions: SQL[], order: 'newest' | 'oldest', withRecords: boolean) {
    const { db } = this.deps.database
    const p = gatewayRecordPacks
    let after: { lastAt: Date; id: string } | null = null
    for (;;) {
      const keyset: SQL | undefined = after
        ? order === 'newest'
          ? sql`(${p.lastAt}, ${p.id}) < (${after.lastAt}, ${after.id})`
          : sql`(${p.lastAt}, ${p.id}) > (${after.lastAt}, ${after.id})`
        : undefined
      const rows: PackListing[] = await db
        .select({
          id: p.id,
          lastAt: p.lastAt,
          count: p.count,
          userId: p.userId,
          teamId: p.teamId,
          campaignId: p.campaignId,
          username: users.username,
          records: withRecords ? p.records : sql<string>`''`,
        })
        .from(p)
        .leftJoin(users, eq(users.id, p.userId))
        .where(and(...conditions, keyset))
        .orderBy(...(order === 'newest' ? [desc(p.lastAt), desc(p.id)] : [asc(p.lastAt), asc(p.id)]))
        .limit(PACK_PAGE)
      for (const row of rows) yield row
      if (rows.length < PACK_PAGE) return
      const last = rows[rows.length - 1]!
      after = { lastAt: last.lastAt, id: last.id }
    }
  }

  private async packRecords(id: string): Promise<PackedRecord[]> {
    const [row] = await this.deps.database.db
      .select({ records: gatewayRecordPacks.records })
      .from(gatewayRecordPacks)
      .where(eq(gatewayRecordPacks.id, id))
    return row ? unpack(row.records) : []
  }

  /** The traffic log, newest first (by batch, then by arrival within a batch). */
  async listRecords(ctx: RequestContext, query: TListRecordsQuery) {
    const actor = requireActor(ctx)
    const { packs, test } = await this.recordFilter(actor, query)
    const offset = (query.page - 1) * query.pageSize
    const items: TGatewayRecord[] = []
    let total = 0
    if (test === null) {
      // Whole packs match: skip them by their counts and open only those holding the page.
      const [sum] = await this.deps.database.db
        .select({ total: sql<number>`coalesce(sum(${gatewayRecordPacks.count}), 0)::int` })
        .from(gatewayRecordPacks)
        .where(and(...packs))
      total = Number(sum?.total ?? 0)
      let seen = 0
      for await (const pack of this.packsOf(packs, 'newest', false)) {
        if (seen + pack.count > offset) {
          const records = (await this.packRecords(pack.id)).reverse()
          for (const r of records.slice(Math.max(0, offset - seen)))
            if (items.length < query.pageSize) items.push(presentRecord(r, pack))
        }
        seen += pack.count
        if (items.length >= query.pageSize) break
      }
    } else {
      for await (const pack of this.packsOf(packs, 'newest', true))
        for (const r of unpack(pack.records).reverse()) {
          if (!test(r)) continue
          if (total >= offset && items.length < query.pageSize) items.push(presentRecord(r, pack))
          total++
        }
    }
    return { items, total, page: query.page, pageSize: query.pageSize }
  }

  /** The filtered records as CSV (with a BOM, for spreadsheet software) or NDJSON, oldest first, streamed. */
  async *exportRecords(ctx: RequestContext, query: TExportRecordsQuery): AsyncGenerator<string> {
    const actor = requireActor(ctx)
    const { packs, test } = await this.recordFilter(actor, query)
    const { stringify } = await import('csv-stringify/sync')
    if (query.format === 'csv') yield `\uFEFF${stringify([RECORD_EXPORT_COLUMNS])}`
    for await (const pack of this.packsOf(packs, 'oldest', true)) {
      const records = unpack(pack.records).filter((r) => test === null || test(r))
      if (records.length === 0) continue
      const shown = records.map((r) => presentRecord(r, pack))
      if (query.format === 'csv') yield stringify(shown.map(recordExportRow))
      else yield `${shown.map((r) => JSON.stringify(r)).join('\n')}\n`
    }
  }

  // ------------------------------------------------------------------ violations

  async listViolations(ctx: RequestContext, query: TListViolationsQuery) {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const conditions: SQL[] = [eq(gatewayViolations.campaignId, query.campaignId)]
    if (TEAM_ROLES.includes(actor.role)) {
      await this.campaign(db, actor, query.campaignId)
      conditions.push(eq(gatewayViolations.teamId, actor.teamId ?? sql`null`))
    } else await this.supervised(db, actor, query.campaignId)
    if (query.status) conditions.push(eq(gatewayViolations.status, query.status))
    if (query.teamId) conditions.push(eq(gatewayViolations.teamId, query.teamId))
    const where = and(...conditions)
    const [rows, [count]] = await Promise.all([
      db
        .select({ violation: gatewayViolations, username: users.username })
        .from(gatewayViolations)
        .leftJoin(users, eq(users.id, gatewayViolations.userId))
        .where(where)
        .orderBy(desc(gatewayViolations.lastAt))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(gatewayViolations)
        .where(where),
    ])
    const names = await this.deps.teams.teamNames(
      db,
      rows.map((r) => r.violation.teamId),
    )
    return {
      items: rows.map((r) =>
        presentViolation(r.violation, r.username, names.get(r.violation.teamId) ?? null),
      ),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  private async loadViolation(executor: Executor, actor: Actor, id: string, forUpdate = false) {
    let query = executor
      .select({ violation: gatewayViolations, username: users.username })
      .from(gatewayViolations)
      .leftJoin(users, eq(users.id, gatewayViolations.userId))
      .where(eq(gatewayViolations.id, id))
      .$dynamic()
    if (forUpdate) query = query.for('update', { of: gatewayViolations })
    const [row] = await query
    if (!row) throw notFound('违规记录 violation ')
    try {
      if (TEAM_ROLES.includes(actor.role)) {
        if (row.violation.teamId !== actor.teamId) throw notFound()
      } else await this.supervised(executor, actor, row.violation.campaignId)
    } catch {
      throw notFound('违规记录 violation ')
    }
    return row
  }

  async getViolation(ctx: RequestContext, id: string) {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const row = await this.loadViolation(db, actor, id)
    const names = await this.deps.teams.teamNames(db, [row.violation.teamId])
    return presentViolation(row.violation, row.username, names.get(row.violation.teamId) ?? null)
  }

  /** A regulator confirms (it then counts against the company: 测试行为合规) or dismisses a violation. */
  async decideViolation(ctx: RequestContext, id: string, input: TDecideViolationRequest) {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const row = await this.loadViolation(tx, actor, id, true)
      const before = row.violation
      if (before.version !== input.version) throw conflict()
      if (before.status !== 'pending' && before.status === input.decision)
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `已是${input.decision === 'confirmed' ? '确认' : '驳回'}状态 (already ${input.decision})`,
        )
      const now = this.deps.clock.now()
      const [updated] = await tx
        .update(gatewayViolations)
        .set({
          status: input.decision,
          decidedBy: actor.userId,
          decidedAt: now,
          decisionNote: input.note ?? null,
          version: sql`${gatewayViolations.version} + 1`,
        })
        .where(eq(gatewayViolations.id, id))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action:
          input.decision === 'confirmed' ? 'gateway.violation_confirmed' : 'gateway.violation_dismissed',
        objectType: 'gateway_violation',
        objectId: id,
        summary: {
          ...changedFields(before, { status: input.decision }, ['status']),
          ruleId: before.ruleId,
          teamId: before.teamId,
          userId: before.userId,
          note: input.note ?? null,
        },
      })
      const names = await this.deps.teams.teamNames(tx, [before.teamId])
      return presentViolation(updated!, row.username, names.get(before.teamId) ?? null)
    })
  }

  // ------------------------------------------------------------------ pauses

  async listPauses(
    ctx: RequestContext,
    query: { campaignId: string; active?: 'true' | 'false' | undefined },
  ) {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    await this.supervised(db, actor, query.campaignId)
    const rows = await db
      .select()
      .from(gatewayPauses)
      .where(
        and(
          eq(gatewayPauses.campaignId, query.campaignId),
          query.active === 'true' ? isNull(gatewayPauses.resumedAt) : undefined,
        ),
      )
      .orderBy(desc(gatewayPauses.pausedAt))
      .limit(500)
    return rows.map((r) => presentPause(r, null))
  }

  /** Pauses a tester or a whole team at once: their open connections are closed and new ones refused. */
  async pause(ctx: RequestContext, input: TCreatePauseRequest): Promise<TGatewayPause> {
    const actor = requireActor(ctx)
    const team = await this.deps.teams.getTeam(ctx, input.teamId)
    if (team.campaignId !== input.campaignId) throw notFound('检测队 team ')
    if (input.userId && !team.members.some((m) => m.id === input.userId)) throw notFound('检测人员 tester ')
    const row = await this.deps.database.db.transaction(async (tx) => {
      await this.supervised(tx, actor, input.campaignId)
      const open = await tx
        .select({ id: gatewayPauses.id })
        .from(gatewayPauses)
        .where(
          and(
            isNull(gatewayPauses.resumedAt),
            eq(gatewayPauses.teamId, input.teamId),
            input.userId
              ? and(eq(gatewayPauses.subject, 'tester'), eq(gatewayPauses.userId, input.userId))
              : eq(gatewayPauses.subject, 'team'),
          ),
        )
      if (open.length > 0) throw conflict('已处于暂停状态 (already paused)')
      const [created] = await tx
        .insert(gatewayPauses)
        .values({
          campaignId: input.campaignId,
          subject: input.userId ? 'tester' : 'team',
          teamId: input.teamId,
          userId: input.userId ?? null,
          reason: input.reason,
          pausedBy: actor.userId,
          pausedAt: this.deps.clock.now(),
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'gateway.paused',
        objectType: input.userId ? 'user' : 'team',
        objectId: input.userId ?? input.teamId,
        summary: {
          campaignId: input.campaignId,
          teamId: input.teamId,
          userId: input.userId ?? null,
          reason: input.reason,
        },
      })
      await this.bumpState(tx)
      return created!
    })
    const closed = this.runtime ? await this.runtime.reloadPauses() : null
    return presentPause(row, closed)
  }

  async resume(ctx: RequestContext, id: string): Promise<TGatewayPause> {
    const actor = requireActor(ctx)
    const row = await this.deps.database.db.transaction(async (tx) => {
      const [pause] = await tx.select().from(gatewayPauses).where(eq(gatewayPauses.id, id)).for('update')
      if (!pause) throw notFound('暂停记录 pause ')
      try {
        await this.supervised(tx, actor, pause.campaignId)
      } catch {
        throw notFound('暂停记录 pause ')
      }
      if (pause.resumedAt) throw new AppError('ILLEGAL_TRANSITION', '已恢复 (already resumed)')
      const [updated] = await tx
        .update(gatewayPauses)
        .set({ resumedAt: this.deps.clock.now(), resumedBy: actor.userId })
        .where(eq(gatewayPauses.id, id))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'gateway.resumed',
        objectType: pause.subject === 'tester' ? 'user' : 'team',
        objectId: pause.userId ?? pause.teamId,
        summary: { campaignId: pause.campaignId, pauseId: id },
      })
      await this.bumpState(tx)
      return updated!
    })
    if (this.runtime) await this.runtime.reloadPauses()
    return presentPause(row, null)
  }

  // ------------------------------------------------------------------ settings and CA

  async getSettings(ctx: RequestContext, campaignId: string): Promise<TGatewaySettings> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    await this.supervised(db, actor, campaignId)
    const [row] = await db
      .select()
      .from(gatewayCampaignSettings)
      .where(eq(gatewayCampaignSettings.campaignId, campaignId))
    return presentSettings(campaignId, row ?? null)
  }

  async updateSettings(ctx: RequestContext, campaignId: string, input: TUpdateSettingsRequest) {
    const actor = requireActor(ctx)
    const result = await this.deps.database.db.transaction(async (tx) => {
      const campaign = await this.supervised(tx, actor, campaignId)
      if (actor.role !== 'regulator') throw forbidden()
      const [before] = await tx
        .select()
        .from(gatewayCampaignSettings)
        .where(eq(gatewayCampaignSettings.campaignId, campaignId))
        .for('update')
      if ((before?.version ?? 0) !== input.version) throw conflict()
      const now = this.deps.clock.now()
      const patch: Partial<typeof gatewayCampaignSettings.$inferInsert> = {}
      if (input.interception !== undefined) patch.interception = input.interception
      if (input.dnsPolicy !== undefined) patch.dnsPolicy = input.dnsPolicy
      if (input.rules !== undefined) patch.rules = input.rules
      // The CA is made when interception is first turned on, valid until a month after the testing window. Its
      // validity is judged by testers' clocks: wall-clock time, not the platform's business clock.
      if (input.interception && !before?.caCertPem) {
        const wall = new Date()
        const ca = createCampaignCa(
          campaign.name,
          wall,
          new Date(Math.max(campaign.testingEndsAt.getTime(), wall.getTime()) + 30 * 24 * 3600 * 1000),
        )
        patch.caCertPem = ca.certPem
        patch.caKeySealed = seal(this.deps.secrets.dataKey, ca.keyPem, `${CA_ASSOCIATED_DATA}:${campaignId}`)
        patch.caCreatedAt = now
      }
      const values = { ...patch, updatedAt: now, updatedBy: actor.userId }
      const [row] = before
        ? await tx
            .update(gatewayCampaignSettings)
            .set({ ...values, version: sql`${gatewayCampaignSettings.version} + 1` })
            .where(eq(gatewayCampaignSettings.campaignId, campaignId))
            .returning()
        : await tx
            .insert(gatewayCampaignSettings)
            .values({ campaignId, ...values })
            .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'gateway.settings_updated',
        objectType: 'campaign',
        objectId: campaignId,
        summary: {
          ...changedFields<{ interception: boolean; dnsPolicy: string }>(
            { interception: before?.interception ?? false, dnsPolicy: before?.dnsPolicy ?? 'strict' },
            {
              ...(patch.interception !== undefined ? { interception: patch.interception } : {}),
              ...(patch.dnsPolicy !== undefined ? { dnsPolicy: patch.dnsPolicy } : {}),
            },
            ['interception', 'dnsPolicy'],
          ),
          ...(input.rules !== undefined
            ? {
                rules:
                  input.rules === null
                    ? 'defaults'
                    : input.rules.map((r) => `${r.id}${r.enabled ? '' : ' (off)'}`),
              }
            : {}),
          ...(patch.caCertPem ? { caCreated: true } : {}),
        },
      })
      await this.bumpState(tx)
      return presentSettings(campaignId, row!)
    })
    await this.runtime?.settingsChanged(campaignId)
    return result
  }

  /** The campaign CA certificate (PEM) for testers to trust; only when interception has been turned on. */
  async caCertificate(ctx: RequestContext, campaignId: string): Promise<string> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    await this.campaign(db, actor, campaignId)
    const [row] = await db
      .select({ pem: gatewayCampaignSettings.caCertPem })
      .from(gatewayCampaignSettings)
      .where(eq(gatewayCampaignSettings.campaignId, campaignId))
    if (!row?.pem)
      throw notFound('本行动未启用 TLS 拦截，没有 CA 证书 (no CA: interception has never been turned on) ')
    return row.pem
  }

  // ------------------------------------------------------------------ monitor and metrics

  async monitor(ctx: RequestContext, campaignId: string): Promise<TGatewayMonitor> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    await this.supervised(db, actor, campaignId)
    if (!MONITOR_ROLES.includes(actor.role as (typeof MONITOR_ROLES)[number])) throw forbidden()
    const now = this.deps.clock.now()
    let status: HeartbeatStatus | null = null
    let source: TGatewayMonitor['source'] = 'none'
    let heartbeatAt: Date | null = null
    if (this.runtime) {
      status = await this.runtime.status()
      source = 'live'
    } else {
      const [node] = await db.select().from(gatewayNodes).orderBy(desc(gatewayNodes.heartbeatAt)).limit(1)
      if (node) {
        status = node.status as unknown as HeartbeatStatus
        source = 'heartbeat'
        heartbeatAt = node.heartbeatAt
      }
    }
    const teamRows = await db.select({ id: teams.id }).from(teams).where(eq(teams.campaignId, campaignId))
    const teamIds = teamRows.map((t) => t.id)
    const names = await this.deps.teams.teamNames(db, teamIds)
    const pauses = await db
      .select()
      .from(gatewayPauses)
      .where(and(eq(gatewayPauses.campaignId, campaignId), isNull(gatewayPauses.resumedAt)))
    const pending = await db
      .select({ teamId: gatewayViolations.teamId, n: sql<number>`count(*)::int` })
      .from(gatewayViolations)
      .where(and(eq(gatewayViolations.campaignId, campaignId), eq(gatewayViolations.status, 'pending')))
      .groupBy(gatewayViolations.teamId)
    const pendingByTeam = new Map(pending.map((p) => [p.teamId, Number(p.n)]))
    const live = status?.live
    const liveTeams = new Map(
      (live?.teams ?? []).filter((t) => t.campaignId === campaignId).map((t) => [t.teamId, t]),
    )
    const stale =
      source === 'heartbeat' &&
      heartbeatAt !== null &&
      now.getTime() - heartbeatAt.getTime() > HEARTBEAT_STALE_MS
    const audit = status?.audit
    return {
      at: now.toISOString(),
      source,
      heartbeatAt: heartbeatAt?.toISOString() ?? null,
      listening: status?.listening ?? { http: null, socks: null },
      audit: {
        state: !audit || stale ? 'unknown' : audit.state,
        accepted: audit?.accepted ?? 0,
        written: audit?.written ?? 0,
        pending: audit?.pending ?? 0,
        reserved: audit?.reserved ?? 0,
        capacity: audit?.capacity ?? 0,
        failedWrites: audit?.failedWrites ?? 0,
        refusedFailClosed: audit?.refusedFailClosed ?? 0,
        refusalsNotRecorded: audit?.refusalsNotRecorded ?? 0,
        lastError: audit?.lastError ?? null,
        failClosedSince: audit?.failClosedSince ? new Date(audit.failClosedSince).toISOString() : null,
      },
      openConnections: status?.openConnections ?? 0,
      teams: teamIds.map((teamId) => {
        const t = liveTeams.get(teamId)
        return {
          teamId,
          name: names.get(teamId) ?? teamId,
          requestsPerSecond: t?.requestsPerSecond ?? 0,
          lastMinute: t?.lastMinute ?? [],
          paused: pauses.some((p) => p.teamId === teamId && p.subject === 'team'),
          pendingViolations: pendingByTeam.get(teamId) ?? 0,
        }
      }),
      topTargets: (live?.topTargets ?? [])
        .filter((t) => t.campaignId === campaignId)
        .map((t) => ({
          teamId: t.teamId,
          teamName: names.get(t.teamId) ?? null,
          target: t.target,
          requests: t.requests,
        })),
      refusals: live?.refusals ?? [],
      pendingViolations: [...pendingByTeam.values()].reduce((a, b) => a + b, 0),
      activePauses: pauses.map((p) => presentPause(p, null)),
    }
  }

  async campaignTeamMetrics(ctx: RequestContext, campaignId: string): Promise<TTeamMetrics[]> {
    const actor = requireActor(ctx)
    await this.supervised(this.deps.database.db, actor, campaignId)
    return this.teamMetrics(campaignId)
  }

  /**
   * The gateway's figures for the testing-company standard (seed 000 附件2, SPEC §4.3), per team of the campaign:
   * active 10-minute slots with at least one allowed in-scope request (有效工作时间), distinct in-scope assets
   * reached (有效测试范围), requests classified as manual (人工测试投入), violations confirmed by a regulator (合规).
   * Only the campaign's testing window counts. Called by the scoring module; no access check (the caller has one).
   */
  async teamMetrics(campaignId: string, executor: Executor = this.deps.database.db): Promise<TTeamMetrics[]> {
    const teamRows = await executor
      .select({ id: teams.id })
      .from(teams)
      .where(eq(teams.campaignId, campaignId))
    const activity = await queryRows<{
      team_id: string
      slots: number | string
      assets: number | string
      manual: number | string
    }>(
      executor,
      sql`select a.team_id,
          count(distinct a.slot) filter (where a.requests > 0) as slots,
          count(distinct a.asset_id) filter (where a.requests > 0) as assets,
          coalesce(sum(a.manual_requests), 0) as manual
        from gateway_activity a join campaigns c on c.id = a.campaign_id
        where a.campaign_id = ${campaignId}
          and a.slot >= floor(extract(epoch from c.testing_starts_at) / ${SLOT_SECONDS}) * ${SLOT_SECONDS}
          and a.slot < extract(epoch from c.testing_ends_at)
        group by a.team_id`,
    )
    const confirmed = await executor
      .select({ teamId: gatewayViolations.teamId, n: sql<number>`count(*)::int` })
      .from(gatewayViolations)
      .where(and(eq(gatewayViolations.campaignId, campaignId), eq(gatewayViolations.status, 'confirmed')))
      .groupBy(gatewayViolations.teamId)
    const byTeam = new Map(activity.map((a) => [a.team_id, a]))
    const violations = new Map(confirmed.map((c) => [c.teamId, Number(c.n)]))
    const ids = [...new Set([...teamRows.map((t) => t.id), ...byTeam.keys(), ...violations.keys()])]
    return ids.sort().map((teamId) => {
      const a = byTeam.get(teamId)
      return {
        teamId,
        activeSlots: Number(a?.slots ?? 0),
        assetsTested: Number(a?.assets ?? 0),
        manualRequests: Number(a?.manual ?? 0),
        confirmedViolations: violations.get(teamId) ?? 0,
      }
    })
  }
}

function presentSettings(
  campaignId: string,
  row: typeof gatewayCampaignSettings.$inferSelect | null,
): TGatewaySettings {
  const rules = parseRules(row?.rules ?? null)
  return {
    campaignId,
    interception: row?.interception ?? false,
    dnsPolicy: row?.dnsPolicy === 'public' ? 'public' : 'strict',
    rules: [...rules],
    rulesAreDefault: (row?.rules ?? null) === null || rules === DEFAULT_VIOLATION_RULES,
    caFingerprint: row?.caCertPem ? new X509Certificate(row.caCertPem).fingerprint256 : null,
    caCreatedAt: row?.caCreatedAt?.toISOString() ?? null,
    version: row?.version ?? 0,
  }
}
