// The administrator's first day and the role-dependent shell: first-start password from the console, forced password
// change, a region and a user created in the UI, that user's own navigation, the language switch, 403 and 404, and a
// Chinese dashboard that really shows Chinese glyphs. Steps build on each other and run in order.
import { statSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unwrap } from '@wangan/sdk'
import {
  apiAs,
  artifactPath,
  chooseOption,
  glyphReport,
  journeySteps,
  launchBrowser,
  loginAs,
  logout,
  menuKeys,
  menuLabels,
  openMenu,
  startServer,
  switchLanguage,
  uniqueUsername,
  type LaunchedBrowser,
  type StartedServer,
  type TestUser,
} from '../harness'

const ADMIN_ONLY = ['users', 'regions', 'security-settings']

describe('admin shell journey', () => {
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let admin: TestUser
  const regulator: TestUser = {
    id: '',
    username: uniqueUsername('jianguan'),
    password: '',
    role: 'regulator',
    mustChangePassword: true,
  }

  beforeAll(async () => {
    server = await startServer()
    if (!server.firstAdmin)
      throw new Error(`no first-start admin password on the console:\n${server.output()}`)
    admin = server.firstAdmin
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

  it('logs the first-start admin in and makes them replace the generated password', async () => {
    const landed = await loginAs(page, admin)
    expect(landed).toBe('password-change')
    await expect(page.getByText('修改初始密码').first().isVisible()).resolves.toBe(true)

    // The server's policy is shown field by field: a password without a symbol is refused.
    await page.getByTestId('password-current').fill(admin.password)
    await page.getByTestId('password-new').fill('abcdefgh12')
    await page.getByTestId('password-confirm').fill('abcdefgh12')
    await page.getByTestId('password-submit').click()
    await page.getByText('密码须包含符号').waitFor()

    const newPassword = 'Wangguan-2024!'
    await page.getByTestId('password-new').fill(newPassword)
    await page.getByTestId('password-confirm').fill(newPassword)
    await page.getByTestId('password-submit').click()
    await page.getByTestId('main-nav').waitFor()
    admin.password = newPassword

    expect(await menuKeys(page)).toEqual(
      expect.arrayContaining([
        'dashboard',
        'organisations',
        'users',
        'regions',
        'security-settings',
        'audit',
        'account',
      ]),
    )
    await expect(page.getByTestId('current-user').innerText()).resolves.toContain('平台管理员')
  })

  it('shows the zh-CN dashboard with real Chinese glyphs, not boxes', async () => {
    await page.getByTestId('dashboard').waitFor()
    await page.getByTestId('users-by-role-chart').locator('canvas').waitFor()
    await page.getByTestId('recent-audit').getByText('auth.login').first().waitFor()
    await page.waitForLoadState('networkidle')

    const greeting = page.getByText('您好，').first()
    const box = await greeting.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(20)
    expect(box?.height ?? 0).toBeGreaterThan(8)

    const text = '网络安全监管平台工作台用户行政区划审计日志'
    const report = await glyphReport(page, text)
    expect(report.inked).toBe(report.characters)
    expect(report.sameAsMissingGlyph).toBe(0)
    expect(report.distinctShapes).toBe(report.characters)

    const path = artifactPath('dashboard-zh.png')
    await page.screenshot({ path, fullPage: true })
    expect(statSync(path).size).toBeGreaterThan(20_000)
  })

  it('lets the admin create a region and a regulator, showing the initial password once', async () => {
    await openMenu(page, 'regions')
    await page.getByTestId('region-create-root').click()
    const regionDialog = page.getByRole('dialog')
    await regionDialog.getByTestId('region-name').fill('常州市')
    await regionDialog.getByLabel('行政区划代码').fill('320400')
    await regionDialog.getByRole('button', { name: /保\s*存/ }).click()
    const tree = page.getByTestId('region-tree')
    await tree.getByText('常州市（320400）').waitFor()

    // A district below it: created, renamed, deleted.
    // Each save is awaited until its dialog has closed, so a refused save fails here, naming the step.
    await regionDialog.waitFor({ state: 'hidden' })
    await tree.getByText('常州市（320400）').click()
    await page.getByRole('button', { name: '新建下级（区县）' }).click()
    const childDialog = page.getByRole('dialog', { name: '在 常州市 下新建' })
    await childDialog.getByTestId('region-name').fill('武进区')
    await childDialog.getByRole('button', { name: /保\s*存/ }).click()
    await childDialog.waitFor({ state: 'hidden' })
    await tree.getByText('武进区', { exact: true }).waitFor()
    await page.getByRole('button', { name: '修改名称' }).click()
    const renameDialog = page.getByRole('dialog', { name: '修改 武进区' })
    await renameDialog.getByTestId('region-name').fill('武进区（临时）')
    await renameDialog.getByRole('button', { name: /保\s*存/ }).click()
    await renameDialog.waitFor({ state: 'hidden' })
    await tree.getByText('武进区（临时）', { exact: true }).waitFor()
    await page.getByRole('button', { name: /删\s*除/ }).click()
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /删\s*除/ })
      .click()
    await tree.getByText('武进区（临时）', { exact: true }).waitFor({ state: 'detached' })

    await openMenu(page, 'users')
    await page.getByTestId('user-create').click()
    const dialog = page.getByRole('dialog', { name: '新建用户' })
    await dialog.getByTestId('user-username').fill(regulator.username)
    await dialog.getByTestId('user-display-name').fill('王监管')
    await chooseOption(page, dialog, '角色', '监管人员')
    await chooseOption(page, dialog, '行政区划', '常州市')
    await dialog.getByRole('button', { name: /创\s*建/ }).click()

    const secret = page.getByTestId('one-time-password')
    await secret.waitFor()
    regulator.password = await secret.inputValue()
    expect(regulator.password.length).toBeGreaterThanOrEqual(12)
    await page.getByTestId('secret-close').click()

    const row = page.getByRole('row').filter({ hasText: regulator.username })
    await row.waitFor()
    await expect(row.innerText()).resolves.toContain('监管人员')
    await expect(row.innerText()).resolves.toContain('须改密码')
    // antd's own texts follow the language too (its locale, not only ours).
    await page.getByText('20 条/页').waitFor()
  })

  it('renders hostile text from the API as text, never as HTML', async () => {
    // Display names are at most 64 characters; this one is an image whose error handler would set a flag.
    const hostile = '<img src=x onerror="window.__pwned=1"><b>粗</b>'
    const api = await apiAs(server, admin)
    unwrap(
      await api.POST('/api/v1/users', {
        body: { username: uniqueUsername('hostile'), displayName: hostile, role: 'auditor' },
      }),
    )
    await page.reload()
    const row = page.getByRole('row').filter({ hasText: '<img src=x onerror=' })
    await row.waitFor()
    await expect(row.innerText()).resolves.toContain(hostile)
    await expect(row.locator('img, b').count()).resolves.toBe(0)
    await expect(page.evaluate<unknown>('window.__pwned')).resolves.toBeUndefined()
  })

  it('logs out, and the new regulator sees their own navigation and not the admin pages', async () => {
    await logout(page)
    await page.getByText('您已安全退出').waitFor()

    const landed = await loginAs(page, regulator, { newPassword: 'Jianguan-2024#' })
    expect(landed).toBe('app')
    // Later modules add pages for regulators; the foundation's must be there and the admin's must not.
    const keys = await menuKeys(page)
    expect(keys).toEqual(expect.arrayContaining(['dashboard', 'organisations', 'account']))
    for (const key of [...ADMIN_ONLY, 'audit']) expect(keys).not.toContain(key)
    await expect(page.getByTestId('current-user').innerText()).resolves.toContain('王监管')
    await page.getByTestId('organisations-by-category-chart').waitFor()
    await expect(page.getByTestId('welcome').innerText()).resolves.toContain('常州市')
  })

  it('answers a page the role may not open with 403, and an unknown address with 404', async () => {
    await page.goto('/users')
    await page.getByTestId('forbidden-page').waitFor()
    await expect(page.getByTestId('forbidden-page').innerText()).resolves.toContain('无权访问')

    await page.goto('/no/such/page')
    await page.getByTestId('not-found-page').waitFor()
    await expect(page.getByTestId('main-nav').isVisible()).resolves.toBe(true)
  })

  it('switches the language to English and back, remembering the choice', async () => {
    await page.goto('/')
    await page.getByTestId('dashboard').waitFor()
    const chinese = await menuLabels(page)
    expect(chinese).toEqual(expect.arrayContaining(['工作台', '单位', '个人设置']))

    await switchLanguage(page, 'English')
    await page.getByTestId('nav-dashboard').getByText('Dashboard').waitFor()
    const english = await menuLabels(page)
    expect(english).toEqual(expect.arrayContaining(['Dashboard', 'Organisations', 'My account']))
    // Every label changed: no page title is left untranslated.
    expect(english).toHaveLength(chinese.length)
    for (const label of english) expect(label).not.toMatch(/\p{Script=Han}/u)
    await expect(page.getByTestId('logout').innerText()).resolves.toBe('Log out')
    await expect(page.evaluate<string>('document.documentElement.lang')).resolves.toBe('en')

    await page.reload()
    await page.getByTestId('nav-dashboard').getByText('Dashboard').waitFor()

    await switchLanguage(page, '中文')
    await page.getByTestId('nav-dashboard').getByText('工作台').waitFor()
    expect(await menuLabels(page)).toEqual(chinese)
    await expect(page.evaluate<string>('document.documentElement.lang')).resolves.toBe('zh-CN')
  })

  it('made no request to any host other than the server', () => {
    expect(browser.outsideRequests).toEqual([])
  })
})
