// The official loop in the browser, across roles (issue 5): the regulator issues a notice for a verified finding of
// 市教育局 → the SMS reaches a loopback Aliyun endpoint that checks the real request format and signature, the e-mail
// a loopback SMTP server (smtp-server) with the notice's DOCX attached → the liaison acknowledges and reports the
// rectification with a stamped PDF → the retester returns it once (the organisation is told again), the liaison
// reports again, the retester passes it → the notice's timeline shows every step.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unwrap, type WanganClient } from '@wangan/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docxText } from '@wangan/server/modules/inspections/docx-text'
import {
  startFakeAliyunSms,
  type FakeEndpoint,
} from '@wangan/server/modules/delivery/testing/fake-sms-endpoints'
import { parseMail, startFakeSmtp, type FakeSmtp } from '@wangan/server/modules/delivery/testing/fake-smtp'
import {
  artifactPath,
  chooseOption,
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

const KEY = { id: 'LTAI5tJourneyKey', secret: 'journey-aliyun-secret' }
const CODES = {
  notice_issued: 'SMS_470000001',
  escalation: 'SMS_470000002',
  finding_returned: 'SMS_470000003',
  appeal_decided: 'SMS_470000004',
}
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
)

async function until<T>(
  probe: () => Promise<T | null | undefined> | T | null | undefined,
  what: string,
  ms = 60_000,
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('notice journey: issue, SMS and e-mail, acknowledge, rectify, return once, fix, timeline', () => {
  let data: ServerData
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let users: DemoUser[]
  let aliyun: FakeEndpoint
  let smtp: FakeSmtp
  let regulatorApi: WanganClient
  let findingId: string
  let findingTitle: string
  let noticeId: string
  let documentNumber: string
  let liaisonMobile: string
  const files = mkdtempSync(join(tmpdir(), 'wangan-e2e-notices-'))
  const as = (role: Role): TestUser => demoUser(users, role)

  beforeAll(async () => {
    data = await createServerData()
    users = loadDemo(data)
    aliyun = await startFakeAliyunSms({ accessKeyId: KEY.id, accessKeySecret: KEY.secret })
    smtp = await startFakeSmtp()
    server = await startServer({ data })
    const admin = await apiAs(server, demoUser(users, 'admin'))
    unwrap(
      await admin.PUT('/api/v1/delivery-channels/sms', {
        body: {
          provider: 'aliyun',
          endpoint: aliyun.url,
          accessKeyId: KEY.id,
          signName: '常州网信',
          templateCodes: CODES,
          settleSeconds: 5,
          secret: KEY.secret,
        },
      }),
    )
    unwrap(
      await admin.PUT('/api/v1/delivery-channels/email', {
        body: {
          provider: 'smtp',
          host: smtp.host,
          port: smtp.port,
          security: 'none',
          fromAddress: 'wajg@example.gov.cn',
          fromName: '常州市委网信办',
        },
      }),
    )
    regulatorApi = await apiAs(server, demoUser(users, 'regulator'))
    const settings = unwrap(await regulatorApi.GET('/api/v1/notice-settings'))
    unwrap(
      await regulatorApi.PUT('/api/v1/notice-settings', {
        body: {
          numberPattern: '常网安通〔{year}〕{n}号',
          issuer: '中共常州市委网络安全和信息化委员会办公室',
          platformName: '常州市网络安全监管平台',
          platformUrl: 'https://wx.jscz.org.cn/wajg',
          escalateAfterHours: 24,
          deadlineHours: 72,
          templates: settings.templates as never,
          version: settings.version,
        },
      }),
    )
    // The reviewer verifies the demo campaign's SQL injection on 市教育局's portal.
    const reviewer = await apiAs(server, demoUser(users, 'reviewer'))
    const queue = unwrap(
      await reviewer.GET('/api/v1/findings', { params: { query: { status: 'submitted' } } }),
    )
    const sqli = queue.items.find((f) => f.title.includes('SQL 注入'))!
    findingId = sqli.id
    findingTitle = sqli.title
    unwrap(
      await reviewer.POST('/api/v1/findings/{id}/verify', {
        params: { path: { id: findingId } },
        body: { version: sqli.version },
      }),
    )
    const orgs = unwrap(
      await regulatorApi.GET('/api/v1/organisations', { params: { query: { q: '市教育局', pageSize: 5 } } }),
    )
    const education = orgs.items.find((o) => o.name === '市教育局')!
    const detail = unwrap(
      await regulatorApi.GET('/api/v1/organisations/{id}', { params: { path: { id: education.id } } }),
    )
    liaisonMobile = detail.contacts.find((c) => c.kind === 'liaison')!.mobile!
    writeFileSync(join(files, '整改报告（盖章）.pdf'), PDF)
    browser = await launchBrowser({ serverUrl: server.url })
    page = await browser.newPage()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await aliyun?.close()
    await smtp?.close()
  })

  journeySteps(
    () => page,
    () => browser,
  )

  it('the regulator composes and issues the notice; the number comes from the region’s pattern', async () => {
    await loginAs(page, as('regulator'))
    await openMenu(page, 'notices')
    await page.getByTestId('notice-compose').click()
    const form = page.locator('form')
    const campaigns = unwrap(await regulatorApi.GET('/api/v1/campaigns', { params: { query: {} } }))
    await chooseOption(page, form, '专项行动', campaigns.items[0]!.name)
    // 83 targets: the list is virtual, so search for the organisation first.
    await page.getByTestId('compose-organisation').locator('input').fill('市教育局')
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle('市教育局', { exact: true })
      .click()
    await page.getByRole('row').filter({ hasText: findingTitle }).locator('input[type=checkbox]').check()
    await page.getByTestId('compose-submit').click()
    await page.getByTestId('notice-number').waitFor()
    documentNumber = await page.getByTestId('notice-number').innerText()
    expect(documentNumber).toMatch(/^常网安通〔\d{4}〕1号$/)
    noticeId = page.url().split('/').at(-1)!
  })

  it('the SMS reaches the Aliyun endpoint (format and signature checked) and the e-mail carries the DOCX', async () => {
    await page
      .getByTestId('notice-channels')
      .getByTestId('channel-sms')
      .and(page.locator('[data-status="sent"]'))
      .waitFor({ timeout: 60_000 })
    await page
      .getByTestId('notice-channels')
      .getByTestId('channel-email')
      .and(page.locator('[data-status="sent"]'))
      .waitFor({ timeout: 60_000 })
    const notice = unwrap(
      await regulatorApi.GET('/api/v1/notices/{id}', { params: { path: { id: noticeId } } }),
    )
    const sms = notice.deliveries.find((d) => d.channel === 'sms')!
    expect(aliyun.refused).toEqual([])
    expect(aliyun.counts().get(sms.id)).toBe(1)
    const accepted = aliyun.accepted.find((a) => a.key === sms.id)!
    expect(accepted).toMatchObject({
      phone: liaisonMobile,
      template: CODES.notice_issued,
      signName: '常州网信',
    })
    expect(accepted.params).toMatchObject({ organisation: '市教育局', number: documentNumber })
    const email = notice.deliveries.find((d) => d.channel === 'email')!
    const mail = await until(
      () =>
        smtp.received
          .map((m) => parseMail(m.raw))
          .find((m) => m.headers.get('x-wangan-delivery') === email.id),
      'the e-mail',
    )
    expect(mail.subject).toContain(documentNumber)
    expect(mail.attachments).toHaveLength(1)
    expect(mail.attachments[0]!.filename).toBe(`${documentNumber}.docx`)
    const text = docxText(mail.attachments[0]!.content)
    expect(text).toContain(documentNumber)
    expect(text).toContain(findingTitle)
    await page.screenshot({ path: artifactPath('notice-issued.png'), fullPage: true })
  })

  it('the liaison finds it in the inbox, acknowledges it and reports the rectification with a stamped PDF', async () => {
    await logout(page)
    await loginAs(page, as('org_liaison'))
    await openMenu(page, 'inbox')
    await page.getByTestId('inbox-unacknowledged').waitFor()
    await page.getByTestId('inbox-notice').getByText(documentNumber).click()
    await page.getByTestId('notice-acknowledge').click()
    await page.getByTestId('notice-ack-text').getByText('签收').waitFor()
    await page.getByTestId('notice-rectify').click()
    await page.getByTestId('rectify-summary').fill('已对新闻列表参数做预编译处理，并全面排查同类接口。')
    await page.locator('.ant-modal input[type=file]').setInputFiles(join(files, '整改报告（盖章）.pdf'))
    await page.getByTestId('rectify-file').getByText('整改报告（盖章）.pdf').waitFor()
    await page.getByTestId('rectify-submit').click()
    await page
      .getByTestId('notice-finding-status')
      .and(page.locator('[data-status="rectification_submitted"]'))
      .waitFor()
    // The liaison reads the finding with its evidence through the findings page.
    await page.getByTestId('notice-finding-link').click()
    await page.getByTestId('finding-status').getByText('已提交整改').waitFor()
  })

  it('the retester returns it once with a reason; the organisation is told again', async () => {
    await logout(page)
    await loginAs(page, as('retester'))
    await openMenu(page, 'retests')
    const item = page.getByTestId('retest-item').filter({ hasText: findingTitle })
    await item.getByText('已对新闻列表参数做预编译处理', { exact: false }).waitFor()
    await item.getByTestId('retest-not-fixed').click()
    await page.getByTestId('retest-reason').fill('复测时 id 参数仍可布尔盲注。')
    await page.getByTestId('retest-return-submit').click()
    await item.waitFor({ state: 'detached' })
    const returned = await until(async () => {
      const notice = unwrap(
        await regulatorApi.GET('/api/v1/notices/{id}', { params: { path: { id: noticeId } } }),
      )
      const sms = notice.deliveries.find((d) => d.event === 'finding_returned' && d.channel === 'sms')
      return sms && sms.status === 'sent' ? sms : null
    }, 'the returned SMS')
    expect(aliyun.accepted.find((a) => a.key === returned.id)).toMatchObject({
      template: CODES.finding_returned,
    })
  })

  it('the liaison reports again and the retester passes it', async () => {
    await logout(page)
    await loginAs(page, as('org_liaison'))
    await page.goto(`/notices/${noticeId}`)
    await page.getByTestId('notice-finding-status').and(page.locator('[data-status="returned"]')).waitFor()
    await page.getByTestId('notice-rectify').click()
    await page.getByTestId('rectify-summary').fill('已升级框架并统一参数过滤。')
    await page.getByTestId('rectify-submit').click()
    await page
      .getByTestId('notice-finding-status')
      .and(page.locator('[data-status="rectification_submitted"]'))
      .waitFor()
    await logout(page)
    await loginAs(page, as('retester'))
    await openMenu(page, 'retests')
    const item = page.getByTestId('retest-item').filter({ hasText: findingTitle })
    await item.getByText('已升级框架并统一参数过滤。').waitFor()
    await item.getByTestId('retest-fixed').click()
    await item.waitFor({ state: 'detached' })
  })

  it('the timeline shows every step', async () => {
    await logout(page)
    await loginAs(page, as('regulator'))
    await page.goto(`/notices/${noticeId}`)
    await page.getByTestId('notice-finding-status').and(page.locator('[data-status="fixed"]')).waitFor()
    const timeline = page.getByTestId('notice-timeline')
    for (const kind of [
      'issued',
      'delivered',
      'acknowledged',
      'rectification',
      'retest_not_fixed',
      'retest_fixed',
    ])
      await timeline.getByTestId(`timeline-${kind}`).first().waitFor()
    expect(await timeline.getByTestId('timeline-rectification').count()).toBe(2)
    await expect(page.getByTestId('notice-status').innerText()).resolves.toBe('已办结')
    await page.screenshot({ path: artifactPath('notice-timeline.png'), fullPage: true })
    const finding = unwrap(
      await regulatorApi.GET('/api/v1/findings/{id}', { params: { path: { id: findingId } } }),
    )
    expect(finding).toMatchObject({ status: 'fixed', notFixedRetests: 1 })
  })
})
