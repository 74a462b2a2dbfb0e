// Properties of both unit standards (and both yixing modes) and of the team standard, over random campaigns.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getUnitRuleSet } from './registry'
import { yixing2021Teams } from './rule-sets/yixing-2021-teams'
import { after, cvss30_54, cvss53, cvss75, cvss98, notified } from './scoring-test-support'
import { type TTeamSnapshotInput, type TUnitSnapshotInput } from './snapshot'
import { scoreTeams } from './team-scoring'
import { scoreOrganisations } from './unit-scoring'
import { findingKinds, findingSeverities, findingStatuses } from './vocabulary'

type Variant = { standard: string; params: Record<string, string> }
const variants: Variant[] = [
  { standard: 'changzhou-2022', params: {} },
  { standard: 'yixing-2021', params: { vulnerabilityMode: 'rank' } },
  { standard: 'yixing-2021', params: { vulnerabilityMode: 'linear' } },
]

const unitSnapshot = (variant: Variant) =>
  fc
    .array(fc.record({ assets: fc.integer({ min: 0, max: 20 }), selfInspectionFiled: fc.boolean() }), {
      minLength: 1,
      maxLength: 6,
    })
    .chain((organisations) =>
      fc
        .array(
          fc.record({
            organisation: fc.integer({ min: 0, max: organisations.length - 1 }),
            kind: fc.constantFrom(...findingKinds),
            severity: fc.constantFrom(...findingSeverities),
            status: fc.constantFrom(...findingStatuses),
            isNotified: fc.boolean(),
            fixedAfterSeconds: fc.option(fc.integer({ min: 0, max: 120 * 3600 })),
            records: fc.option(fc.integer({ min: 0, max: 1500 })),
            sensitive: fc.boolean(),
            notFixedRetests: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 30 },
        )
        .map((findings): TUnitSnapshotInput => ({
          standard: variant.standard,
          params: variant.params,
          organisations: organisations.map((organisation, index) => ({ id: `o${index}`, ...organisation })),
          findings: findings.map((finding, index) => ({
            id: `f${index}`,
            organisation: `o${finding.organisation}`,
            kind: finding.kind,
            severity: finding.severity,
            status: finding.status,
            notifiedAt: finding.isNotified ? notified : null,
            fixedAt:
              finding.isNotified && finding.fixedAfterSeconds !== null
                ? after(0, finding.fixedAfterSeconds)
                : null,
            records: finding.records,
            sensitive: finding.sensitive,
            notFixedRetests: finding.notFixedRetests,
          })),
        })),
    )

function itemsOf(result: ReturnType<typeof scoreOrganisations>) {
  return new Map(result.organisations.map((entry) => [entry.id, entry]))
}

const cents = (value: number) => Math.round(value * 100)

describe.each(variants)('$standard $params', (variant) => {
  const ruleSet = getUnitRuleSet(variant.standard)

  it('keeps every item within [0, max], from-the-total items ≤ 0, total = max(0, Σ items), ranks by total', () => {
    fc.assert(
      fc.property(unitSnapshot(variant), (snapshot) => {
        const result = scoreOrganisations(snapshot)
        for (const entry of result.organisations) {
          for (const item of ruleSet.items) {
            const points = entry.items[item.key] ?? Number.NaN
            if ('max' in item && typeof item.max === 'number') {
              expect(points).toBeGreaterThanOrEqual(0)
              expect(points).toBeLessThanOrEqual(item.max)
            } else {
              expect(points).toBeLessThanOrEqual(0)
            }
          }
          const sum = Object.values(entry.items).reduce((total, points) => total + cents(points), 0)
          expect(cents(entry.total)).toBe(Math.max(0, sum))
          const better = result.organisations.filter((other) => other.total > entry.total).length
          expect(entry.rank).toBe(better + 1)
        }
        const ranks = result.organisations.map((entry) => entry.rank)
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
      }),
      { numRuns: 150 },
    )
  })

  it("adding a verified high vulnerability never raises that organisation's vulnerability item", () => {
    fc.assert(
      fc.property(unitSnapshot(variant), fc.nat(), (snapshot, pick) => {
        const target = snapshot.organisations[pick % snapshot.organisations.length]?.id ?? 'o0'
        const before = itemsOf(scoreOrganisations(snapshot)).get(target)?.items.vulnerability ?? Number.NaN
        const added: TUnitSnapshotInput = {
          ...snapshot,
          findings: [
            ...(snapshot.findings ?? []),
            {
              id: 'added',
              organisation: target,
              kind: 'vulnerability',
              severity: 'high',
              status: 'verified',
            },
          ],
        }
        const afterAdding = itemsOf(scoreOrganisations(added)).get(target)?.items.vulnerability ?? Number.NaN
        expect(afterAdding).toBeLessThanOrEqual(before)
      }),
      { numRuns: 150 },
    )
  })

  // What does hold when a finding is withdrawn (it does NOT hold that no organisation's total falls):
  //  - the owner's every item, and so its total, never falls;
  //  - the other organisations' items other than `vulnerability` do not change;
  //  - the other organisations' `vulnerability` never rises: the owner's ratio falls, so the base (the largest
  //    ratio) can only fall and ranks of others can only worsen — and with ratioToMax it changes only when the base
  //    changed.
  it('withdrawing a finding never lowers its owner, and changes others only through the vulnerability item', () => {
    fc.assert(
      fc.property(unitSnapshot(variant), fc.nat(), (snapshot, pick) => {
        const findings = snapshot.findings ?? []
        fc.pre(findings.length > 0)
        const index = pick % findings.length
        const withdrawn = findings[index]
        if (!withdrawn) return
        const before = itemsOf(scoreOrganisations(snapshot))
        const afterWithdrawal = itemsOf(
          scoreOrganisations({
            ...snapshot,
            findings: findings.map((finding, position) =>
              position === index ? { ...finding, status: 'withdrawn' as const } : finding,
            ),
          }),
        )
        for (const [id, then] of before) {
          const now = afterWithdrawal.get(id)
          if (!now) throw new Error(`lost ${id}`)
          if (id === withdrawn.organisation) {
            expect(now.total).toBeGreaterThanOrEqual(then.total)
            for (const key of Object.keys(then.items)) {
              expect(now.items[key]).toBeGreaterThanOrEqual(then.items[key] ?? Number.NaN)
            }
            continue
          }
          const { vulnerability: vulnerabilityThen, ...restThen } = then.items
          const { vulnerability: vulnerabilityNow, ...restNow } = now.items
          expect(restNow).toEqual(restThen)
          expect(vulnerabilityNow).toBeLessThanOrEqual(vulnerabilityThen ?? Number.NaN)
          const explainThen = then.explain.vulnerability
          const explainNow = now.explain.vulnerability
          if (explainThen?.kind === 'vulnerabilityRatio' && explainThen.scale === 'ratioToMax') {
            if (explainNow?.kind === 'vulnerabilityRatio' && explainNow.base === explainThen.base) {
              expect(vulnerabilityNow).toBe(vulnerabilityThen)
            }
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('withdrawing one organisation’s finding can lower another organisation’s total', () => {
  it('changzhou-2022: the base falls, so the other organisation’s ratio is a larger share of it', () => {
    // Before: o1 2 highs / 1 asset = 160 = base; o2 1 high / 1 = 80 → 55 × (1 − 80/160) = 27.5.
    // Withdraw one of o1's highs: o1 = 80 = base; o2 = 55 × (1 − 80/80) = 0. o2's total falls by 27.5.
    const snapshot = (status: 'verified' | 'withdrawn'): TUnitSnapshotInput => ({
      standard: 'changzhou-2022',
      organisations: [
        { id: 'o1', assets: 1 },
        { id: 'o2', assets: 1 },
      ],
      findings: [
        { id: 'a', organisation: 'o1', kind: 'vulnerability', severity: 'high', status: 'verified' },
        { id: 'b', organisation: 'o1', kind: 'vulnerability', severity: 'high', status },
        { id: 'c', organisation: 'o2', kind: 'vulnerability', severity: 'high', status: 'verified' },
      ],
    })
    expect(itemsOf(scoreOrganisations(snapshot('verified'))).get('o2')?.total).toBe(72.5)
    expect(itemsOf(scoreOrganisations(snapshot('withdrawn'))).get('o2')?.total).toBe(45)
  })

  it('yixing-2021 rank mode: the owner overtakes the other organisation', () => {
    // Before: o1 ratio 160 (rank 2), o2 ratio 80 (rank 1) → o2 = 50. Withdraw both o1 highs: o1 ratio 0 rank 1,
    // o2 rank 2 → 50 × 1/2 = 25.
    const snapshot = (status: 'verified' | 'withdrawn'): TUnitSnapshotInput => ({
      standard: 'yixing-2021',
      organisations: [
        { id: 'o1', assets: 1, selfInspectionFiled: true },
        { id: 'o2', assets: 1, selfInspectionFiled: true },
      ],
      findings: [
        { id: 'a', organisation: 'o1', kind: 'vulnerability', severity: 'high', status },
        { id: 'b', organisation: 'o1', kind: 'vulnerability', severity: 'high', status },
        { id: 'c', organisation: 'o2', kind: 'vulnerability', severity: 'high', status: 'verified' },
      ],
    })
    expect(itemsOf(scoreOrganisations(snapshot('verified'))).get('o2')?.items.vulnerability).toBe(50)
    expect(itemsOf(scoreOrganisations(snapshot('withdrawn'))).get('o2')?.items.vulnerability).toBe(25)
  })
})

const vectors = [cvss98, cvss75, cvss53, cvss30_54, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N']

const teamSnapshot = fc
  .array(
    fc
      .record({
        activeSlots: fc.integer({ min: 0, max: 300 }),
        assetsTested: fc.integer({ min: 0, max: 80 }),
        manualRequests: fc.integer({ min: 0, max: 5000 }),
        evaluations: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
        clientsServed: fc.integer({ min: 0, max: 6 }),
        newVulnsShare: fc.double({ min: 0, max: 1, noNaN: true }),
        violations: fc.integer({ min: 0, max: 4 }),
      })
      .map(({ newVulnsShare, ...team }) => ({
        ...team,
        clientsWithNewVulns: Math.floor(newVulnsShare * team.clientsServed),
      })),
    { minLength: 1, maxLength: 5 },
  )
  .chain((teams) =>
    fc
      .array(
        fc.record({
          team: fc.integer({ min: 0, max: teams.length - 1 }),
          status: fc.constantFrom(...findingStatuses),
          cvss: fc.constantFrom(...vectors),
        }),
        { maxLength: 20 },
      )
      .map((findings): TTeamSnapshotInput => ({
        standard: 'yixing-2021-teams',
        teams: teams.map((team, index) => ({ id: `t${index}`, ...team })),
        findings: findings.map((finding, index) => ({
          id: `f${index}`,
          ...finding,
          team: `t${finding.team}`,
        })),
      })),
  )

function teamsOf(result: ReturnType<typeof scoreTeams>) {
  return new Map(result.teams.map((entry) => [entry.id, entry]))
}

describe('yixing-2021-teams properties', () => {
  it('keeps items within [0, max], compliance ≤ 0, total = max(0, Σ items), ranks by total', () => {
    fc.assert(
      fc.property(teamSnapshot, (snapshot) => {
        const result = scoreTeams(snapshot)
        for (const entry of result.teams) {
          for (const item of yixing2021Teams.items) {
            const points = entry.items[item.key] ?? Number.NaN
            if ('max' in item && typeof item.max === 'number') {
              expect(points).toBeGreaterThanOrEqual(0)
              expect(points).toBeLessThanOrEqual(item.max)
            } else expect(points).toBeLessThanOrEqual(0)
          }
          const sum = Object.values(entry.items).reduce((total, points) => total + cents(points), 0)
          expect(cents(entry.total)).toBe(Math.max(0, sum))
          expect(entry.rank).toBe(1 + result.teams.filter((other) => other.total > entry.total).length)
        }
      }),
      { numRuns: 150 },
    )
  })

  it("withdrawing a team's finding never raises its vulnerabilities item and never lowers any other team's", () => {
    fc.assert(
      fc.property(teamSnapshot, fc.nat(), (snapshot, pick) => {
        const findings = snapshot.findings ?? []
        fc.pre(findings.length > 0)
        const index = pick % findings.length
        const owner = findings[index]?.team
        const before = teamsOf(scoreTeams(snapshot))
        const afterWithdrawal = teamsOf(
          scoreTeams({
            ...snapshot,
            findings: findings.map((finding, position) =>
              position === index ? { ...finding, status: 'withdrawn' as const } : finding,
            ),
          }),
        )
        for (const [id, then] of before) {
          const now = afterWithdrawal.get(id)
          const { vulnerabilities: vulnerabilitiesThen = Number.NaN, ...restThen } = then.items
          const { vulnerabilities: vulnerabilitiesNow = Number.NaN, ...restNow } = now?.items ?? {}
          expect(restNow).toEqual(restThen)
          if (id === owner) expect(vulnerabilitiesNow).toBeLessThanOrEqual(vulnerabilitiesThen)
          else expect(vulnerabilitiesNow).toBeGreaterThanOrEqual(vulnerabilitiesThen)
        }
      }),
      { numRuns: 150 },
    )
  })

  it("more active slots never lower a team's working-time item nor raise another's", () => {
    fc.assert(
      fc.property(teamSnapshot, fc.nat(), fc.integer({ min: 1, max: 100 }), (snapshot, pick, extra) => {
        const target = pick % snapshot.teams.length
        const before = teamsOf(scoreTeams(snapshot))
        const raised = teamsOf(
          scoreTeams({
            ...snapshot,
            teams: snapshot.teams.map((team, index) =>
              index === target ? { ...team, activeSlots: (team.activeSlots ?? 0) + extra } : team,
            ),
          }),
        )
        for (const [id, then] of before) {
          const now = raised.get(id)?.items.workingTime ?? Number.NaN
          if (id === `t${target}`) expect(now).toBeGreaterThanOrEqual(then.items.workingTime ?? Number.NaN)
          else expect(now).toBeLessThanOrEqual(then.items.workingTime ?? Number.NaN)
        }
      }),
      { numRuns: 100 },
    )
  })
})
