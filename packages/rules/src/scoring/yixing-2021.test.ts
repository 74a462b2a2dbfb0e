// Worked examples of "yixing-2021" (seed 000 附件1, SPEC §4.2), computed by hand in the comments.
import { describe, expect, it } from 'vitest'
import { after, finding, notified, org, vulnerabilities } from './scoring-test-support'
import { scoreOrganisations } from './unit-scoring'

const standard = 'yixing-2021'
const filed = { selfInspectionFiled: true }

function byId(result: ReturnType<typeof scoreOrganisations>) {
  return Object.fromEntries(result.organisations.map((entry) => [entry.id, entry]))
}

function vulnerabilityItems(result: ReturnType<typeof scoreOrganisations>) {
  return Object.fromEntries(result.organisations.map((entry) => [entry.id, entry.items.vulnerability]))
}

// o1 ratio 0, o2 ratio 20 (1 medium / 1 asset), o3 ratio 40 (2 medium / 1 asset).
const threeOrganisations = {
  standard,
  organisations: [org('o1', 4, filed), org('o2', 1, filed), org('o3', 1, filed)],
  findings: [...vulnerabilities('o2', 1, 'medium'), ...vulnerabilities('o3', 2, 'medium')],
}

describe('yixing-2021 worked examples', () => {
  it('1. rank mode (default): 50 × (N − rank + 1) / N', () => {
    // N = 3. o1 rank 1 → 50; o2 rank 2 → 50 × 2/3 = 33.333… → 33.33; o3 rank 3 → 50 × 1/3 = 16.666… → 16.67.
    // Totals: o1 = 5 + 5 + 50 + 25 + 15 = 100; o2 = 5 + 5 + 33.33 + 25 + 15 = 83.33; o3 = 66.67.
    const result = scoreOrganisations(threeOrganisations)
    expect(Object.keys(result.organisations[0]?.items ?? {})).toEqual([
      'asset',
      'selfInspection',
      'vulnerability',
      'protection',
      'dataSecurity',
      'rectification',
    ])
    expect(result.organisations.map(({ id, rank, total }) => ({ id, rank, total }))).toEqual([
      { id: 'o1', rank: 1, total: 100 },
      { id: 'o2', rank: 2, total: 83.33 },
      { id: 'o3', rank: 3, total: 66.67 },
    ])
    expect(vulnerabilityItems(result)).toEqual({ o1: 50, o2: 33.33, o3: 16.67 })
    expect(byId(result).o2?.explain.vulnerability).toMatchObject({
      scale: 'rank',
      rank: 2,
      organisations: 3,
      base: null,
    })
    expect(result.ruleSet.params.vulnerabilityMode).toBe('rank')
  })

  it('2. linear mode: 50 × (1 − ratio / base)', () => {
    // base = 40. o1 = 50; o2 = 50 × (1 − 20/40) = 25; o3 = 0.
    const result = scoreOrganisations({ ...threeOrganisations, params: { vulnerabilityMode: 'linear' } })
    expect(vulnerabilityItems(result)).toEqual({ o1: 50, o2: 25, o3: 0 })
    expect(byId(result).o2?.explain.vulnerability).toMatchObject({
      scale: 'ratioToMax',
      base: 40,
      rank: null,
    })
  })

  it('3. equal ratios share the better rank before scaling', () => {
    // Ratios o1 0, o2 0, o3 10 (1 medium / 2 assets), o4 20. Ranks 1, 1, 3, 4 of N = 4:
    // o1 = o2 = 50; o3 = 50 × (4 − 3 + 1)/4 = 25; o4 = 50 × 1/4 = 12.5.
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 1, filed), org('o2', 7, filed), org('o3', 2, filed), org('o4', 1, filed)],
      findings: [...vulnerabilities('o3', 1, 'medium'), ...vulnerabilities('o4', 1, 'medium')],
    })
    expect(vulnerabilityItems(result)).toEqual({ o1: 50, o2: 50, o3: 25, o4: 12.5 })
    expect(result.organisations.map(({ id, rank }) => [id, rank])).toEqual([
      ['o1', 1],
      ['o2', 1],
      ['o3', 3],
      ['o4', 4],
    ])
  })

  it('4. base 0: everyone gets 50 in both modes', () => {
    // Only low findings (0 points): all ratios 0 → all rank 1 → 50 × 2/2 = 50; linear: base 0 → 50.
    const snapshot = {
      standard,
      organisations: [org('o1', 3, filed), org('o2', 0, filed)],
      findings: vulnerabilities('o1', 3, 'low'),
    }
    expect(vulnerabilityItems(scoreOrganisations(snapshot))).toEqual({ o1: 50, o2: 50 })
    expect(
      vulnerabilityItems(scoreOrganisations(snapshot, { params: { vulnerabilityMode: 'linear' } })),
    ).toEqual({
      o1: 50,
      o2: 50,
    })
  })

  it('5. self-inspection: −5 when no report was filed (false or not stated)', () => {
    // o1 filed → 5 → total 100; o2 false → 0 → 95; o3 not stated → 0 → 95, ranks 1, 2, 2.
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 1, filed), org('o2', 1, { selfInspectionFiled: false }), org('o3', 1)],
      findings: [],
    })
    expect(
      result.organisations.map(({ id, rank, total, items }) => [id, rank, total, items.selfInspection]),
    ).toEqual([
      ['o1', 1, 100, 5],
      ['o2', 2, 95, 0],
      ['o3', 2, 95, 0],
    ])
    expect(byId(result).o2?.deductions).toEqual([
      { item: 'selfInspection', finding: null, points: -5, rule: expect.stringContaining('自查情况') },
    ])
  })

  it('6. asset census: −0.5 per unreported asset, floor 0', () => {
    // o1: 3 unreported → 5 − 1.5 = 3.5; o2: 11 unreported → 5 − 5.5 → 0.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1, filed), org('o2', 1, filed)],
        findings: [
          ...Array.from({ length: 3 }, () => finding('o1', 'unreported_asset')),
          ...Array.from({ length: 11 }, () => finding('o2', 'unreported_asset')),
        ],
      }),
    )
    expect(result.o1).toMatchObject({ total: 98.5, items: { asset: 3.5 } })
    expect(result.o2).toMatchObject({ total: 95, items: { asset: 0 } })
    expect(result.o2?.explain.asset).toMatchObject({ deducted: 5.5, floored: true })
  })

  it('7. data security: −5 per personal-data leak of any size, floor 0', () => {
    // o1: leaks of 1 record (not sensitive), 499 and 500 → 15 − 15 = 0; o2: 4 leaks → 15 − 20 → 0; o3: 1 → 10.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1, filed), org('o2', 1, filed), org('o3', 1, filed)],
        findings: [
          finding('o1', 'data_leak', { records: 1, sensitive: false }),
          finding('o1', 'data_leak', { records: 499 }),
          finding('o1', 'data_leak', { records: 500 }),
          ...Array.from({ length: 4 }, () => finding('o2', 'data_leak')),
          finding('o3', 'data_leak', { records: 12 }),
        ],
      }),
    )
    expect([
      result.o1?.items.dataSecurity,
      result.o2?.items.dataSecurity,
      result.o3?.items.dataSecurity,
    ]).toEqual([0, 0, 10])
  })

  it('8. protection: −5 per intrusion trace or weak password, floor 0', () => {
    // o1: 4 intrusion traces + 2 weak passwords = −30 → 0. Weak passwords (medium) also make o1's ratio 40 / 1 → rank 2
    // of 2 → 25. o1 total = 5 + 5 + 25 + 0 + 15 = 50. o2: 1 intrusion trace → 20; ratio 0 → 50; total 95.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1, filed), org('o2', 1, filed)],
        findings: [
          ...Array.from({ length: 4 }, () => finding('o1', 'intrusion_trace')),
          ...Array.from({ length: 2 }, () => finding('o1', 'weak_password', { severity: 'medium' })),
          finding('o2', 'intrusion_trace'),
        ],
      }),
    )
    expect(result.o1).toMatchObject({ total: 50, items: { protection: 0, vulnerability: 25 } })
    expect(result.o2).toMatchObject({ total: 95, items: { protection: 20, vulnerability: 50 } })
  })

  it('9. rectification: −5 per not-fixed re-test; ignored findings and unreported assets do not count', () => {
    // o1: f-a returned twice (2 re-tests not fixed) → −10; f-b fixed after one failed re-test → −5;
    // f-c withdrawn with 3 failed re-tests → ignored; f-d unreported asset with 1 → ignored (asset −0.5).
    // Ratios: o1 = 2 × 20 / 10 = 4, o2 = 0 → o1 rank 2 of 2 → 25. o1 total = 4.5 + 5 + 25 + 25 + 15 − 15 = 59.5.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 10, filed), org('o2', 1, filed)],
        findings: [
          finding('o1', 'vulnerability', {
            id: 'f-a',
            severity: 'medium',
            status: 'returned',
            notifiedAt: notified,
            notFixedRetests: 2,
          }),
          finding('o1', 'vulnerability', {
            id: 'f-b',
            severity: 'medium',
            status: 'fixed',
            notifiedAt: notified,
            fixedAt: after(100),
            notFixedRetests: 1,
          }),
          finding('o1', 'vulnerability', {
            id: 'f-c',
            severity: 'high',
            status: 'withdrawn',
            notFixedRetests: 3,
          }),
          finding('o1', 'unreported_asset', { id: 'f-d', notFixedRetests: 1 }),
        ],
      }),
    )
    expect(result.o1).toMatchObject({
      total: 59.5,
      items: { asset: 4.5, vulnerability: 25, rectification: -15 },
    })
    expect(
      result.o1?.deductions.filter((d) => d.item === 'rectification').map((d) => [d.finding, d.points]),
    ).toEqual([
      ['f-a', -10],
      ['f-b', -5],
    ])
    // Late fixes cost nothing in this standard: only failed re-tests do.
    expect(result.o2).toMatchObject({ total: 100 })
  })

  it('10. the total stops at 0', () => {
    // o1 filed nothing (self-inspection 0); one intrusion trace (protection 25 − 5 = 20) that failed 25 re-tests
    // (rectification −125). Ratio 0 → 50. Total = 5 + 0 + 50 + 20 + 15 − 125 = −35 → 0.
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 1)],
      findings: [finding('o1', 'intrusion_trace', { notFixedRetests: 25 })],
    })
    expect(result.organisations[0]).toMatchObject({
      total: 0,
      items: { protection: 20, rectification: -125 },
    })
  })

  it('11. an organisation with 0 assets counts as 1', () => {
    // o1: 1 high / max(0, 1) = 80; o2: 1 high / 4 = 20; o3: 1 high / 8 = 10. Ranks o3 1, o2 2, o1 3 of 3:
    // o3 = 50, o2 = 33.33, o1 = 16.67. Linear: base 80 → o1 0, o2 50 × (1 − 20/80) = 37.5, o3 = 50 × 7/8 = 43.75.
    const snapshot = {
      standard,
      organisations: [org('o1', 0, filed), org('o2', 4, filed), org('o3', 8, filed)],
      findings: [
        ...vulnerabilities('o1', 1, 'high'),
        ...vulnerabilities('o2', 1, 'high'),
        ...vulnerabilities('o3', 1, 'high'),
      ],
    }
    expect(vulnerabilityItems(scoreOrganisations(snapshot))).toEqual({ o3: 50, o2: 33.33, o1: 16.67 })
    expect(
      vulnerabilityItems(scoreOrganisations(snapshot, { params: { vulnerabilityMode: 'linear' } })),
    ).toEqual({
      o3: 43.75,
      o2: 37.5,
      o1: 0,
    })
  })

  it('12. rounding half-up at .xx5 in both modes', () => {
    // Rank mode, 16 organisations with distinct ratios 0, 20, 40, … (k mediums on 1 asset): the last has rank 16,
    // 50 × 1/16 = 3.125 → 3.13 (half-even would give 3.12); rank 10 → 50 × 7/16 = 21.875 → 21.88.
    const organisations = Array.from({ length: 16 }, (_, k) => org(`o${k}`, 1, filed))
    const findings = organisations.flatMap((organisation, k) => vulnerabilities(organisation.id, k, 'medium'))
    const ranked = byId(scoreOrganisations({ standard, organisations, findings }))
    expect(ranked.o15?.items.vulnerability).toBe(3.13)
    expect(ranked.o9?.items.vulnerability).toBe(21.88)
    // o15 total = 5 + 5 + 3.13 + 25 + 15 = 53.13.
    expect(ranked.o15?.total).toBe(53.13)
    // Linear mode: o1 1 medium / 400 assets, o2 1 medium / 399 assets = base → 50 × (1 − 399/400) = 0.125 → 0.13.
    const linear = byId(
      scoreOrganisations({
        standard,
        params: { vulnerabilityMode: 'linear' },
        organisations: [org('o1', 400, filed), org('o2', 399, filed)],
        findings: [...vulnerabilities('o1', 1, 'medium'), ...vulnerabilities('o2', 1, 'medium')],
      }),
    )
    expect(linear.o1).toMatchObject({ total: 50.13, items: { vulnerability: 0.13 } })
  })

  it('13. withdrawn, rejected, duplicate and submitted findings are ignored', () => {
    // Every o1 finding is in an ignored state: o1 scores 100 like o2.
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 1, filed), org('o2', 1, filed)],
      findings: [
        finding('o1', 'vulnerability', { severity: 'high', status: 'withdrawn', notFixedRetests: 2 }),
        finding('o1', 'weak_password', { severity: 'high', status: 'rejected' }),
        finding('o1', 'data_leak', { status: 'duplicate' }),
        finding('o1', 'unreported_asset', { status: 'submitted' }),
      ],
    })
    expect(result.organisations.map(({ id, rank, total }) => [id, rank, total])).toEqual([
      ['o1', 1, 100],
      ['o2', 1, 100],
    ])
  })

  it('14. refuses a vulnerabilityMode that is not declared', () => {
    expect(() =>
      scoreOrganisations({ ...threeOrganisations, params: { vulnerabilityMode: 'median' } }),
    ).toThrow('params.vulnerabilityMode: expected one of rank, linear, got "median"')
  })
})
