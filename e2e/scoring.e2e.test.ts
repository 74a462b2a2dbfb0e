// The scoring journey of issue 6, on the demo: the reviewer verifies the demo campaign's two findings (a SQL injection
// and a weak password on 市教育局) and they count at once. The regulator opens the live ranking, filters a category,
// opens 市教育局's 扣分明细 and follows a deduction to its finding, runs a what-if, and opens the campaign dashboard
// with its five charts. The liaison of 市教育局 reads its own deductions, cannot read another organisation's, and files
// the work summary (工作总结).
import { unwrap } from '@wangan/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  artifactPath,
  createServerData,
  journeySteps,
  launchBrowser,
  loginAs,
  logout,
  openMenu,
  startServer,
  type LaunchedBrowser,
  type ServerData,
  type StartedServer,
  type TestUser,
  apiAs,
  demoUser,
  loadDemo,
  type DemoUser,
  type Role,
} from './harness'

describe('scoring journey: live ranking, 扣分明细 with links to findings, what-if, dashboard, forms', () => {
  let data: ServerData
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let users: DemoUser[]
  let campaignId = ''
  let educationId = ''
  let otherId = ''
  let weakPasswordId = ''

  const as = (role: Role): TestUser => demoUser(users, role)

  beforeAll(async () => {
    data = await createServerData()
    users = loadDemo(data)
    server = await startServer({ data })
    const reviewer = await apiAs(server, demoUser(users, 'reviewer'))
    const campaigns = unwrap(await reviewer.GET('/api/v1/campaigns', { params: { query: {} } }))
    campaignId = campaigns.items[0]!.id
    const queue = unwrap(
      await reviewer.GET('/api/v1/findings', { params: { query: { campaignId, status: 'submitted' } } }),
    )
    for (const finding of queue.items) {
      unwrap(
        await reviewer.POST('/api/v1/findings/{id}/verify', {
          params: { path: { id: finding.id } },
          body: { version: finding.version },
        }),
      )
      if (finding.kind === 'weak_password') weakPasswordId = finding.id
      educationId = finding.organisationId ?? educationId
    }
    const regulator = await apiAs(server, demoUser(users, 'regulator'))
    const scores = unwrap(
      await regulator.GET('/api/v1/campaigns/{id}/scores', { params: { path: { id: campaignId } } }),
    )
    otherId = scores.organisations.find((o) => o.organisationId !== educationId)!.organisationId
    browser = await launchBrowser({ serverUrl: server.url })
    page = await browser.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  journeySteps(
    () => page,
    () => browser,
  )

  it('the regulator opens the live ranking of the demo campaign', async () => {
    await loginAs(page, as('regulator'))
    await openMenu(page, 'scores')
    await page.getByTestId(`open-scores-${campaignId}`).click()
    await page.getByTestId('scores-table').waitFor()
    await expect(page.getByTestId('scores-standard').innerText()).resolves.toContain('changzhou-2022')
    // 市教育局 carries the largest vulnerability ratio (0 of 55) and the weak password (−5): 5 + 0 + 20 + 15 = 40, last.
    await expect(page.getByTestId(`score-total-${educationId}`).innerText()).resolves.toBe('40')
    await expect(page.getByTestId(`score-total-${otherId}`).innerText()).resolves.toBe('100')
  })

  it('a category shows its own ranking', async () => {
    await page.getByTestId('scores-category').getByText('市级党政机关及其管理单位').click()
    await page.getByTestId(`score-total-${educationId}`).waitFor()
    await expect(page.getByTestId('scores-table').locator('tbody tr.ant-table-row').count()).resolves.toBe(55)
    await page.screenshot({ path: artifactPath('scores-ranking.png'), fullPage: true })
  })

  it('市教育局’s 扣分明细 lists the weak password, and its link opens the finding', async () => {
    await page.getByTestId(`score-link-${educationId}`).click()
    await page.getByTestId('organisation-deductions').waitFor()
    await expect(page.getByTestId('organisation-total').innerText()).resolves.toContain('40')
    const deductions = page.getByTestId('organisation-deductions')
    await deductions.getByText('防护情况', { exact: true }).waitFor()
    await expect(deductions.innerText()).resolves.toContain('-5')
    await expect(page.getByTestId('organisation-items').innerText()).resolves.toContain('漏洞积分 160')
    await page.screenshot({ path: artifactPath('scores-deductions.png'), fullPage: true })
    await page.getByTestId(`deduction-finding-${weakPasswordId}`).click()
    await expect(page.getByTestId('finding-title').innerText()).resolves.toBe(
      '招生系统后台弱口令 admin/admin123',
    )
  })

  it('what-if: no points for high and critical findings, nothing saved', async () => {
    await page.goto(`/campaigns/${campaignId}/scores`)
    await page.getByRole('tab', { name: '假设分析' }).click()
    await page.getByTestId('what-if-param-highPoints').fill('0')
    await page.getByTestId('what-if-run').click()
    const result = page.getByTestId('what-if-result')
    await result.waitFor()
    // With high and critical worth nothing, no organisation has vulnerability points: 市教育局 keeps only −5.
    await expect(result.locator('tbody tr').first().innerText()).resolves.toContain('100')
    await expect(result.innerText()).resolves.toContain('+55')
  })

  it('the campaign dashboard draws its five charts', async () => {
    await openMenu(page, 'campaign-dashboards')
    await page.getByTestId(`open-dashboard-${campaignId}`).click()
    for (const chart of [
      'chart-findings-over-time',
      'chart-funnel',
      'chart-score-distribution',
      'chart-categories',
      'chart-ranking',
    ])
      await page.getByTestId(chart).locator('canvas').first().waitFor()
    await expect(page.getByTestId('dashboard-valid').innerText()).resolves.toContain('2')
    await page.screenshot({ path: artifactPath('campaign-dashboard.png'), fullPage: true })
  })

  it('the liaison reads its own deductions, not another organisation’s', async () => {
    await logout(page)
    await loginAs(page, as('org_liaison'))
    await page.goto(`/campaigns/${campaignId}/scores/${educationId}`)
    await page.getByTestId('organisation-deductions').getByText('防护情况', { exact: true }).waitFor()
    await page.goto(`/campaigns/${campaignId}/scores/${otherId}`)
    await page
      .getByText(/不存在|not found/i)
      .first()
      .waitFor()
  })

  it('the liaison files the work summary', async () => {
    await openMenu(page, 'forms')
    await page.getByTestId(`open-forms-${campaignId}`).click()
    await page.getByTestId('start-form-work_summary').click()
    await page.getByTestId('form-missing').waitFor()
    const sections = ['工作部署', '工作组织', '专项保障工作情况', '工作经验', '下一步工作计划', '意见建议']
    for (const [index, section] of sections.entries())
      await page.getByLabel(new RegExp(section)).fill(`${section}：演示内容 ${index + 1}`)
    await page.getByTestId('form-submit').click()
    await page.getByRole('button', { name: /确\s*定|OK/ }).click()
    await page.getByTestId('form-status').getByText('已报送').waitFor()
    await page.screenshot({ path: artifactPath('form-submitted.png'), fullPage: true })
  })
})
