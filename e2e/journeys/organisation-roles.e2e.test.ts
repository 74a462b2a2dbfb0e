// The organisation's side and the regulator's view of organisations: data prepared through the API (a region, an
// organisation with its liaison contact, users), then the liaison's first login, dashboard and read-only organisation
// pages, the regulator's counts, and an auditor kept out of the organisation pages.
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
  menuKeys,
  openMenu,
  startServer,
  switchLanguage,
  type LaunchedBrowser,
  type StartedServer,
  type TestUser,
} from '../harness'

const ORGANISATION = '常州市数据局'

describe('organisation roles', () => {
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let liaison: TestUser
  let regulator: TestUser
  let auditor: TestUser

  beforeAll(async () => {
    const data = await createServerData()
    const admin = createUser(data, { role: 'admin', username: 'guanli', password: 'Guan-2024#pw' })
    auditor = createUser(data, { role: 'auditor', username: 'shenji', password: 'Audit-2024#pw' })
    server = await startServer({ data })

    const api = await apiAs(server, admin)
    const city = unwrap(
      await api.POST('/api/v1/regions', {
        body: { parentId: null, name: '常州市', code: '320400', level: 'city' },
      }),
    )
    const organisation = unwrap(
      await api.POST('/api/v1/organisations', {
        body: {
          name: ORGANISATION,
          category: 'party_government',
          regionId: city.id,
          contacts: [{ kind: 'liaison', name: '赵联络', mobile: '13800000001', email: null }],
        },
      }),
    )
    const created = unwrap(
      await api.POST('/api/v1/users', {
        body: {
          username: 'lianluo',
          displayName: '赵联络',
          role: 'org_liaison',
          organisationId: organisation.id,
        },
      }),
    )
    liaison = {
      id: created.user.id,
      username: 'lianluo',
      password: created.initialPassword ?? '',
      role: 'org_liaison',
      mustChangePassword: true,
    }
    regulator = {
      id: '',
      username: 'jianguan',
      password: 'Jian-2024#pw',
      role: 'regulator',
      mustChangePassword: false,
    }
    unwrap(
      await api.POST('/api/v1/users', {
        body: {
          username: 'jianguan',
          displayName: '钱监管',
          role: 'regulator',
          regionId: city.id,
          password: regulator.password,
        },
      }),
    )

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

  it('shows the liaison their organisation on the dashboard after the first password change', async () => {
    expect(liaison.password).not.toBe('')
    expect(await loginAs(page, liaison, { newPassword: 'Lian-luo-2024#' })).toBe('app')
    const keys = await menuKeys(page)
    expect(keys).toEqual(expect.arrayContaining(['dashboard', 'organisations', 'account']))
    for (const key of ['users', 'regions', 'security-settings', 'audit']) expect(keys).not.toContain(key)

    const card = page.getByTestId('my-organisation')
    await card.getByText(ORGANISATION).waitFor()
    await expect(card.innerText()).resolves.toContain('市级党政机关及其管理单位')
    await expect(card.innerText()).resolves.toContain('赵联络')
  })

  it('lists only their organisation and opens its detail', async () => {
    await openMenu(page, 'organisations')
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    await rows.first().waitFor()
    await expect(rows.count()).resolves.toBe(1)
    await rows.first().getByRole('link', { name: ORGANISATION }).click()
    await page.getByText('网络安全工作联络员').waitFor()
    await expect(page.getByText('13800000001').isVisible()).resolves.toBe(true)
    // A detail page keeps its list's menu item highlighted (menuParent in the registry).
    const menuItem = page.getByRole('menuitem').filter({ has: page.getByTestId('nav-organisations') })
    await expect(menuItem.getAttribute('class')).resolves.toContain('ant-menu-item-selected')

    await switchLanguage(page, 'English')
    await page.getByText('City Party and government bodies').waitFor()
    await switchLanguage(page, '中文')
  })

  it('shows the regulator the organisations of their region', async () => {
    await logout(page)
    expect(await loginAs(page, regulator, { newPassword: 'Jian-guan-2025#' })).toBe('app')
    await page.getByTestId('organisations-by-category-chart').locator('canvas').waitFor()
    const total = page.locator('.ant-statistic').filter({ hasText: '辖区单位总数' })
    await expect(total.locator('.ant-statistic-content-value').innerText()).resolves.toBe('1')
  })

  it('keeps the auditor out of the organisation pages', async () => {
    await logout(page)
    expect(await loginAs(page, auditor)).toBe('app')
    expect(await menuKeys(page)).not.toContain('organisations')
    await page.goto('/organisations')
    await page.getByTestId('forbidden-page').waitFor()
  })

  it('made no request to any host other than the server', () => {
    expect(browser.outsideRequests).toEqual([])
  })
})
