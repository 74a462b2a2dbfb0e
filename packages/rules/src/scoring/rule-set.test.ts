import { describe, expect, it } from 'vitest'
import { getRuleSet, ruleSets } from './registry'
import { changzhou2022 } from './rule-sets/changzhou-2022'
import { ZRuleSet, ZUnitRuleSet, type UnitRuleSet } from './rule-set'
import { ScoringInputError } from './scoring-error'
import { finding, notified, after, org, vulnerabilities } from './scoring-test-support'
import { scoreOrganisations } from './unit-scoring'

describe('rule sets are data', () => {
  it('every built-in rule set passes its own schema', () => {
    for (const ruleSet of Object.values(ruleSets)) {
      const result = ZRuleSet.safeParse(ruleSet)
      expect(result.error?.issues ?? []).toEqual([])
    }
    expect(Object.keys(ruleSets)).toEqual(['changzhou-2022', 'yixing-2021', 'yixing-2021-teams'])
    expect(getRuleSet('yixing-2021').subject).toBe('organisation')
  })

  it('survives a JSON round trip, so the server can store rule sets as documents', () => {
    const stored = JSON.parse(JSON.stringify(changzhou2022)) as unknown
    expect(ZUnitRuleSet.parse(stored)).toEqual(changzhou2022)
  })

  it('a next-year standard from the same item kinds is a new object scored by the same code', () => {
    // "changzhou-2023" (hypothetical): 资产核查 6 points, −2 per asset; 漏洞情况 60 points ranked like yixing; a 12-hour
    // bracket (fixed within 12 h costs nothing, within 48 h −1) and 数据安全 only 10 points.
    const next: UnitRuleSet = {
      ...changzhou2022,
      id: 'changzhou-2023',
      version: '2023.1',
      title: '“网安 2023”常州行动被检测单位评分标准 (example)',
      items: changzhou2022.items.map((item) => {
        switch (item.key) {
          case 'asset':
            return { ...item, max: 6, deductEach: 2 }
          case 'vulnerability':
            return item.kind === 'vulnerabilityRatio' ? { ...item, max: 60, scale: 'rank' as const } : item
          case 'dataSecurity':
            return { ...item, max: 10 }
          case 'rectification':
            return item.kind === 'timeliness'
              ? { ...item, brackets: [{ withinHours: 12, deduct: 0 }, ...item.brackets.slice(1)] }
              : item
          default:
            return item
        }
      }),
    }
    // o1 (1 asset): 2 unreported → 6 − 4 = 2; 1 medium (20) → rank 2 of 2 → 60 × 1/2 = 30; fixed after 13 h
    // → past 12 h, within 48 h → −1. Total = 2 + 30 + 25 + 10 − 1 = 66. o2: 6 + 60 + 25 + 10 = 101 (max is 101).
    const result = scoreOrganisations(
      {
        standard: 'changzhou-2022',
        organisations: [org('o1', 1), org('o2', 1)],
        findings: [
          finding('o1', 'unreported_asset'),
          finding('o1', 'unreported_asset'),
          ...vulnerabilities('o1', 1, 'medium', {
            status: 'fixed',
            notifiedAt: notified,
            fixedAt: after(13),
          }),
        ],
      },
      { ruleSet: next },
    )
    expect(result.standard).toBe('changzhou-2023')
    expect(result.organisations.map(({ id, total, items }) => [id, total, items])).toEqual([
      ['o2', 101, { asset: 6, vulnerability: 60, protection: 25, dataSecurity: 10, rectification: 0 }],
      ['o1', 66, { asset: 2, vulnerability: 30, protection: 25, dataSecurity: 10, rectification: -1 }],
    ])
  })

  it('refuses a rule set whose items refer to undeclared parameters or miss enum cases', () => {
    const broken = {
      ...changzhou2022,
      items: [
        { ...changzhou2022.items[0], max: { param: 'assetMax' } },
        { ...changzhou2022.items[1], scale: { param: 'highPoints', cases: {} } },
        changzhou2022.items[0],
      ],
    }
    let error: unknown
    try {
      scoreOrganisations(
        { standard: 'changzhou-2022', organisations: [] },
        { ruleSet: broken as UnitRuleSet },
      )
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ScoringInputError)
    expect((error as ScoringInputError).issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'ruleSet.items[0].max: refers to assetMax, which is not a declared number parameter',
      'ruleSet.items[1].scale.param: highPoints is not a declared enum parameter',
      'ruleSet.items[2].key: duplicate item key asset',
    ])
  })

  it('refuses a team rule set for organisations', () => {
    expect(() =>
      scoreOrganisations(
        { standard: 'changzhou-2022', organisations: [] },
        { ruleSet: ruleSets['yixing-2021-teams'] as UnitRuleSet },
      ),
    ).toThrow(/ruleSet\.subject/)
  })
})
