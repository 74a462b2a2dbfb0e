import { describe, expect, test } from 'vitest'
import { auditKeyFrom, GENESIS_HASH, hashAuditRow, verifyChain, type ChainedFields } from './audit-chain'

const key = auditKeyFrom(Buffer.alloc(32, 7))

function chain(n: number) {
  const rows: (ChainedFields & { hash: string })[] = []
  let prev = GENESIS_HASH
  for (let seq = 1; seq <= n; seq++) {
    const fields: ChainedFields = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      actorId: null,
      actorUsername: 'cli',
      actorRole: null,
      action: `test.event_${seq}`,
      objectType: 'test',
      objectId: String(seq),
      summary: { n: seq, nested: { b: 1, a: [1, 2] } },
      ip: null,
      userAgent: null,
      requestId: `r${seq}`,
      prevHash: prev,
    }
    const hash = hashAuditRow(fields, key)
    rows.push({ ...fields, hash })
    prev = hash
  }
  return rows
}

describe('audit chain', () => {
  test('an untouched chain verifies; key order in the summary does not matter', () => {
    const rows = chain(10)
    expect(verifyChain(rows, key)).toEqual({ ok: true, checked: 10 })
    rows[3] = { ...rows[3]!, summary: { nested: { a: [1, 2], b: 1 }, n: 4 } }
    expect(verifyChain(rows, key).ok).toBe(true)
  })

  test('an edited row is named', () => {
    const rows = chain(10)
    rows[4] = { ...rows[4]!, action: 'test.something_else' }
    const verdict = verifyChain(rows, key)
    expect(verdict.ok).toBe(false)
    expect(verdict.problem).toMatchObject({ seq: 5, kind: 'edited' })
  })

  test('a deleted row is named', () => {
    const rows = chain(10)
    rows.splice(6, 1)
    expect(verifyChain(rows, key).problem).toMatchObject({ seq: 7, kind: 'deleted' })
    const first = chain(3).slice(1)
    expect(verifyChain(first, key).problem).toMatchObject({ seq: 1, kind: 'deleted' })
  })

  test('an inserted row is caught: without the key its hash is wrong', () => {
    const rows = chain(5)
    const forged = { ...rows[4]!, seq: 6, action: 'test.forged', prevHash: rows[4]!.hash }
    const forgedHash = hashAuditRow(forged, auditKeyFrom(Buffer.alloc(32, 1)))
    const verdict = verifyChain([...rows, { ...forged, hash: forgedHash }], key)
    expect(verdict.problem).toMatchObject({ seq: 6, kind: 'edited' })
  })

  test('a row re-linked with the key (an insider renumbering) is caught where the chain breaks', () => {
    const rows = chain(5)
    // Rewrite row 3 and re-hash it properly: row 4 no longer follows it.
    const rewritten = { ...rows[2]!, action: 'test.rewritten' }
    rows[2] = { ...rewritten, hash: hashAuditRow(rewritten, key) }
    expect(verifyChain(rows, key).problem).toMatchObject({ seq: 4, kind: 'inserted' })
  })
})
