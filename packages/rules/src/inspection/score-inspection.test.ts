import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  icsDetectionTemplate,
  icsInternetDetectionTemplate,
  icsOnsiteInspectionTemplate,
  InspectionAnswersError,
  inspectionTemplates,
  internetDetectionTemplate,
  onsiteInspectionTemplate,
  scoreInspection,
  templateItems,
  type TInspectionAnswers,
  type TInspectionRule,
  type TInspectionTemplate,
} from './index'

/** The answer that earns an item's full points, or (worst) none of them. */
function answerFor(rule: TInspectionRule, worst: boolean): unknown {
  switch (rule.kind) {
    case 'yes-no':
      return (rule.scoresWhen === 'yes') !== worst
    case 'all-of':
      return Object.fromEntries(rule.conditions.map((c) => [c.id, !worst]))
    case 'any-of':
      return worst ? [] : [rule.options.find((o) => o.isCredited)?.id]
    case 'single-choice': {
      const sorted = [...rule.options].sort((a, b) => a.fraction - b.fraction)
      return (worst ? sorted[0] : sorted.at(-1))?.id
    }
    case 'deduct-per-missing':
      return worst ? [] : rule.elements.map((e) => e.id)
    case 'credit-per-element': {
      const present = worst ? [] : rule.elements.map((e) => e.id)
      return rule.outsourcing ? { present } : present
    }
    case 'done-or-plan':
      return worst ? 'not_done' : 'done'
    case 'numeric-bands': {
      const band = rule.bands[0]
      if (!worst) return band?.min ?? band?.max ?? 0
      if (rule.absent.fraction === 0) return null
      return band?.max !== undefined ? band.max + 1 : rule.range.min
    }
    case 'per-count-deduction':
      return Object.fromEntries(rule.counted.map((id, i) => [id, worst && i === 0 ? rule.zeroAbove + 1 : 0]))
    case 'password-policy':
      return worst
        ? { minLength: null, classes: [] }
        : { minLength: rule.minLength, classes: rule.classes.map((c) => c.id) }
  }
}

const answersOf = (template: TInspectionTemplate, worst = false): TInspectionAnswers =>
  Object.fromEntries(templateItems(template).map((entry) => [entry.code, answerFor(entry.rule, worst)]))

function answersError(template: TInspectionTemplate, answers: unknown): InspectionAnswersError {
  try {
    scoreInspection(template, answers)
  } catch (error) {
    if (error instanceof InspectionAnswersError) return error
    throw error
  }
  throw new Error('expected an InspectionAnswersError')
}

// 表2 filled in for a worked example; the comment on each line is the item's score.
const internetAnswers: TInspectionAnswers = {
  'T2-1': true, // 2
  'T2-2': false, // 0
  'T2-3': ['firewall'], // 2
  'T2-4': 'logical', // 0
  'T2-5': ['accessControl', 'audit'], // 2
  'T2-6': 3, // 50 % of 2 = 1
  'T2-7': true, // 1
  'T2-8': [], // 0
  'T2-9': true, // 2
  'T2-10': { minLength: 8, classes: ['letters', 'digits', 'symbols'] }, // 2
  'T2-11': false, // 0
  'T2-12': true, // 2
  'T2-13': true, // 1
  'T2-14': true, // 1
  'T2-15': 'dispersed', // 0
  'T2-16': true, // 2
  'T2-17': true, // terminals used across networks: 0
  'T2-18': true, // 1
  'T2-19': false, // 0
  'T2-20': ['encrypted'], // 2
  'T2-21': false, // 0
  'T2-22': { total: 2, trojan: 2 }, // 2 × 80 % = 1.6
  'T2-23': { total: 10, high: 1, medium: 3 }, // 4 × 80 % = 3.2
}

describe('scoreInspection: totals add up to the stated maxima', () => {
  it.each(Object.values(inspectionTemplates).map((t) => [t.id, t] as const))(
    '%s: best answers score the maximum',
    (_id, t) => {
      const result = scoreInspection(t, answersOf(t))
      expect(result.total).toBe(t.points)
      expect(result.max).toBe(t.points)
      expect(result.items.every((i) => i.points === i.max)).toBe(true)
      expect(result.sections.every((s) => s.points === s.max)).toBe(true)
    },
  )

  it.each(Object.values(inspectionTemplates).map((t) => [t.id, t] as const))(
    '%s: worst answers score 0',
    (_id, t) => {
      const result = scoreInspection(t, answersOf(t, true))
      expect(result.total).toBe(0)
      expect(result.items.every((i) => i.points === 0)).toBe(true)
    },
  )

  it('stays between 0 and the maximum and sums its items for any mix of answers (property)', () => {
    const template = icsOnsiteInspectionTemplate
    const entries = templateItems(template)
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: entries.length, maxLength: entries.length }),
        (worst) => {
          const answers = Object.fromEntries(
            entries.map((e, i) => [e.code, answerFor(e.rule, worst[i] ?? false)]),
          )
          const result = scoreInspection(template, answers)
          const itemSum = result.items.reduce((acc, i) => acc + i.points, 0)
          expect(result.total).toBeCloseTo(itemSum, 9)
          expect(result.total).toBeGreaterThanOrEqual(0)
          expect(result.total).toBeLessThanOrEqual(100)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('scoreInspection: worked examples', () => {
  it('表2 (40 points): 25.8', () => {
    const result = scoreInspection(internetDetectionTemplate, internetAnswers)
    expect(result.total).toBe(25.8)
    expect(result.sections.map((s) => [s.title, s.points, s.max])).toEqual([
      ['网络体系架构', 4, 6],
      ['边界安全防护', 2, 4],
      ['网络安全监控', 1, 2],
      ['身份鉴别和访问控制', 3, 4],
      ['安全策略配置', 2, 4],
      ['更新升级', 3, 3],
      ['恶意代码防护', 1, 1],
      ['终端计算机安全', 2, 4],
      ['应用系统(网站)安全防护', 1, 2],
      ['重要数据安全防护', 2, 4],
      ['现场扫描检测', 4.8, 6],
    ])
    expect(result.items.find((i) => i.code === 'T2-23')).toEqual({
      code: 'T2-23',
      points: 3.2,
      max: 4,
      explanation: '中高危漏洞4个，每个扣该项5%，共扣20%，得3.2分',
    })
  })

  it('表2 as printed in 附件6 (halved): the same answers give half, 12.9', () => {
    const result = scoreInspection(icsInternetDetectionTemplate, internetAnswers)
    expect(result.total).toBe(12.9)
    expect(result.items.find((i) => i.code === 'T2-6')).toMatchObject({ points: 0.5, max: 1 })
    expect(result.items.find((i) => i.code === 'T2-22')).toMatchObject({ points: 0.8, max: 1 })
  })

  it('附件6 (工控相关) in full: 88.4', () => {
    const answers: TInspectionAnswers = {
      ...answersOf(icsOnsiteInspectionTemplate),
      ...internetAnswers, // 表2 halved: 12.9 of 20 (−7.1)
      'T1-1.1.3': false, // −2
      'T1-2.1.1': ['count', 'functions', 'competentUnit'], // −1
      'T1-3.2.3': 'work_plan', // a work plan counts: 0
      'T3-2.7': 200, // patches after 200 days: −0.5
      'T3-3.3': true, // control network reaches the internet: −1
      'T3-7.3': 'notApplicable', // no foreign equipment: 0
    }
    const result = scoreInspection(icsOnsiteInspectionTemplate, answers)
    expect(result.total).toBe(88.4)
    const section = (code: string) => result.sections.find((s) => s.code === code)?.points
    expect(section('T1-1')).toBe(28)
    expect(section('T1-2')).toBe(40.4)
    expect(section('T1-2.4')).toBe(31.4)
    expect(section('T3-S2')).toBe(3.5)
    expect(section('T1-3')).toBe(15)
    expect(section('T1-4')).toBe(5)
    expect(result.items.find((i) => i.code === 'T1-3.2.3')?.explanation).toBe(
      '暂未开展，有工作计划书，视为开展，得2分',
    )
  })

  it('表3 alone: best answers minus the direct internet link', () => {
    const result = scoreInspection(icsDetectionTemplate, {
      ...answersOf(icsDetectionTemplate),
      'T3-3.3': true,
    })
    expect(result.total).toBe(19)
    expect(result.items.find((i) => i.code === 'T3-3.3')?.explanation).toBe(
      '工业控制网络能访问互联网，不得分',
    )
  })
})

describe('scoreInspection: answers are validated with field paths', () => {
  it('names a wrong answer by item code and field', () => {
    const answers = { ...internetAnswers, 'T2-22': { total: 1, virus: 2 } }
    const error = answersError(internetDetectionTemplate, answers)
    expect(error.issues).toEqual([
      { path: '["T2-22"].total', message: 'virus + trojan + backdoor = 2 is more than total = 1' },
    ])
    expect(error.message).toBe('["T2-22"].total: virus + trojan + backdoor = 2 is more than total = 1')
  })

  it('lists unanswered items and unknown codes', () => {
    const { 'T2-6': _removed, ...rest } = internetAnswers
    const error = answersError(internetDetectionTemplate, { ...rest, 'T2-24': true })
    expect(error.issues).toContainEqual({ path: '["T2-6"]', message: 'unanswered item' })
    expect(error.issues).toContainEqual({
      path: '["T2-24"]',
      message: 'unknown item code (not in template internet-detection)',
    })
  })

  it('rejects answers that are not an object', () => {
    expect(answersError(internetDetectionTemplate, null).issues[0]).toEqual({
      path: '(answers)',
      message: 'answers must be an object keyed by item code',
    })
  })

  it('scores an unfinished inspection when asked to, listing what is unanswered', () => {
    const result = scoreInspection(
      internetDetectionTemplate,
      { 'T2-1': true, 'T2-23': { high: 0, medium: 0 } },
      {
        allowUnanswered: true,
      },
    )
    expect(result.total).toBe(6)
    expect(result.unanswered).toHaveLength(21)
    expect(result.items.find((i) => i.code === 'T2-2')).toEqual({
      code: 'T2-2',
      points: 0,
      max: 2,
      explanation: '未作答，不得分',
    })
  })

  it('accepts the same answers for the item codes shared by 附件5 and 附件6', () => {
    const general = scoreInspection(onsiteInspectionTemplate, answersOf(onsiteInspectionTemplate))
    expect(general.total).toBe(100)
    expect(() => scoreInspection(onsiteInspectionTemplate, answersOf(icsOnsiteInspectionTemplate))).toThrow(
      /\["T3-1\.1"\]: unknown item code \(not in template onsite-inspection\)/,
    )
  })
})
