// Messages between the gateway's proxy thread and the platform thread that owns the database. The proxy thread asks
// for principals and scopes and hands over record batches; the platform thread answers, writes, and steers (pauses,
// revocations, invalidations, status, drain, stop).
import type { AuditBufferOptions } from '../audit-buffer'
import type { ConnectionFilter } from '../connection-registry'
import type { GatewayOptions, GatewayStatus } from '../gateway'
import type { ScopeData } from '../gateway-scope'
import type { GatewayPrincipal } from '../gateway-types'
import type { LiveSnapshot } from '../live-metrics'
import type { RecordBatch } from '../record-columns'

export const WORKER_KIND = 'wangan-gateway-worker'

export type WorkerData = {
  kind: typeof WORKER_KIND
  options: Partial<Omit<GatewayOptions, 'audit'>> & { audit?: Partial<AuditBufferOptions> }
  /** A fixed name table instead of the system resolver (tests). */
  hosts: Record<string, string[]> | null
  /** Business time minus wall-clock time (non-zero only under a test clock). */
  clockOffsetMs: number
}

/** The proxy's status; `heapUsed` is the proxy thread's own JavaScript heap (absent when it runs on the main thread). */
export type WorkerStatus = GatewayStatus & { live: LiveSnapshot; heapUsed?: number }

/** Proxy thread → platform thread. */
export type FromWorker =
  | { type: 'ready'; http: number; socks: number | null }
  | { type: 'auth'; id: number; tokenHash: string }
  | { type: 'scope'; id: number; principal: GatewayPrincipal }
  | { type: 'write'; id: number; batch: RecordBatch }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'reply'; id: number; value: unknown; error?: string }

export type Control =
  | { op: 'status' }
  | { op: 'drain'; timeoutMs: number }
  | { op: 'flush' }
  | { op: 'setPauses'; users: string[]; teams: string[] }
  | { op: 'closeConnections'; filter: ConnectionFilter; reason: string }
  | { op: 'invalidate'; teamIds: string[] | null }
  | { op: 'forgetTokens'; tokenId: string | null }
  | { op: 'clock'; offsetMs: number }
  | { op: 'stop'; drainMs: number }
  /** Ends the worker as a crash would (to test the restart). */
  | { op: 'exit' }

/** Platform thread → proxy thread. */
export type ToWorker =
  | { type: 'auth'; id: number; principal: GatewayPrincipal | null; error?: string }
  | { type: 'scope'; id: number; data: ScopeData | null; error?: string }
  | { type: 'written'; id: number; error?: string }
  | ({ type: 'control'; id: number } & Control)
