// Worked examples of "yixing-2021-teams" (seed 000 附件2, SPEC §4.3), computed by hand in the comments.
import { describe, expect, it } from 'vitest'
import { yixing2021Teams } from './rule-sets/yixing-2021-teams'
import { type TeamRuleSet } from './rule-set'
import { cvss30_54, cvss53, cvss75, cvss98, team, teamFinding } from './scoring-test-support'
import { scoreTeams } from './team-scoring'

const standard = 'yixing-2021-teams'

function byId(result: ReturnType<typeof scoreTeams>) {
  return Object.fromEntries(result.teams.map((entry) => [entry.id, entry]))
}

const contractsTeam = team('t1', {
  name: '江苏骏安信息测评认证有限公司',
  activeSlots: 120,
  assetsTested: 40,
  manualRequests: 3000,
  evaluations: [92, 85],
  clientsServed: 5,
  clientsWithNewVulns: 1,
  violations: 2,
})

describe('yixing-2021-teams worked examples', () => {
  it('1. the CONTRACTS example: one team is the best at everything it measures', () => {
    // vulnerabilities: 9.8 is the best → 50; working time, range, manual effort: best → 10 each.
    // evaluation = 10 × (92 + 85) / 2 / 100 = 8.85; action = 10 × (1 − 1/5) = 8; compliance = −5 × 2 = −10.
    // total = 50 + 10 + 10 + 10 + 8.85 + 8 − 10 = 86.85.
    const result = scoreTeams({
      standard,
      teams: [contractsTeam],
      findings: [{ id: 'f1', team: 't1', status: 'fixed', cvss: cvss98 }],
    })
    expect(result.standard).toBe(standard)
    expect(result.teams[0]).toMatchObject({
      id: 't1',
      rank: 1,
      total: 86.85,
      items: {
        vulnerabilities: 50,
        workingTime: 10,
        testRange: 10,
        manualEffort: 10,
        evaluation: 8.85,
        actionEvaluation: 8,
        compliance: -10,
      },
      deductions: [
        { item: 'compliance', finding: null, points: -10, rule: expect.stringContaining('测试行为合规') },
      ],
    })
    expect(Object.keys(result.teams[0]?.items ?? {})).toEqual([
      'vulnerabilities',
      'workingTime',
      'testRange',
      'manualEffort',
      'evaluation',
      'actionEvaluation',
      'compliance',
    ])
  })

  it('2. proportional to the best team', () => {
    // t1: 9.8 + 7.5 = 17.3 (best). t2: 5.3 → 50 × 5.3 / 17.3 = 15.3179… → 15.32.
    // t2 working time 10 × 90/120 = 7.5; range 10 × 30/40 = 7.5; manual 10 × 1000/3000 = 3.333… → 3.33;
    // evaluation 10 × 80/100 = 8; action 10 × (1 − 0/4) = 10; compliance 0.
    // t2 total = 15.32 + 7.5 + 7.5 + 3.33 + 8 + 10 = 51.65; t1 = 86.85 as in example 1.
    const result = scoreTeams({
      standard,
      teams: [
        team('t2', {
          activeSlots: 90,
          assetsTested: 30,
          manualRequests: 1000,
          evaluations: [80],
          clientsServed: 4,
        }),
        contractsTeam,
      ],
      findings: [teamFinding('t1', cvss98), teamFinding('t1', cvss75), teamFinding('t2', cvss53)],
    })
    expect(result.teams.map(({ id, rank, total }) => [id, rank, total])).toEqual([
      ['t1', 1, 86.85],
      ['t2', 2, 51.65],
    ])
    expect(byId(result).t2?.items).toEqual({
      vulnerabilities: 15.32,
      workingTime: 7.5,
      testRange: 7.5,
      manualEffort: 3.33,
      evaluation: 8,
      actionEvaluation: 10,
      compliance: 0,
    })
    expect(byId(result).t2?.explain.vulnerabilities).toMatchObject({ value: 5.3, best: 17.3 })
  })

  it('3. best 0: nobody measured anything, so everyone gets 0 on those items', () => {
    // No findings, no slots, no assets, no manual requests → 0 each; no evaluations → 0; no clients → 10.
    // Both total 10 and share rank 1.
    const result = scoreTeams({ standard, teams: [team('t1'), team('t2')], findings: [] })
    expect(result.teams.map(({ id, rank, total, items }) => [id, rank, total, items])).toEqual(
      ['t1', 't2'].map((id) => [
        id,
        1,
        10,
        {
          vulnerabilities: 0,
          workingTime: 0,
          testRange: 0,
          manualEffort: 0,
          evaluation: 0,
          actionEvaluation: 10,
          compliance: 0,
        },
      ]),
    )
  })

  it('4. a company with no evaluations gets 0 for that item', () => {
    // t1 no evaluations → 0; t2 [100, 90] → 10 × 95 / 100 = 9.5.
    const result = byId(
      scoreTeams({
        standard,
        teams: [team('t1', { evaluations: [] }), team('t2', { evaluations: [100, 90] })],
      }),
    )
    expect(result.t1?.items.evaluation).toBe(0)
    expect(result.t1?.explain.evaluation).toMatchObject({ mean: null })
    expect(result.t2?.items.evaluation).toBe(9.5)
  })

  it('5. a company with no clients gets full marks for the action evaluation; all clients with new vulnerabilities 0', () => {
    // t1: clientsServed 0 → 10. t2: 3 of 3 clients with new vulnerabilities → 10 × (1 − 1) = 0.
    // t3: 1 of 3 → 10 × 2/3 = 6.666… → 6.67.
    const result = byId(
      scoreTeams({
        standard,
        teams: [
          team('t1', { clientsServed: 0 }),
          team('t2', { clientsServed: 3, clientsWithNewVulns: 3 }),
          team('t3', { clientsServed: 3, clientsWithNewVulns: 1 }),
        ],
      }),
    )
    expect([result.t1, result.t2, result.t3].map((entry) => entry?.items.actionEvaluation)).toEqual([
      10, 0, 6.67,
    ])
    expect(result.t1?.explain.actionEvaluation).toMatchObject({ share: null })
  })

  it('6. only verified, non-duplicate, non-withdrawn findings count', () => {
    // t1 counts only its verified 7.5 (the submitted, rejected, duplicate and withdrawn 9.8s are ignored, as is a
    // rejected finding with a broken vector). t2 counts 5.3. t1 = 50; t2 = 50 × 5.3 / 7.5 = 35.333… → 35.33.
    const result = byId(
      scoreTeams({
        standard,
        teams: [team('t1'), team('t2')],
        findings: [
          teamFinding('t1', cvss75, { status: 'returned' }),
          teamFinding('t1', cvss98, { status: 'submitted' }),
          teamFinding('t1', cvss98, { status: 'rejected' }),
          teamFinding('t1', cvss98, { status: 'duplicate' }),
          teamFinding('t1', cvss98, { status: 'withdrawn' }),
          teamFinding('t1', 'not a vector', { status: 'rejected' }),
          teamFinding('t2', cvss53, { status: 'notified' }),
        ],
      }),
    )
    expect(result.t1?.items.vulnerabilities).toBe(50)
    expect(result.t2?.items.vulnerabilities).toBe(35.33)
    expect(result.t1?.explain.vulnerabilities).toMatchObject({
      value: 7.5,
      findings: [{ base: 7.5, cvss: cvss75 }],
    })
  })

  it('7. rounding half-up at .xx5', () => {
    // evaluation: mean(88, 88.5) = 88.25 → 10 × 88.25 / 100 = 8.825 → 8.83 (the double 8.825 is 8.82499…).
    // working time: t2 has 1 slot, t1 80 → 10 × 1/80 = 0.125 → 0.13.
    const result = byId(
      scoreTeams({
        standard,
        teams: [team('t1', { activeSlots: 80, evaluations: [88, 88.5] }), team('t2', { activeSlots: 1 })],
      }),
    )
    expect(result.t1?.items.evaluation).toBe(8.83)
    expect(result.t2?.items.workingTime).toBe(0.13)
    // t2 total = 0 + 0.13 + 0 + 0 + 0 + 10 + 0 = 10.13; t1 = 10 + 8.83 + 10 = 28.83.
    expect([result.t1?.total, result.t2?.total]).toEqual([28.83, 10.13])
  })

  it('8. ties share the better rank: 1, 1, 3', () => {
    // t1 and t2 identical (10 slots each → 10; no clients → 10; total 20); t3 5 slots → 5 + 10 = 15.
    const result = scoreTeams({
      standard,
      teams: [
        team('t3', { activeSlots: 5 }),
        team('t1', { activeSlots: 10 }),
        team('t2', { activeSlots: 10 }),
      ],
    })
    expect(result.teams.map(({ id, rank, total }) => [id, rank, total])).toEqual([
      ['t1', 1, 20],
      ['t2', 1, 20],
      ['t3', 3, 15],
    ])
  })

  it('9. compliance: −5 per violation from the total, total floored at 0', () => {
    // t1: no clients → 10, 30 violations → −150; total = 10 − 150 → 0.
    const result = scoreTeams({ standard, teams: [team('t1', { violations: 30 })] })
    expect(result.teams[0]).toMatchObject({ total: 0, items: { compliance: -150, actionEvaluation: 10 } })
  })

  it('10. CVSS 3.0 and 3.1 base scores add up', () => {
    // t1: 5.4 (3.0) + 9.8 (3.1) = 15.2 = best → 50. t2: 7.5 → 50 × 7.5 / 15.2 = 24.671… → 24.67.
    const result = byId(
      scoreTeams({
        standard,
        teams: [team('t1'), team('t2')],
        findings: [teamFinding('t1', cvss30_54), teamFinding('t1', cvss98), teamFinding('t2', cvss75)],
      }),
    )
    expect(result.t1?.explain.vulnerabilities).toMatchObject({ value: 15.2 })
    expect(result.t2?.items.vulnerabilities).toBe(24.67)
  })

  it('11. refuses counted findings without a usable CVSS v3 vector, naming the field', () => {
    const score = (cvss: string | null) =>
      scoreTeams({
        standard,
        teams: [team('t1')],
        findings: [teamFinding('t1', cvss98), teamFinding('t1', cvss)],
      })
    expect(() => score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toThrow(
      'findings[1].cvss: 有效漏洞得分 sums CVSS 3.0/3.1 base scores; got a CVSS 4.0 vector',
    )
    expect(() => score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Z')).toThrow(
      /findings\[1\]\.cvss: bad value "Z" for metric A/,
    )
    expect(() => score(null)).toThrow(/findings\[1\]\.cvss: required for a counted finding/)
  })

  it('12. a new standard built from the same kinds of items is data, not code', () => {
    // A hypothetical 2022 variant: working time worth 20, violations cost 10 each.
    // t1 (CONTRACTS team): 50 + 20 + 10 + 10 + 8.85 + 8 − 20 = 86.85.
    const variant: TeamRuleSet = {
      ...yixing2021Teams,
      id: 'yixing-2022-teams',
      version: '2022.1',
      items: yixing2021Teams.items.map((item) =>
        item.key === 'workingTime'
          ? { ...item, max: 20 }
          : item.kind === 'perCountDeduction'
            ? { ...item, deductEach: 10 }
            : item,
      ),
    }
    const result = scoreTeams(
      { standard, teams: [contractsTeam], findings: [teamFinding('t1', cvss98)] },
      { ruleSet: variant },
    )
    expect(result.standard).toBe('yixing-2022-teams')
    expect(result.teams[0]).toMatchObject({ total: 86.85, items: { workingTime: 20, compliance: -20 } })
    expect(() => scoreTeams({ standard, teams: [] }, { params: { weight: 2 } })).toThrow(
      'params.weight: unknown parameter "weight": yixing-2021-teams has none',
    )
  })

  it('13. three teams, every item', () => {
    // tA: 9.8 + 9.8 = 19.6 (best) → 50; slots 100 of best 150 → 6.666… → 6.67; assets 20/25 → 8; manual 400/800 → 5;
    //     evaluation 10 × 70/100 = 7; action 10 × (1 − 2/4) = 5; compliance −5. Total 76.67.
    // tB: 50 × 7.5/19.6 = 19.132… → 19.13; 10; 10; 10; 10 × 90/100 = 9; no clients → 10. Total 68.13.
    // tC: nothing counted (its 9.8 was rejected) → 0; 10 × 50/150 = 3.33; 0; 0; no evaluations 0; 10 × (1 − 0/2) = 10.
    //     Total 13.33.
    const result = scoreTeams({
      standard,
      teams: [
        team('tC', { activeSlots: 50, clientsServed: 2 }),
        team('tB', { activeSlots: 150, assetsTested: 25, manualRequests: 800, evaluations: [95, 85, 90] }),
        team('tA', {
          activeSlots: 100,
          assetsTested: 20,
          manualRequests: 400,
          evaluations: [70],
          clientsServed: 4,
          clientsWithNewVulns: 2,
          violations: 1,
        }),
      ],
      findings: [
        teamFinding('tA', cvss98),
        teamFinding('tA', cvss98, { status: 'fixed' }),
        teamFinding('tB', cvss75),
        teamFinding('tC', cvss98, { status: 'rejected' }),
      ],
    })
    expect(result.teams.map(({ id, rank, total, items }) => [id, rank, total, items])).toEqual([
      [
        'tA',
        1,
        76.67,
        {
          vulnerabilities: 50,
          workingTime: 6.67,
          testRange: 8,
          manualEffort: 5,
          evaluation: 7,
          actionEvaluation: 5,
          compliance: -5,
        },
      ],
      [
        'tB',
        2,
        68.13,
        {
          vulnerabilities: 19.13,
          workingTime: 10,
          testRange: 10,
          manualEffort: 10,
          evaluation: 9,
          actionEvaluation: 10,
          compliance: 0,
        },
      ],
      [
        'tC',
        3,
        13.33,
        {
          vulnerabilities: 0,
          workingTime: 3.33,
          testRange: 0,
          manualEffort: 0,
          evaluation: 0,
          actionEvaluation: 10,
          compliance: 0,
        },
      ],
    ])
  })

  it('14. the total is the sum of the rounded items, not the rounded sum', () => {
    // tLow: slots, assets and manual requests 1 of best 3 → 10/3 = 3.333… → 3.33 each; no clients → 10.
    // Total = 3.33 + 3.33 + 3.33 + 10 = 19.99 (the exact items would sum to 20).
    const result = byId(
      scoreTeams({
        standard,
        teams: [
          team('tBest', { activeSlots: 3, assetsTested: 3, manualRequests: 3 }),
          team('tLow', { activeSlots: 1, assetsTested: 1, manualRequests: 1 }),
        ],
      }),
    )
    expect(result.tLow?.total).toBe(19.99)
    expect(result.tBest?.total).toBe(40)
  })
})
