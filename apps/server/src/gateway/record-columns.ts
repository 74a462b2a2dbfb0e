// A batch of audit records as one array per column: the shape the database statement takes (one array parameter per
// column) and a cheap shape to pass from the proxy thread to the database thread (arrays of primitives clone fast).
import type { GatewayRecord, GatewayViolation } from './gateway-types'

export type RecordColumns = {
  count: number
  id: string[]
  at: number[]
  channel: string[]
  connectionId: string[]
  clientIp: string[]
  tokenId: (string | null)[]
  userId: (string | null)[]
  teamId: (string | null)[]
  campaignId: (string | null)[]
  host: (string | null)[]
  ip: (string | null)[]
  port: (number | null)[]
  sni: (string | null)[]
  method: (string | null)[]
  path: (string | null)[]
  status: (number | null)[]
  bytesUp: number[]
  bytesDown: number[]
  durationMs: number[]
  verdict: string[]
  reason: (string | null)[]
  assetId: (string | null)[]
  organisationId: (string | null)[]
  /** Rule ids joined with commas (rule ids have none). */
  ruleHits: string[]
  userAgent: (string | null)[]
  manual: boolean[]
  countsAsRequest: boolean[]
}

export type RecordBatch = { records: RecordColumns; violations: GatewayViolation[] }

export function toColumns(records: readonly GatewayRecord[]): RecordColumns {
  const n = records.length
  const c: RecordColumns = {
    count: n,
    id: new Array<string>(n),
    at: new Array<number>(n),
    channel: new Array<string>(n),
    connectionId: new Array<string>(n),
    clientIp: new Array<string>(n),
    tokenId: new Array<string | null>(n),
    userId: new Array<string | null>(n),
    teamId: new Array<string | null>(n),
    campaignId: new Array<string | null>(n),
    host: new Array<string | null>(n),
    ip: new Array<string | null>(n),
    port: new Array<number | null>(n),
    sni: new Array<string | null>(n),
    method: new Array<string | null>(n),
    path: new Array<string | null>(n),
    status: new Array<number | null>(n),
    bytesUp: new Array<number>(n),
    bytesDown: new Array<number>(n),
    durationMs: new Array<number>(n),
    verdict: new Array<string>(n),
    reason: new Array<string | null>(n),
    assetId: new Array<string | null>(n),
    organisationId: new Array<string | null>(n),
    ruleHits: new Array<string>(n),
    userAgent: new Array<string | null>(n),
    manual: new Array<boolean>(n),
    countsAsRequest: new Array<boolean>(n),
  }
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    c.id[i] = r.id
    c.at[i] = r.at
    c.channel[i] = r.channel
    c.connectionId[i] = r.connectionId
    c.clientIp[i] = r.clientIp
    c.tokenId[i] = r.tokenId
    c.userId[i] = r.userId
    c.teamId[i] = r.teamId
    c.campaignId[i] = r.campaignId
    c.host[i] = r.host
    c.ip[i] = r.ip
    c.port[i] = r.port
    c.sni[i] = r.sni
    c.method[i] = r.method
    c.path[i] = r.path
    c.status[i] = r.status
    c.bytesUp[i] = r.bytesUp
    c.bytesDown[i] = r.bytesDown
    c.durationMs[i] = r.durationMs
    c.verdict[i] = r.verdict
    c.reason[i] = r.reason
    c.assetId[i] = r.assetId
    c.organisationId[i] = r.organisationId
    c.ruleHits[i] = r.ruleHits.length === 0 ? '' : r.ruleHits.join(',')
    c.userAgent[i] = r.userAgent
    c.manual[i] = r.manual
    c.countsAsRequest[i] = r.countsAsRequest
  }
  return c
}

/** Something that persists column batches (the database side). */
export interface ColumnSink {
  writeColumns(batch: RecordBatch): Promise<void>
}
