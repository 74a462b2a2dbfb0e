import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assessmentCycle,
  dengbaoDeadlinesFor,
  defaultDengbaoDeadlines,
  gradeSystem,
  harmDegreeGuidance,
  harmDegrees,
  harmedObjectGuidance,
  harmedObjects,
  isSubjectToDeadline,
  levelOf,
  nextAssessmentDue,
  parseHarm,
  securityLevelGuidance,
  type THarm,
  type TSecurityLevel,
} from './index'

// SPEC §7, GB/T 22240-2020: rows are the object harmed, columns 一般 / 严重 / 特别严重.
const expectedMatrix: [THarm['object'], THarm['degree'], TSecurityLevel][] = [
  ['citizen', 'general', 1],
  ['citizen', 'serious', 2],
  ['citizen', 'especially_serious', 2],
  ['society', 'general', 2],
  ['society', 'serious', 3],
  ['society', 'especially_serious', 4],
  ['nation', 'general', 3],
  ['nation', 'serious', 4],
  ['nation', 'especially_serious', 5],
]

const lowest: THarm = { object: 'citizen', degree: 'general' }

describe('gradeSystem', () => {
  it.each(expectedMatrix)('business %s/%s → level %i', (object, degree, level) => {
    const result = gradeSystem({ business: { object, degree }, service: lowest })
    expect(result.business).toBe(level)
    expect(result.service).toBe(1)
    expect(result.level).toBe(level)
  })

  it.each(expectedMatrix)('service %s/%s → level %i', (object, degree, level) => {
    const result = gradeSystem({ business: lowest, service: { object, degree } })
    expect(result.service).toBe(level)
    expect(result.business).toBe(1)
    expect(result.level).toBe(level)
  })

  it('takes the higher of the two levels (the CONTRACTS example)', () => {
    expect(
      gradeSystem({
        business: { object: 'citizen', degree: 'serious' },
        service: { object: 'society', degree: 'serious' },
      }),
    ).toEqual({ business: 2, service: 3, level: 3 })
  })

  it('level is always max(business, service) and grows with object and degree', () => {
    const harm = fc.record({
      object: fc.constantFrom(...harmedObjects),
      degree: fc.constantFrom(...harmDegrees),
    })
    fc.assert(
      fc.property(harm, harm, (business, service) => {
        const result = gradeSystem({ business, service })
        expect(result.level).toBe(Math.max(result.business, result.service))
      }),
    )
    fc.assert(
      fc.property(harm, (h) => {
        const objectIndex = harmedObjects.indexOf(h.object)
        const degreeIndex = harmDegrees.indexOf(h.degree)
        const nextObject = harmedObjects[objectIndex + 1]
        const nextDegree = harmDegrees[degreeIndex + 1]
        if (nextObject) expect(levelOf({ ...h, object: nextObject })).toBeGreaterThan(levelOf(h))
        if (nextDegree) expect(levelOf({ ...h, degree: nextDegree })).toBeGreaterThanOrEqual(levelOf(h))
      }),
    )
  })
})

describe('parseHarm', () => {
  it('reads object:degree', () => {
    expect(parseHarm('nation:especially_serious')).toEqual({
      ok: true,
      harm: { object: 'nation', degree: 'especially_serious' },
    })
  })

  it.each([
    ['society', /expected <object>:<degree>/],
    ['city:serious', /unknown object "city"/],
    ['society:grave', /unknown degree "grave"/],
    ['society:serious:x', /expected <object>:<degree>/],
  ])('rejects %s', (text, message) => {
    const result = parseHarm(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(message)
  })
})

describe('guidance texts', () => {
  it('has Chinese and English text for every object, degree and level', () => {
    for (const object of harmedObjects) {
      expect(harmedObjectGuidance[object].zh.length).toBeGreaterThan(10)
      expect(harmedObjectGuidance[object].en.length).toBeGreaterThan(10)
    }
    for (const degree of harmDegrees) {
      expect(harmDegreeGuidance[degree].zh.length).toBeGreaterThan(10)
      expect(harmDegreeGuidance[degree].en.length).toBeGreaterThan(10)
    }
    expect(harmedObjectGuidance.society.term).toBe('社会秩序、公共利益')
    expect(harmDegreeGuidance.especially_serious.term).toBe('特别严重损害')
    expect(Object.keys(securityLevelGuidance)).toEqual(['1', '2', '3', '4', '5'])
  })
})

describe('assessment cycle', () => {
  it('requires a yearly assessment from level 3', () => {
    for (const level of [3, 4, 5] as const) {
      expect(assessmentCycle(level)).toMatchObject({ isRequired: true, intervalMonths: 12 })
    }
    expect(assessmentCycle(1)).toMatchObject({ isRequired: false, intervalMonths: null })
  })

  it('leaves level 2 to the region', () => {
    expect(assessmentCycle(2)).toMatchObject({ isRequired: false, intervalMonths: null })
    expect(assessmentCycle(2, { level2IntervalMonths: 24 })).toMatchObject({
      isRequired: true,
      intervalMonths: 24,
    })
    expect(() => assessmentCycle(2, { level2IntervalMonths: 0 })).toThrow(/positive whole number/)
  })

  it('computes the next due date, clamping the day to the month', () => {
    expect(nextAssessmentDue(3, '2023-10-15')).toBe('2024-10-15')
    expect(nextAssessmentDue(4, '2024-02-29')).toBe('2025-02-28')
    expect(nextAssessmentDue(2, '2023-11-30', { level2IntervalMonths: 3 })).toBe('2024-02-29')
    expect(nextAssessmentDue(2, '2023-11-30')).toBeNull()
    expect(() => nextAssessmentDue(3, '30/11/2023')).toThrow(/YYYY-MM-DD/)
  })
})

describe('seed 003 default deadlines', () => {
  it('gives 31 Aug, 31 Oct and 31 Dec of the year', () => {
    expect(dengbaoDeadlinesFor(2020)).toEqual({
      gradingAndFiling: '2020-08-31',
      assessment: '2020-10-31',
      rectification: '2020-12-31',
    })
  })

  it('applies the assessment deadline only from level 3', () => {
    expect(isSubjectToDeadline(defaultDengbaoDeadlines.assessment, 2)).toBe(false)
    expect(isSubjectToDeadline(defaultDengbaoDeadlines.assessment, 3)).toBe(true)
    expect(isSubjectToDeadline(defaultDengbaoDeadlines.gradingAndFiling, 1)).toBe(true)
  })
})
