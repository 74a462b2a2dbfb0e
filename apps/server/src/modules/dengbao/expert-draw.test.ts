import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { drawFromPool, newDrawSeed } from './expert-draw'

const pool = Array.from({ length: 12 }, (_, i) => `expert-${String(i).padStart(2, '0')}`)

describe('the expert draw', () => {
  test('a seed is 32 random bytes, never the same twice', () => {
    const seeds = new Set(Array.from({ length: 100 }, () => newDrawSeed()))
    expect(seeds.size).toBe(100)
    for (const seed of seeds) expect(seed).toMatch(/^[0-9a-f]{64}$/)
  })

  test('the recorded seed and pool reproduce the selection, whatever order the pool was listed in', () => {
    const seed = 'a'.repeat(64)
    const first = drawFromPool(seed, pool, 3)
    expect(drawFromPool(seed, [...pool].reverse(), 3)).toEqual(first)
    expect(drawFromPool(seed, pool, 3)).toEqual(first)
    expect(drawFromPool('b'.repeat(64), pool, 3)).not.toEqual(first)
  })

  test('distinct members of the pool, as many as asked', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (seed, members, n) => {
          const count = 1 + (n % members.length)
          const selected = drawFromPool(seed, members, count)
          expect(selected).toHaveLength(count)
          expect(new Set(selected).size).toBe(count)
          for (const id of selected) expect(members).toContain(id)
        },
      ),
    )
  })

  test('every expert is about equally likely to be drawn', () => {
    const hits = new Map(pool.map((id) => [id, 0]))
    const draws = 6_000
    for (let i = 0; i < draws; i++)
      for (const id of drawFromPool(newDrawSeed(), pool, 3)) hits.set(id, hits.get(id)! + 1)
    const expected = (draws * 3) / pool.length
    // chi-square with 11 degrees of freedom: 31.3 is the 0.1 % critical value
    const chi = [...hits.values()].reduce((sum, h) => sum + (h - expected) ** 2 / expected, 0)
    expect(chi).toBeLessThan(31.3)
  })

  test('asking for more experts than the pool holds, or a bad seed, is refused', () => {
    expect(() => drawFromPool('a'.repeat(64), pool.slice(0, 2), 3)).toThrow(/pool has 2/)
    expect(() => drawFromPool('xyz', pool, 1)).toThrow(/seed/)
    expect(() => drawFromPool('a'.repeat(64), pool, 0)).toThrow(/count/)
  })
})
