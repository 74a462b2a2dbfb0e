// XLSX import and export of systems and filings: row-level validation by row and column, nothing written on any
// problem, filings by the police only, formula-looking text neutralised on export.
import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditEvents } from '../../db/schema'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import type { TSystem } from './dengbao.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }

let t: TestPlatform
let liaison: TestClient
let police: TestClient
let regulator: TestClient
const url = '/api/v1/dengbao/systems'

async function workbook(headers: string[], rows: (string | number | Date)[][]): Promise<string> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('定级对象')
  sheet.addRow(headers)
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64')
}

async function readBack(body: string | Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(
    (typeof body === 'string' ? Buffer.from(body, 'binary') : body) as unknown as ArrayBuffer,
  )
  const out: string[][] = []
  book.worksheets[0]!.eachRow((row) => {
    const values = row.values as unknown[]
    out.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))))
  })
  return out
}

async function download(
  client: TestClient,
  path: string,
): Promise<{ status: number; rows: string[][]; type: string }> {
  const response = await t.app.inject({
    method: 'GET',
    url: path,
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
  })
  return {
    status: response.statusCode,
    type: String(response.headers['content-type']),
    rows: response.statusCode === 200 ? await readBack(response.rawPayload) : [],
  }
}

beforeAll(async () => {
  t = await createTestPlatform()
  liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
  police = await t.as('police', { regionId: t.basics.city.id })
  regulator = await t.as('regulator', { regionId: t.basics.city.id })
})
afterAll(async () => {
  await t?.close()
})

const HEADERS = ['单位名称', '系统名称', '系统类型', '关键信息基础设施', '联系人', '联系人手机']

describe('import', () => {
  test('the template has the Chinese headers', async () => {
    const template = await download(police, `${url}/import-template.xlsx`)
    expect(template.status).toBe(200)
    expect(template.type).toContain('spreadsheetml')
    expect(template.rows[0]).toEqual(
      expect.arrayContaining([
        '统一社会信用代码',
        '单位名称',
        '系统名称',
        '系统类型',
        '备案编号',
        '备案日期',
      ]),
    )
  })

  test('every problem is named by row and column; nothing is written until the file is clean', async () => {
    const content = await workbook(
      ['系统类型', ...HEADERS.filter((h) => h !== '系统类型')], // columns are found by header, not position
      [
        ['云计算平台/系统', '市教育局', '智慧校园云', '是', '王五', '13900000001'],
        ['区块链', '市教育局', '链上存证', '否', '', ''],
        ['传统信息系统', '不存在的单位', '门户网站', '否', '', ''],
        ['传统信息系统', '市教育局', '智慧校园云', '也许', '赵六', '12345'],
        ['传统信息系统', '邻市教育局', '邻市门户', '否', '', ''],
      ],
    )
    const response = await liaison.post<ErrorBody>(`${url}/import`, { fileName: 'systems.xlsx', content })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('VALIDATION_FAILED')
    expect(response.body.error.message).toMatch(/未导入任何数据/)
    expect(response.body.error.details!.map((d) => d.path)).toEqual([
      'row 3, column 系统类型',
      'row 4, column 单位名称',
      'row 5, column 关键信息基础设施',
      'row 5, column 联系人手机',
      'row 5, column 系统名称',
      'row 6, column 单位名称',
    ])
    expect((await liaison.get<{ total: number }>(url)).body.total).toBe(0)

    const fixed = await workbook(HEADERS, [
      ['市教育局', '智慧校园云', '云计算平台/系统', '是', '王五', '13900000001'],
      ['市教育局', '链上存证', 'other', '否', '', ''],
      ['', '', '', '', '', ''],
      ['市教育局信息中心', '=HYPERLINK("http://evil")', '传统信息系统', '', '', ''],
    ])
    const dry = await liaison.post(`${url}/import`, { content: fixed, dryRun: true })
    expect(dry.body).toEqual({ dryRun: true, rows: 3, created: 0, filed: 0 })
    expect((await liaison.get<{ total: number }>(url)).body.total).toBe(0)
    const done = await liaison.post(`${url}/import`, { content: fixed })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body).toEqual({ dryRun: false, rows: 3, created: 3, filed: 0 })
    const list = await liaison.get<{ items: TSystem[] }>(url)
    expect(list.body.items.map((s) => s.name).sort()).toEqual([
      '=HYPERLINK("http://evil")',
      '智慧校园云',
      '链上存证',
    ])
    // one audit event stands for the import and names every system it created
    const [event] = await t.services.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'dengbao.systems_imported'))
    expect((event?.summary.systems as { id: string }[]).map((s) => s.id).sort()).toEqual(
      list.body.items.map((s) => s.id).sort(),
    )
    const again = await liaison.post<ErrorBody>(`${url}/import`, { content: fixed })
    expect(again.status).toBe(400)
    expect(again.body.error.details?.[0]).toMatchObject({ path: 'row 2, column 系统名称' })
  })

  test('existing filings are imported by the police only, checked against the grading matrix', async () => {
    const headers = [
      '统一社会信用代码',
      '单位名称',
      '系统名称',
      '系统类型',
      '业务信息受侵害客体',
      '业务信息侵害程度',
      '系统服务受侵害客体',
      '系统服务侵害程度',
      '安全保护等级',
      '备案编号',
      '备案日期',
    ]
    const row = (name: string, level: string, number: string, date: string | Date) => [
      '',
      '天宁区',
      name,
      '传统信息系统',
      '社会秩序、公共利益',
      '严重损害',
      '公民、法人和其他组织的合法权益',
      '一般损害',
      level,
      number,
      date,
    ]
    const bad = await workbook(headers, [
      row('区门户网站', '第二级', '32990113001-25001', '2025-06-01'),
      row('区办公系统', '3', '32990113001-25001', '2025-06-01'),
      row('区审批系统', '', '32990113001-25003', '2099-01-01'),
    ])
    const refused = await police.post<ErrorBody>(`${url}/import`, { content: bad })
    expect(refused.status).toBe(400)
    expect(refused.body.error.details!.map((d) => d.path)).toEqual([
      'row 2, column 安全保护等级',
      'row 3, column 备案编号',
      'row 4, column 备案日期',
    ])
    const byLiaison = await liaison.post<ErrorBody>(`${url}/import`, {
      content: await workbook(headers, [row('教育局某系统', '', '32990113001-25009', '2025-06-01')]),
    })
    expect(byLiaison.status).toBe(400)
    expect(byLiaison.body.error.details!.map((d) => d.path)).toContain('row 2, column 备案编号')

    const good = await workbook(headers, [
      row('区门户网站', '第三级', '32990113001-25001', new Date('2025-06-01T00:00:00Z')),
      row('区办公系统', '', '32990113001-25002', '2025-06-02'),
    ])
    const imported = await police.post(`${url}/import`, { content: good })
    expect(imported.body).toEqual({ dryRun: false, rows: 2, created: 2, filed: 2 })
    const list = await police.get<{ items: TSystem[] }>(`${url}?organisationId=${t.basics.orgB.id}`)
    expect(list.body.items.map((s) => [s.name, s.stage, s.filedLevel, s.filingNumber, s.filedOn])).toEqual([
      ['区办公系统', 'filed', 3, '32990113001-25002', '2025-06-02'],
      ['区门户网站', 'filed', 3, '32990113001-25001', '2025-06-01'],
    ])
  })

  test('what is not a workbook is refused with a clear message', async () => {
    const garbage = await liaison.post<ErrorBody>(`${url}/import`, {
      content: Buffer.from('%PDF-1.7 not a spreadsheet').toString('base64'),
    })
    expect(garbage.status).toBe(400)
    expect(garbage.body.error.message).toMatch(/不是 Excel 工作簿/)
    const noHeaders = await liaison.post<ErrorBody>(`${url}/import`, {
      content: await workbook(['名称', '类型'], [['a', 'b']]),
    })
    expect(noHeaders.body.error.message).toMatch(/缺少表头：系统名称、系统类型/)
    const notBase64 = await liaison.post<ErrorBody>(`${url}/import`, { content: '!!!' })
    expect(notBase64.status).toBe(400)
    expect((await regulator.post(`${url}/import`, { content: 'AAAA' })).status).toBe(403)
  })
})

describe('export', () => {
  test('the ledger lists what the caller may see, formula-looking text neutralised', async () => {
    const asPolice = await download(police, `${url}/export.xlsx`)
    expect(asPolice.status).toBe(200)
    const [head, ...rows] = asPolice.rows
    expect(head).toEqual(expect.arrayContaining(['系统名称', '备案编号', '定级状态', '最近测评日期']))
    const nameAt = head!.indexOf('系统名称')
    expect(rows.map((r) => r[nameAt]).sort()).toEqual(
      ['区办公系统', '区门户网站', `'=HYPERLINK("http://evil")`, '智慧校园云', '链上存证'].sort(),
    )
    const filed = rows.find((r) => r[nameAt] === '区门户网站')!
    expect(filed[head!.indexOf('备案编号')]).toBe('32990113001-25001')
    expect(filed[head!.indexOf('安全保护等级')]).toBe('第三级')
    expect(filed[head!.indexOf('定级状态')]).toBe('已备案')

    const asLiaison = await download(liaison, `${url}/export.xlsx?stage=ungraded`)
    expect(
      asLiaison.rows
        .slice(1)
        .map((r) => r[nameAt])
        .sort(),
    ).toEqual([`'=HYPERLINK("http://evil")`, '智慧校园云', '链上存证'].sort())
  })
})
