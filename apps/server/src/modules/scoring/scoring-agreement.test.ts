// The tally scorers (what the server runs on a whole campaign) against the engine of @wangan/rules/scoring (what
// `wangan score` runs): the same items, totals, ranks and order on random campaigns, for every built-in standard,
// both yixing modes, changed parameters and a rule set that exists only as data.
import {
  getTeamRuleSet,
  getUnitRuleSet,
  scoreOrganisations,
  scoreTeams,
  type TTeamSnapshotInput,
  type TUnitSnapshotInput,
  type UnitRuleSet,
} from '@wangan/rules/scoring'
import { scoreCvss } from '@wangan/rules/cvss'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tallySnapshot } from './snapshot-tallies'
import { scoreTeamTallies, type TeamTally } from './team-tally-scoring'
import { scoreUnitTallies } from './unit-tally-scoring'

const kinds = ['vulnerability', 'weak_password', 'intrusion_trace', 'data_leak', 'unreported_asset'] as const
const severities = ['critical', 'high', 'medium', 'low'] as const
const statuses = [
  'submitted',
  'verified',
  'notified',
  'rectification_submitted',
  'returned',
  'fixed',
  'rejected',
  'duplicate',
  'withdrawn',
] as const
const notified = Date.parse('2022-05-16T02:00:00Z')

/** A standard that exists only as data: fractional points, an extra bracket, a rank scale, retests. */
const changzhou2023: UnitRuleSet = {
  ...getUnitRuleSet('changzhou-2022'),
  id: 'changzhou-2023',
  version: '2023.1',
  params: {
    ...getUnitRuleSet('changzhou-2022').params,
    assetDeduct: { type: 'number', default: 0.5, min: 0, description: 'per unreported asset' },
  },
  items: [
    ...getUnitRuleSet('changzhou-2022').items.map((item) =>
      item.kind === 'perFindingDeduction' && item.key === 'asset'
        ? { ...item, deductEach: { param: 'assetDeduct' } }
        : item.kind === 'timeliness'
          ? {
              ...item,
              brackets: [
                { withinHours: 12.5, deduct: 0 },
                { withinHours: 24, deduct: 0.25 },
                { withinHours: 72, deduct: 2 },
              ],
            }
          : item,
    ),
    {
      key: 'retest',
      title: '复查整改',
      kind: 'perRetestDeduction',
      filter: { kinds: ['vulnerability', 'weak_password'] },
      deductEach: 3,
      rule: '复查未修复扣 3 分',
    },
    {
      key: 'selfInspection',
      title: '自查情况',
      kind: 'presence',
      max: 3,
      field: 'selfInspectionFiled',
      deductIfAbsent: 3,
      rule: '未自查扣 3 分',
    },
  ],
}

const variants: { name: string; ruleSet: UnitRuleSet; params: Record<string, unknown> }[] = [
  { name: 'changzhou-2022', ruleSet: getUnitRuleSet('changzhou-2022'), params: {} },
  {
    name: 'changzhou-2022 what-if',
    ruleSet: getUnitRuleSet('changzhou-2022'),
    params: { mediumPoints: 35, sensitiveLeakMinRecords: 100 },
  },
  { name: 'yixing-2021 rank', ruleSet: getUnitRuleSet('yixing-2021'), params: { vulnerabilityMode: 'rank' } },
  {
    name: 'yixing-2021 linear',
    ruleSet: getUnitRuleSet('yixing-2021'),
    params: { vulnerabilityMode: 'linear' },
  },
  { name: 'changzhou-2023 (data only)', ruleSet: changzhou2023, params: {} },
]

const unitSnapshot = fc
  .array(fc.record({ assets: fc.integer({ min: 0, max: 12 }), selfInspectionFiled: fc.boolean() }), {
    minLength: 1,
    maxLength: 7,
  })
  .chain((organisations) =>
    fc
      .array(
        fc.record({
          organisation: fc.integer({ min: 0, max: organisations.length - 1 }),
          kind: fc.constantFrom(...kinds),
          severity: fc.constantFrom(...severities),
          status: fc.constantFrom(...statuses),
          isNotified: fc.boolean(),
          // Around every bracket boundary: exact hours and a second either side.
          fixedAfterMs: fc.option(
            fc.oneof(
              fc.integer({ min: 0, max: 100 * 3_600_000 }),
              fc
                .tuple(fc.constantFrom(12.5, 24, 48, 72), fc.constantFrom(-1000, 0, 1, 1000))
                .map(([hours, delta]) => hours * 3_600_000 + delta),
            ),
          ),
          records: fc.option(fc.constantFrom(0, 99, 100, 499, 500, 501, 2000)),
          sensitive: fc.option(fc.boolean()),
          notFixedRetests: fc.integer({ min: 0, max: 3 }),
        }),
        { maxLength: 60 },
      )
      .map((findings): TUnitSnapshotInput => ({
        standard: 'changzhou-2022',
        organisations: organisations.map((organisation, index) => ({
          id: `o${index}`,
          name: `单位${index}`,
          ...organisation,
        })),
        findings: findings.map((finding, index) => ({
          id: `f${index}`,
          organisation: `o${finding.organisation}`,
          kind: finding.kind,
          severity: finding.severity,
          status: finding.status,
          notifiedAt: finding.isNotified ? new Date(notified).toISOString() : null,
          fixedAt:
            finding.isNotified && finding.fixedAfterMs !== null
              ? new Date(notified + finding.fixedAfterMs).toISOString()
              : null,
          records: finding.records,
          sensitive: finding.sensitive,
          notFixedRetests: finding.notFixedRetests,
        })),
      })),
  )

describe.each(variants)('unit tallies agree with the engine: $name', ({ ruleSet, params }) => {
  it('items, totals, ranks and order', () => {
    fc.assert(
      fc.property(unitSnapshot, (snapshot) => {
        const engine = scoreOrganisations(snapshot, { ruleSet, params })
        const tallied = scoreUnitTallies(ruleSet, tallySnapshot(ruleSet, snapshot, params), params)
        expect(
          tallied.organisations.map(({ id, rank, total, items }) => ({ id, rank, total, items })),
        ).toEqual(engine.organisations.map(({ id, rank, total, items }) => ({ id, rank, total, items })))
        expect(tallied.ruleSet.params).toEqual(engine.ruleSet.params)
      }),
      { numRuns: 150 },
    )
  })
})

const vectors = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
  'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:C/C:L/I:N/A:N',
]

const teamSnapshot = fc
  .array(
    fc.record({
      activeSlots: fc.integer({ min: 0, max: 300 }),
      assetsTested: fc.integer({ min: 0, max: 50 }),
      manualRequests: fc.integer({ min: 0, max: 5000 }),
      evaluations: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
      clients: fc
        .integer({ min: 0, max: 6 })
        .chain((served) => fc.integer({ min: 0, max: served }).map((withNew) => ({ served, withNew }))),
      violations: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .chain((teams) =>
    fc
      .array(
        fc.record({
          team: fc.integer({ min: 0, max: teams.length - 1 }),
          status: fc.constantFrom(...statuses),
          cvss: fc.constantFrom(...vectors),
        }),
        { maxLength: 40 },
      )
      .map((findings): TTeamSnapshotInput => ({
        standard: 'yixing-2021-teams',
        teams: teams.map((team, index) => ({
          id: `t${index}`,
          activeSlots: team.activeSlots,
          assetsTested: team.assetsTested,
          manualRequests: team.manualRequests,
          evaluations: team.evaluations,
          clientsServed: team.clients.served,
          clientsWithNewVulns: team.clients.withNew,
          violations: team.violations,
        })),
        findings: findings.map((finding, index) => ({
          id: `tf${index}`,
          team: `t${finding.team}`,
          status: finding.status,
          cvss: finding.cvss,
        })),
      })),
  )

function teamTallies(snapshot: TTeamSnapshotInput): TeamTally[] {
  const ruleSet = getTeamRuleSet('yixing-2021-teams')
  return snapshot.teams.map((team) => {
    const counted = (snapshot.findings ?? []).filter(
      (finding) => finding.team === team.id && ruleSet.countedStatuses.includes(finding.status),
    )
    return {
      id: team.id,
      activeSlots: team.activeSlots ?? 0,
      assetsTested: team.assetsTested ?? 0,
      manualRequests: team.manualRequests ?? 0,
      evaluations: team.evaluations ?? [],
      clientsServed: team.clientsServed ?? 0,
      clientsWithNewVulns: team.clientsWithNewVulns ?? 0,
      violations: team.violations ?? 0,
      cvssTenths: {
        '3.0': sumTenths(counted, '3.0'),
        '3.1': sumTenths(counted, '3.1'),
        '4.0': 0,
      },
    }
  })
}

function sumTenths(findings: { cvss?: string | null | undefined }[], version: string): number {
  return findings
    .filter((finding) => finding.cvss?.startsWith(`CVSS:${version}/`))
    .reduce((total, finding) => total + Math.round(scoreCvss(finding.cvss!).base * 10), 0)
}

describe('team tallies agree with the engine: yixing-2021-teams', () => {
  it('items, totals, ranks and order', () => {
    const ruleSet = getTeamRuleSet('yixing-2021-teams')
    fc.assert(
      fc.property(teamSnapshot, (snapshot) => {
        const engine = scoreTeams(snapshot)
        const tallied = scoreTeamTallies(ruleSet, teamTallies(snapshot))
        expect(tallied.teams.map(({ id, rank, total, items }) => ({ id, rank, total, items }))).toEqual(
          engine.teams.map(({ id, rank, total, items }) => ({ id, rank, total, items })),
        )
      }),
      { numRuns: 150 },
    )
  })
})
