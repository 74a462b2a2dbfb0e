import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
let directory = ''

function scoreTeamsFile(content: unknown) {
  const path = join(directory, 'teams.json')
  writeFileSync(path, JSON.stringify(content))
  return spawnSync(process.execPath, ['bin/wangan.mjs', 'score-teams', '--input', path], {
    cwd: root,
    encoding: 'utf8',
  })
}

const contracts = {
  standard: 'yixing-2021-teams',
  teams: [
    {
      id: 't1',
      name: '杭州安恒信息技术股份有限公司',
      activeSlots: 120,
      assetsTested: 40,
      manualRequests: 3000,
      evaluations: [92, 85],
      clientsServed: 5,
      clientsWithNewVulns: 1,
      violations: 2,
    },
  ],
  findings: [{ id: 'f1', team: 't1', status: 'fixed', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
}

describe('wangan score-teams', () => {
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'wangan-score-teams-'))
  })
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('scores the CONTRACTS example', () => {
    // 50 + 10 + 10 + 10 + 10 × 88.5/100 + 10 × (1 − 1/5) − 5 × 2 = 50 + 30 + 8.85 + 8 − 10 = 86.85.
    const result = scoreTeamsFile(contracts)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const output = JSON.parse(result.stdout)
    expect(output.standard).toBe('yixing-2021-teams')
    expect(output.teams[0]).toMatchObject({
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
    })
    expect(Object.keys(output.teams[0]).slice(0, 5)).toEqual(['id', 'rank', 'total', 'items', 'deductions'])
  })

  it('names the bad field with exit 2', () => {
    const result = scoreTeamsFile({
      ...contracts,
      findings: [
        { id: 'f1', team: 't1', status: 'verified', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H' },
      ],
    })
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/findings\[0\]\.cvss: missing mandatory metric A /)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    const unit = scoreTeamsFile({ ...contracts, standard: 'changzhou-2022' })
    expect(unit.status).toBe(2)
    expect(unit.stderr).toMatch(/standard: "changzhou-2022" scores organisations/)
  })
})
