// Live campaign scores through the API: a hand-computed campaign (changzhou-2022), rankings overall and per
// category, an organisation's 扣分明细 with links to its findings, what-if without saving, the teams with the
// source of each figure, and `wangan score` / `wangan score-teams` agreeing with the platform on the same data.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR } from '../../clock'
import { systemContext } from '../../context'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import { addFinding } from './scoring-test-setup'
import type {
  TCampaignScores,
  TCampaignTeamScores,
  TOrganisationScoreDetail,
  TTeamMetricsEntry,
  TWhatIfResponse,
} from './scoring.schemas'

const root = fileURLToPath(new URL('../../../../../', import.meta.url))
const CVSS_98 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
const CVSS_53 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'

let t: TestPlatform
let s: CampaignSetup
let directory = ''
const ids: Record<string, string> = {}

function scoresUrl(path = '') {
  return `/api/v1/campaigns/${s.campaign.id}/scores${path}`
}

beforeAll(async () => {
  t = await createTestPlatform()
  s = await setUpCampaign(t)
  directory = mkdtempSync(join(tmpdir(), 'wangan-scoring-'))
  const notice = t.clock.now()
  const a = s.teamA.tester
  const b = s.teamB.tester
  // 市教育局 (orgA): 2 assets of its own + 1 of its subordinate 信息中心 = 3.
  ids.aCritical = await addFinding(t, s, {
    tester: a,
    target: `https://${s.assets.orgAWeb}/login`,
    cvssVector: CVSS_98,
    state: 'fixed',
    notifiedAt: notice,
    fixedAfterHours: 10,
  })
  ids.aMedium = await addFinding(t, s, {
    tester: a,
    target: `https://${s.assets.orgAWeb}/search`,
    cvssVector: CVSS_53,
    state: 'fixed',
    notifiedAt: notice,
    fixedAfterHours: 30,
  })
  ids.aWeak = await addFinding(t, s, {
    tester: b,
    kind: 'weak_password',
    target: `${s.assets.orgAIp}:22`,
    severity: 'high',
    state: 'notified',
    notifiedAt: notice,
  })
  ids.aLeak = await addFinding(t, s, {
    tester: b,
    kind: 'data_leak',
    target: `https://${s.assets.orgAWeb}/api/users`,
    severity: 'high',
    dataLeak: { categories: ['location_track'], recordCount: 800 },
    state: 'verified',
  })
  ids.aSub = await addFinding(t, s, {
    tester: a,
    target: `https://${s.assets.orgASubWeb}/`,
    severity: 'high',
    state: 'verified',
  })
  ids.aSubmitted = await addFinding(t, s, {
    tester: a,
    target: `https://${s.assets.orgAWeb}/x`,
    severity: 'high',
    state: 'submitted',
  })
  // 天宁区 (orgB): 1 asset.
  ids.bLate = await addFinding(t, s, {
    tester: b,
    target: `https://${s.assets.orgBWeb}/`,
    severity: 'high',
    state: 'fixed',
    notifiedAt: notice,
    fixedAfterHours: 80,
  })
  ids.bUnreported = await addFinding(t, s, {
    tester: b,
    kind: 'unreported_asset',
    target: 'https://hidden.tnq.test.gov.cn',
    organisationId: t.basics.orgB.id,
    severity: 'low',
    state: 'verified',
  })
  ids.bRejected = await addFinding(t, s, {
    tester: b,
    target: `https://${s.assets.orgBWeb}/a`,
    severity: 'high',
    state: 'rejected',
  })
  ids.bWithdrawn = await addFinding(t, s, {
    tester: b,
    target: `https://${s.assets.orgBWeb}/b`,
    severity: 'high',
    state: 'withdrawn',
  })
}, 120_000)

afterAll(async () => {
  await t?.close()
  if (directory) rmSync(directory, { recursive: true, force: true })
})

function must<T>(response: { status: number; body: unknown }, status = 200): T {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as T
}

describe('organisation scores (changzhou-2022), computed by hand', () => {
  test('items, totals, ranks, category ranks', async () => {
    const scores = must<TCampaignScores>(await s.regulator.get(scoresUrl()))
    expect(scores.standard.id).toBe('changzhou-2022')
    expect(scores.items.map((item) => item.key)).toEqual([
      'asset',
      'vulnerability',
      'protection',
      'dataSecurity',
      'rectification',
    ])
    const [first, second] = scores.organisations
    // orgB: ratio 80/1 against the base 260/3 → 55 × 20/260 = 4.2307… → 4.23; 4 + 4.23 + 25 + 15 − 5.
    expect(first).toMatchObject({
      organisationId: t.basics.orgB.id,
      rank: 1,
      categoryRank: 1,
      categorySize: 1,
      category: 'district',
      total: 43.23,
      assets: 1,
      countedFindings: 2,
      items: { asset: 4, vulnerability: 4.23, protection: 25, dataSecurity: 15, rectification: -5 },
    })
    // orgA: 80 + 20 + 80 (weak password) + 80 (subordinate unit) = 260 points on 3 assets: the base → 0.
    expect(second).toMatchObject({
      organisationId: t.basics.orgA.id,
      rank: 2,
      categoryRank: 1,
      total: 29,
      assets: 3,
      countedFindings: 5,
      items: { asset: 5, vulnerability: 0, protection: 20, dataSecurity: 10, rectification: -6 },
    })
    expect(scores.categories.map((c) => c.category).sort()).toEqual(['district', 'party_government'])
  })

  test('扣分明细 of 市教育局 lists every deduction with its finding', async () => {
    const detail = must<TOrganisationScoreDetail>(
      await s.reviewer.get(scoresUrl(`/organisations/${t.basics.orgA.id}`)),
    )
    expect(detail.organisation).toMatchObject({ rank: 2, total: 29, organisations: 2 })
    const byFinding = detail.deductions.map((d) => [d.item, d.findingId, d.points])
    expect(byFinding).toEqual(
      expect.arrayContaining([
        ['protection', ids.aWeak, -5],
        ['dataSecurity', ids.aLeak, -5],
        ['rectification', ids.aMedium, -1],
        ['rectification', ids.aWeak, -5],
      ]),
    )
    expect(detail.deductions).toHaveLength(4)
    expect(detail.deductions.every((d) => d.findingTitle !== null)).toBe(true)
    expect(detail.vulnerabilityFindings.map((f) => f.findingId).sort()).toEqual(
      [ids.aCritical, ids.aMedium, ids.aWeak, ids.aSub].sort(),
    )
    const vulnerability = detail.items.find((item) => item.key === 'vulnerability')!
    expect(vulnerability.vulnerability).toMatchObject({ vulnerabilityPoints: 260, assets: 3 })
    expect(vulnerability.vulnerability?.base).toBeCloseTo(260 / 3, 10)
    expect(vulnerability.points).toBe(0)
    const rectified = detail.rectification.find((row) => row.findingId === ids.aMedium)!
    expect(rectified).toMatchObject({ delayHours: 30, deduct: 1 })
  })

  test('a change shows at once: fixing the weak password moves 市教育局', async () => {
    const system = systemContext('test')
    await t.services.findings.transition(system, ids.aWeak!, 'submit_rectification', {
      submittedAt: new Date(t.clock.now().getTime() + 20 * HOUR),
    })
    await t.services.findings.transition(system, ids.aWeak!, 'retest_fixed', {})
    const scores = must<TCampaignScores>(await s.regulator.get(scoresUrl()))
    const orgA = scores.organisations.find((row) => row.organisationId === t.basics.orgA.id)!
    // The weak password now fixed 20 h after the notice (0); the medium one still costs 1.
    expect(orgA.items.rectification).toBe(-1)
    expect(orgA.total).toBe(34)
  })

  test('withdrawing a finding takes it out of every item', async () => {
    const before = must<TCampaignScores>(await s.regulator.get(scoresUrl()))
    const detail = must<{ version: number }>(await s.reviewer.get(`/api/v1/findings/${ids.aLeak}`))
    must(
      await s.reviewer.post(`/api/v1/findings/${ids.aLeak}/withdraw`, {
        version: detail.version,
        reason: '非本单位数据',
      }),
    )
    const after = must<TCampaignScores>(await s.regulator.get(scoresUrl()))
    const a0 = before.organisations.find((row) => row.organisationId === t.basics.orgA.id)!
    const a1 = after.organisations.find((row) => row.organisationId === t.basics.orgA.id)!
    expect(a1.items.dataSecurity).toBe(15)
    expect(a1.total).toBeGreaterThan(a0.total)
  })
})

describe('the CLI scores the platform’s snapshot exactly as the platform does', () => {
  function wangan(args: string[]) {
    return spawnSync(process.execPath, ['bin/wangan.mjs', ...args], { cwd: root, encoding: 'utf8' })
  }

  test('wangan score', async () => {
    const snapshot = must<{ organisations: unknown[]; findings: unknown[] }>(
      await s.regulator.get(scoresUrl('/snapshot')),
    )
    expect(snapshot.findings.length).toBeGreaterThanOrEqual(8)
    const file = join(directory, 'units.json')
    writeFileSync(file, JSON.stringify(snapshot))
    const cli = wangan(['score', '--input', file])
    expect(cli.stderr).toBe('')
    expect(cli.status).toBe(0)
    const scored = JSON.parse(cli.stdout) as {
      organisations: { id: string; rank: number; total: number; items: Record<string, number> }[]
    }
    const live = must<TCampaignScores>(await s.regulator.get(scoresUrl()))
    expect(scored.organisations.map(({ id, rank, total, items }) => ({ id, rank, total, items }))).toEqual(
      live.organisations.map((row) => ({
        id: row.organisationId,
        rank: row.rank,
        total: row.total,
        items: row.items,
      })),
    )
  })

  test('wangan score-teams', async () => {
    const snapshot = must<Record<string, unknown>>(
      await s.regulator.get(scoresUrl('/snapshot?subject=teams')),
    )
    const file = join(directory, 'teams.json')
    writeFileSync(file, JSON.stringify(snapshot))
    const cli = wangan(['score-teams', '--input', file])
    expect(cli.stderr).toBe('')
    expect(cli.status).toBe(0)
    const scored = JSON.parse(cli.stdout) as {
      teams: { id: string; rank: number; total: number; items: Record<string, number> }[]
    }
    const live = must<TCampaignTeamScores>(await s.regulator.get(scoresUrl('/teams')))
    expect(scored.teams.map(({ id, rank, total, items }) => ({ id, rank, total, items }))).toEqual(
      live.teams.map((row) => ({ id: row.teamId, rank: row.rank, total: row.total, items: row.items })),
    )
  })
})

describe('what-if', () => {
  test('changed parameters recompute without saving', async () => {
    const result = must<TWhatIfResponse>(
      await s.regulator.post(scoresUrl('/what-if'), { params: { mediumPoints: 0 } }),
    )
    expect(result.saved).toBe(false)
    expect(result.whatIf.params.mediumPoints).toBe(0)
    expect(result.current.params.mediumPoints).toBe(20)
    // orgA 240/3 = 80 = orgB's ratio: both at the base, both 0.
    const orgB = result.rows.find((row) => row.id === t.basics.orgB.id)!
    expect(orgB.after.items.vulnerability).toBe(0)
    expect(orgB.before.items.vulnerability).toBe(4.23)
    const live = must<TCampaignScores>(await s.regulator.get(scoresUrl()))
    expect(live.standard.params.mediumPoints).toBe(20)
  })

  test('another standard and a rule set given as data', async () => {
    const yixing = must<TWhatIfResponse>(
      await s.reviewer.post(scoresUrl('/what-if'), { standardId: 'yixing-2021' }),
    )
    expect(yixing.whatIf.id).toBe('yixing-2021')
    expect(yixing.whatIfItems.map((item) => item.key)).toContain('selfInspection')
    const custom = {
      id: 'changzhou-2023',
      version: '2023.1',
      title: '假设的 2023 标准',
      source: 'what-if',
      subject: 'organisation',
      countedStatuses: ['verified', 'notified', 'rectification_submitted', 'returned', 'fixed'],
      decimals: 2,
      totalFloor: 0,
      params: {},
      items: [
        {
          key: 'protection',
          title: '防护情况',
          kind: 'perFindingDeduction',
          max: 100,
          filter: { kinds: ['vulnerability'] },
          deductEach: 10,
          rule: '每个漏洞扣 10 分',
        },
      ],
    }
    const result = must<TWhatIfResponse>(await s.regulator.post(scoresUrl('/what-if'), { ruleSet: custom }))
    expect(result.whatIf.id).toBe('changzhou-2023')
    expect(result.rows.find((row) => row.id === t.basics.orgA.id)!.after.total).toBe(70)
  })

  test('bad parameters and rule sets are refused naming the field', async () => {
    const unknown = await s.regulator.post(scoresUrl('/what-if'), { params: { nope: 1 } })
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.body)).toContain('body.params.nope')
    const badRuleSet = await s.regulator.post(scoresUrl('/what-if'), { ruleSet: { id: 'x' } })
    expect(badRuleSet.status).toBe(400)
    expect(JSON.stringify(badRuleSet.body)).toContain('body.ruleSet')
  })
})

describe('teams: figures from the gateway or entered by hand, with their source', () => {
  test('manual figures and violations feed the team standard', async () => {
    const before = must<TCampaignTeamScores>(await s.regulator.get(scoresUrl('/teams')))
    expect(before.teams).toHaveLength(2)
    const teamA = before.teams.find((team) => team.teamId === s.teamA.id)!
    expect(teamA.figures.activeSlots.source).toBe('none')
    // Team A's counted findings with vectors: 9.8 + 5.3 (the subordinate's has no vector).
    expect(teamA.figures.cvssSum).toBe(15.1)
    const entered = must<TTeamMetricsEntry[]>(
      await s.regulator.put(`/api/v1/campaigns/${s.campaign.id}/team-metrics/${s.teamA.id}`, {
        activeSlots: 120,
        assetsTested: 3,
        manualRequests: 40,
        note: '网关未启用，按检测日志录入',
      }),
    )
    expect(entered.find((row) => row.teamId === s.teamA.id)!.manual).toMatchObject({ activeSlots: 120 })
    must(
      await s.regulator.post(`/api/v1/campaigns/${s.campaign.id}/team-violations`, {
        teamId: s.teamB.id,
        occurredAt: t.clock.now().toISOString(),
        description: '未经许可对生产数据库执行删除操作',
      }),
    )
    const after = must<TCampaignTeamScores>(await s.regulator.get(scoresUrl('/teams')))
    const a = after.teams.find((team) => team.teamId === s.teamA.id)!
    const b = after.teams.find((team) => team.teamId === s.teamB.id)!
    expect(a.figures.activeSlots).toMatchObject({ value: 120, source: 'manual' })
    expect(a.items.workingTime).toBe(10)
    expect(b.items.compliance).toBe(-5)
    expect(b.figures.violations).toMatchObject({ manual: 1, value: 1 })
    // A second entry must name the version it read.
    const stale = await s.regulator.put(`/api/v1/campaigns/${s.campaign.id}/team-metrics/${s.teamA.id}`, {
      activeSlots: 10,
    })
    expect(stale.status).toBe(409)
  })

  test('the gateway’s record wins over a hand entry for the team it recorded', async () => {
    const slot = Math.floor(t.clock.now().getTime() / 600_000) * 600
    const asset = (
      await t.services.database.query<{ id: string }>(
        'select id from assets where organisation_id = $1 limit 1',
        [t.basics.orgB.id],
      )
    )[0]!.id
    for (const [offset, requests, manual] of [
      [0, 40, 5],
      [600, 10, 0],
      [1200, 3, 3],
    ] as const)
      await t.services.database.query(
        `insert into gateway_activity (campaign_id, team_id, slot, asset_id, requests, manual_requests)
         values ($1, $2, $3, $4, $5, $6)`,
        [s.campaign.id, s.teamB.id, slot + offset, asset, requests, manual],
      )
    must(
      await s.regulator.put(`/api/v1/campaigns/${s.campaign.id}/team-metrics/${s.teamB.id}`, {
        activeSlots: 999,
      }),
    )
    const teams = must<TCampaignTeamScores>(await s.regulator.get(scoresUrl('/teams')))
    const b = teams.teams.find((team) => team.teamId === s.teamB.id)!
    expect(teams.gatewayRecorded).toBe(true)
    expect(b.figures.activeSlots).toMatchObject({ value: 3, source: 'gateway', gateway: 3, manual: 999 })
    expect(b.figures.assetsTested).toMatchObject({ value: 1, source: 'gateway' })
    expect(b.figures.manualRequests).toMatchObject({ value: 8, source: 'gateway' })
    // Team A, which the gateway did not record, keeps its hand-entered figures.
    const a = teams.teams.find((team) => team.teamId === s.teamA.id)!
    expect(a.figures.activeSlots).toMatchObject({ value: 120, source: 'manual' })
  })

  test('a team lead sees only their own team', async () => {
    const own = must<TCampaignTeamScores>(await s.teamA.lead.get(scoresUrl('/teams')))
    expect(own.teams.map((team) => team.teamId)).toEqual([s.teamA.id])
  })
})

describe('who sees what', () => {
  let outsider: TestClient
  beforeAll(async () => {
    outsider = await t.as('regulator', { regionId: t.basics.otherCity.id })
  })

  test('a regulator of another city: every score route answers 404', async () => {
    for (const url of [scoresUrl(), scoresUrl(`/organisations/${t.basics.orgA.id}`), scoresUrl('/teams')])
      expect((await outsider.get(url)).status).toBe(404)
    expect((await outsider.post(scoresUrl('/what-if'), {})).status).toBe(404)
    expect((await outsider.get(`/api/v1/campaigns/${s.campaign.id}/team-metrics`)).status).toBe(404)
  })

  test('an organisation sees its own breakdown only', async () => {
    const liaisonA = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
    must(await liaisonA.get(scoresUrl(`/organisations/${t.basics.orgA.id}`)))
    expect((await liaisonA.get(scoresUrl(`/organisations/${t.basics.orgB.id}`))).status).toBe(404)
    const liaisonB = await t.as('org_leader', { organisationId: t.basics.orgB.id })
    expect((await liaisonB.get(scoresUrl(`/organisations/${t.basics.orgA.id}`))).status).toBe(404)
    // A subordinate unit's liaison does not see the parent's score.
    const liaisonSub = await t.as('org_liaison', { organisationId: t.basics.orgASub.id })
    expect((await liaisonSub.get(scoresUrl(`/organisations/${t.basics.orgA.id}`))).status).toBe(404)
  })

  test('an organisation that is not a target has no breakdown', async () => {
    expect((await s.regulator.get(scoresUrl(`/organisations/${t.basics.orgOther.id}`))).status).toBe(404)
  })

  test('another team’s lead cannot enter figures; a reviewer cannot either', async () => {
    const body = { activeSlots: 1 }
    expect(
      (await s.reviewer.put(`/api/v1/campaigns/${s.campaign.id}/team-metrics/${s.teamB.id}`, body)).status,
    ).toBe(403)
    expect(
      (await outsider.put(`/api/v1/campaigns/${s.campaign.id}/team-metrics/${s.teamB.id}`, body)).status,
    ).toBe(404)
  })
})
