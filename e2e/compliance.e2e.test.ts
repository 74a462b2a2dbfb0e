// Compliance journeys on the demo region (loaded with `wangan demo load` before the server starts): the liaison of
// 市教育局 grades a system with the wizard; an expert drawn at random gives an opinion; the regulator approves as the
// supervising department, the police file it and upload an assessment institution's report; an expert drawn for
// another system declines (回避) and the police see the place to fill; the regulator then rates a city evaluation —
// a new special one item by item, with an evidence file uploaded for an item, and the demo's full one to completion —
// and downloads its report.
import { unwrap } from '@wangan/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  artifactPath,
  createServerData,
  journeySteps,
  launchBrowser,
  loginAs,
  logout,
  menuKeys,
  openMenu,
  demoUser,
  loadDemo,
  type DemoUser,
  saveScreenshot,
  startServer,
  type LaunchedBrowser,
  type Role,
  type StartedServer,
  type TestUser,
} from './harness'
import { SAMPLE_PDF, SAMPLE_PNG } from './harness/sample-files'

/** The evidence file uploaded for a city evaluation item, and an assessment institution's report (测评报告). */
const PNG = SAMPLE_PNG
const PDF = SAMPLE_PDF

describe('compliance: the grading wizard and rating a city evaluation', () => {
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let users: DemoUser[]
  const user = (role: Role): TestUser => demoUser(users, role)
  let systemUrl = ''

  beforeAll(async () => {
    const data = await createServerData()
    users = loadDemo(data)
    server = await startServer({ data })
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

  it('shows the liaison the classified-protection page with their systems', async () => {
    expect(await loginAs(page, user('org_liaison'))).toBe('app')
    const keys = await menuKeys(page)
    expect(keys).toContain('dengbao')
    expect(keys).toContain('inspections')
    expect(keys).not.toContain('evaluations')
    expect(keys).not.toContain('dengbao-reviews')
    await openMenu(page, 'dengbao')
    const table = page.getByTestId('dengbao-systems')
    await table.getByText('校园安防物联网').waitFor()
    await table.getByText('教育城域网云平台').waitFor()
    await table.getByText('校园安防物联网').click()
    await page.getByTestId('system-stage').getByText('未定级').waitFor()
    systemUrl = new URL(page.url()).pathname
  })

  it('grades the system with the wizard: both sides with guidance, the higher level wins', async () => {
    await page.getByTestId('system-grade').click()
    const wizard = page.getByTestId('grading-wizard')
    await wizard.waitFor()
    // the standard's guidance is shown beside each choice
    await wizard.getByText('社会秩序、公共利益').first().waitFor()
    await wizard.getByText('严重损害').first().waitFor()
    await expect(page.getByTestId('wizard-next').isDisabled()).resolves.toBe(true)

    await page.getByTestId('wizard-business-object-society').click()
    await page.getByTestId('wizard-business-degree-serious').click()
    await page.getByTestId('wizard-business-level').getByText('第三级').waitFor()
    await page
      .getByTestId('wizard-business-reasoning')
      .fill('视频与门禁数据泄露会影响校园秩序和公共利益，属严重损害。')
    await page.getByTestId('wizard-next').click()

    await page.getByTestId('wizard-service-object-citizen').click()
    await page.getByTestId('wizard-service-degree-especially_serious').click()
    await page.getByTestId('wizard-service-level').getByText('第二级').waitFor()
    await page.getByTestId('wizard-service-reasoning').fill('服务中断主要影响师生的合法权益。')
    await page.getByTestId('wizard-next').click()

    const confirm = page.getByTestId('wizard-confirm')
    await confirm.waitFor()
    await page.getByTestId('wizard-level').getByText('第三级').waitFor()
    await confirm.getByText('视频与门禁数据泄露会影响校园秩序和公共利益，属严重损害。').waitFor()
    await saveScreenshot(page, 'grading-wizard-zh')
    await page.getByTestId('wizard-submit').click()

    await page.getByTestId('system-stage').getByText('待专家评审').waitFor()
    await page.getByText('第 1 轮').waitFor()
    await page.getByText('服务中断主要影响师生的合法权益。').waitFor()
  })

  it('lets the drawn expert review it, the regulator approve it and the police file it', async () => {
    const systemId = systemUrl.split('/').at(-1)!
    const police = await apiAs(server, user('police'))
    const detail = unwrap(
      await police.GET('/api/v1/dengbao/systems/{id}', { params: { path: { id: systemId } } }),
    )
    const gradingId = detail.gradings[0]!.id
    unwrap(
      await police.POST('/api/v1/dengbao/gradings/{id}/draw', {
        params: { path: { id: gradingId } },
        body: { count: 1 },
      }),
    )

    await logout(page)
    await loginAs(page, user('expert'))
    expect(await menuKeys(page)).toContain('dengbao-reviews')
    await openMenu(page, 'dengbao-reviews')
    const card = page.getByTestId('review-card').filter({ hasText: '校园安防物联网' })
    await card.getByText('视频与门禁数据泄露会影响校园秩序和公共利益，属严重损害。').waitFor()
    await card.getByTestId('review-opinion').getByText('同意', { exact: true }).click()
    await card.getByTestId('review-comments').fill('客体和侵害程度判断合理，同意定为第三级。')
    await card.getByTestId('review-submit').click()
    await page.getByText('已保存').first().waitFor()

    await logout(page)
    await loginAs(page, user('regulator'))
    await page.goto(systemUrl)
    await page.getByTestId('system-stage').getByText('待主管部门审核').waitFor()
    await page.getByTestId('system-approve').click()
    await page.getByTestId('grading-opinion').fill('同意定为第三级。')
    await page.getByTestId('grading-action-ok').click()
    await page.getByTestId('system-stage').getByText('待公安备案').waitFor()

    await logout(page)
    await loginAs(page, user('police'))
    await page.goto(systemUrl)
    await page.getByTestId('system-file').click()
    await page.getByTestId('grading-filing-number').fill('32040013001-00999')
    await page.getByTestId('grading-action-ok').click()
    await page.getByTestId('system-stage').getByText('已备案').waitFor()
    await page.getByText('32040013001-00999').first().waitFor()
  })

  it('has the police upload the institution’s report of an assessment, and read it back', async () => {
    const systemId = systemUrl.split('/').at(-1)!
    const police = await apiAs(server, user('police'))
    const assessment = unwrap(
      await police.POST('/api/v1/dengbao/systems/{id}/assessments', {
        params: { path: { id: systemId } },
        body: { assessedOn: '2026-01-05', institution: '江苏省某等级测评中心', conclusion: 'compliant' },
      }),
    )
    await page.reload()
    const field = page.getByTestId(`assessment-report-field-${assessment.id}`)
    await field.getByText('未上传').waitFor()
    await field.locator('input[type=file]').setInputFiles({
      name: '等级测评报告.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    const link = page.getByTestId(`assessment-report-${assessment.id}`)
    await link.getByText('等级测评报告.pdf').waitFor()
    const file = await page.request.get((await link.getAttribute('href')) ?? '')
    expect(file.status()).toBe(200)
    expect(file.headers()['content-type']).toBe('application/pdf')
    expect(Buffer.compare(await file.body(), PDF)).toBe(0)
  })

  it('lets a drawn expert decline (回避) with a reason; the police see it and may draw a replacement', async () => {
    const police = await apiAs(server, user('police'))
    const systems = unwrap(
      await police.GET('/api/v1/dengbao/systems', { params: { query: { q: '中小学招生报名系统' } } }),
    )
    const system = systems.items.find((s) => s.name === '中小学招生报名系统')!
    const detail = unwrap(
      await police.GET('/api/v1/dengbao/systems/{id}', { params: { path: { id: system.id } } }),
    )
    unwrap(
      await police.POST('/api/v1/dengbao/gradings/{id}/draw', {
        params: { path: { id: detail.gradings[0]!.id } },
        body: { count: 1 },
      }),
    )

    await logout(page)
    await loginAs(page, user('expert'))
    await openMenu(page, 'dengbao-reviews')
    const card = page.getByTestId('review-card').filter({ hasText: '中小学招生报名系统' })
    await card.getByTestId('review-decline').click()
    const dialog = page.getByRole('dialog', { name: '申请回避该评审' })
    await dialog.getByTestId('review-decline-reason').fill('本人曾参与该系统建设，申请回避。')
    await dialog.getByRole('button', { name: '确认回避' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await card.waitFor({ state: 'detached' })
    await page.getByRole('tab', { name: '已回避' }).click()
    const declined = page.getByTestId('review-card').filter({ hasText: '中小学招生报名系统' })
    await declined.getByText('您已回避该评审').waitFor()
    await declined.getByText('本人曾参与该系统建设，申请回避。').waitFor()

    await logout(page)
    await loginAs(page, user('police'))
    await page.goto(`/dengbao/systems/${system.id}`)
    await page.getByText('已回避', { exact: true }).waitFor()
    await page.getByText('本人曾参与该系统建设，申请回避。').waitFor()
    await page.getByTestId('system-draw-replacements').waitFor()
  })

  it('has the police send the 等保 deadline reminders now and lists them with each channel', async () => {
    await openMenu(page, 'dengbao')
    await page.getByRole('tab', { name: '逾期清单' }).click()
    const panel = page.getByTestId('dengbao-reminders')
    await panel.getByTestId('dengbao-reminders-run').click()
    await page.locator('.ant-popover .ant-btn-primary').click()
    await panel.locator('tr.ant-table-row').first().waitFor()
    await panel.locator('[data-testid^="reminder-platform-"]').first().waitFor()
    await panel.locator('[data-testid^="reminder-sms-"]').first().waitFor()
    await saveScreenshot(page, 'dengbao-reminders-zh')
  })

  it('has the regulator create a special evaluation and rate it item by item', async () => {
    await logout(page)
    await loginAs(page, user('regulator'))
    expect(await menuKeys(page)).toContain('evaluations')
    await openMenu(page, 'evaluations')
    await page.getByTestId('evaluation-create').click()
    const dialog = page.getByRole('dialog')
    await page.getByTestId('evaluation-title').fill('网络安全文化专项评价')
    await dialog.locator('.ant-form-item').filter({ hasText: '类型' }).locator('.ant-select-selector').click()
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('专项评价').click()
    await dialog.locator('.ant-form-item').filter({ hasText: '范围' }).locator('.ant-select-selector').click()
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle('3 网络安全文化')
      .click()
    await page.keyboard.press('Escape')
    await dialog.getByRole('button', { name: /创\s*建/ }).click()

    await page.getByTestId('evaluation').waitFor()
    await page.getByTestId('evaluation-provisional').getByText('尚有 21 个评价项未评分').waitFor()
    const items = page.locator('[data-testid^="rate-3."]')
    const count = await items.count()
    expect(count).toBe(21)
    for (let i = 0; i < count; i++) {
      const group = items.nth(i)
      await group.getByText(i < 2 ? '部分满足' : '全部满足', { exact: true }).click()
      await group.locator('.ant-radio-button-wrapper-checked').waitFor()
    }
    await page.getByTestId('evaluation-provisional').waitFor({ state: 'detached' })
    // 3.1.1 (3 points) has four items, two of them 部分满足: mean 0.75 × 3 = 2.25, so 14.25 of 15 → 95 on 100
    await page.getByTestId('evaluation-total').getByText('14.25').waitFor()
    await page.getByTestId('evaluation-scaled').getByText('95').waitFor()
    await page.getByTestId('evaluation-grade').getByText('优秀').waitFor()

    // evidence for an item: a file uploaded (antd Upload, multipart), listed with a download link to the same bytes
    const item = page.getByTestId('item-3.1.1.1')
    await item.getByPlaceholder(/证据说明/).fill('网络安全宣传周活动照片')
    await item.locator('input[type=file]').setInputFiles({
      name: '宣传周活动.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    const link = item.getByRole('link', { name: '网络安全宣传周活动照片' })
    await link.waitFor()
    await item.getByText('宣传周活动.png').waitFor()
    const file = await page.request.get((await link.getAttribute('href')) ?? '')
    expect(file.status()).toBe(200)
    expect(Buffer.compare(await file.body(), PNG)).toBe(0)
    // a recorded label is hostile text: shown as typed, never markup
    const hostile = '<img src=x onerror="window.__evidenceXss=1">'
    await item.getByPlaceholder(/证据说明/).fill(hostile)
    await item.getByPlaceholder(/文号/).fill('活动记录第3页')
    await page.getByTestId('evidence-3.1.1.1-add').click()
    await item.getByText(hostile).waitFor()
    await item.getByText('活动记录第3页').waitFor()
    expect(await item.locator('img').count()).toBe(0)
    expect(
      await page.evaluate(() => (globalThis as { __evidenceXss?: number }).__evidenceXss),
    ).toBeUndefined()
    await item.screenshot({ path: artifactPath('city-evaluation-evidence-zh.png') })
  })

  it('removes an item only with a reason, then completes the demo evaluation and downloads its report', async () => {
    await openMenu(page, 'evaluations')
    await page
      .getByTestId('evaluations')
      .getByText(/常州市\d{4}年度城市网络安全评价/)
      .first()
      .click()
    await page.getByTestId('evaluation').waitFor()
    await page.getByTestId('evaluation-radar').locator('canvas').waitFor()
    await page.getByTestId('evaluation-provisional').getByText('尚有 6 个评价项未评分').waitFor()
    await page.getByRole('tab', { name: /5 发展协同/ }).click()

    const removed = page.getByTestId('item-5.4.3.2')
    await removed.getByRole('button', { name: /剪\s*裁/ }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog.getByRole('button', { name: /OK|确\s*定/ }).isDisabled()).resolves.toBe(true)
    await dialog.getByRole('textbox').fill('本市尚无需要推动的具体机构，本年度不适用')
    await dialog.getByRole('button', { name: /OK|确\s*定/ }).click()
    await removed.getByText(/已剪裁：本市尚无需要推动的具体机构/).waitFor()

    for (const code of ['5.4.1.1', '5.4.1.2', '5.4.2.1', '5.4.2.2', '5.4.3.1']) {
      const group = page.getByTestId(`rate-${code}`)
      await group.getByText('大部分满足', { exact: true }).click()
      await group.locator('.ant-radio-button-wrapper-checked').waitFor()
    }
    await page.getByTestId('evaluation-provisional').waitFor({ state: 'detached' })
    await page.getByTestId('evaluation-complete').click()
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /OK|确\s*定/ })
      .click()
    await page.getByText('已完成').first().waitFor()
    const grade = (await page.getByTestId('evaluation-grade').innerText()).trim()
    expect(['优秀', '良好', '合格', '不合格']).toContain(grade)
    await saveScreenshot(page, 'city-evaluation-zh')

    const evaluationId = new URL(page.url()).pathname.split('/').at(-1)
    const report = await page.request.get(`/api/v1/evaluations/${evaluationId}/report.docx`)
    expect(report.status()).toBe(200)
    expect(report.headers()['content-type']).toContain('wordprocessingml')
    expect((await report.body()).subarray(0, 2).toString()).toBe('PK')
  })

  it('scores an inspection item as the regulator answers it, against last year', async () => {
    await openMenu(page, 'inspections')
    await page
      .getByTestId('inspections')
      .getByRole('row')
      .filter({ hasText: '检查中' })
      .getByRole('link')
      .click()
    await page.getByTestId('inspection').waitFor()
    await page.getByTestId('inspection-comparison').waitFor()
    const before = Number(
      await page.getByTestId('inspection-total').locator('.ant-statistic-content-value').innerText(),
    )
    await page.locator('.ant-collapse-header').filter({ hasText: '关键信息基础设施安全维护情况' }).click()
    const item = page.getByTestId('item-T2-6')
    await item.scrollIntoViewIfNeeded()
    await item.getByRole('spinbutton').fill('3')
    // 日志留存 3 个月: “低于6个月，不低于1个月” gives half of the item's 2 points
    await page.getByTestId('score-T2-6').getByText('1 / 2').waitFor()
    await item
      .getByText(/日志留存/)
      .first()
      .waitFor()
    const after = Number(
      await page.getByTestId('inspection-total').locator('.ant-statistic-content-value').innerText(),
    )
    expect(after).toBe(before + 1)
    await page.screenshot({ path: artifactPath('inspection-zh.png') })
  })

  it('made no request to any other host', () => {
    expect(browser.outsideRequests).toEqual([])
  })
})
