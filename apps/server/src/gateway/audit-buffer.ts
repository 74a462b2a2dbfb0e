// The gateway's audit records leave the hot path through this bounded queue and reach the database in batches.
// Every connection or request reserves its record's place before any byte reaches a target; when no place can be
// reserved — the database has been unavailable long enough for the queue to fill — the gateway fails closed: it
// refuses new traffic rather than let unaudited traffic through. A record once accepted is retried until written;
// nothing is dropped, so after a drain `accepted === written`.
import type { GatewayRecord, GatewayViolation } from './gateway-types'

export interface RecordSink {
  /** Persists a batch atomically. Must be idempotent: a batch may be sent again after an unclear failure. */
  write(records: readonly GatewayRecord[], violations: readonly GatewayViolation[]): Promise<void>
}

export type AuditBufferOptions = {
  /** Records held in memory at most, reservations included. */
  capacity: number
  batchSize: number
  flushIntervalMs: number
  retryMinMs: number
  retryMaxMs: number
}

export const DEFAULT_AUDIT_BUFFER_OPTIONS: AuditBufferOptions = {
  capacity: 100_000,
  batchSize: 2_000,
  flushIntervalMs: 250,
  retryMinMs: 100,
  retryMaxMs: 5_000,
}

export type AuditState = 'ok' | 'retrying' | 'fail_closed'

export type AuditCounters = {
  state: AuditState
  /** Records taken into the queue. */
  accepted: number
  /** Records the database acknowledged. */
  written: number
  /** In the queue, not yet written. */
  pending: number
  /** Places held by connections and requests still in progress. */
  reserved: number
  capacity: number
  failedWrites: number
  /** Connections and requests refused because no record place could be reserved. */
  refusedFailClosed: number
  /** Refusal records not kept because the queue was full (the refused traffic never reached a target). */
  refusalsNotRecorded: number
  violationsPending: number
  violationsWritten: number
  lastError: string | null
  lastWriteAt: number | null
  failClosedSince: number | null
}

export class AuditBuffer {
  private queue: GatewayRecord[] = []
  private head = 0
  private readonly violations = new Map<string, GatewayViolation>()
  private reservedCount = 0
  private accepted = 0
  private written = 0
  private failedWrites = 0
  private refusedFailClosed = 0
  private refusalsNotRecorded = 0
  private violationsWritten = 0
  private lastError: string | null = null
  private lastWriteAt: number | null = null
  private failClosedSince: number | null = null
  private failing = false
  private notified: AuditState = 'ok'
  private running = false
  private loop: Promise<void> | null = null
  private wake: (() => void) | null = null
  private sleepTimer: NodeJS.Timeout | null = null
  private drainWaiters: (() => void)[] = []
  private readonly options: AuditBufferOptions

  constructor(
    private readonly sink: RecordSink,
    options: Partial<AuditBufferOptions> = {},
    private readonly onStateChange: (state: AuditState, counters: AuditCounters) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_AUDIT_BUFFER_OPTIONS, ...options }
  }

  get pending(): number {
    return this.queue.length - this.head
  }

  get state(): AuditState {
    if (this.failClosedSince !== null) return 'fail_closed'
    return this.failing ? 'retrying' : 'ok'
  }

  /** Holds a place for a record that `commit` will bring. False: the gateway must refuse (fail closed). */
  reserve(): boolean {
    // Once closed, stay closed until the writer has made room again (no flapping at the edge).
    if (this.failClosedSince !== null || this.pending + this.reservedCount >= this.options.capacity) {
      this.refusedFailClosed++
      if (this.failClosedSince === null) {
        this.failClosedSince = this.now()
        this.notify()
      }
      return false
    }
    this.reservedCount++
    return true
  }

  /** Gives back a place that will not be used. */
  release(): void {
    if (this.reservedCount > 0) this.reservedCount--
  }

  /** Queues the record of a reservation. */
  commit(record: GatewayRecord): void {
    if (this.reservedCount > 0) this.reservedCount--
    this.enqueue(record)
  }

  /** Queues a record that had no reservation (a refusal): kept when there is room, else only counted. */
  offer(record: GatewayRecord): boolean {
    if (this.pending + this.reservedCount >= this.options.capacity) {
      this.refusalsNotRecorded++
      return false
    }
    this.enqueue(record)
    return true
  }

  /** Queues a violation's current state (a later state of the same violation replaces an unwritten earlier one). */
  violation(violation: GatewayViolation): void {
    this.violations.set(violation.id, { ...violation, evidence: [...violation.evidence] })
    this.kick()
  }

  counters(): AuditCounters {
    return {
      state: this.state,
      accepted: this.accepted,
      written: this.written,
      pending: this.pending,
      reserved: this.reservedCount,
      capacity: this.options.capacity,
      failedWrites: this.failedWrites,
      refusedFailClosed: this.refusedFailClosed,
      refusalsNotRecorded: this.refusalsNotRecorded,
      violationsPending: this.violations.size,
      violationsWritten: this.violationsWritten,
      lastError: this.lastError,
      lastWriteAt: this.lastWriteAt,
      failClosedSince: this.failClosedSince,
    }
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
  }

  /** Writes what is queued (waiting at most `timeoutMs`); true when everything was written. */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    if (this.isEmpty()) return true
    if (!this.running) this.start()
    this.kick()
    let timer: NodeJS.Timeout | undefined
    const done = new Promise<boolean>((resolve) => {
      this.drainWaiters.push(() => resolve(true))
      timer = setTimeout(() => resolve(false), timeoutMs)
    })
    const result = await done
    clearTimeout(timer)
    return result
  }

  /** Drains, then stops the writer. */
  async stop(timeoutMs = 10_000): Promise<boolean> {
    const drained = await this.drain(timeoutMs)
    this.running = false
    this.kick()
    await this.loop
    this.loop = null
    return drained
  }

  /** Tells the owner when the state changed (once per change). */
  private notify(): void {
    const state = this.state
    if (state === this.notified) return
    this.notified = state
    this.onStateChange(state, this.counters())
  }

  private isEmpty(): boolean {
    return this.pending === 0 && this.violations.size === 0
  }

  private enqueue(record: GatewayRecord): void {
    this.queue.push(record)
    this.accepted++
    if (this.pending >= this.options.batchSize) this.kick()
  }

  private kick(): void {
    const wake = this.wake
    if (wake) {
      this.wake = null
      wake()
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        if (this.sleepTimer) clearTimeout(this.sleepTimer)
        this.sleepTimer = null
        resolve()
      }
      this.sleepTimer = setTimeout(() => this.kick(), ms)
      this.sleepTimer.unref()
    })
  }

  private async run(): Promise<void> {
    let backoff = this.options.retryMinMs
    while (this.running || !this.isEmpty()) {
      if (this.isEmpty()) {
        if (!this.running) break
        await this.sleep(this.options.flushIntervalMs)
        continue
      }
      if (
        this.running &&
        this.pending < this.options.batchSize &&
        this.drainWaiters.length === 0 &&
        !this.failing
      )
        await this.sleep(this.options.flushIntervalMs)
      const batch = this.queue.slice(this.head, this.head + this.options.batchSize)
      const violations = [...this.violations.values()]
      try {
        await this.sink.write(batch, violations)
      } catch (error) {
        this.failedWrites++
        this.lastError = error instanceof Error ? error.message : String(error)
        if (!this.failing) {
          this.failing = true
          this.notify()
        }
        if (!this.running && this.drainWaiters.length === 0) break
        await this.sleep(backoff)
        backoff = Math.min(backoff * 2, this.options.retryMaxMs)
        continue
      }
      backoff = this.options.retryMinMs
      this.head += batch.length
      this.written += batch.length
      this.lastWriteAt = this.now()
      for (const v of violations) {
        // A newer state queued while this one was being written stays queued.
        if (this.violations.get(v.id)?.hitCount === v.hitCount) this.violations.delete(v.id)
        this.violationsWritten++
      }
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head)
        this.head = 0
      }
      this.failing = false
      // Out of fail-closed once there is room again for a tenth of the queue.
      if (this.failClosedSince !== null && this.pending + this.reservedCount < this.options.capacity * 0.9)
        this.failClosedSince = null
      if (this.state === 'ok') this.lastError = null
      this.notify()
      if (this.isEmpty()) for (const resolve of this.drainWaiters.splice(0)) resolve()
    }
    for (const resolve of this.drainWaiters.splice(0)) resolve()
  }
}
