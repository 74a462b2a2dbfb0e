import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CityEvaluationInputError,
  cityFrameworkIndex,
  cityGradeOf,
  evaluateCity,
  type TCityEvaluationInput,
  type TCityRatingValue,
} from './index'

const allItems = [...cityFrameworkIndex.item.keys()]
const itemsUnder = (prefix: string) => allItems.filter((code) => code.startsWith(`${prefix}.`))

function ratingsOf(
  value: TCityRatingValue,
  codes: readonly string[] = allItems,
): Record<string, TCityRatingValue> {
  return Object.fromEntries(codes.map((code) => [code, value]))
}

/** Full marks everywhere except the listed third-level indicators, which get 0. */
function losing(...thirds: string[]): Record<string, TCityRatingValue> {
  const ratings = ratingsOf(1)
  for (const third of thirds) for (const code of itemsUnder(third)) ratings[code] = 0
  return ratings
}

function evaluationError(input: unknown): CityEvaluationInputError {
  try {
    evaluateCity(input)
  } catch (error) {
    if (error instanceof CityEvaluationInputError) return error
    throw error
  }
  throw new Error('expected a CityEvaluationInputError')
}

describe('evaluateCity: full scope', () => {
  it('gives 100 and 优秀 when every item is fully met', () => {
    const result = evaluateCity({
      framework: 'suzhou-2022',
      scope: ['1', '2', '3', '4', '5'],
      ratings: ratingsOf(1),
    })
    expect(result).toMatchObject({
      total: 100,
      scaledTotal: 100,
      grade: '优秀',
      first: { '1': 20, '2': 30, '3': 15, '4': 15, '5': 20 },
      pointsInScope: 100,
      gapToNextGrade: null,
      weakest: [],
    })
  })

  it('gives 0 and 不合格 when nothing is met, 60 points short of 合格', () => {
    const result = evaluateCity({ ratings: ratingsOf(0) })
    expect(result).toMatchObject({ total: 0, scaledTotal: 0, grade: '不合格' })
    expect(result.gapToNextGrade).toEqual({ grade: '合格', threshold: 60, scaledPoints: 60, points: 60 })
    // The largest indicators first: 3-point ones (1.1.0, 3.1.1, 3.3.1, 3.3.2, 5.1.2, 5.2.2, 5.3.1), then 2-point ones.
    expect(result.weakest[0]).toMatchObject({ code: '1.1.0', points: 3, score: 0, lost: 3, scaledLost: 3 })
    expect(result.gapClosedBy.slice(0, 7)).toEqual([
      '1.1.0',
      '3.1.1',
      '3.3.1',
      '3.3.2',
      '5.1.2',
      '5.2.2',
      '5.3.1',
    ])
    const regained = result.gapClosedBy.reduce(
      (acc, code) => acc + (cityFrameworkIndex.third.get(code)?.third.points ?? 0),
      0,
    )
    expect(regained).toBeGreaterThanOrEqual(60)
    expect(
      regained - (cityFrameworkIndex.third.get(result.gapClosedBy.at(-1) ?? '')?.third.points ?? 0),
    ).toBeLessThan(60)
  })

  it('reads the Chinese rating names as 1 / 0.8 / 0.5 / 0', () => {
    const byName = evaluateCity({
      ratings: {
        ...ratingsOf(1),
        '2.1.1.1': '大部分满足',
        '2.1.1.2': '部分满足',
        '3.1.2.1': '不满足',
        '3.1.2.2': '全部满足',
      },
    })
    const byValue = evaluateCity({
      ratings: { ...ratingsOf(1), '2.1.1.1': 0.8, '2.1.1.2': 0.5, '3.1.2.1': 0, '3.1.2.2': 1 },
    })
    expect(byName).toEqual(byValue)
    // 2.1.1 (2 points): mean(0.8, 0.5) = 0.65 → 1.3; 3.1.2 (2 points): mean(0, 1) = 0.5 → 1.
    expect(byName.third['2.1.1']).toBe(1.3)
    expect(byName.third['3.1.2']).toBe(1)
    expect(byName.second['2.1']).toBe(3.3)
    expect(byName.first['2']).toBe(29.3)
    expect(byName.total).toBe(98.3)
  })

  it('works a mixed example by hand (A.4 mean × points, sums upward)', () => {
    const ratings = ratingsOf(1)
    // 1.1.0 (3 points, 5 items): mean(1, 0.8, 0.5, 0, 0.8) = 0.62 → 1.86
    Object.assign(ratings, { '1.1.0.2': 0.8, '1.1.0.3': 0.5, '1.1.0.4': 0, '1.1.0.5': 0.8 })
    // 3.3.1 (3 points, 6 items): mean(0.5 × 6) = 0.5 → 1.5
    for (const code of itemsUnder('3.3.1')) ratings[code] = 0.5
    // 4.1.2 (1 point, 2 items): mean(0.8, 0) = 0.4 → 0.4
    Object.assign(ratings, { '4.1.2.1': 0.8, '4.1.2.2': 0 })
    const result = evaluateCity({ ratings })
    expect(result.third['1.1.0']).toBe(1.86)
    expect(result.third['3.3.1']).toBe(1.5)
    expect(result.third['4.1.2']).toBe(0.4)
    expect(result.first).toEqual({ '1': 18.86, '2': 30, '3': 13.5, '4': 14.4, '5': 20 })
    expect(result.total).toBe(96.76)
    expect(result.scaledTotal).toBe(96.76)
    expect(result.weakest.map((w) => [w.code, w.lost])).toEqual([
      ['3.3.1', 1.5],
      ['1.1.0', 1.14],
      ['4.1.2', 0.6],
    ])
  })

  it('rounds reported figures half-up to 2 decimals from unrounded sums', () => {
    // 2.3.1 (2 points, 4 items): one item at 0.8 → mean 0.95 → 1.9; 2.3.2 (2 points, 3 items): one at 0.5 → 5/6·2 = 1.6667
    const result = evaluateCity({ ratings: { ...ratingsOf(1), '2.3.1.1': 0.8, '2.3.2.1': 0.5 } })
    expect(result.third['2.3.2']).toBe(1.67)
    expect(result.second['2.3']).toBe(5.57)
    expect(result.total).toBe(99.57)
  })
})

describe('evaluateCity: partial scope (专项评价 / 阶段评价)', () => {
  it('scales scope ["1","2"] to 100', () => {
    const result = evaluateCity({
      scope: ['1', '2'],
      ratings: ratingsOf(1, [...itemsUnder('1'), ...itemsUnder('2')]),
    })
    expect(result).toMatchObject({ total: 50, scaledTotal: 100, grade: '优秀', pointsInScope: 50 })
    expect(Object.keys(result.first)).toEqual(['1', '2'])
  })

  it('grades a special evaluation on the scaled total', () => {
    const ratings = { ...ratingsOf(1, itemsUnder('1')), ...ratingsOf(0.5, itemsUnder('2')) }
    const result = evaluateCity({ scope: ['1', '2'], ratings })
    // 20 + 15 = 35 of 50 → 70 → 合格; the gap to 良好 is 5 scaled points, 2.5 raw points.
    expect(result).toMatchObject({ total: 35, scaledTotal: 70, grade: '合格', first: { '1': 20, '2': 15 } })
    expect(result.gapToNextGrade).toEqual({ grade: '良好', threshold: 75, scaledPoints: 5, points: 2.5 })
    expect(result.weakest[0]).toMatchObject({ code: '2.1.1', lost: 1, scaledLost: 2 })
    expect(result.gapClosedBy).toEqual(['2.1.1', '2.1.2', '2.2.1'])
  })

  it('ignores ratings outside the scope and accepts second-level codes for a phased evaluation', () => {
    const result = evaluateCity({
      scope: ['2.6', '4.2'],
      ratings: { ...ratingsOf(0), ...ratingsOf(1, itemsUnder('2.6')) },
    })
    expect(result).toMatchObject({ total: 6, pointsInScope: 13, first: { '2': 6, '4': 0 } })
    expect(result.scaledTotal).toBe(46.15)
    expect(Object.keys(result.second)).toEqual(['2.6', '4.2'])
  })

  it('requires a rating for every item in scope only', () => {
    expect(() => evaluateCity({ scope: ['3'], ratings: ratingsOf(1, itemsUnder('3')) })).not.toThrow()
    const error = evaluationError({ scope: ['3'], ratings: ratingsOf(1, itemsUnder('3.1')) })
    expect(error.issues[0]).toEqual({ path: 'ratings["3.2.1.1"]', message: 'unrated item in scope' })
    expect(error.issues).toHaveLength(itemsUnder('3.2').length + itemsUnder('3.3').length)
  })
})

describe('evaluateCity: removed items (裁剪)', () => {
  it('leaves a removed item out of its indicator’s mean', () => {
    const ratings = ratingsOf(1)
    delete ratings['2.6.3.3']
    ratings['2.6.3.1'] = 0.5
    const result = evaluateCity({
      ratings,
      removed: [{ item: '2.6.3.3', reason: '本市暂无数据流通交易平台建设计划' }],
    })
    // 2.6.3 (1 point): mean(0.5, 1) over the two remaining items = 0.75
    expect(result.third['2.6.3']).toBe(0.75)
    expect(result.total).toBe(99.75)
    expect(result.pointsInScope).toBe(100)
    expect(result.removed).toEqual([{ item: '2.6.3.3', reason: '本市暂无数据流通交易平台建设计划' }])
    expect(result.emptied).toEqual([])
  })

  it('keeps the points of a third-level indicator whose items are all removed in scope, scoring 0', () => {
    const ratings = ratingsOf(1)
    delete ratings['4.1.1.1']
    delete ratings['4.1.3.1']
    const result = evaluateCity({
      ratings,
      removed: [
        { item: '4.1.1.1', reason: '不适用' },
        { item: '4.1.3.1', reason: '不适用' },
      ],
    })
    expect(result.emptied).toEqual(['4.1.1', '4.1.3'])
    expect(result.third['4.1.1']).toBe(0)
    expect(result.pointsInScope).toBe(100)
    expect(result.total).toBe(97)
    expect(result.scaledTotal).toBe(97)
  })

  it('needs a reason, a known item and no rating for a removed item', () => {
    const ratings = ratingsOf(1)
    expect(evaluationError({ ratings, removed: [{ item: '2.6.3.3', reason: '  ' }] }).issues[0]).toEqual({
      path: 'removed[0].reason',
      message: 'reason is required: an item may be removed only with a recorded reason',
    })
    expect(evaluationError({ ratings, removed: [{ item: '2.6.3.3' }] }).issues[0]?.path).toBe(
      'removed[0].reason',
    )
    expect(evaluationError({ ratings, removed: [{ item: '2.6.3.3', reason: 'x' }] }).issues[0]).toEqual({
      path: 'removed[0].item',
      message: 'item 2.6.3.3 is both rated and removed',
    })
    expect(evaluationError({ ratings, removed: [{ item: '9.9.9.9', reason: 'x' }] }).issues[0]).toEqual({
      path: 'removed[0].item',
      message: 'unknown item "9.9.9.9"',
    })
  })
})

describe('evaluateCity: direct-score item 5.3.1.3', () => {
  const with531 = (r1: TCityRatingValue, r2: TCityRatingValue, r3: TCityRatingValue) =>
    evaluateCity({ ratings: { ...ratingsOf(1), '5.3.1.1': r1, '5.3.1.2': r2, '5.3.1.3': r3 } }).third['5.3.1']

  it('scores max(mean, rating of 5.3.1.3) × 3', () => {
    expect(with531(0, 0, 1)).toBe(3) // achieved results score directly
    expect(with531(0, 0.5, 0.8)).toBe(2.4) // mean 0.433 < 0.8
    expect(with531(1, 1, 0)).toBe(2) // mean 2/3 > 0: the item counts in the mean like any other
    expect(with531(1, 0.8, 0.5)).toBe(2.3) // mean 0.7667 > 0.5
    expect(with531(0, 0, 0)).toBe(0)
  })

  it('falls back to the plain mean when 5.3.1.3 is removed', () => {
    const ratings: Record<string, TCityRatingValue> = { ...ratingsOf(1), '5.3.1.1': 0.5, '5.3.1.2': 0 }
    delete ratings['5.3.1.3']
    const result = evaluateCity({ ratings, removed: [{ item: '5.3.1.3', reason: '本年度未开展城市间合作' }] })
    expect(result.third['5.3.1']).toBe(0.75)
  })
})

describe('grades (表B.2)', () => {
  // Full marks except whole third-level indicators at 0: the total is 100 minus their points.
  it.each([
    [[], 100, '优秀'],
    [['1.1.0', '1.2.1', '1.2.2', '1.3.1', '1.3.2', '1.3.3', '1.4.1', '1.4.2'], 85, '优秀'],
    [['1.1.0', '1.2.1', '1.2.2', '1.3.1', '1.3.2', '1.3.3', '1.4.1', '1.4.2', '1.4.3'], 84, '良好'],
    [['1', '2.1.1', '2.1.2', '2.5.1'], 75, '良好'],
    [['1', '2.1.1', '2.1.2', '2.5.1', '2.5.2'], 74, '合格'],
    [['1', '2.1', '2.2', '2.3', '2.4', '2.5.3'], 60, '合格'],
    [['1', '2.1', '2.2', '2.3', '2.4', '2.5.3', '2.5.1'], 59, '不合格'],
    [['1', '2'], 50, '不合格'],
  ] as [string[], number, string][])('losing %j → %d → %s', (thirds, total, grade) => {
    const result = evaluateCity({ ratings: losing(...thirds) })
    expect(result.total).toBe(total)
    expect(result.grade).toBe(grade)
  })

  it('puts each boundary in the higher grade and compares the reported (2-decimal) score', () => {
    expect(cityGradeOf(85)).toBe('优秀')
    expect(cityGradeOf(84.995)).toBe('优秀') // reported as 85.00
    expect(cityGradeOf(84.994)).toBe('良好')
    expect(cityGradeOf(75)).toBe('良好')
    expect(cityGradeOf(74.99)).toBe('合格')
    expect(cityGradeOf(60)).toBe('合格')
    expect(cityGradeOf(59.99)).toBe('不合格')
    expect(cityGradeOf(0)).toBe('不合格')
  })

  it('measures the gap to the next grade from the reported score', () => {
    const ratings = losing('1', '2.1.1', '2.1.2', '2.5.1', '2.5.2') // 74
    ratings['3.1.1.1'] = 0.8 // 3.1.1 (3 points, 4 items) loses 0.15 → 73.85
    const result = evaluateCity({ ratings })
    expect(result.scaledTotal).toBe(73.85)
    expect(result.gapToNextGrade).toEqual({ grade: '良好', threshold: 75, scaledPoints: 1.15, points: 1.15 })
    expect(result.gapClosedBy).toEqual(['1.1.0'])
  })
})

describe('weights (附录A, A.1–A.3)', () => {
  it('with default weights equals the scaled 100-point total (property)', () => {
    const rating = fc.constantFrom<TCityRatingValue>(1, 0.8, 0.5, 0)
    const scopes = fc.subarray(['1', '2', '3', '4', '5'], { minLength: 1 })
    fc.assert(
      fc.property(
        fc.array(rating, { minLength: allItems.length, maxLength: allItems.length }),
        scopes,
        (values, scope) => {
          const ratings = Object.fromEntries(allItems.map((code, i) => [code, values[i] ?? 0]))
          const result = evaluateCity({ scope, ratings, weights: {} })
          expect(result.weighted?.score).toBeCloseTo(result.scaledTotal, 6)
          expect(result.total).toBeGreaterThanOrEqual(0)
          expect(result.total).toBeLessThanOrEqual(result.pointsInScope)
          const firstSum = Object.values(result.first).reduce((a, b) => a + b, 0)
          expect(Math.abs(firstSum - result.total)).toBeLessThanOrEqual(0.005 * scope.length + 1e-9)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('computes M = Σα·D with given first-level weights', () => {
    const ratings = { ...ratingsOf(1, itemsUnder('1')), ...ratingsOf(0.5, itemsUnder('2')) }
    const result = evaluateCity({ scope: ['1', '2'], ratings, weights: { first: { '1': 0.2, '2': 0.8 } } })
    // D1 = 1 (100 %), D2 = 0.5 (50 %); M = 0.2·1 + 0.8·0.5 = 0.6
    expect(result.weighted?.first).toEqual({ '1': 100, '2': 50 })
    expect(result.weighted?.score).toBe(60)
    expect(result.scaledTotal).toBe(70) // the 100-point form is unchanged
  })

  it('takes third-level weights per second-level indicator', () => {
    const ratings = { ...ratingsOf(1, itemsUnder('5')), '5.3.2.1': 0, '5.3.2.2': 0 }
    const result = evaluateCity({
      scope: ['5.3'],
      ratings,
      weights: { third: { '5.3.1': 0.5, '5.3.2': 0.5 } },
    })
    expect(result.scaledTotal).toBe(60) // 3 of 5 points
    expect(result.weighted?.score).toBe(50)
  })

  it('rejects weights that do not add up, are incomplete or are out of scope', () => {
    const ratings = ratingsOf(1)
    expect(
      evaluationError({ ratings, weights: { first: { '1': 0.5, '2': 0.3, '3': 0.1, '4': 0.05, '5': 0.1 } } })
        .issues[0],
    ).toEqual({
      path: 'weights.first["1"]',
      message: 'the first-level weights under the city sum to 1.05, not 1',
    })
    expect(evaluationError({ ratings, weights: { second: { '1.1': 1 } } }).issues[0]?.message).toMatch(
      /missing weight: give every second-level indicator under 1 or none \(missing 1\.2, 1\.3, 1\.4, 1\.5\)/,
    )
    expect(
      evaluationError({
        scope: ['1'],
        ratings: ratingsOf(1, itemsUnder('1')),
        weights: { first: { '1': 0.5, '2': 0.5 } },
      }).issues[0],
    ).toEqual({ path: 'weights.first["2"]', message: 'not a first-level indicator in scope' })
    expect(evaluationError({ ratings, weights: { first: { '1': 2 } } }).issues[0]?.message).toBe(
      'weight must be ≤ 1',
    )
  })
})

describe('input validation (field paths)', () => {
  it.each([
    [
      { ratings: { ...ratingsOf(1), '1.1.0.1': 0.7 } },
      'ratings["1.1.0.1"]',
      /rating must be 1, 0.8, 0.5 or 0/,
    ],
    [{ ratings: { ...ratingsOf(1), '1.1.0.1': '满足' } }, 'ratings["1.1.0.1"]', /全部满足/],
    [{ ratings: { ...ratingsOf(1), '1.1.1.1': 1 } }, 'ratings["1.1.1.1"]', /unknown item "1.1.1.1"/],
    [{ ratings: { ...ratingsOf(1), '1.1.0.6': 1 } }, 'ratings["1.1.0.6"]', /unknown item/],
    [{ scope: ['6'], ratings: ratingsOf(1) }, 'scope[0]', /unknown indicator "6"/],
    [{ scope: [], ratings: ratingsOf(1) }, 'scope', /at least one/],
    [{ framework: 'beijing', ratings: ratingsOf(1) }, 'framework', /suzhou-2022/],
    [{ ratings: ratingsOf(1), extra: true }, '(input)', /Unrecognized key: "extra"/],
    [{}, 'ratings', /ratings must be an object/],
    [[], '(input)', /expected object/],
  ] as [unknown, string, RegExp][])('%#: %j', (input, path, message) => {
    const error = evaluationError(input)
    expect(error.issues[0]?.path).toBe(path)
    expect(error.issues[0]?.message).toMatch(message)
    expect(error.message).toContain(path)
  })

  it('names the first unrated item and counts the rest', () => {
    const ratings = ratingsOf(1)
    delete ratings['1.2.1.2']
    delete ratings['5.4.3.2']
    const error = evaluationError({ ratings })
    expect(error.issues.map((i) => i.path)).toEqual(['ratings["1.2.1.2"]', 'ratings["5.4.3.2"]'])
    expect(error.message).toBe('ratings["1.2.1.2"]: unrated item in scope (2 unrated items in scope in all)')
  })
})

describe('a contract-shaped result', () => {
  it('keeps the contract keys first and exact', () => {
    const input: TCityEvaluationInput = {
      framework: 'suzhou-2022',
      scope: ['1', '2', '3', '4', '5'],
      ratings: ratingsOf(0.8),
    }
    const result = evaluateCity(input)
    expect(Object.keys(result).slice(0, 4)).toEqual(['total', 'scaledTotal', 'grade', 'first'])
    expect(result).toMatchObject({
      total: 80,
      scaledTotal: 80,
      grade: '良好',
      first: { '1': 16, '2': 24, '3': 12, '4': 12, '5': 16 },
    })
  })
})
