// The campaign's dashboard figures and documents through the API: funnel, kinds and severities, rectification,
// score distribution; the ranking workbook, the bulletin with each organisation's deductions, the summary report
// with its charts as images; and who may have them.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import { docxText } from '../inspections/docx-text'
import { addFinding } from '../scoring/scoring-test-setup'
import type { TCampaignDashboard } from './reports.schemas'

let t: TestPlatform
let s: CampaignSetup

beforeAll(async () => {
  t = await createTestPlatform()
  s = await setUpCampaign(t)
  const notice = t.clock.now()
  const tester = s.teamA.tester
  await addFinding(t, s, {
    tester,
    target: `https://${s.assets.orgAWeb}/a`,
    severity: 'high',
    state: 'fixed',
    notifiedAt: notice,
    fixedAfterHours: 10,
    title: '后台弱口令 =cmd|calc',
  })
  await addFinding(t, s, {
    tester,
    target: `https://${s.assets.orgAWeb}/b`,
    severity: 'medium',
    state: 'fixed',
    notifiedAt: notice,
    fixedAfterHours: 50,
  })
  await addFinding(t, s, {
    tester,
    kind: 'weak_password',
    target: `https://${s.assets.orgBWeb}/`,
    severity: 'high',
    state: 'notified',
    notifiedAt: notice,
    title: 'SSH 弱口令',
  })
  await addFinding(t, s, {
    tester,
    target: `https://${s.assets.orgBWeb}/c`,
    severity: 'low',
    state: 'rejected',
  })
  await addFinding(t, s, {
    tester,
    target: `https://${s.assets.orgBWeb}/d`,
    severity: 'critical',
    state: 'submitted',
  })
}, 120_000)

afterAll(async () => {
  await t?.close()
})

async function download(url: string, cookie = s.regulator.cookie!) {
  const response = await t.app.inject({ method: 'GET', url, headers: { cookie } })
  return { status: response.statusCode, body: response.rawPayload, headers: response.headers }
}

describe('the dashboard', () => {
  test('funnel, kinds, rectification, distribution and rankings', async () => {
    const response = await s.reviewer.get<TCampaignDashboard>(`/api/v1/campaigns/${s.campaign.id}/dashboard`)
    expect(response.status).toBe(200)
    const d = response.body
    expect(d.funnel).toMatchObject({
      submitted: 5,
      verified: 3,
      notified: 3,
      rectificationSubmitted: 2,
      fixed: 2,
      rejected: 1,
    })
    expect(d.byKind.find((row) => row.kind === 'vulnerability')).toMatchObject({
      high: 1,
      medium: 1,
      total: 2,
    })
    expect(d.byKind.find((row) => row.kind === 'weak_password')).toMatchObject({ high: 1, total: 1 })
    expect(d.rectification).toMatchObject({
      notified: 3,
      fixed: 2,
      rate: 66.67,
      within24h: 1,
      within72h: 1,
      open: 1,
      meanHours: 30,
      medianHours: 30,
    })
    expect(d.scoreDistribution.reduce((total, band) => total + band.count, 0)).toBe(2)
    expect(d.top.map((row) => row.rank)).toEqual([1, 2])
    expect(d.daily.reduce((total, day) => total + day.high + day.medium, 0)).toBe(3)
    expect(d.forms.map((row) => row.kind)).toEqual(['self_inspection', 'service_evaluation', 'work_summary'])
    expect(d.campaign).toMatchObject({ targetCount: 2, teamCount: 2 })
  })
})

describe('documents', () => {
  test('the ranking workbook: overall, per category, deductions, teams; formula-like text neutralised', async () => {
    const response = await download(`/api/v1/campaigns/${s.campaign.id}/reports/ranking.xlsx`)
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '总排名',
      '分类排名',
      '扣分明细',
      '技术支撑机构',
    ])
    const overall = workbook.getWorksheet('总排名')!
    expect(overall.getRow(4).getCell(1).value).toBe(1)
    const details = workbook.getWorksheet('扣分明细')!
    const texts: string[] = []
    details.eachRow((row) => texts.push((row.values as unknown[]).map(String).join('|')))
    expect(texts.some((line) => line.includes('SSH 弱口令') && line.includes('-5'))).toBe(true)
  })

  test('the bulletin: ranking, categories and each organisation’s deductions', async () => {
    const number = encodeURIComponent('测网办通〔2026〕15号')
    const response = await download(
      `/api/v1/campaigns/${s.campaign.id}/reports/bulletin.docx?documentNumber=${number}`,
    )
    expect(response.status).toBe(200)
    const text = docxText(response.body)
    expect(text).toContain('测网办通〔2026〕15号')
    expect(text).toContain('被检测单位评分情况的通报')
    expect(text).toContain('一、总体排名')
    expect(text).toContain('市教育局')
    expect(text).toContain('天宁区')
    expect(text).toContain('SSH 弱口令')
  })

  test('the summary report: every section, and the five charts as images', async () => {
    const response = await download(`/api/v1/campaigns/${s.campaign.id}/reports/summary.docx`)
    expect(response.status).toBe(200)
    const text = docxText(response.body)
    for (const section of ['一、行动概况', '二、发现问题', '三、通报整改', '四、评分排名', '五、材料报送'])
      expect(text).toContain(section)
    expect(text).toContain('整改率66.67%')
    const directory = mkdtempSync(join(tmpdir(), 'wangan-summary-'))
    try {
      writeFileSync(join(directory, 'summary.docx'), response.body)
      const listing = execFileSync('unzip', ['-l', join(directory, 'summary.docx')], { encoding: 'utf8' })
      expect(listing.match(/word\/media\/[^\s]+\.png/g)?.length).toBe(5)
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  }, 60_000)
})

describe('who may have them', () => {
  test('another region: 404; an organisation or a team: 403', async () => {
    const outsider = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await outsider.get(`/api/v1/campaigns/${s.campaign.id}/dashboard`)).status).toBe(404)
    expect(
      (await download(`/api/v1/campaigns/${s.campaign.id}/reports/bulletin.docx`, outsider.cookie!)).status,
    ).toBe(404)
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
    expect((await liaison.get(`/api/v1/campaigns/${s.campaign.id}/dashboard`)).status).toBe(403)
    expect((await s.teamA.lead.get(`/api/v1/campaigns/${s.campaign.id}/dashboard`)).status).toBe(403)
  })
})
