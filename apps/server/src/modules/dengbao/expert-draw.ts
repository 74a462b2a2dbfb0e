// The random draw of grading experts (专家评审, experts drawn at random from the pool). The randomness is a 32-byte
// seed from the operating system's CSPRNG; the selection is a pure function of the seed and the sorted pool, so the
// recorded seed and pool let anyone re-check afterwards that the experts were the ones the draw gave.
import { createHmac, randomBytes } from 'node:crypto'

export function newDrawSeed(): string {
  return randomBytes(32).toString('hex')
}

/**
 * Picks `count` distinct ids from `pool`: a partial Fisher–Yates shuffle of the sorted pool whose i-th swap index is
 * HMAC-SHA256(seed, i) reduced modulo the remaining length (a 256-bit value modulo a pool of a few hundred: the bias
 * is below 2⁻²⁴⁰).
 */
export function drawFromPool(seedHex: string, pool: readonly string[], count: number): string[] {
  if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new RangeError('the seed must be 32 bytes of hex')
  const sorted = [...new Set(pool)].sort()
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive whole number')
  if (count > sorted.length) throw new RangeError(`the pool has ${sorted.length} experts, ${count} requested`)
  const key = Buffer.from(seedHex, 'hex')
  for (let i = 0; i < count; i++) {
    const digest = createHmac('sha256', key).update(`draw:${i}`).digest('hex')
    const remaining = sorted.length - i
    const j = i + Number(BigInt(`0x${digest}`) % BigInt(remaining))
    const picked = sorted[j]!
    sorted[j] = sorted[i]!
    sorted[i] = picked
  }
  return sorted.slice(0, count)
}
