import { randomBytes } from 'node:crypto'
import { makeCreditCode } from '@wangan/rules/registry'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemContext } from '../../context'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { gbk, upload, xlsxOf, type Cell } from './import-fixtures'
import type { TImportJob } from './registry-import.schemas'

type Page<T> = { items: T[]; total: number }
type Asset = {
  id: string
  organisationId: string
  canonical: string
  ports: number[] | null
  source: string
  status: string
}

const HEADER = ['单位名称', '统一社会信用代码', '资产类型', '资产标识', '资产名称', '端口', '状态', '备注']
const CODE = makeCreditCode('11329900MB0000009')

let t: TestPlatform
let regulator: TestClient
let liaison: TestClient
beforeAll(async () => {
  t = await createTestPlatform()
  regulator = await t.as('regulator')
  liaison = await t.as('org_liaison')
  await t.services.organisations.create(systemContext('test'), {
    name: '市大数据局',
    category: 'party_government',
    regionId: t.basics.city.id,
    creditCode: CODE,
  })
})
afterAll(async () => {
  await t?.close()
})

async function assetCount(): Promise<number> {
  const page = await regulator.get<Page<Asset>>('/api/v1/assets?pageSize=1')
  return page.body.total
}

function problemsOf(job: TImportJob) {
  return job.errors.map((e) => `${e.row}|${e.column}|${e.code}`)
}

describe('templates', () => {
  test('XLSX and CSV templates carry the Chinese headers, and the XLSX explains every column', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/registry-imports/templates/assets?format=xlsx',
      headers: { cookie: regulator.cookie! },
    })
    expect(response.statusCode).toBe(200)
    expect(String(response.headers['content-disposition'])).toContain(encodeURIComponent('资产导入模板.xlsx'))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['资产', '填写说明'])
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER)
    const help = workbook.worksheets[1]!
    expect(String(help.getRow(5).getCell(3).value)).toMatch(/网段/)

    const csv = await regulator.get<string>('/api/v1/registry-imports/templates/organisations?format=csv')
    expect(String(csv.body).startsWith('\ufeff单位名称,简称,统一社会信用代码,单位类别')).toBe(true)
  })

  test('the downloaded template, filled in, imports', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/registry-imports/templates/assets?format=xlsx',
      headers: { cookie: regulator.cookie! },
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('资产')!
    sheet.getRow(2).values = [
      '市教育局',
      '',
      '网站/业务系统',
      'https://template.example.gov.cn/',
      '门户',
      '',
      '在用',
      '',
    ]
    sheet.getRow(3).values = ['', CODE, 'IP/网段', '192.0.2.64/26', '出口', '', '', '']
    const filled = Buffer.from(await workbook.xlsx.writeBuffer())
    const { job } = await upload(t, regulator, 'assets', '资产清单.xlsx', filled)
    expect(job.status, JSON.stringify(job.errors)).toBe('done')
    expect(job.insertedRows).toBe(2)
    expect(job.fileName).toBe('资产清单.xlsx')
  })
})

describe('asset imports', () => {
  test('a good file imports in one transaction, audited once, with history on each asset', async () => {
    const before = await assetCount()
    const file = await xlsxOf([
      HEADER,
      ['市教育局', '', '网站/业务系统', 'https://WWW.Good.example.gov.cn:443/', '门户网站', '', '在用', ''],
      ['市教育局', '', '域名', '*.good.example.gov.cn', '', '', '', ''],
      ['', CODE, 'IP/网段', '198.51.100.0/25', '出口地址', '', '', ''],
      ['市教育局信息中心', '', 'IP', '2001:db8:1::/48', '', '', '', ''],
      ['天宁区', '', 'ip', '203.0.113.5:8443', '', '443', '停用', '已下线'],
    ])
    const { status, job } = await upload(t, regulator, 'assets', 'good.xlsx', file)
    expect(status).toBe(202)
    expect(job).toMatchObject({
      status: 'done',
      insertedRows: 5,
      totalRows: 5,
      errorCount: 0,
      format: 'xlsx',
    })
    expect(job.progress?.phase).toBe('finished')
    expect(await assetCount()).toBe(before + 5)
    const found = await regulator.get<Page<Asset>>('/api/v1/assets?q=203.0.113.5')
    expect(found.body.items[0]).toMatchObject({
      canonical: '203.0.113.5',
      ports: [443, 8443],
      source: 'imported',
      status: 'retired',
    })
    const match = await t.services.assets.matchTarget('https://x.good.example.gov.cn/')
    expect(match?.kind).toBe('wildcard')
    const audit = await t.services.audit.list({ action: 'asset.imported', page: 1, pageSize: 10 })
    expect(audit.items.filter((e) => e.objectId === job.id)).toHaveLength(1)
    const history = await regulator.get<Page<{ action: string }>>(
      `/api/v1/assets/${found.body.items[0]!.id}/history`,
    )
    expect(history.body.items.map((e) => e.action)).toEqual(['asset.imported'])
  })

  test('every bad row and column is reported; nothing is written', async () => {
    const before = await assetCount()
    const rows: Cell[][] = [
      HEADER,
      ['市教育局', '', '网站/业务系统', 'https://ok.example.gov.cn', '', '', '', ''],
      ['市教育局', '', 'IP/网段', '203.0.113.300', '', '', '', ''],
      ['市教育局', '', 'IP/网段', '10.0.0.0/4', '', '', '', ''],
      ['市教育局', '', '服务器', 'srv.example.gov.cn', '', '', '', ''],
      ['不存在的单位', '', '域名', 'nobody.example.gov.cn', '', '', '', ''],
      [
        '',
        CODE.slice(0, 17) + (CODE.endsWith('0') ? '1' : '0'),
        '域名',
        'badcode.example.gov.cn',
        '',
        '',
        '',
        '',
      ],
      ['市教育局', '', '域名', 'ports.example.gov.cn', '', '80,99999', '', ''],
      ['市教育局', '', '网站/业务系统', 'HTTPS://OK.example.gov.cn:443/', '', '', '', ''],
      ['市教育局', '', '', '', '', '', '', ''],
      ['邻市教育局', '', '域名', 'neighbour.example.gov.cn', '', '', '', ''],
    ]
    rows[10] = ['市教育局', '', '域名', '', '', '', '', '']
    rows[11] = ['邻市教育局', '', '域名', 'neighbour.example.gov.cn', '', '', '', '']
    const { job } = await upload(t, regulator, 'assets', 'bad.xlsx', await xlsxOf(rows))
    expect(job.status).toBe('rejected')
    expect(problemsOf(job)).toEqual([
      '3|资产标识|ipv4',
      '4|资产标识|cidr_prefix',
      '5|资产类型|unknown_asset_type',
      '6|单位名称|unknown_organisation',
      '7|统一社会信用代码|check_character',
      '8|端口|port',
      '9|资产标识|duplicate_row',
      '10|资产类型|required',
      '10|资产标识|required',
      '11|资产标识|required',
      '12|单位名称|unknown_organisation',
    ])
    expect(job.errors[6]!.message).toMatch(/第 2 行/)
    expect(job.message).toMatch(/未导入任何数据/)
    expect(await assetCount()).toBe(before)
  })

  test('columns are found by header in any order; a title row above and empty rows are skipped', async () => {
    const file = await xlsxOf([
      ['2026 年互联网资产登记表'],
      [],
      ['资产标识', '备注', '资产类型', '所属单位'],
      ['order.example.gov.cn', '', '域名', '市教育局'],
      [],
      ['', '', '', ''],
      ['203.0.113.9', '机房出口', '出口地址', '天宁区'],
      ['bad ip', '', 'IP', '天宁区'],
    ])
    const { job } = await upload(t, regulator, 'assets', 'order.xlsx', file)
    expect(problemsOf(job)).toEqual(['8|资产标识|whitespace'])
    const fixed = await xlsxOf([
      ['2026 年互联网资产登记表'],
      [],
      ['资产标识', '备注', '资产类型', '所属单位'],
      ['order.example.gov.cn', '', '域名', '市教育局'],
      [],
      ['203.0.113.9', '机房出口', '出口地址', '天宁区'],
    ])
    const second = await upload(t, regulator, 'assets', 'order.xlsx', fixed)
    expect(second.job).toMatchObject({ status: 'done', insertedRows: 2 })
  })

  test('missing headers, duplicate headers and merged cells are refused', async () => {
    const missing = await upload(
      t,
      regulator,
      'assets',
      'missing.xlsx',
      await xlsxOf([
        ['单位名称', '资产类型', '资产名称'],
        ['市教育局', '域名', 'x'],
      ]),
    )
    expect(problemsOf(missing.job)).toEqual(['1|资产标识|missing_column'])
    const noOrg = await upload(
      t,
      regulator,
      'assets',
      'noorg.xlsx',
      await xlsxOf([
        ['资产类型', '资产标识'],
        ['域名', 'x.example.gov.cn'],
      ]),
    )
    expect(problemsOf(noOrg.job)).toEqual(['1|单位名称|missing_column'])
    const twice = await upload(
      t,
      regulator,
      'assets',
      'twice.xlsx',
      await xlsxOf([
        ['单位名称', '资产类型', '资产标识', '网址'],
        ['市教育局', '域名', 'a.example.gov.cn', 'b'],
      ]),
    )
    expect(problemsOf(twice.job)).toEqual(['1|网址|duplicate_header'])
    const noHeader = await upload(
      t,
      regulator,
      'assets',
      'none.xlsx',
      await xlsxOf([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    )
    expect(problemsOf(noHeader.job)).toEqual(['null|null|no_header'])
    const merged = await upload(
      t,
      regulator,
      'assets',
      'merged.xlsx',
      await xlsxOf(
        [
          ['单位名称', '资产类型', '资产标识'],
          ['市教育局', '域名', 'm1.example.gov.cn'],
          [null, '域名', 'm2.example.gov.cn'],
          [null, '域名', 'm3.example.gov.cn'],
        ],
        { merges: ['A2:A4'] },
      ),
    )
    expect(problemsOf(merged.job)).toContain('2|单位名称|merged_cells')
    expect(merged.job.errors.find((e) => e.code === 'merged_cells')!.message).toMatch(/A2:A4/)
  })

  test('assets already registered, and rows the liaison may not touch, are refused', async () => {
    const file = await xlsxOf([
      HEADER,
      ['市教育局', '', '网站/业务系统', 'http://www.good.example.gov.cn', '', '', '', ''],
    ])
    const { job } = await upload(t, regulator, 'assets', 'dup.xlsx', file)
    expect(problemsOf(job)).toEqual(['2|资产标识|already_registered'])

    const mine = await upload(
      t,
      liaison,
      'assets',
      'mine.xlsx',
      await xlsxOf([HEADER, ['市教育局信息中心', '', '域名', 'liaison.example.gov.cn', '', '', '', '']]),
    )
    expect(mine.job.status).toBe('done')
    const theirs = await upload(
      t,
      liaison,
      'assets',
      'theirs.xlsx',
      await xlsxOf([HEADER, ['天宁区', '', '域名', 'intrude.example.gov.cn', '', '', '', '']]),
    )
    expect(problemsOf(theirs.job)).toEqual(['2|单位名称|unknown_organisation'])
    const organisations = await upload(
      t,
      liaison,
      'organisations',
      'orgs.xlsx',
      await xlsxOf([
        ['单位名称', '单位类别'],
        ['新单位', '其他'],
      ]),
    )
    expect(organisations.status).toBe(403)
    // Someone else's import is not found.
    expect((await regulator.get(`/api/v1/registry-imports/${mine.job.id}`)).status).toBe(404)
    const own = await liaison.get<Page<TImportJob>>('/api/v1/registry-imports')
    expect(own.body.items.map((j) => j.id)).toContain(mine.job.id)
  })

  test('a credit code Excel stored as a number is refused: its last digits are gone', async () => {
    const file = await xlsxOf([
      HEADER,
      ['', 913204001234567900, '域名', 'num.example.gov.cn', '', '', '', ''],
    ])
    const { job } = await upload(t, regulator, 'assets', 'number.xlsx', file)
    expect(problemsOf(job)).toEqual(['2|统一社会信用代码|number_precision'])
  })
})

describe('files that are not what they say', () => {
  test('50 MB of garbage named .xlsx is refused at once, without reading it', async () => {
    const garbage = randomBytes(50 * 1024 * 1024)
    const started = performance.now()
    const { job } = await upload(t, regulator, 'assets', 'garbage.xlsx', garbage)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(job.status).toBe('rejected')
    expect(job.errors[0]!.code).toBe('not_xlsx')
    expect(job.message).toMatch(/不是 Excel 工作簿/)
  })

  test('a ZIP that is not a workbook, a text file named .xlsx, an old .xls, a binary named .csv', async () => {
    const zip = Buffer.from('504b0506000000000000000000000000000000000000', 'hex')
    expect((await upload(t, regulator, 'assets', 'archive.xlsx', zip)).job.errors[0]!.code).toMatch(
      /not_xlsx|broken_xlsx/,
    )
    const text = (await upload(t, regulator, 'assets', 'text.xlsx', Buffer.from('单位名称,资产类型\n'))).job
    expect(text.errors[0]!.code).toBe('not_xlsx')
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)])
    const old = (await upload(t, regulator, 'assets', 'old.xlsx', xls)).job
    expect(old.errors[0]!.message).toMatch(/97-2003/)
    expect((await upload(t, regulator, 'assets', 'old.xls', xls)).job.errors[0]!.code).toBe(
      'unsupported_type',
    )
    const binary = (await upload(t, regulator, 'assets', 'data.csv', randomBytes(4096))).job
    expect(binary.errors[0]!.code).toBe('not_csv')
    const xlsxAsCsv = (await upload(t, regulator, 'assets', 'book.csv', await xlsxOf([HEADER]))).job
    expect(xlsxAsCsv.errors[0]!.code).toBe('not_csv')
    const pdf = (await upload(t, regulator, 'assets', 'scan.pdf', Buffer.from('%PDF-1.7'))).job
    expect(pdf.errors[0]!.code).toBe('unsupported_type')
    const empty = (await upload(t, regulator, 'assets', 'empty.csv', Buffer.alloc(0))).job
    expect(empty.errors[0]!.code).toBe('empty_file')
  })

  test('a truncated XLSX is refused with a message, not a crash', async () => {
    const good = await xlsxOf([HEADER, ['市教育局', '', '域名', 'trunc.example.gov.cn', '', '', '', '']])
    const { job } = await upload(
      t,
      regulator,
      'assets',
      'cut.xlsx',
      good.subarray(0, Math.floor(good.length / 2)),
    )
    expect(job.status).toBe('rejected')
    expect(job.errors[0]!.code).toBe('broken_xlsx')
  })
})

describe('CSV', () => {
  test('a CSV in GBK (as Excel in China saves it) imports', async () => {
    const text = `${HEADER.join(',')}\r\n市教育局,,域名,gbk.example.gov.cn,国标编码,,在用,备注：中文\r\n天宁区,,网站/业务系统,http://gbk-tn.example.gov.cn/,,,,\r\n`
    const { job } = await upload(t, regulator, 'assets', 'gbk.csv', await gbk(text))
    expect(job).toMatchObject({ status: 'done', insertedRows: 2, encoding: 'gb18030', format: 'csv' })
    const found = await regulator.get<Page<Asset & { name: string; notes: string }>>(
      '/api/v1/assets?q=gbk.example.gov.cn',
    )
    expect(found.body.items[0]).toMatchObject({ name: '国标编码', notes: '备注：中文' })
  })

  test('UTF-8 with BOM, semicolons, quoted cells; row numbers count records as Excel shows them', async () => {
    const text = `\ufeff单位名称;资产类型;资产标识;备注\r\n市教育局;域名;semi.example.gov.cn;"两行\n备注"\r\n市教育局;域名;bad..example.gov.cn;\r\n`
    const { job } = await upload(t, regulator, 'assets', 'semi.csv', Buffer.from(text, 'utf8'))
    expect(job.encoding).toBe('utf-8')
    expect(problemsOf(job)).toEqual(['3|资产标识|domain_label'])
  })

  test('a cell our export neutralised (leading quote) imports as what it was', async () => {
    const text = `${HEADER.join(',')}\r\n市教育局,,其他,quoted-asset,"'=SUM(1,2)",,,\r\n`
    const { job } = await upload(t, regulator, 'assets', 'quoted.csv', Buffer.from(text, 'utf8'))
    expect(job.status).toBe('done')
    const found = await regulator.get<Page<Asset & { name: string }>>('/api/v1/assets?q=quoted-asset')
    expect(found.body.items[0]!.name).toBe('=SUM(1,2)')
    const exported = await regulator.get<string>('/api/v1/assets/export?format=csv&q=quoted-asset')
    expect(String(exported.body)).toContain(`"'=SUM(1,2)"`)
  })

  test('a broken CSV (unclosed quote) is refused with the row', async () => {
    const text = `${HEADER.join(',')}\r\n市教育局,,域名,"unclosed.example.gov.cn,,,,\r\n`
    const { job } = await upload(t, regulator, 'assets', 'broken.csv', Buffer.from(text, 'utf8'))
    expect(job.status).toBe('rejected')
    expect(job.errors[0]!.code).toBe('broken_csv')
  })

  test('an exported file imports again: every column is recognised (here all rows are already registered)', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/assets/export?format=xlsx&organisationId=${t.basics.orgB.id}`,
      headers: { cookie: regulator.cookie! },
    })
    const { job } = await upload(t, regulator, 'assets', 'export.xlsx', response.rawPayload)
    expect(job.status).toBe('rejected')
    expect(new Set(job.errors.map((e) => e.code))).toEqual(new Set(['already_registered']))
    expect(job.message).not.toMatch(/忽略/)
  })
})

describe('organisation imports', () => {
  const ORG_HEADER = [
    '单位名称',
    '统一社会信用代码',
    '单位类别',
    '上级单位',
    '所属行政区划',
    '联络员姓名',
    '联络员手机',
    '联络员邮箱',
    '行业主管监管部门',
  ]

  test('subordinate units may come before their parent; regions by name or code; contacts created', async () => {
    const parentCode = makeCreditCode('12329900MB0000010')
    const file = await xlsxOf(
      [
        ORG_HEADER,
        ['导入下属中心', '', '党政机关', '导入上级局', '', '吴一', '13600000001', 'wu@example.gov.cn', '否'],
        [
          '导入上级局',
          parentCode,
          '市级党政机关及其管理单位',
          '',
          '测试市',
          '郑二',
          '+86 136 0000 0002',
          '',
          '是',
        ],
        ['导入区单位', '', '辖市区', '', '329901', '', '', '', ''],
        ['导入孙单位', '', '其他', parentCode, '', '', '', '', ''],
      ],
      { sheetName: '单位' },
    )
    const { job } = await upload(t, regulator, 'organisations', 'orgs.xlsx', file)
    expect(job.status, JSON.stringify(job.errors)).toBe('done')
    expect(job.insertedRows).toBe(4)
    const tree = await regulator.get<{ id: string; name: string; parentId: string | null; depth: number }[]>(
      '/api/v1/organisations/tree',
    )
    const parent = tree.body.find((n) => n.name === '导入上级局')!
    expect(
      tree.body
        .filter((n) => n.parentId === parent.id)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['导入下属中心', '导入孙单位'])
    const district = tree.body.find((n) => n.name === '导入区单位')!
    const detail = await regulator.get<{
      regionId: string
      contacts: { mobile: string }[]
      isIndustryRegulator: boolean
    }>(`/api/v1/organisations/${parent.id}`)
    expect(detail.body.contacts[0]!.mobile).toBe('13600000002')
    expect(detail.body.isIndustryRegulator).toBe(true)
    expect(
      (await regulator.get<{ regionId: string }>(`/api/v1/organisations/${district.id}`)).body.regionId,
    ).toBe(t.basics.districtA.id)
    const parentLiaison = await t.as('org_liaison', { organisationId: parent.id })
    const child = tree.body.find((n) => n.name === '导入下属中心')!
    expect((await parentLiaison.get(`/api/v1/organisations/${child.id}`)).status).toBe(200)
    const history = await regulator.get<{ items: { action: string }[] }>(
      `/api/v1/organisations/${child.id}/history`,
    )
    expect(history.body.items.map((e) => e.action)).toEqual(['organisation.imported'])
  })

  test('invalid codes and mobiles, unknown categories and regions, cycles and duplicates are reported per cell', async () => {
    const file = await xlsxOf([
      ORG_HEADER,
      ['坏代码单位', '91320400MA1XXXXX0', '其他', '', '', '', '', '', ''],
      ['坏手机单位', '', '其他', '', '', '孙三', '1380000000', '', ''],
      ['无手机单位', '', '其他', '', '', '孙三', '', '', ''],
      ['怪类别单位', '', '外星单位', '', '', '', '', '', ''],
      ['邻市单位', '', '其他', '', '邻市', '', '', '', ''],
      ['甲单位', '', '其他', '乙单位', '', '', '', '', ''],
      ['乙单位', '', '其他', '甲单位', '', '', '', '', ''],
      ['市教育局', '', '其他', '', '', '', '', '', ''],
      ['重复单位', '', '其他', '', '', '', '', '', ''],
      ['重复单位', '', '其他', '', '', '', '', '', ''],
      ['布尔单位', '', '其他', '', '', '', '', '', '也许'],
    ])
    const { job } = await upload(t, regulator, 'organisations', 'bad-orgs.xlsx', file)
    expect(job.status).toBe('rejected')
    expect(problemsOf(job)).toEqual([
      '2|统一社会信用代码|length',
      '3|联络员手机|length',
      '4|联络员手机|required',
      '5|单位类别|category',
      '12|行业主管监管部门|yes_no',
      '6|所属行政区划|unknown_region',
      '9|单位名称|already_registered',
      '11|单位名称|duplicate_row',
      '7|上级单位|cycle',
      '8|上级单位|cycle',
    ])
  })
})
