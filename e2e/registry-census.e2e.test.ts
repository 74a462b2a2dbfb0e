// The liaison portal and the regulator's side of the registry: the liaison registers an asset on their organisation's
// page and submits the census list; the regulator sees who has not submitted, settles an asset claimed by two
// organisations, and reads the asset's history. Data prepared through the API.
import { unwrap } from '@wangan/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  createServerData,
  createUser,
  journeySteps,
  launchBrowser,
  loginAs,
  logout,
  openMenu,
  startServer,
  type LaunchedBrowser,
  type StartedServer,
  type TestUser,
} from './harness'

const EDUCATION = '常州市教育局'
const DISTRICT = '天宁区'

describe('registry: census and conflicts', () => {
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let liaison: TestUser
  let regulator: TestUser

  beforeAll(async () => {
    const data = await createServerData()
    const admin = createUser(data, { role: 'admin', username: 'guanli', password: 'Guan-2024#pw' })
    server = await startServer({ data })
    const api = await apiAs(server, admin)
    const city = unwrap(
      await api.POST('/api/v1/regions', {
        body: { parentId: null, name: '常州市', code: '320400', level: 'city' },
      }),
    )
    const education = unwrap(
      await api.POST('/api/v1/organisations', {
        body: {
          name: EDUCATION,
          category: 'party_government',
          regionId: city.id,
          contacts: [{ kind: 'liaison', name: '赵联络', mobile: '13800000001' }],
        },
      }),
    )
    const district = unwrap(
      await api.POST('/api/v1/organisations', {
        body: { name: DISTRICT, category: 'district', regionId: city.id },
      }),
    )
    for (const organisationId of [education.id, district.id])
      unwrap(
        await api.POST('/api/v1/assets', {
          body: { organisationId, type: 'ip', identifier: '203.0.113.10', name: '政务云出口' },
        }),
      )
    const createdLiaison = unwrap(
      await api.POST('/api/v1/users', {
        body: {
          username: 'lianluo',
          displayName: '赵联络',
          role: 'org_liaison',
          organisationId: education.id,
        },
      }),
    )
    liaison = {
      id: createdLiaison.user.id,
      username: 'lianluo',
      password: createdLiaison.initialPassword ?? '',
      role: 'org_liaison',
      mustChangePassword: true,
    }
    const createdRegulator = unwrap(
      await api.POST('/api/v1/users', {
        body: { username: 'jianguan', displayName: '钱监管', role: 'regulator', regionId: city.id },
      }),
    )
    regulator = {
      id: createdRegulator.user.id,
      username: 'jianguan',
      password: createdRegulator.initialPassword ?? '',
      role: 'regulator',
      mustChangePassword: true,
    }
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

  it('the regulator opens a census round; both organisations are asked', async () => {
    expect(await loginAs(page, regulator, { newPassword: 'Jian-2025#pw!' })).toBe('app')
    await openMenu(page, 'census')
    await page.getByTestId('census-create').click()
    await page.getByTestId('census-name').fill('2026 年互联网资产普查')
    const dialog = page.locator('.ant-modal')
    await dialog.locator('.ant-picker').click()
    await page
      .locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-cell-in-view')
      .last()
      .click()
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-ok button').click()
    await dialog.getByRole('button', { name: /保\s*存/ }).click()
    const board = page.getByTestId('census-board')
    await board.getByText(EDUCATION).waitFor()
    await expect(board.locator('.ant-table-tbody tr.ant-table-row').count()).resolves.toBe(2)
    await logout(page)
  })

  it('the liaison registers an asset on their organisation and submits the list', async () => {
    expect(await loginAs(page, liaison, { newPassword: 'Lian-luo-2025#' })).toBe('app')
    await openMenu(page, 'organisations')
    await page.getByRole('link', { name: EDUCATION }).click()
    await page.getByText('网络安全工作联络员').waitFor()
    await page.getByRole('tab', { name: /互联网资产/ }).click()
    await page.getByTestId('asset-add').click()
    await page.getByTestId('asset-identifier').fill('https://WWW.JYJ.example.gov.cn/')
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /保\s*存/ })
      .click()
    await page.getByTestId('asset-table').getByText('www.jyj.example.gov.cn', { exact: true }).waitFor()

    await openMenu(page, 'census')
    await page.getByRole('link', { name: '2026 年互联网资产普查' }).click()
    const board = page.getByTestId('census-board')
    await board.getByText(EDUCATION).waitFor()
    await expect(board.locator('.ant-table-tbody tr.ant-table-row').count()).resolves.toBe(1)
    await page.getByTestId('census-submit').click()
    await page.getByTestId('census-confirm').click()
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定/ })
      .click()
    await board.getByText('已提交', { exact: true }).waitFor()
    // 已提交的资产数: the asset just registered and the shared egress address.
    const row = board.locator('.ant-table-tbody tr.ant-table-row').first()
    await expect(row.locator('td').nth(4).innerText()).resolves.toBe('2')
    await logout(page)
  })

  it('the regulator sees who has not submitted and settles the shared egress', async () => {
    expect(await loginAs(page, regulator)).toBe('app')
    await openMenu(page, 'census')
    await page.getByRole('link', { name: '2026 年互联网资产普查' }).click()
    await page.getByTestId('census-filter').getByText('未提交').click()
    const board = page.getByTestId('census-board')
    await board.getByText(EDUCATION).waitFor({ state: 'detached' })
    await expect(board.innerText()).resolves.toContain(DISTRICT)

    await openMenu(page, 'assets')
    await page.getByTestId('open-conflicts').click()
    const conflicts = page.getByTestId('conflict-table')
    await conflicts.getByText('203.0.113.10', { exact: true }).first().waitFor()
    await page.getByTestId('conflict-shared').click()
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click()
    await conflicts.getByText('没有待处理的资产冲突').waitFor()

    await openMenu(page, 'assets')
    await page.getByTestId('asset-search').fill('203.0.113.10')
    await page.getByTestId('asset-search-submit').click()
    await page.getByTestId('asset-table').getByRole('link', { name: '203.0.113.10' }).first().click()
    await page.getByTestId('history-table').getByText('asset.conflict_settled').waitFor()
  })

  it('made no request to any host other than the server', () => {
    expect(browser.outsideRequests).toEqual([])
  })
})
