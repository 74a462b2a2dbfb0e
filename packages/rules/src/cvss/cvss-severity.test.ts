import { describe, expect, it } from 'vitest'
import { gbt30279Grade, severityFromGbt30279Grade, severityFromScore } from './cvss-severity'

describe('severityFromScore', () => {
  it.each([
    [0, 'none'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4.0, 'medium'],
    [6.9, 'medium'],
    [7.0, 'high'],
    [8.9, 'high'],
    [9.0, 'critical'],
    [10, 'critical'],
  ] as const)('%d is %s', (score, severity) => {
    expect(severityFromScore(score)).toBe(severity)
  })

  it.each([-0.1, 10.1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (score) => {
    expect(() => severityFromScore(score)).toThrow(RangeError)
  })
})

describe('GB/T 30279-2020 grades', () => {
  it('names 超危/高危/中危/低危 and has no grade for none', () => {
    expect(gbt30279Grade('critical')).toBe('超危')
    expect(gbt30279Grade('high')).toBe('高危')
    expect(gbt30279Grade('medium')).toBe('中危')
    expect(gbt30279Grade('low')).toBe('低危')
    expect(gbt30279Grade('none')).toBeNull()
  })

  it('maps the grade names back', () => {
    expect(severityFromGbt30279Grade('超危')).toBe('critical')
    expect(severityFromGbt30279Grade('低危')).toBe('low')
  })
})
