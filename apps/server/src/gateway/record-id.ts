// Time-ordered UUIDs (version 7 layout: 48-bit milliseconds, then random bits) for audit records: made by the
// gateway so a batch retried after an unclear failure is recognised, and ordered so the primary-key index grows at
// its end instead of splitting pages at random.
import { randomFillSync } from 'node:crypto'

const POOL = 4096
const pool = Buffer.alloc(POOL * 10)
let next = POOL
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function recordId(nowMs: number = Date.now()): string {
  if (next >= POOL) {
    randomFillSync(pool)
    next = 0
  }
  const r = next++ * 10
  const ms = Math.max(0, Math.floor(nowMs))
  const high = Math.floor(ms / 0x10000)
  const low = ms % 0x10000
  const h = (n: number) => HEX[n & 0xff]!
  const p = (i: number) => HEX[pool[r + i]!]!
  return (
    h(high >>> 24) +
    h(high >>> 16) +
    h(high >>> 8) +
    h(high) +
    '-' +
    h(low >>> 8) +
    h(low) +
    '-7' +
    p(0).slice(1) +
    p(1) +
    '-' +
    h((pool[r + 2]! & 0x3f) | 0x80) +
    p(3) +
    '-' +
    p(4) +
    p(5) +
    p(6) +
    p(7) +
    p(8) +
    p(9)
  )
}
