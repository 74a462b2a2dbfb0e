// The hash chain of the audit trail (pure). Each row's hash covers its own fields and the previous row's hash, so any
// edit, insertion or deletion breaks the chain from that row on. The hash is an HMAC keyed with a key derived from the
// deployment's data key (secrets.ts): someone who can write to the database but not read the data directory cannot
// forge a row that verifies. SM3 (GB/T 32905) where Node's OpenSSL offers it, otherwise SHA-256; each hash is
// prefixed with its algorithm so verification uses the same one.
import { createHmac, getHashes, hkdfSync } from 'node:crypto'

export const HASH_ALGORITHM = getHashes().includes('sm3') ? 'sm3' : 'sha256'
export const GENESIS_HASH = `${HASH_ALGORITHM}:genesis`

export type ChainedFields = {
  seq: number
  at: Date
  actorId: string | null
  actorUsername: string | null
  actorRole: string | null
  action: string
  objectType: string
  objectId: string | null
  summary: Record<string, unknown>
  ip: string | null
  userAgent: string | null
  requestId: string | null
  prevHash: string
}

/** JSON with object keys sorted at every level, so the same value always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function algorithmOf(hash: string): string {
  const colon = hash.indexOf(':')
  return colon > 0 ? hash.slice(0, colon) : HASH_ALGORITHM
}

/** Derives the audit HMAC key from the deployment's data key. */
export function auditKeyFrom(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'wangan audit chain v1', 32))
}

export function hashAuditRow(fields: ChainedFields, key: Buffer, algorithm = HASH_ALGORITHM): string {
  const material = canonicalJson([
    fields.seq,
    fields.at.toISOString(),
    fields.actorId,
    fields.actorUsername,
    fields.actorRole,
    fields.action,
    fields.objectType,
    fields.objectId,
    fields.summary,
    fields.ip,
    fields.userAgent,
    fields.requestId,
    fields.prevHash,
  ])
  return `${algorithm}:${createHmac(algorithm, key).update(material, 'utf8').digest('hex')}`
}

export type ChainProblem = {
  seq: number
  kind: 'edited' | 'inserted' | 'deleted'
  message: string
}

export type ChainVerdict = { ok: boolean; checked: number; problem?: ChainProblem }

/**
 * Checks rows given in `seq` order (a generator, so millions of rows stream through) and reports the first break:
 * - a row whose stored hash does not match its contents was edited, or inserted by hand (it cannot carry a valid
 *   HMAC without the key);
 * - a gap in `seq` means rows were deleted;
 * - a row whose own hash is valid but whose prev_hash does not name the row before it means rows were deleted or
 *   inserted at this point and the chain re-linked.
 */
export function verifyChain(rows: Iterable<ChainedFields & { hash: string }>, key: Buffer): ChainVerdict {
  const verifier = new ChainVerifier(key)
  for (const row of rows) {
    const verdict = verifier.push(row)
    if (verdict) return verdict
  }
  return verifier.finish()
}

/** Incremental form of verifyChain, for rows read page by page. */
export class ChainVerifier {
  private previous: { seq: number; hash: string } | null = null
  private checked = 0
  constructor(private readonly key: Buffer) {}

  push(row: ChainedFields & { hash: string }): ChainVerdict | null {
    this.checked++
    const previous = this.previous
    const expectedSeq = previous ? previous.seq + 1 : 1
    const expectedPrev = previous ? previous.hash : `${algorithmOf(row.hash)}:genesis`
    const fail = (problem: ChainProblem): ChainVerdict => ({ ok: false, checked: this.checked, problem })
    if (hashAuditRow(row, this.key, algorithmOf(row.hash)) !== row.hash) {
      return fail({
        seq: row.seq,
        kind: 'edited',
        message: `audit row seq ${row.seq} was edited or inserted by hand: its contents do not match its hash`,
      })
    }
    if (row.seq > expectedSeq) {
      const range = row.seq - 1 > expectedSeq ? `${expectedSeq}–${row.seq - 1}` : `${expectedSeq}`
      return fail({
        seq: expectedSeq,
        kind: 'deleted',
        message: `audit row seq ${range} was deleted (the next row is seq ${row.seq})`,
      })
    }
    if (row.seq < expectedSeq || row.prevHash !== expectedPrev) {
      return fail({
        seq: row.seq,
        kind: 'inserted',
        message: `audit row seq ${row.seq} does not follow seq ${previous?.seq ?? 'genesis'}: rows were inserted or removed and the chain re-linked here`,
      })
    }
    this.previous = { seq: row.seq, hash: row.hash }
    return null
  }

  finish(): ChainVerdict {
    return { ok: true, checked: this.checked }
  }
}
