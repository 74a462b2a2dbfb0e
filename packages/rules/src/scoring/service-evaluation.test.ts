import { describe, expect, it } from 'vitest'
import { serviceEvaluationGrade } from './service-evaluation'

describe('服务评价表 overall grade', () => {
  it.each([
    [100, '优秀'],
    [90, '优秀'],
    [89.99, '良好'],
    [80, '良好'],
    [79.5, '一般'],
    [60, '一般'],
    [59.99, '较差'],
    [0, '较差'],
  ] as const)('%d → %s', (score, grade) => {
    expect(serviceEvaluationGrade(score)).toBe(grade)
  })

  it.each([-1, 100.5, Number.NaN])('refuses %d', (score) => {
    expect(() => serviceEvaluationGrade(score)).toThrow(RangeError)
  })
})
