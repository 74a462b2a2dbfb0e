import { describe, expect, test } from 'vitest'
import { DEFAULT_VIOLATION_RULES } from '../../gateway/violation-rules'
import { ZViolationRules } from './gateway.schemas'

const pattern = (patterns: string[]) => [
  {
    id: 'p',
    name: 'p',
    enabled: true,
    severity: 'low',
    cooldownSeconds: 60,
    kind: 'pattern',
    patterns,
    in: ['target'],
  },
]

describe('violation rules as data', () => {
  test('the platform’s default rules are valid rule data (a regulator can save them back)', () => {
    expect(ZViolationRules.safeParse(DEFAULT_VIOLATION_RULES).success).toBe(true)
  })

  test('patterns that could stall the gateway, or do not compile, are refused', () => {
    for (const bad of ['(a+)+$', '(x*)*y', '([a-z]+){2,}', '(unclosed', '']) {
      const parsed = ZViolationRules.safeParse(pattern([bad]))
      expect(parsed.success, bad).toBe(false)
    }
    for (const good of [
      String.raw`\bdrop\s+table\b`,
      String.raw`(?:-[a-z]+\s+){0,4}`,
      String.raw`(?:&\w+;){4}`,
    ])
      expect(ZViolationRules.safeParse(pattern([good])).success, good).toBe(true)
  })

  test('rule ids are unique and unknown fields are refused', () => {
    expect(ZViolationRules.safeParse([...pattern(['a']), ...pattern(['b'])]).success).toBe(false)
    expect(ZViolationRules.safeParse([{ ...pattern(['a'])[0], extra: 1 }]).success).toBe(false)
    expect(
      ZViolationRules.safeParse([
        {
          id: 'r',
          name: 'r',
          enabled: true,
          severity: 'high',
          cooldownSeconds: 60,
          kind: 'rate',
          threshold: 0,
          windowSeconds: 10,
        },
      ]).success,
    ).toBe(false)
  })
})
