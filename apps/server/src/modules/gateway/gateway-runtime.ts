// The gateway as the server runs it (role `gateway`): the proxy core in its own worker thread by default, wired to
// the database on this thread (directory lookups, record batches), and kept in step with what regulators change.
// Changes made in this process reach the proxy at once (the service calls in); changes made by another process are
// noticed by polling the gateway state row twice a second, and scope sources by a fingerprint refresh every few
// seconds. A heartbeat row carries the proxy's status and live figures for a monitor served by another process.
// `thread: false` runs the proxy on this thread instead (simpler to debug; proxied traffic then shares the thread
// with the database and the API).
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { and, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Config } from '../../config'
import { gatewayNodes, gatewayPauses, gatewayTokens } from '../../db/schema'
import { queryRows } from '../../db/transaction'
import { CachingScope } from '../../gateway/caching-scope'
import type { ConnectionFilter } from '../../gateway/connection-registry'
import { Gateway, type GatewayOptions } from '../../gateway/gateway'
import type { AuditBufferOptions } from '../../gateway/audit-buffer'
import { StaticResolver } from '../../gateway/resolver'
import {
  WORKER_KIND,
  type Control,
  type FromWorker,
  type ToWorker,
  type WorkerData,
  type WorkerStatus,
} from '../../gateway/worker/worker-protocol'
import type { Services } from '../../services'
import { GatewayDirectory } from './gateway-directory'
import { DatabaseRecordSink } from './gateway-record-sink'

type Log = (level: 'info' | 'warn' | 'error', message: string) => void

export type GatewayRuntimeOptions = Partial<Omit<GatewayOptions, 'audit'>> & {
  audit?: Partial<AuditBufferOptions>
  /** Run the proxy in a worker thread (default) or on this thread. */
  thread?: boolean
  /** A fixed name table instead of the system resolver (tests: nothing leaves the machine). */
  hosts?: Record<string, string | string[]>
  controlPollMs?: number
  refreshMs?: number
  heartbeatMs?: number
  log?: Log
}

export type HeartbeatStatus = WorkerStatus

/** The proxy, wherever it runs: started, asked, steered and stopped through one interface. */
interface Engine {
  start(): Promise<{ http: number; socks: number | null }>
  control<T>(message: Control): Promise<T>
}

class InlineEngine implements Engine {
  private readonly gateway: Gateway
  private readonly scope: CachingScope
  private offset: number

  constructor(directory: GatewayDirectory, sink: DatabaseRecordSink, data: WorkerData, log: Log) {
    this.offset = data.clockOffsetMs
    this.scope = new CachingScope({
      principal: (hash) => directory.principal(hash),
      scope: (p) => directory.scope(p),
    })
    this.gateway = new Gateway(
      {
        scope: this.scope,
        sink,
        ...(data.hosts ? { resolver: new StaticResolver(data.hosts) } : {}),
        now: () => Date.now() + this.offset,
        log,
      },
      data.options,
    )
  }

  async start() {
    try {
      const addresses = await this.gateway.listen()
      return { http: addresses.http.port, socks: addresses.socks?.port ?? null }
    } catch (error) {
      await this.gateway.close(0)
      throw error
    }
  }

  async control<T>(message: Control): Promise<T> {
    const g = this.gateway
    const value = await (async (): Promise<unknown> => {
      switch (message.op) {
        case 'status':
          return { ...g.status(), live: g.liveSnapshot() }
        case 'flush':
          g.flushViolations()
          return g.audit.drain(30_000)
        case 'drain':
          g.flushViolations()
          return g.audit.drain(message.timeoutMs)
        case 'setPauses':
          return g.setPauses(message.users, message.teams)
        case 'closeConnections':
          return g.closeConnections(message.filter, message.reason)
        case 'invalidate':
          this.scope.invalidate(message.teamIds)
          return true
        case 'forgetTokens':
          this.scope.forgetTokens(message.tokenId)
          return true
        case 'clock':
          this.offset = message.offsetMs
          return true
        case 'stop':
          return g.close(message.drainMs)
        case 'exit':
          throw new Error('only a gateway worker can be ended')
      }
    })()
    return value as T
  }
}

class ThreadEngine implements Engine {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >()
  private stopping = false
  /** Called when the worker ended without being asked to (the runtime starts a new one). */
  onCrash: (() => void) | null = null

  constructor(
    private readonly directory: GatewayDirectory,
    private readonly sink: DatabaseRecordSink,
    private readonly data: WorkerData,
    private readonly log: Log,
  ) {}

  async start() {
    // Loaded lazily so that the bundler makes the worker module a file of its own, which the worker then runs.
    const { workerUrl } = await import('../../gateway/worker/gateway-worker')
    const worker = startWorker(workerUrl, this.data)
    this.worker = worker
    return new Promise<{ http: number; socks: number | null }>((resolve, reject) => {
      let ready = false
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true
          resolve({ http: message.http, socks: message.socks })
        } else this.onMessage(message)
      })
      worker.once('error', (error) => {
        this.log('error', `gateway worker error: ${error.message}`)
        reject(error)
      })
      worker.once('exit', (code) => {
        for (const waiting of this.pending.values())
          waiting.reject(new Error('the gateway worker has stopped'))
        this.pending.clear()
        if (this.worker === worker) this.worker = null
        if (this.stopping) return
        this.log('error', `gateway worker exited (code ${code}): the gateway is down`)
        if (ready) this.onCrash?.()
        else reject(new Error(`the gateway worker exited (code ${code})`))
      })
    })
  }

  control<T>(message: Control): Promise<T> {
    const worker = this.worker
    if (!worker) return Promise.reject(new Error('the gateway worker is not running'))
    if (message.op === 'stop') this.stopping = true
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      worker.postMessage({ type: 'control', id, ...message } satisfies ToWorker)
    })
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message)
  }

  private onMessage(message: FromWorker): void {
    const failed = (error: unknown) => (error instanceof Error ? error.message : String(error))
    switch (message.type) {
      case 'auth':
        this.directory.principal(message.tokenHash).then(
          (principal) => this.post({ type: 'auth', id: message.id, principal }),
          (error: unknown) =>
            this.post({ type: 'auth', id: message.id, principal: null, error: failed(error) }),
        )
        return
      case 'scope':
        this.directory.scope(message.principal).then(
          (data) => this.post({ type: 'scope', id: message.id, data }),
          (error: unknown) => this.post({ type: 'scope', id: message.id, data: null, error: failed(error) }),
        )
        return
      case 'write':
        this.sink.writeColumns(message.batch).then(
          () => this.post({ type: 'written', id: message.id }),
          (error: unknown) => this.post({ type: 'written', id: message.id, error: failed(error) }),
        )
        return
      case 'log':
        this.log(message.level, message.message)
        return
      case 'reply': {
        const waiting = this.pending.get(message.id)
        if (!waiting) return
        this.pending.delete(message.id)
        if (message.error) waiting.reject(new Error(message.error))
        else waiting.resolve(message.value)
        return
      }
      case 'ready':
        return
    }
  }
}

/** Starts the worker from its module URL: the bundled file in production; from TypeScript through tsx in tests. */
function startWorker(url: string, data: WorkerData): Worker {
  if (!url.endsWith('.ts')) return new Worker(new URL(url), { workerData: data })
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
    /\.cjs$/,
    '.mjs',
  )
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(url)});`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: data })
}

export class GatewayRuntime {
  readonly directory: GatewayDirectory
  readonly nodeId = randomUUID()
  readonly threaded: boolean
  private readonly engine: Engine
  private readonly timers: NodeJS.Timeout[] = []
  private stateVersion = -1
  private lastControlCheck: Date
  private readonly startedAt: Date
  private busy = false
  private clockOffset: number
  private stopped = false
  private readonly log: Log
  ports: { http: number; socks: number | null } = { http: 0, socks: null }

  constructor(
    private readonly services: Services,
    private readonly options: GatewayRuntimeOptions = {},
  ) {
    this.directory = new GatewayDirectory(services)
    this.startedAt = services.clock.now()
    this.lastControlCheck = this.startedAt
    this.clockOffset = services.clock.now().getTime() - Date.now()
    const log = options.log ?? (() => {})
    const {
      thread,
      hosts,
      controlPollMs: _c,
      refreshMs: _r,
      heartbeatMs: _h,
      log: _l,
      ...gatewayOptions
    } = options
    const data: WorkerData = {
      kind: WORKER_KIND,
      options: gatewayOptions,
      hosts: hosts
        ? Object.fromEntries(Object.entries(hosts).map(([name, addresses]) => [name, [addresses].flat()]))
        : null,
      clockOffsetMs: this.clockOffset,
    }
    const sink = new DatabaseRecordSink(services.database)
    this.threaded = thread ?? true
    if (this.threaded) {
      const engine = new ThreadEngine(this.directory, sink, data, log)
      // A proxy thread that died (a bug on some unforeseen input) is started again; its queued records are lost
      // with it, which the log says. Pauses are re-applied before it takes traffic.
      engine.onCrash = () => {
        if (this.stopped) return
        setTimeout(() => {
          this.log('error', 'restarting the gateway worker')
          engine
            .start()
            .then(async (ports) => {
              this.ports = ports
              this.clockOffset = Number.NaN
              await this.syncClock()
              await this.reloadPauses()
            })
            .catch((error: unknown) =>
              this.log('error', `the gateway worker did not restart: ${String(error)}`),
            )
        }, 1_000).unref()
      }
      this.engine = engine
    } else this.engine = new InlineEngine(this.directory, sink, data, log)
    this.log = log
  }

  async start(): Promise<{ http: number; socks: number | null }> {
    this.ports = await this.engine.start()
    await this.reloadPauses()
    this.stateVersion = await this.readStateVersion()
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => {
        fn().catch(() => {
          // The database may be away: the audit queue reports that; control and heartbeat simply try again.
        })
      }, ms)
      timer.unref()
      this.timers.push(timer)
    }
    every(this.options.controlPollMs ?? 500, () => this.pollControl())
    every(this.options.refreshMs ?? 2_000, () => this.refreshScopes())
    every(this.options.heartbeatMs ?? 2_000, () => this.heartbeat())
    return this.ports
  }

  async stop(drainMs = 10_000): Promise<boolean> {
    this.stopped = true
    for (const timer of this.timers.splice(0)) clearInterval(timer)
    const drained = await this.engine.control<boolean>({ op: 'stop', drainMs }).catch(() => false)
    await this.services.database.db
      .delete(gatewayNodes)
      .where(sql`${gatewayNodes.id} = ${this.nodeId}`)
      .catch(() => undefined)
    return drained
  }

  status(): Promise<HeartbeatStatus> {
    return this.engine.control<HeartbeatStatus>({ op: 'status' })
  }

  /** Waits until every queued record is written (false when `timeoutMs` passed first). */
  drain(timeoutMs = 10_000): Promise<boolean> {
    return this.engine.control<boolean>({ op: 'drain', timeoutMs })
  }

  /** Writes the latest state of violations still counting hits, and every queued record. */
  flush(): Promise<boolean> {
    return this.engine.control<boolean>({ op: 'flush' })
  }

  /** Ends the proxy thread as a crash would; the runtime starts a new one (tests). */
  async crashForTest(): Promise<void> {
    await this.engine.control({ op: 'exit' }).catch(() => undefined)
  }

  closeConnections(filter: ConnectionFilter, reason: string): Promise<number> {
    return this.engine.control<number>({ op: 'closeConnections', filter, reason })
  }

  /** Tells the proxy the platform's business time (it moves only under a test clock). */
  async syncClock(): Promise<void> {
    const offset = this.services.clock.now().getTime() - Date.now()
    if (Math.abs(offset - this.clockOffset) < 20) return // NaN (after a restart) always syncs
    this.clockOffset = offset
    await this.engine.control({ op: 'clock', offsetMs: offset })
  }

  // ------------------------------------------------------------------ changes

  /** Loads the pauses in force; connections of newly paused testers and teams are closed at once. */
  async reloadPauses(): Promise<number> {
    const rows = await this.services.database.db
      .select({ subject: gatewayPauses.subject, teamId: gatewayPauses.teamId, userId: gatewayPauses.userId })
      .from(gatewayPauses)
      .where(isNull(gatewayPauses.resumedAt))
    const users = rows.filter((r) => r.subject === 'tester' && r.userId).map((r) => r.userId!)
    const teams = rows.filter((r) => r.subject === 'team').map((r) => r.teamId)
    return this.engine.control<number>({ op: 'setPauses', users, teams })
  }

  async tokenRevoked(tokenId: string): Promise<number> {
    await this.engine.control({ op: 'forgetTokens', tokenId })
    return this.closeConnections({ tokenId }, 'token revoked')
  }

  async settingsChanged(campaignId: string): Promise<void> {
    const teams = this.directory.teamsOf(campaignId)
    this.directory.forget(teams)
    await this.engine.control({ op: 'invalidate', teamIds: teams })
  }

  private async readStateVersion(): Promise<number> {
    const [row] = await queryRows<{ version: number | string }>(
      this.services.database.db,
      sql`select version from gateway_state where id = 1`,
    )
    return row ? Number(row.version) : 0
  }

  private async pollControl(): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      await this.syncClock()
      const version = await this.readStateVersion()
      if (version === this.stateVersion) return
      const since = new Date(this.lastControlCheck.getTime() - 10_000)
      this.lastControlCheck = this.services.clock.now()
      this.stateVersion = version
      await this.reloadPauses()
      await this.engine.control({ op: 'forgetTokens', tokenId: null })
      this.directory.forget(null)
      await this.engine.control({ op: 'invalidate', teamIds: null })
      const revoked = await this.services.database.db
        .select({ id: gatewayTokens.id })
        .from(gatewayTokens)
        .where(and(isNotNull(gatewayTokens.revokedAt), gt(gatewayTokens.revokedAt, since)))
      for (const { id } of revoked) await this.closeConnections({ tokenId: id }, 'token revoked')
    } finally {
      this.busy = false
    }
  }

  private async refreshScopes(): Promise<void> {
    const changed = await this.directory.changedTeams()
    if (changed.length > 0) await this.engine.control({ op: 'invalidate', teamIds: changed })
  }

  private async heartbeat(): Promise<void> {
    const now = this.services.clock.now()
    const status = (await this.status()) as unknown as Record<string, unknown>
    await this.services.database.db
      .insert(gatewayNodes)
      .values({ id: this.nodeId, startedAt: this.startedAt, heartbeatAt: now, status })
      .onConflictDoUpdate({ target: gatewayNodes.id, set: { heartbeatAt: now, status } })
  }
}

/** Options of the gateway listeners from the configuration (ports of CONTRACTS, WANGAN_GATEWAY_* in config.ts). */
export function gatewayOptionsFrom(config: Config): GatewayRuntimeOptions {
  return {
    host: config.gateway.host,
    httpPort: config.gatewayPort,
    socksPort: config.socksPort,
    thread: config.gateway.thread,
    audit: { capacity: config.gateway.auditCapacity, batchSize: config.gateway.auditBatch },
  }
}

/**
 * Starts the gateway's listeners for `wangan serve` (role `gateway`) and says where they listen. A gateway that cannot
 * start (a port in use) is reported loudly but does not take the API and the web UI down with it: the monitor then
 * shows no gateway, and no traffic passes unaudited because none passes at all.
 */
export async function startGatewayListeners(services: Services): Promise<string> {
  const log: Log = (level, message) => (level === 'info' ? console.log : console.error)(message)
  try {
    const { ports, runtime } = await services.gateway.startRuntime(services, { log })
    return `Wangan testing gateway 测试网关: HTTP proxy on port ${ports.http}, SOCKS5 on port ${ports.socks ?? '-'} (${runtime.threaded ? 'own thread' : 'main thread'})`
  } catch (error) {
    await services.gateway.stopRuntime(0).catch(() => undefined)
    const message = error instanceof Error ? error.message : String(error)
    return `测试网关未能启动 (the testing gateway did not start): ${message}`
  }
}
