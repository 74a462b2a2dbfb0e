// Audit records in the database: a batch from the gateway becomes one row per tester ("pack") holding that tester's
// records as a JSON array of arrays, plus per-team activity counters (10-minute slot × asset) for the scoring
// metrics. Packing and unpacking live here so that the sink and the service read the same format.
import type { RecordBatch } from '../../gateway/record-columns'
import type { RecordChannel, RecordVerdict } from '../../gateway/gateway-types'

export const PACK_FORMAT = 1
/** 有效工作时间 counts 10-minute slots (seed 000 附件2). */
export const SLOT_SECONDS = 600

/** One record inside a pack, in this field order (format 1). Tester, team and campaign are the pack's. */
export const RECORD_FIELDS = [
  'id',
  'at',
  'channel',
  'connectionId',
  'clientIp',
  'tokenId',
  'host',
  'ip',
  'port',
  'sni',
  'method',
  'path',
  'status',
  'bytesUp',
  'bytesDown',
  'durationMs',
  'verdict',
  'reason',
  'assetId',
  'organisationId',
  'ruleHits',
  'userAgent',
  'manual',
  'countsAsRequest',
] as const

export type PackedRecord = {
  id: string
  at: number
  channel: RecordChannel
  connectionId: string
  clientIp: string
  tokenId: string | null
  host: string | null
  ip: string | null
  port: number | null
  sni: string | null
  method: string | null
  path: string | null
  status: number | null
  bytesUp: number
  bytesDown: number
  durationMs: number
  verdict: RecordVerdict
  reason: string | null
  assetId: string | null
  organisationId: string | null
  ruleHits: string[]
  userAgent: string | null
  manual: boolean
  countsAsRequest: boolean
}

export type PackRow = {
  id: string
  campaignId: string | null
  teamId: string | null
  userId: string | null
  firstAt: number
  lastAt: number
  count: number
  refused: number
  records: string
}

export type ActivityDelta = {
  packId: string
  campaignId: string
  teamId: string
  slot: number
  assetId: string
  requests: number
  manual: number
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL text cannot hold
const NUL = /\u0000/g

function clean(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null
  return text.includes('\u0000') ? text.replace(NUL, '\uFFFD') : text
}

/** Splits a batch into packs (one per tester, in arrival order) and the activity they add. */
export function packBatch({ records: r }: RecordBatch): { packs: PackRow[]; activity: ActivityDelta[] } {
  const groups = new Map<string, number[]>()
  for (let i = 0; i < r.count; i++) {
    const key = `${r.campaignId[i] ?? ''}\t${r.teamId[i] ?? ''}\t${r.userId[i] ?? ''}`
    const list = groups.get(key)
    if (list) list.push(i)
    else groups.set(key, [i])
  }
  const packs: PackRow[] = []
  const activity = new Map<string, ActivityDelta>()
  for (const indices of groups.values()) {
    const first = indices[0]!
    const packId = r.id[first]!
    let firstAt = Infinity
    let lastAt = -Infinity
    let refused = 0
    const rows: unknown[][] = []
    for (const i of indices) {
      const at = r.at[i]!
      if (at < firstAt) firstAt = at
      if (at > lastAt) lastAt = at
      if (r.verdict[i] === 'refused') refused++
      rows.push([
        r.id[i],
        at,
        r.channel[i],
        r.connectionId[i],
        r.clientIp[i],
        r.tokenId[i],
        clean(r.host[i]),
        r.ip[i],
        r.port[i],
        clean(r.sni[i]),
        clean(r.method[i]),
        clean(r.path[i]),
        r.status[i],
        r.bytesUp[i],
        r.bytesDown[i],
        r.durationMs[i],
        r.verdict[i],
        clean(r.reason[i]),
        r.assetId[i],
        r.organisationId[i],
        r.ruleHits[i],
        clean(r.userAgent[i]),
        r.manual[i] ? 1 : 0,
        r.countsAsRequest[i] ? 1 : 0,
      ])
      const campaignId = r.campaignId[i]
      const teamId = r.teamId[i]
      const assetId = r.assetId[i]
      if (r.verdict[i] === 'allowed' && r.countsAsRequest[i] && campaignId && teamId && assetId) {
        const slot = Math.floor(at / 1000 / SLOT_SECONDS) * SLOT_SECONDS
        const key = `${packId}\t${slot}\t${assetId}`
        const delta = activity.get(key)
        if (delta) {
          delta.requests++
          if (r.manual[i]) delta.manual++
        } else
          activity.set(key, {
            packId,
            campaignId,
            teamId,
            slot,
            assetId,
            requests: 1,
            manual: r.manual[i] ? 1 : 0,
          })
      }
    }
    packs.push({
      id: packId,
      campaignId: r.campaignId[first] ?? null,
      teamId: r.teamId[first] ?? null,
      userId: r.userId[first] ?? null,
      firstAt,
      lastAt,
      count: indices.length,
      refused,
      records: JSON.stringify(rows),
    })
  }
  return { packs, activity: [...activity.values()] }
}

/** The records of a pack (format 1). */
export function unpack(records: string): PackedRecord[] {
  const rows = JSON.parse(records) as unknown[][]
  return rows.map((row) => ({
    id: row[0] as string,
    at: row[1] as number,
    channel: row[2] as RecordChannel,
    connectionId: row[3] as string,
    clientIp: row[4] as string,
    tokenId: row[5] as string | null,
    host: row[6] as string | null,
    ip: row[7] as string | null,
    port: row[8] as number | null,
    sni: row[9] as string | null,
    method: row[10] as string | null,
    path: row[11] as string | null,
    status: row[12] as number | null,
    bytesUp: row[13] as number,
    bytesDown: row[14] as number,
    durationMs: row[15] as number,
    verdict: row[16] as RecordVerdict,
    reason: row[17] as string | null,
    assetId: row[18] as string | null,
    organisationId: row[19] as string | null,
    ruleHits: (row[20] as string) ? (row[20] as string).split(',') : [],
    userAgent: row[21] as string | null,
    manual: row[22] === 1,
    countsAsRequest: row[23] === 1,
  }))
}
