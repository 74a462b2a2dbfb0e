// The testing gateway's journey (issue 7) on the demo campaign: the regulator registers a loopback address as an asset
// of a target organisation; the tester gets a gateway token (shown once) and tests through the gateway with curl —
// in scope, out of scope, and one destructive request; the tester sees their traffic log; the regulator watches the
// monitor, pauses the team (curl is refused at once), resumes it, and confirms the violation with its evidence.
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { unwrap } from '@wangan/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  createServerData,
  journeySteps,
  launchBrowser,
  loginAs,
  logout,
  openMenu,
  saveScreenshot,
  startServer,
  type LaunchedBrowser,
  type ServerData,
  type StartedServer,
  type TestUser,
  demoUser,
  loadDemo,
} from './harness'

/** curl through the gateway (asynchronously: the page keeps working meanwhile). */
function curl(args: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-s', '-w', '\n%{http_code}', ...args], { timeout: 20_000 }, (_error, stdout) => {
      const text = String(stdout)
      const cut = text.lastIndexOf('\n')
      resolve({ body: text.slice(0, cut), status: Number(text.slice(cut + 1)) })
    })
  })
}

describe('gateway journey: token, traffic through the gateway, monitor, pause, violation', () => {
  let data: ServerData
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let target: Server
  let targetPort: number
  let gatewayPort: number
  let token: string
  let tester: TestUser
  let regulator: TestUser

  beforeAll(async () => {
    target = createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.end(`<html><body>市教育局门户 ${request.url ?? ''}</body></html>`)
    })
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
    targetPort = (target.address() as AddressInfo).port
    data = await createServerData()
    const users = loadDemo(data)
    tester = demoUser(users, 'tester')
    regulator = demoUser(users, 'regulator')
    server = await startServer({ data })
    const started = Date.now()
    while (!/HTTP proxy on port (\d+)/.test(server.output()) && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 200))
    gatewayPort = Number(/HTTP proxy on port (\d+)/.exec(server.output())?.[1])
    expect(gatewayPort).toBeGreaterThan(0)
    // The regulator registers the loopback address as 市教育局's: the campaign's scope now holds it.
    const api = await apiAs(server, regulator)
    const orgs = unwrap(
      await api.GET('/api/v1/organisations', { params: { query: { q: '市教育局', pageSize: 5 } } }),
    )
    const education = orgs.items.find((o) => o.name === '市教育局')!
    unwrap(
      await api.POST('/api/v1/assets', {
        body: { organisationId: education.id, type: 'ip', identifier: '127.0.0.1' },
      }),
    )
    browser = await launchBrowser({ serverUrl: server.url })
    page = await browser.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await new Promise((r) => target?.close(r))
  })

  journeySteps(
    () => page,
    () => browser,
  )

  const proxy = () => `http://tester:${token}@127.0.0.1:${gatewayPort}`

  it('the tester gets a gateway token, shown once', async () => {
    await loginAs(page, tester)
    await openMenu(page, 'my-gateway')
    await page.getByTestId('gateway-issue').click()
    token = await page.getByTestId('gateway-token').inputValue()
    expect(token).toMatch(/^wgt_[A-Za-z0-9_-]{43}$/)
    await page.reload()
    await page.getByTestId('gateway-rotate').waitFor()
    expect(await page.getByTestId('gateway-token').count()).toBe(0)
    await saveScreenshot(page, 'gateway-my-zh')
  })

  it('traffic through the gateway: in scope passes, out of scope is refused, a destructive request is flagged', async () => {
    const ok = await curl(['-x', proxy(), `http://127.0.0.1:${targetPort}/index.html`])
    expect(ok.status).toBe(200)
    expect(ok.body).toContain('市教育局门户')
    const outside = await curl(['-x', proxy(), `http://127.0.0.2:${targetPort}/`])
    expect(outside.status).toBe(403)
    expect(outside.body).toContain('host_out_of_scope')
    const bad = await curl(['-x', proxy(), `http://127.0.0.1:${targetPort}/item?id=1;DROP%20TABLE%20users--`])
    expect(bad.status).toBe(200)
    expect(
      (await curl(['-x', `http://tester:wrong@127.0.0.1:${gatewayPort}`, `http://127.0.0.1:${targetPort}/`]))
        .status,
    ).toBe(407)
  })

  it('the tester reads their traffic log', async () => {
    // Records reach the database in batches (a quarter of a second apart).
    await new Promise((r) => setTimeout(r, 1_000))
    await page.getByText('流量日志').first().click()
    const table = page.getByTestId('gateway-records')
    await table.getByText('/index.html').waitFor({ timeout: 15_000 })
    await table.getByText('目标不在范围内').first().waitFor()
    await page.getByTestId('gateway-filter-host').fill('127.0.0.2')
    await page.getByTestId('gateway-filter-search').click()
    await table.getByText('/index.html').waitFor({ state: 'detached' })
    await table.getByText('127.0.0.2').first().waitFor()
    await logout(page)
  })

  it('the regulator watches the monitor and pauses the team: the gateway refuses at once; resume', async () => {
    await loginAs(page, regulator)
    await openMenu(page, 'gateway-monitor')
    await page.getByTestId('gateway-audit-state').getByText('正常').waitFor()
    await page.getByTestId('gateway-top-targets').getByText(`127.0.0.1:${targetPort}`).waitFor()
    await page.getByTestId('gateway-refusals').getByText('目标不在范围内').waitFor()
    await saveScreenshot(page, 'gateway-monitor-zh')
    const pause = page.getByTestId('gateway-teams').locator('[data-testid^="gateway-pause-"]').first()
    await pause.click()
    await page.getByTestId('gateway-pause-reason').fill('演示：疑似违规，先暂停')
    await page.getByTestId('gateway-pause-confirm').click()
    await page.getByTestId('gateway-teams').getByText('已暂停').waitFor()
    const paused = await curl(['-x', proxy(), `http://127.0.0.1:${targetPort}/`])
    expect(paused.status).toBe(403)
    expect(paused.body).toContain('paused')
    await page.getByTestId('gateway-teams').locator('[data-testid^="gateway-resume-"]').first().click()
    await page.getByTestId('gateway-teams').locator('[data-testid^="gateway-pause-"]').first().waitFor()
    expect((await curl(['-x', proxy(), `http://127.0.0.1:${targetPort}/`])).status).toBe(200)
  })

  it('the regulator confirms the violation after reading its evidence', async () => {
    await page.getByRole('link', { name: '违规行为' }).click()
    const list = page.getByTestId('gateway-violations')
    await list.getByText('破坏性 SQL 语句').click({ timeout: 20_000 })
    await page.getByText('DROP TABLE users', { exact: false }).first().waitFor()
    await page.getByTestId('gateway-violation-confirm').click()
    await list.getByText('破坏性 SQL 语句').waitFor({ state: 'detached' })
    await page.getByText('已确认').click()
    await list.getByText('破坏性 SQL 语句').waitFor()
  })
})
