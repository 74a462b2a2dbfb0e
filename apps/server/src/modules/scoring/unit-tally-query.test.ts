// The database aggregation against the engine, on the same rows: random findings written straight into the table
// (times with microseconds, a microsecond either side of every bracket limit, fixes recorded before the notice,
// subordinate units, every status), then the platform's scores (SQL tallies → tally scorer) compared with
// `scoreOrganisations` on the snapshot the platform exports for `wangan score`.
import { getUnitRuleSet, resolveParams, scoreOrganisations, type UnitRuleSet } from '@wangan/rules/scoring'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import { scoreCampaignUnits, unitSnapshot, type ScoredCampaign } from './campaign-scoring'
import { tallySnapshot } from './snapshot-tallies'
import type { OrganisationTally, UnitItemTally } from './unit-tally-scoring'

let t: TestPlatform
let s: CampaignSetup
let campaign: ScoredCampaign

beforeAll(async () => {
  t = await createTestPlatform()
  s = await setUpCampaign(t)
  campaign = {
    id: s.campaign.id,
    name: s.campaign.name,
    unitStandardId: 'changzhou-2022',
    unitStandardParams: {},
    teamStandardId: 'yixing-2021-teams',
    teamStandardParams: {},
  }
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const kinds = ['vulnerability', 'weak_password', 'intrusion_trace', 'data_leak', 'unreported_asset'] as const
const statuses = ['submitted', 'verified', 'notified', 'returned', 'fixed', 'rejected', 'withdrawn'] as const
const notifiedAt = Date.parse('2026-01-05T02:00:00Z')

/** An ISO time with microseconds: `ms` after the notice plus `micro` microseconds. */
function micros(ms: number, micro: number): string {
  const base = new Date(notifiedAt + ms).toISOString().slice(0, 23)
  return `${base}${String(micro).padStart(3, '0')}Z`
}

const findingRow = fc.record({
  organisation: fc.constantFrom('orgA', 'orgASub', 'orgB'),
  kind: fc.constantFrom(...kinds),
  severity: fc.constantFrom('critical', 'high', 'medium', 'low'),
  status: fc.constantFrom(...statuses),
  notifiedMicro: fc.integer({ min: 0, max: 999 }),
  fix: fc.option(
    fc.record({
      ms: fc.oneof(
        fc.integer({ min: -3_600_000, max: 100 * 3_600_000 }),
        fc.tuple(fc.constantFrom(24, 48, 72), fc.constantFrom(-1, 0, 1)).map(([h, d]) => h * 3_600_000 + d),
      ),
      micro: fc.integer({ min: 0, max: 999 }),
    }),
  ),
  records: fc.option(fc.constantFrom(0, 499, 500, 501, 5000)),
  sensitive: fc.option(fc.boolean()),
  retests: fc.integer({ min: 0, max: 2 }),
})

/** Tallies with every item present (zeros where an organisation has no matching finding). */
function filled(tallies: OrganisationTally[], ruleSet: UnitRuleSet): OrganisationTally[] {
  return tallies.map((tally) => {
    const items: Record<string, UnitItemTally> = {}
    for (const item of ruleSet.items) {
      const zero: UnitItemTally | null =
        item.kind === 'perFindingDeduction'
          ? { kind: item.kind, count: 0 }
          : item.kind === 'vulnerabilityRatio'
            ? { kind: item.kind, count: 0, points: 0 }
            : item.kind === 'timeliness'
              ? { kind: item.kind, notified: 0, deducted: 0 }
              : item.kind === 'perRetestDeduction'
                ? { kind: item.kind, retests: 0 }
                : null
      const value = tally.items[item.key] ?? zero
      if (value) items[item.key] = value
    }
    return { ...tally, items }
  })
}

const changzhou = getUnitRuleSet('changzhou-2022')
/** A standard that exists only as data: a fractional bracket and deduction, re-tests. */
const custom: UnitRuleSet = {
  ...changzhou,
  id: 'custom-2023',
  items: [
    ...changzhou.items.map((item) =>
      item.kind === 'timeliness'
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
      title: '复查',
      kind: 'perRetestDeduction' as const,
      filter: { kinds: ['vulnerability' as const] },
      deductEach: 1.5,
      rule: '复查未修复',
    },
  ],
}

const variants: {
  name: string
  standard: string
  params: Record<string, number | string>
  ruleSet?: UnitRuleSet
}[] = [
  { name: 'custom-2023 (data only)', standard: 'changzhou-2022', params: {}, ruleSet: custom },
  { name: 'changzhou-2022', standard: 'changzhou-2022', params: {} },
  { name: 'yixing-2021 (rank)', standard: 'yixing-2021', params: {} },
  {
    name: 'changzhou-2022, fractional threshold',
    standard: 'changzhou-2022',
    params: { sensitiveLeakMinRecords: 499.5, mediumPoints: 20.5 },
  },
]

describe.each(variants)('SQL tallies and the engine agree: $name', ({ standard, params, ruleSet: given }) => {
  test('on random findings with microsecond times', async () => {
    const organisations: Record<string, string> = {
      orgA: t.basics.orgA.id,
      orgASub: t.basics.orgASub.id,
      orgB: t.basics.orgB.id,
    }
    const scored = { ...campaign, unitStandardId: standard, unitStandardParams: params }
    const { database } = t.services
    await fc.assert(
      fc.asyncProperty(fc.array(findingRow, { maxLength: 25 }), async (rows) => {
        await database.query('delete from findings where campaign_id = $1', [campaign.id])
        let n = 0
        for (const row of rows) {
          n++
          const notified = ['notified', 'returned', 'fixed', 'withdrawn'].includes(row.status)
          await database.query(
            `insert into findings (campaign_id, team_id, organisation_id, target, kind, title, title_key, severity,
               severity_source, status, submitted_at, notified_at, fixed_at, not_fixed_retests, record_count, is_sensitive)
             values ($1, $2, $3, $4, $5, $6, $6, $7, 'tester', $8, $9, $10, $11, $12, $13, $14)`,
            [
              campaign.id,
              s.teamA.id,
              organisations[row.organisation],
              `https://t${n}.example.gov.cn`,
              row.kind,
              `finding ${n}`,
              row.severity,
              row.status,
              micros(-86_400_000, 0),
              notified ? micros(0, row.notifiedMicro) : null,
              notified && row.fix ? micros(row.fix.ms, row.fix.micro) : null,
              row.retests,
              row.records,
              row.sensitive,
            ],
          )
        }
        const ruleSet = given ?? getUnitRuleSet(standard)
        const choice = { ruleSet, params: resolveParams(ruleSet, params) }
        const live = await scoreCampaignUnits(database.db, scored, choice)
        const snapshot = await unitSnapshot(database.db, scored, choice)
        expect(filled(live.tallies, ruleSet)).toEqual(filled(tallySnapshot(ruleSet, snapshot), ruleSet))
        const engine = scoreOrganisations(snapshot, { ruleSet })
        expect(
          live.result.organisations.map(({ id, rank, total, items }) => ({ id, rank, total, items })),
        ).toEqual(engine.organisations.map(({ id, rank, total, items }) => ({ id, rank, total, items })))
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
