import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { competitionRanks } from './ranking'

const byTotalDescending = (a: number, b: number) => b - a

describe('competitionRanks', () => {
  it('gives ties the better rank and skips after them', () => {
    expect(competitionRanks([90, 80, 90, 70, 80], byTotalDescending)).toEqual([1, 3, 1, 5, 3])
    expect(competitionRanks([], byTotalDescending)).toEqual([])
  })

  it('rank = 1 + the number of strictly better entries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 30 }), (totals) => {
        const ranks = competitionRanks(totals, byTotalDescending)
        totals.forEach((total, index) => {
          expect(ranks[index]).toBe(1 + totals.filter((other) => other > total).length)
        })
      }),
    )
  })
})
