import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
let directory = ''

function wangan(args: string[]) {
  return spawnSync(process.execPath, ['bin/wangan.mjs', ...args], { cwd: root, encoding: 'utf8' })
}

function scoreFile(content: unknown, name = 'snapshot.json') {
  const path = join(directory, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return { path, result: wangan(['score', '--input', path]) }
}

function expectOneLineError(result: ReturnType<typeof wangan>, message: RegExp) {
  expect(result.status).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toMatch(message)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}

// The CONTRACTS input, plus a second organisation that makes o1's vulnerability item 53 as in the CONTRACTS output:
// o2 has 10 high + 15 medium = 1100 points on 6 assets (base 550/3); o1 = 55 × (1 − (80/12) / (550/3)) = 53.
const contracts = {
  standard: 'changzhou-2022',
  organisations: [
    { id: 'o1', name: '市教育局', assets: 12, selfInspectionFiled: true },
    { id: 'o2', name: '市交通局', assets: 6, selfInspectionFiled: true },
  ],
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
    ...Array.from({ length: 25 }, (_, index) => ({
      id: `v${index}`,
      organisation: 'o2',
      kind: 'vulnerability',
      severity: index < 10 ? 'high' : 'medium',
      status: 'verified',
    })),
  ],
}

describe('wangan score', () => {
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'wangan-score-'))
    wangan(['score', '--help']) // builds the CLI bundle if sources changed
  }, 60_000)
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('scores the CONTRACTS example: o1 total 88 with the CONTRACTS items, listed by rank', () => {
    const { result } = scoreFile(contracts)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
    const output = JSON.parse(result.stdout)
    expect(Object.keys(output).slice(0, 2)).toEqual(['standard', 'organisations'])
    expect(output.standard).toBe('changzhou-2022')
    expect(output.organisations[0]).toMatchObject({
      id: 'o1',
      rank: 1,
      total: 88,
      items: { asset: 5, vulnerability: 53, protection: 25, dataSecurity: 10, rectification: -5 },
      deductions: [
        { item: 'dataSecurity', finding: 'f2', points: -5, rule: expect.any(String) },
        { item: 'rectification', finding: 'f2', points: -5, rule: expect.any(String) },
      ],
    })
    expect(Object.keys(output.organisations[0]).slice(0, 5)).toEqual([
      'id',
      'rank',
      'total',
      'items',
      'deductions',
    ])
    expect(output.organisations[1]).toMatchObject({ id: 'o2', rank: 2, total: 45 })
  })

  it('applies params from the snapshot (yixing-2021 linear mode)', () => {
    // o1 ratio 0, o2 ratio 20, o3 ratio 40: rank mode 50 / 33.33 / 16.67, linear 50 / 25 / 0.
    const snapshot = {
      standard: 'yixing-2021',
      organisations: ['o1', 'o2', 'o3'].map((id) => ({ id, assets: 1, selfInspectionFiled: true })),
      findings: [
        { id: 'a', organisation: 'o2', kind: 'vulnerability', severity: 'medium', status: 'verified' },
        { id: 'b', organisation: 'o3', kind: 'vulnerability', severity: 'medium', status: 'verified' },
        { id: 'c', organisation: 'o3', kind: 'vulnerability', severity: 'medium', status: 'verified' },
      ],
    }
    const vulnerability = (content: unknown) =>
      JSON.parse(scoreFile(content).result.stdout).organisations.map(
        (entry: { id: string; items: { vulnerability: number } }) => [entry.id, entry.items.vulnerability],
      )
    expect(vulnerability(snapshot)).toEqual([
      ['o1', 50],
      ['o2', 33.33],
      ['o3', 16.67],
    ])
    expect(vulnerability({ ...snapshot, params: { vulnerabilityMode: 'linear' } })).toEqual([
      ['o1', 50],
      ['o2', 25],
      ['o3', 0],
    ])
  })

  it('names the bad field of a bad snapshot, with exit 2', () => {
    const bad = structuredClone(contracts)
    ;(bad.findings[1] as Record<string, unknown>).notifiedAt = 'yesterday'
    const { path, result } = scoreFile(bad)
    expectOneLineError(result, /findings\[1\]\.notifiedAt: expected an ISO 8601 date-time/)
    expect(result.stderr).toContain(path)
    expectOneLineError(
      scoreFile({ ...contracts, standard: 'yixing-2021-teams' }).result,
      /standard: .*scores teams/,
    )
    expectOneLineError(
      scoreFile({ ...contracts, params: { vulnerabilityMode: 'linear' } }).result,
      /params\.vulnerabilityMode: unknown parameter/,
    )
    expectOneLineError(
      scoreFile({ standard: 'changzhou-2022', organisations: [{ id: 'o1' }] }).result,
      /organisations\[0\]\.assets: required/,
    )
  })

  it('refuses a missing, unreadable or malformed input file with exit 2', () => {
    expectOneLineError(wangan(['score']), /missing --input/)
    expectOneLineError(
      wangan(['score', '--input', join(directory, 'absent.json')]),
      /cannot read .*absent\.json: ENOENT/,
    )
    expectOneLineError(
      scoreFile('{"standard": ', 'truncated.json').result,
      /truncated\.json is not valid JSON/,
    )
    expectOneLineError(wangan(['score', '--input', 'a.json', '--weights', 'x']), /Unknown option '--weights'/)
  })
})
