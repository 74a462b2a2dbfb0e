// Worked examples of "changzhou-2022" (seed 001 附件2, SPEC §4.1), computed by hand in the comments.
import { describe, expect, it } from 'vitest'
import { after, finding, notified, org, vulnerabilities } from './scoring-test-support'
import { ScoringInputError } from './scoring-error'
import { scoreOrganisations } from './unit-scoring'

const standard = 'changzhou-2022'

function byId(result: ReturnType<typeof scoreOrganisations>) {
  return Object.fromEntries(result.organisations.map((entry) => [entry.id, entry]))
}

describe('changzhou-2022 worked examples', () => {
  it('1. the CONTRACTS example scores 88 with a vulnerability item of 53', () => {
    // o1: 1 high = 80 points / 12 assets = 20/3. o2: 10 high + 15 medium = 800 + 300 = 1100 / 6 assets = 550/3 = base.
    // o1 vulnerability = 55 × (1 − (20/3) / (550/3)) = 55 × (1 − 2/55) = 53. o2 = 55 × (1 − 1) = 0.
    // o1 data security: f2 leaks 800 sensitive records → 15 − 5 = 10.
    // o1 rectification: f1 fixed 23 h after notification → 0; f2 not fixed → −5.
    // o1 total = 5 + 53 + 25 + 10 − 5 = 88. o2 (never notified) = 5 + 0 + 25 + 15 + 0 = 45.
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 12, { name: '市教育局', selfInspectionFiled: true }), org('o2', 6)],
      findings: [
        {
          id: 'f1',
          organisation: 'o1',
          kind: 'vulnerability',
          severity: 'high',
          status: 'fixed',
          notifiedAt: '2022-05-16T10:00:00+08:00',
          fixedAt: '2022-05-17T09:00:00+08:00',
          notFixedRetests: 0,
        },
        {
          id: 'f2',
          organisation: 'o1',
          kind: 'data_leak',
          records: 800,
          sensitive: true,
          status: 'notified',
          notifiedAt: '2022-05-16T11:00:00+08:00',
          fixedAt: null,
          notFixedRetests: 0,
        },
        ...vulnerabilities('o2', 10, 'high'),
        ...vulnerabilities('o2', 15, 'medium'),
      ],
    })
    expect(result.standard).toBe(standard)
    const [first, second] = result.organisations
    expect(first).toMatchObject({
      id: 'o1',
      name: '市教育局',
      rank: 1,
      total: 88,
      items: { asset: 5, vulnerability: 53, protection: 25, dataSecurity: 10, rectification: -5 },
    })
    expect(Object.keys(first?.items ?? {})).toEqual([
      'asset',
      'vulnerability',
      'protection',
      'dataSecurity',
      'rectification',
    ])
    expect(first?.deductions.map(({ item, finding: id, points }) => ({ item, finding: id, points }))).toEqual(
      [
        { item: 'dataSecurity', finding: 'f2', points: -5 },
        { item: 'rectification', finding: 'f2', points: -5 },
      ],
    )
    expect(first?.deductions.every((deduction) => deduction.rule.length > 0)).toBe(true)
    expect(first?.explain.vulnerability).toMatchObject({
      vulnerabilityPoints: 80,
      assetsCounted: 12,
      base: 550 / 3,
    })
    expect(second).toMatchObject({
      id: 'o2',
      rank: 2,
      total: 45,
      items: { vulnerability: 0, rectification: 0 },
    })
    expect(Object.keys(first ?? {}).slice(0, 5)).toEqual(['id', 'rank', 'total', 'items', 'deductions'])
  })

  it('2. base 0: nobody has vulnerability points, so everyone gets 55', () => {
    // o1's only counted vulnerability is low (0 points); o1's high is withdrawn. o2 has none. base = 0 → 55 each.
    // Both total 5 + 55 + 25 + 15 = 100 and share rank 1.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 5), org('o2', 3)],
        findings: [
          finding('o1', 'vulnerability', { severity: 'low' }),
          finding('o1', 'vulnerability', { severity: 'high', status: 'withdrawn' }),
        ],
      }),
    )
    expect(result.o1).toMatchObject({ rank: 1, total: 100, items: { vulnerability: 55 } })
    expect(result.o2).toMatchObject({ rank: 1, total: 100, items: { vulnerability: 55 } })
    expect(result.o1?.explain.vulnerability).toMatchObject({
      base: 0,
      formula: expect.stringMatching(/^base 0/),
    })
  })

  it('3. an organisation with 0 assets counts as 1 asset, and equal totals share a rank', () => {
    // o1: 1 medium = 20 / max(0, 1) = 20. o2: 1 high = 80 / 4 = 20. o3: 1 medium = 20 / 10 = 2. base = 20.
    // o1 = o2 = 55 × (1 − 20/20) = 0; o3 = 55 × (1 − 2/20) = 49.5.
    // Totals: o3 = 5 + 49.5 + 25 + 15 = 94.5 (rank 1); o1 = o2 = 45 (rank 2, 2).
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 0), org('o2', 4), org('o3', 10)],
      findings: [
        ...vulnerabilities('o1', 1, 'medium'),
        ...vulnerabilities('o2', 1, 'high'),
        ...vulnerabilities('o3', 1, 'medium'),
      ],
    })
    expect(result.organisations.map(({ id, rank, total }) => ({ id, rank, total }))).toEqual([
      { id: 'o3', rank: 1, total: 94.5 },
      { id: 'o1', rank: 2, total: 45 },
      { id: 'o2', rank: 2, total: 45 },
    ])
    expect(byId(result).o1?.explain.vulnerability).toMatchObject({ assets: 0, assetsCounted: 1, ratio: 20 })
  })

  it('4. ranks 1, 1, 3 on a tie at the top', () => {
    // o1 and o2: 1 medium each on 10 assets = 2; o3: 1 high on 1 asset = 80 = base.
    // o1 = o2 = 55 × (1 − 2/80) = 53.625 → 53.63; totals 98.63 (rank 1, 1). o3 = 0 → 45 (rank 3).
    const result = scoreOrganisations({
      standard,
      organisations: [org('o3', 1), org('o1', 10), org('o2', 10)],
      findings: [
        ...vulnerabilities('o1', 1, 'medium'),
        ...vulnerabilities('o2', 1, 'medium'),
        ...vulnerabilities('o3', 1, 'high'),
      ],
    })
    expect(result.organisations.map(({ id, rank, total }) => ({ id, rank, total }))).toEqual([
      { id: 'o1', rank: 1, total: 98.63 },
      { id: 'o2', rank: 1, total: 98.63 },
      { id: 'o3', rank: 3, total: 45 },
    ])
  })

  it('5. every floor: asset census, protection and data security stop at 0, and so does the total', () => {
    // o1 (1 asset): 6 unreported assets → 5 − 6 = −1 → 0. 3 intrusion traces + 3 weak passwords → 25 − 30 → 0.
    // 4 sensitive leaks of 600 records → 15 − 20 → 0. Weak passwords (high) are also vulnerability points:
    // 3 × 80 / 1 = 240 = base → 0. Rectification: 3 + 3 + 4 notified, none fixed → −50 (unreported assets never
    // count there). Total = 0 + 0 + 0 + 0 − 50 = −50 → floored at 0.
    // o2 has nothing: 5 + 55 + 25 + 15 = 100.
    const notifiedNotFixed = { status: 'notified' as const, notifiedAt: notified }
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1), org('o2', 1)],
        findings: [
          ...Array.from({ length: 6 }, () => finding('o1', 'unreported_asset', notifiedNotFixed)),
          ...Array.from({ length: 3 }, () => finding('o1', 'intrusion_trace', notifiedNotFixed)),
          ...Array.from({ length: 3 }, () =>
            finding('o1', 'weak_password', { severity: 'high', ...notifiedNotFixed }),
          ),
          ...Array.from({ length: 4 }, () =>
            finding('o1', 'data_leak', { records: 600, sensitive: true, ...notifiedNotFixed }),
          ),
        ],
      }),
    )
    expect(result.o1).toMatchObject({
      total: 0,
      rank: 2,
      items: { asset: 0, vulnerability: 0, protection: 0, dataSecurity: 0, rectification: -50 },
    })
    expect(result.o1?.explain.asset).toMatchObject({ deducted: 6, floored: true, points: 0 })
    expect(result.o1?.explain.protection).toMatchObject({ deducted: 30, floored: true })
    // Deductions carry the rule's nominal points; the explanation says the item was floored.
    expect(result.o1?.deductions.filter((deduction) => deduction.item === 'protection')).toHaveLength(6)
    expect(result.o2).toMatchObject({ total: 100, rank: 1 })
  })

  it('6. rectification brackets are inclusive: exactly 24/48/72 h and one second over each', () => {
    // o1 (6 assets): six mediums notified at 10:00, fixed after 24 h → 0, 24 h 1 s → −1, 48 h → −1, 48 h 1 s → −2,
    // 72 h → −2, 72 h 1 s → −5: rectification = −11.
    // Vulnerability: o1 = 6 × 20 / 6 = 20; o2 = 2 × 20 / 1 = 40 = base → o1 = 55 × (1 − 20/40) = 27.5.
    // o1 total = 5 + 27.5 + 25 + 15 − 11 = 61.5. o2 (never notified) = 5 + 0 + 25 + 15 = 45.
    const fixedAfter = (hours: number, seconds = 0) =>
      finding('o1', 'vulnerability', {
        severity: 'medium',
        status: 'fixed',
        notifiedAt: notified,
        fixedAt: after(hours, seconds),
      })
    const findings = [
      fixedAfter(24),
      fixedAfter(24, 1),
      fixedAfter(48),
      fixedAfter(48, 1),
      fixedAfter(72),
      fixedAfter(72, 1),
    ]
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 6), org('o2', 1)],
        findings: [...findings, ...vulnerabilities('o2', 2, 'medium')],
      }),
    )
    expect(result.o1).toMatchObject({ total: 61.5, items: { vulnerability: 27.5, rectification: -11 } })
    const explain = result.o1?.explain.rectification
    expect(
      explain?.kind === 'timeliness' && explain.findings.map((row) => [row.bracket, row.deduct]),
    ).toEqual([
      ['within 24 h', 0],
      ['within 48 h', 1],
      ['within 48 h', 1],
      ['within 72 h', 2],
      ['within 72 h', 2],
      ['later than 72 h', 5],
    ])
    expect(
      result.o1?.deductions.filter((deduction) => deduction.item === 'rectification').map((d) => d.points),
    ).toEqual([-1, -1, -2, -2, -5])
    expect(result.o2).toMatchObject({ total: 45 })
  })

  it('7. data leaks: 499 records do not deduct, 500 and 501 do; non-sensitive or unknown size never', () => {
    // Sensitive leaks of 499, 500, 501 → 2 deductions → 15 − 10 = 5. A non-sensitive leak of 10,000 records and a
    // sensitive leak of unknown size deduct nothing. No vulnerability points anywhere → 55.
    // Total = 5 + 55 + 25 + 5 = 90.
    const result = scoreOrganisations({
      standard,
      organisations: [org('o1', 3)],
      findings: [
        finding('o1', 'data_leak', { id: 'l499', records: 499, sensitive: true }),
        finding('o1', 'data_leak', { id: 'l500', records: 500, sensitive: true }),
        finding('o1', 'data_leak', { id: 'l501', records: 501, sensitive: true }),
        finding('o1', 'data_leak', { id: 'plain', records: 10_000, sensitive: false }),
        finding('o1', 'data_leak', { id: 'unknown', sensitive: true }),
      ],
    })
    expect(result.organisations[0]).toMatchObject({ total: 90, items: { dataSecurity: 5 } })
    expect(result.organisations[0]?.deductions.map((deduction) => deduction.finding)).toEqual([
      'l500',
      'l501',
    ])
  })

  it('8. submitted, rejected, duplicate and withdrawn findings are ignored everywhere', () => {
    // o1's findings are all in ignored states, so o1 scores as if it had none: ratio 0 → 55, total 100.
    // If the withdrawn high counted, o1's ratio (80) would be the base; instead o2's medium (20 / 1) is the base.
    // o2: 5 + 0 + 25 + 15 + 0 (fixed after 2 h) = 45.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1), org('o2', 1)],
        findings: [
          finding('o1', 'vulnerability', { severity: 'high', status: 'withdrawn', notifiedAt: notified }),
          finding('o1', 'unreported_asset', { status: 'rejected' }),
          finding('o1', 'intrusion_trace', { status: 'duplicate' }),
          finding('o1', 'data_leak', { status: 'submitted', records: 1000, sensitive: true }),
          finding('o1', 'weak_password', { severity: 'high', status: 'submitted' }),
          finding('o2', 'vulnerability', {
            severity: 'medium',
            status: 'fixed',
            notifiedAt: notified,
            fixedAt: after(2),
          }),
        ],
      }),
    )
    expect(result.o1).toMatchObject({ total: 100, rank: 1, deductions: [] })
    expect(result.o2).toMatchObject({ total: 45, rank: 2, items: { vulnerability: 0, rectification: 0 } })
  })

  it('9. rounding is half-up on the exact value: 55 × (1 − 439/440) = 0.125 → 0.13', () => {
    // o1: 1 medium / 440 assets = 1/22; o2: 1 medium / 439 assets = 20/439 = base.
    // o1 = 55 × (1 − (20/440) / (20/439)) = 55 × (1 − 439/440) = 55/440 = 0.125 → 0.13 (half-up, not 0.12).
    // o1 total = 5 + 0.13 + 25 + 15 = 45.13.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 440), org('o2', 439)],
        findings: [...vulnerabilities('o1', 1, 'medium'), ...vulnerabilities('o2', 1, 'medium')],
      }),
    )
    expect(result.o1).toMatchObject({ total: 45.13, items: { vulnerability: 0.13 } })
  })

  it('10. critical counts as high, weak passwords count as vulnerability points and as protection deductions', () => {
    // o1 (2 assets): 1 critical (80) + 1 medium weak password (20) = 100 / 2 = 50. o2 (1 asset): 1 high = 80 = base.
    // o1 vulnerability = 55 × (1 − 50/80) = 55 × 3/8 = 20.625 → 20.63; protection = 25 − 5 = 20.
    // o1 total = 5 + 20.63 + 20 + 15 = 60.63. o2 = 5 + 0 + 25 + 15 = 45.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 2), org('o2', 1)],
        findings: [
          ...vulnerabilities('o1', 1, 'critical'),
          finding('o1', 'weak_password', { severity: 'medium' }),
          ...vulnerabilities('o2', 1, 'high'),
        ],
      }),
    )
    expect(result.o1).toMatchObject({ total: 60.63, items: { vulnerability: 20.63, protection: 20 } })
    expect(result.o1?.explain.vulnerability).toMatchObject({ vulnerabilityPoints: 100, ratio: 50, base: 80 })
  })

  it('11. rectification covers notified findings only, never unreported assets', () => {
    // o1 (10 assets): f-a medium verified, never notified → no rectification; f-b medium notified then returned,
    // not fixed → −5; f-c unreported asset notified, not fixed → asset −1 but no rectification; f-d intrusion trace
    // fixed 10 h after notification → 0, protection −5.
    // Vulnerability: o1 = 40 / 10 = 4; o2 = 80 / 1 = base → 55 × (1 − 4/80) = 52.25.
    // o1 total = 4 + 52.25 + 20 + 15 − 5 = 86.25.
    const result = byId(
      scoreOrganisations({
        standard,
        organisations: [org('o1', 10), org('o2', 1)],
        findings: [
          finding('o1', 'vulnerability', { id: 'f-a', severity: 'medium' }),
          finding('o1', 'vulnerability', {
            id: 'f-b',
            severity: 'medium',
            status: 'returned',
            notifiedAt: notified,
            notFixedRetests: 1,
          }),
          finding('o1', 'unreported_asset', { id: 'f-c', status: 'notified', notifiedAt: notified }),
          finding('o1', 'intrusion_trace', {
            id: 'f-d',
            status: 'fixed',
            notifiedAt: notified,
            fixedAt: after(10),
          }),
          ...vulnerabilities('o2', 1, 'high'),
        ],
      }),
    )
    expect(result.o1).toMatchObject({
      total: 86.25,
      items: { asset: 4, vulnerability: 52.25, protection: 20, dataSecurity: 15, rectification: -5 },
    })
    const rows = result.o1?.explain.rectification
    expect(rows?.kind === 'timeliness' && rows.findings.map((row) => row.finding)).toEqual(['f-b', 'f-d'])
  })

  it('12. parameters change the outcome without new code (what-if)', () => {
    // Default: o1 1 high = 80 / 1; o2 1 critical + 1 medium = 100 / 1 = base → o1 = 55 × (1 − 80/100) = 11.
    // highPoints 100, mediumPoints 10: o1 = 100; o2 = 110 = base → o1 = 55 × (1 − 100/110) = 5.
    // sensitiveLeakMinRecords 1000: o1's 800-record leak no longer deducts (15 instead of 10).
    const snapshot = {
      standard,
      organisations: [org('o1', 1), org('o2', 1)],
      findings: [
        ...vulnerabilities('o1', 1, 'high'),
        finding('o1', 'data_leak', { records: 800, sensitive: true }),
        ...vulnerabilities('o2', 1, 'critical'),
        ...vulnerabilities('o2', 1, 'medium'),
      ],
    }
    expect(byId(scoreOrganisations(snapshot)).o1?.items).toMatchObject({
      vulnerability: 11,
      dataSecurity: 10,
    })
    const whatIf = scoreOrganisations(snapshot, {
      params: { highPoints: 100, mediumPoints: 10, sensitiveLeakMinRecords: 1000 },
    })
    expect(byId(whatIf).o1?.items).toMatchObject({ vulnerability: 5, dataSecurity: 15 })
    expect(whatIf.ruleSet.params).toEqual({
      highPoints: 100,
      mediumPoints: 10,
      lowPoints: 0,
      sensitiveLeakMinRecords: 1000,
    })
    // Snapshot params apply too; options override them.
    expect(
      byId(scoreOrganisations({ ...snapshot, params: { highPoints: 100, mediumPoints: 10 } })).o1?.items
        .vulnerability,
    ).toBe(5)
  })

  it('13. an empty campaign scores nobody', () => {
    expect(scoreOrganisations({ standard, organisations: [], findings: [] }).organisations).toEqual([])
  })

  it('14. refuses an unknown parameter, naming it', () => {
    expect(() =>
      scoreOrganisations({ standard, organisations: [] }, { params: { vulnerabilityMode: 'rank' } }),
    ).toThrow(
      /params\.vulnerabilityMode: unknown parameter "vulnerabilityMode": changzhou-2022 declares highPoints/,
    )
    expect(() => scoreOrganisations({ standard, organisations: [] }, { params: { highPoints: -1 } })).toThrow(
      ScoringInputError,
    )
  })
})
