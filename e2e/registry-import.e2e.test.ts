// The registry's import journey: a regulator downloads the asset template, fills it with mistakes, uploads it, reads
// the error report (row and column of every problem; nothing imported), fixes the file, uploads it again and finds
// the imported assets by a URL; then exports the list. Data (a region, an organisation) prepared through the API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeCreditCode } from '@wangan/rules/registry'
import { unwrap } from '@wangan/sdk'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  createServerData,
  createUser,
  journeySteps,
  launchBrowser,
  loginAs,
  openMenu,
  startServer,
  type LaunchedBrowser,
  type StartedServer,
  type TestUser,
} from './harness'

const ORGANISATION = '常州市示例局'
const CREDIT_CODE = makeCreditCode('11320400MB0000014')

describe('registry import', () => {
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let regulator: TestUser
  let folder: string
  let template: Buffer

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wangan-e2e-import-'))
    const data = await createServerData()
    const admin = createUser(data, { role: 'admin', username: 'guanli', password: 'Guan-2024#pw' })
    server = await startServer({ data })
    const api = await apiAs(server, admin)
    const city = unwrap(
      await api.POST('/api/v1/regions', {
        body: { parentId: null, name: '常州市', code: '320400', level: 'city' },
      }),
    )
    unwrap(
      await api.POST('/api/v1/organisations', {
        body: {
          name: ORGANISATION,
          category: 'party_government',
          regionId: city.id,
          creditCode: CREDIT_CODE,
        },
      }),
    )
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
          username: regulator.username,
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
    rmSync(folder, { recursive: true, force: true })
  })

  journeySteps(
    () => page,
    () => browser,
  )

  /** The downloaded template with these data rows below its headers. */
  async function filledTemplate(name: string, rows: string[][]): Promise<string> {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(template as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('资产')!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
    rows.forEach((values, i) => {
      const row = sheet.getRow(i + 2)
      headers.forEach((header, c) => {
        const value = values[['单位名称', '资产类型', '资产标识', '资产名称', '端口'].indexOf(header)]
        if (value !== undefined && ['单位名称', '资产类型', '资产标识', '资产名称', '端口'].includes(header))
          row.getCell(c + 1).value = value
      })
      row.commit()
    })
    const path = join(folder, name)
    writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()))
    return path
  }

  it('downloads the asset template from the import wizard', async () => {
    expect(await loginAs(page, regulator, { newPassword: 'Jian-2025#pw!' })).toBe('app')
    await openMenu(page, 'registry-import')
    await page.getByTestId('import-kind').getByText('互联网资产').click()
    const downloading = page.waitForEvent('download')
    await page.getByTestId('template-xlsx').click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('资产导入模板.xlsx')
    template = readFileSync((await download.path())!)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(template as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['资产', '填写说明'])
  })

  it('uploads a file with mistakes and sees every problem by row and column, nothing imported', async () => {
    const bad = await filledTemplate('有错误的资产表.xlsx', [
      [ORGANISATION, '网站/业务系统', 'https://www.shili.example.gov.cn/', '门户网站'],
      [ORGANISATION, 'IP/网段', '203.0.113.300', '出口地址'],
      ['不存在的单位', '域名', 'shili.example.gov.cn'],
      [ORGANISATION, '域名', 'shili.example.gov.cn', '', '80,70000'],
    ])
    await page.getByTestId('import-file').setInputFiles(bad)
    await page.getByTestId('import-upload').click()
    const rejected = page.getByTestId('import-rejected')
    await rejected.waitFor()
    await expect(rejected.innerText()).resolves.toContain('发现 3 处错误')
    const rows = page.getByTestId('import-errors').locator('.ant-table-tbody tr.ant-table-row')
    await expect(rows.count()).resolves.toBe(3)
    const report = await rows.allInnerTexts()
    expect(report[0]).toMatch(/^3\s+资产标识\s+203\.0\.113\.300/)
    expect(report[1]).toMatch(/^4\s+单位名称\s+不存在的单位/)
    expect(report[2]).toMatch(/^5\s+端口\s+80,70000/)

    await openMenu(page, 'assets')
    await page.getByTestId('asset-table').waitFor()
    await expect(page.getByTestId('asset-table').innerText()).resolves.not.toContain('shili.example.gov.cn')
  })

  it('uploads the fixed file, which imports, and finds the asset by a URL', async () => {
    await openMenu(page, 'registry-import')
    const fixed = await filledTemplate('改正后的资产表.xlsx', [
      [ORGANISATION, '网站/业务系统', 'https://www.shili.example.gov.cn/', '门户网站'],
      [ORGANISATION, 'IP/网段', '203.0.113.30', '出口地址'],
      [ORGANISATION, '域名', '*.shili.example.gov.cn', '', ''],
    ])
    await page.getByTestId('import-file').setInputFiles(fixed)
    await page.getByTestId('import-upload').click()
    const done = page.getByTestId('import-done')
    await done.waitFor()
    await expect(done.innerText()).resolves.toContain('已导入 3 条')

    await openMenu(page, 'assets')
    await page.getByTestId('asset-search').fill('https://WWW.Shili.example.gov.cn:443/login')
    await page.getByTestId('asset-search-submit').click()
    const table = page.getByTestId('asset-table')
    await table.getByText('www.shili.example.gov.cn', { exact: true }).waitFor()
    await page.getByTestId('asset-match-input').fill('http://oa.shili.example.gov.cn/')
    await page.getByTestId('asset-match-input').press('Enter')
    const match = page.getByTestId('asset-match-result')
    await match.waitFor()
    await expect(match.innerText()).resolves.toContain(ORGANISATION)
    await expect(match.innerText()).resolves.toContain('*.shili.example.gov.cn')
  })

  it('exports the list with the same headers', async () => {
    const downloading = page.waitForEvent('download')
    await page.getByTestId('export-xlsx').click()
    const download = await downloading
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual([
      '单位名称',
      '统一社会信用代码',
      '资产类型',
      '资产标识',
    ])
    expect(sheet.rowCount).toBeGreaterThanOrEqual(2)
  })

  it('made no request to any host other than the server', () => {
    expect(browser.outsideRequests).toEqual([])
  })
})
