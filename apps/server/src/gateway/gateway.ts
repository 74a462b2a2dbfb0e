// The testing gateway (SPEC §5): an HTTP forward proxy (absolute-form and CONNECT) and a SOCKS5 proxy in front of
// every tester's traffic. Each connection and request is authenticated by the tester's token, checked against the
// campaign's scope and window (names resolved here, the checked address connected to), audited through a bounded
// queue that fails closed, watched by the violation rules and counted for the monitor and the scoring metrics.
import { randomUUID } from 'node:crypto'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import {
  AuditBuffer,
  type AuditBufferOptions,
  type AuditCounters,
  type AuditState,
  type RecordSink,
} from './audit-buffer'
import { ConnectionRegistry, type ConnectionFilter, type ConnectionHandle } from './connection-registry'
import { checkAddress, checkHost, type CampaignScope, type GatewayScope } from './gateway-scope'
import {
  REFUSAL_TEXT,
  type GatewayPrincipal,
  type GatewayRecord,
  type GatewayViolation,
  type RecordChannel,
  type RefusalReason,
  type ScopeMatch,
} from './gateway-types'
import { HttpSession } from './http/http-session'
import { LiveMetrics, type LiveSnapshot } from './live-metrics'
import { recordId } from './record-id'
import { DEFAULT_MANUAL_HEURISTICS, ManualClassifier, type ManualHeuristics } from './manual-classifier'
import { CachingResolver, systemResolver, type Resolver } from './resolver'
import { SocksSession } from './socks/socks-session'
import { SlidingCounter, type CompiledRules, type RequestFacts, type RuleHit } from './violation-rules'

export type GatewayOptions = {
  /** Address the listeners bind to. */
  host: string
  httpPort: number
  /** null: no SOCKS listener. */
  socksPort: number | null
  /** A request head must arrive within this time. */
  headTimeoutMs: number
  /** An idle client connection is closed after this time. */
  idleTimeoutMs: number
  connectTimeoutMs: number
  /** How long to wait for a target's response (time-based blind injection waits on purpose). */
  upstreamTimeoutMs: number
  dnsTtlMs: number
  audit: Partial<AuditBufferOptions>
  manual: ManualHeuristics
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  host: '127.0.0.1',
  httpPort: 8899,
  socksPort: 1080,
  headTimeoutMs: 30_000,
  idleTimeoutMs: 300_000,
  connectTimeoutMs: 10_000,
  upstreamTimeoutMs: 300_000,
  dnsTtlMs: 30_000,
  audit: {},
  manual: DEFAULT_MANUAL_HEURISTICS,
}

export type GatewayDeps = {
  scope: GatewayScope
  sink: RecordSink
  resolver?: Resolver
  /** Epoch ms; tests move it. */
  now?: () => number
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
  onAuditState?: (state: AuditState, counters: AuditCounters) => void
}

/** An admitted target: where to connect, what it is, and the record place reserved for it. */
export type Admission =
  | {
      ok: true
      principal: GatewayPrincipal
      scope: CampaignScope
      host: string | null
      ip: string
      port: number
      asset: ScopeMatch
      /** `host:port` as the rules and the monitor name the target. */
      targetKey: string
    }
  | { ok: false; reason: RefusalReason; detail: string }

export type GatewayStatus = {
  listening: { http: string | null; socks: string | null }
  audit: AuditCounters
  openConnections: number
  paused: { users: string[]; teams: string[] }
}

type Pauses = { users: ReadonlySet<string>; teams: ReadonlySet<string> }

type TrackedViolation = { violation: GatewayViolation; pushedAt: number; dirty: boolean; cooldownMs: number }

const MAX_EVIDENCE = 5

export class Gateway {
  readonly options: GatewayOptions
  readonly audit: AuditBuffer
  readonly live = new LiveMetrics()
  readonly connections = new ConnectionRegistry()
  readonly resolver: CachingResolver
  readonly now: () => number
  readonly scope: GatewayScope
  private readonly log: NonNullable<GatewayDeps['log']>
  private readonly manual: ManualClassifier
  private pauses: Pauses = { users: new Set(), teams: new Set() }
  private readonly rateCounters = new Map<string, SlidingCounter>()
  private readonly openPerTarget = new Map<string, number>()
  private readonly violations = new Map<string, TrackedViolation>()
  private httpServer: Server | null = null
  private socksServer: Server | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly unauthenticatedRecords = new SlidingCounter(1)

  constructor(deps: GatewayDeps, options: Partial<GatewayOptions> = {}) {
    this.options = { ...DEFAULT_GATEWAY_OPTIONS, ...options }
    this.scope = deps.scope
    this.now = deps.now ?? Date.now
    this.log = deps.log ?? (() => {})
    this.resolver = new CachingResolver(
      deps.resolver ?? systemResolver,
      this.options.dnsTtlMs,
      5_000,
      10_000,
      this.now,
    )
    this.manual = new ManualClassifier(this.options.manual)
    this.audit = new AuditBuffer(
      deps.sink,
      this.options.audit,
      (state, counters) => {
        if (state === 'fail_closed')
          this.log(
            'error',
            `gateway FAIL-CLOSED: audit records cannot be written (${counters.lastError ?? 'queue full'}); refusing new connections`,
          )
        else if (state === 'retrying')
          this.log('warn', `gateway audit writes failing, retrying: ${counters.lastError ?? ''}`)
        else this.log('info', `gateway audit writes recovered; ${counters.pending} records queued`)
        deps.onAuditState?.(state, counters)
      },
      this.now,
    )
  }

  // ---------------------------------------------------------------- lifecycle

  async listen(): Promise<{ http: AddressInfo; socks: AddressInfo | null }> {
    this.audit.start()
    this.timer = setInterval(() => this.tick(), 1_000)
    this.timer.unref()
    this.httpServer = createServer({ noDelay: true }, (socket) => this.acceptHttp(socket))
    const http = await listenOn(this.httpServer, this.options.host, this.options.httpPort)
    let socks: AddressInfo | null = null
    if (this.options.socksPort !== null) {
      this.socksServer = createServer({ noDelay: true }, (socket) => this.acceptSocks(socket))
      socks = await listenOn(this.socksServer, this.options.host, this.options.socksPort)
    }
    return { http, socks }
  }

  /** Stops accepting, closes open connections, writes every queued record (waiting at most `drainMs`). */
  async close(drainMs = 10_000): Promise<boolean> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    const servers = [this.httpServer, this.socksServer].filter((s): s is Server => s !== null)
    this.httpServer = null
    this.socksServer = null
    const closing = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))
    this.connections.closeAll('gateway stopping')
    await Promise.all(closing)
    this.flushViolations(true)
    return this.audit.stop(drainMs)
  }

  status(): GatewayStatus {
    const address = (s: Server | null) => {
      const a = s?.address()
      return a && typeof a === 'object' ? `${a.address}:${a.port}` : null
    }
    return {
      listening: { http: address(this.httpServer), socks: address(this.socksServer) },
      audit: this.audit.counters(),
      openConnections: this.connections.size,
      paused: { users: [...this.pauses.users], teams: [...this.pauses.teams] },
    }
  }

  liveSnapshot(campaignIds?: ReadonlySet<string>): LiveSnapshot {
    return this.live.snapshot(this.now(), this.connections.size, campaignIds)
  }

  // ---------------------------------------------------------------- control

  /** The paused testers and teams; connections of newly paused ones are closed at once. Returns how many closed. */
  setPauses(users: Iterable<string>, teams: Iterable<string>): number {
    const next = { users: new Set(users), teams: new Set(teams) }
    let closed = 0
    for (const userId of next.users)
      if (!this.pauses.users.has(userId)) closed += this.connections.close({ userId }, 'paused')
    for (const teamId of next.teams)
      if (!this.pauses.teams.has(teamId)) closed += this.connections.close({ teamId }, 'paused')
    this.pauses = next
    return closed
  }

  isPaused(principal: GatewayPrincipal): boolean {
    return this.pauses.users.has(principal.userId) || this.pauses.teams.has(principal.teamId)
  }

  /** Closes the connections of a token, user, team or campaign (revocation, scope change). */
  closeConnections(filter: ConnectionFilter, reason: string): number {
    return this.connections.close(filter, reason)
  }

  // ---------------------------------------------------------------- admission

  /** Authenticates a token, or null. */
  authenticate(token: string | null): GatewayPrincipal | null | Promise<GatewayPrincipal | null> {
    if (token === null) return null
    return this.scope.authenticate(token)
  }

  /**
   * Pause, campaign, window and scope for a target; names are resolved here and the address the caller must connect
   * to is returned. Out-of-scope names are refused before any lookup. Synchronous when the scope and the name's
   * addresses are cached (the common case on a keep-alive connection).
   */
  admit(
    principal: GatewayPrincipal,
    host: string | null,
    ip: string | null,
    port: number,
  ): Admission | Promise<Admission> {
    if (this.isPaused(principal)) return { ok: false, reason: 'paused', detail: principal.username }
    const scope = this.scope.scopeOf(principal)
    if (scope instanceof Promise) return scope.then((s) => this.admitIn(s, principal, host, ip, port))
    return this.admitIn(scope, principal, host, ip, port)
  }

  private admitIn(
    scope: CampaignScope | null,
    principal: GatewayPrincipal,
    host: string | null,
    ip: string | null,
    port: number,
  ): Admission | Promise<Admission> {
    if (!scope) return { ok: false, reason: 'no_campaign', detail: principal.campaignId }
    const hostCheck = checkHost(scope, host, port, this.now())
    if (!hostCheck.allowed) return { ok: false, reason: hostCheck.reason, detail: hostCheck.detail }
    if (ip !== null) return this.admitAddresses(scope, principal, null, [ip], port, hostCheck.asset)
    const name = host!
    const cached = this.resolver.cached(name)
    if (cached instanceof Error) return { ok: false, reason: 'dns_failed', detail: name }
    if (cached) return this.admitAddresses(scope, principal, name, cached, port, hostCheck.asset)
    return this.resolver.resolve(name).then(
      (addresses) => this.admitAddresses(scope, principal, name, addresses, port, hostCheck.asset),
      (): Admission => ({ ok: false, reason: 'dns_failed', detail: name }),
    )
  }

  private admitAddresses(
    scope: CampaignScope,
    principal: GatewayPrincipal,
    host: string | null,
    addresses: readonly string[],
    port: number,
    hostAsset: ScopeMatch | null,
  ): Admission {
    let refusal: Admission | null = null
    for (const address of addresses) {
      const verdict = checkAddress(scope, address, port, host, hostAsset)
      if (verdict.allowed) {
        const shown = host ?? (address.includes(':') ? `[${address}]` : address)
        return {
          ok: true,
          principal,
          scope,
          host,
          ip: address,
          port,
          asset: verdict.asset,
          targetKey: `${shown}:${port}`,
        }
      }
      refusal ??= { ok: false, reason: verdict.reason, detail: verdict.detail }
    }
    return refusal ?? { ok: false, reason: 'dns_failed', detail: host ?? '' }
  }

  // ---------------------------------------------------------------- records and rules

  newRecord(channel: RecordChannel, connectionId: string, clientIp: string, at: number): GatewayRecord {
    return {
      id: recordId(at),
      at,
      channel,
      connectionId,
      clientIp,
      tokenId: null,
      userId: null,
      teamId: null,
      campaignId: null,
      host: null,
      ip: null,
      port: null,
      sni: null,
      method: null,
      path: null,
      status: null,
      bytesUp: 0,
      bytesDown: 0,
      durationMs: 0,
      verdict: 'allowed',
      reason: null,
      assetId: null,
      organisationId: null,
      ruleHits: [],
      userAgent: null,
      manual: false,
      countsAsRequest: true,
    }
  }

  /** Records a refusal (not reserved: kept when there is room) and counts it for the monitor. */
  refuse(record: GatewayRecord, reason: RefusalReason, detail: string): void {
    record.verdict = 'refused'
    record.reason = detail ? `${reason}: ${detail}`.slice(0, 500) : reason
    this.live.refusal(reason, record.at)
    // Unauthenticated noise is recorded at a bounded rate per client address; the rest is only counted.
    if (reason === 'unauthenticated' && this.unauthenticatedRecords.add(record.clientIp, record.at) > 20)
      return
    if (reason === 'audit_unavailable') return
    this.audit.offer(record)
  }

  refusalText(reason: RefusalReason, detail: string): string {
    return `wangan gateway 网关拒绝 (${reason}): ${REFUSAL_TEXT[reason]}${detail ? ` — ${detail}` : ''}`
  }

  /** A request reached its target: rules, manual classification and live counts. Returns the rule ids hit. */
  onRequest(admission: Extract<Admission, { ok: true }>, facts: RequestFacts, record: GatewayRecord): void {
    const { principal, scope, targetKey } = admission
    const now = record.at
    this.live.request(principal.campaignId, principal.teamId, targetKey, now)
    record.manual = this.manual.classify(principal.userId, now, record.userAgent, facts.target, facts.headers)
    const rules = rulesOf(scope)
    const hits = rules.matchRequest(facts, 'head')
    for (const rule of rules.rates) {
      if (rule.methods && !rule.methods.includes(facts.method)) continue
      const count = this.counter(rule.id, rule.windowSeconds).add(`${principal.teamId}\t${targetKey}`, now)
      if (count > rule.threshold)
        hits.push({
          rule,
          matched: `${count} requests in ${rule.windowSeconds} s (threshold ${rule.threshold})`,
        })
    }
    if (hits.length > 0) this.hit(admission, hits, record, `${facts.method} ${targetKey}${facts.target}`)
  }

  /** A request's body is complete: body pattern rules. */
  onRequestBody(
    admission: Extract<Admission, { ok: true }>,
    facts: RequestFacts,
    record: GatewayRecord,
  ): void {
    const rules = rulesOf(admission.scope)
    if (!rules.inspectsBody || !facts.body) return
    const hits = rules.matchRequest(facts, 'body')
    if (hits.length > 0)
      this.hit(admission, hits, record, `${facts.method} ${admission.targetKey}${facts.target}`)
  }

  /** Whether the rules want to see request bodies (so the session captures them). */
  inspectsBody(admission: Extract<Admission, { ok: true }>): boolean {
    return rulesOf(admission.scope).inspectsBody
  }

  /** A connection to a target opened (tunnel or upstream): connection-rate and concurrency rules. */
  onConnectionOpen(admission: Extract<Admission, { ok: true }>, record: GatewayRecord): () => void {
    const { principal, targetKey } = admission
    const key = `${principal.teamId}\t${targetKey}`
    const open = (this.openPerTarget.get(key) ?? 0) + 1
    this.openPerTarget.set(key, open)
    const rules = rulesOf(admission.scope)
    const hits: RuleHit[] = []
    for (const rule of rules.connections) {
      const count = this.counter(rule.id, rule.windowSeconds).add(key, record.at)
      if (count > rule.threshold)
        hits.push({
          rule,
          matched: `${count} connections in ${rule.windowSeconds} s (threshold ${rule.threshold})`,
        })
    }
    for (const rule of rules.concurrency)
      if (open > rule.threshold)
        hits.push({ rule, matched: `${open} connections open at once (threshold ${rule.threshold})` })
    if (hits.length > 0) this.hit(admission, hits, record, `CONNECT ${targetKey}`)
    let closed = false
    return () => {
      if (closed) return
      closed = true
      const left = (this.openPerTarget.get(key) ?? 1) - 1
      if (left <= 0) this.openPerTarget.delete(key)
      else this.openPerTarget.set(key, left)
    }
  }

  /** Counts a tunnel in which no request was visible for the manual heuristic (pace and CONNECT user agent). */
  classifyConnection(principal: GatewayPrincipal, record: GatewayRecord): void {
    record.manual = this.manual.classify(principal.userId, record.at, record.userAgent, null, null)
  }

  private counter(ruleId: string, windowSeconds: number): SlidingCounter {
    const key = `${ruleId}/${windowSeconds}`
    let counter = this.rateCounters.get(key)
    if (!counter) {
      counter = new SlidingCounter(windowSeconds)
      this.rateCounters.set(key, counter)
    }
    return counter
  }

  private hit(
    admission: Extract<Admission, { ok: true }>,
    hits: RuleHit[],
    record: GatewayRecord,
    request: string,
  ): void {
    const { principal, targetKey } = admission
    const now = record.at
    for (const { rule, matched } of hits) {
      if (!record.ruleHits.includes(rule.id)) record.ruleHits.push(rule.id)
      const key = `${principal.userId}\t${rule.id}\t${targetKey}`
      const tracked = this.violations.get(key)
      const evidence = { at: now, recordId: record.id, request: request.slice(0, 500), matched }
      if (tracked && now - tracked.violation.lastAt <= tracked.cooldownMs) {
        const v = tracked.violation
        v.hitCount++
        v.lastAt = now
        if (v.evidence.length < MAX_EVIDENCE) v.evidence.push(evidence)
        tracked.dirty = true
        // A flood hits on every request: the stored state is refreshed at most once a second (and at the end).
        if (now - tracked.pushedAt >= 1_000) {
          this.audit.violation(v)
          tracked.pushedAt = now
          tracked.dirty = false
        }
        continue
      }
      const violation: GatewayViolation = {
        id: randomUUID(),
        campaignId: principal.campaignId,
        teamId: principal.teamId,
        userId: principal.userId,
        ruleId: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        target: targetKey,
        firstAt: now,
        lastAt: now,
        hitCount: 1,
        evidence: [evidence],
      }
      this.violations.set(key, {
        violation,
        pushedAt: now,
        dirty: false,
        cooldownMs: rule.cooldownSeconds * 1000,
      })
      this.audit.violation(violation)
      this.log('warn', `violation ${rule.id} by ${principal.username} on ${targetKey}: ${matched}`)
    }
  }

  /** Queues the latest state of violations still counting hits (`all`: and forgets them, at shutdown). */
  flushViolations(all = false): void {
    const now = this.now()
    for (const [key, tracked] of this.violations) {
      if (tracked.dirty) {
        this.audit.violation(tracked.violation)
        tracked.dirty = false
        tracked.pushedAt = now
      }
      if (all || now - tracked.violation.lastAt > tracked.cooldownMs) this.violations.delete(key)
    }
  }

  private tick(): void {
    const now = this.now()
    this.flushViolations(false)
    for (const counter of this.rateCounters.values()) counter.sweep(now)
    this.manual.sweep(now)
    this.unauthenticatedRecords.sweep(now)
  }

  // ---------------------------------------------------------------- listeners

  register(handle: ConnectionHandle): void {
    this.connections.add(handle)
  }

  unregister(handle: ConnectionHandle): void {
    this.connections.delete(handle)
  }

  private acceptHttp(socket: Socket): void {
    socket.on('error', () => socket.destroy())
    new HttpSession(this, socket, { kind: 'forward' })
  }

  private acceptSocks(socket: Socket): void {
    socket.on('error', () => socket.destroy())
    new SocksSession(this, socket)
  }
}

function rulesOf(scope: CampaignScope): CompiledRules {
  return scope.rules
}

function listenOn(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port }, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}
