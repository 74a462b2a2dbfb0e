// `wangan import organisations|assets <file>` on a real database: progress on stderr, the job as one JSON line on
// stdout, exit 0 when imported, 2 with the first problems (row and column) on stderr when refused.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeCreditCode } from '@wangan/rules/registry'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { xlsxOf } from '@wangan/server/modules/registry-import/import-fixtures'
import { createCliDatabase, type CliDatabase } from './cli-database'

let db: CliDatabase
let folder: string
const CODE = makeCreditCode('11329900MB0000077')

beforeAll(async () => {
  db = await createCliDatabase()
  folder = mkdtempSync(join(tmpdir(), 'wangan-import-cli-'))
  const id = randomUUID()
  await db.sql(
    `INSERT INTO regions (id, name, code, level, path) VALUES ('${id}', '测试市', '329900', 'city', '/${id}/')`,
  )
})
afterAll(async () => {
  await db?.drop()
  rmSync(folder, { recursive: true, force: true })
})

type Job = {
  status: string
  insertedRows: number
  errorCount: number
  errors: { row: number; column: string; code: string }[]
}

describe('wangan import', { timeout: 180_000 }, () => {
  test('organisations from a GBK CSV, with a progress line and the job on stdout', () => {
    const csv = iconv.encode(
      `单位名称,单位类别,统一社会信用代码,联络员姓名,联络员手机\r\n市命令行局,市级党政机关及其管理单位,${CODE},周一,13900000001\r\n命令行中心,其他,,,\r\n`,
      'gb18030',
    )
    const file = join(folder, 'orgs.csv')
    writeFileSync(file, csv)
    const result = db.cli(['import', 'organisations', file, '--region', '329900'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/导入进度 progress: 100%/)
    const job = JSON.parse(result.stdout) as Job & { encoding: string }
    expect(job).toMatchObject({ status: 'done', insertedRows: 2, encoding: 'gb18030' })
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
  })

  test('a file with problems is refused with row and column, nothing written; the fixed file imports', async () => {
    const bad = join(folder, 'assets-bad.xlsx')
    writeFileSync(
      bad,
      await xlsxOf([
        ['统一社会信用代码', '资产类型', '资产标识'],
        [CODE, '网站/业务系统', 'https://www.cli.example.gov.cn/'],
        [CODE, 'IP/网段', '192.0.2.0/33'],
      ]),
    )
    const refused = db.cli(['import', 'assets', bad])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/nothing imported: 1 problems\) — row 3, column 资产标识: /)
    const job = JSON.parse(refused.stdout) as Job
    expect(job.errors).toEqual([expect.objectContaining({ row: 3, column: '资产标识' })])
    expect((await db.sql('SELECT count(*)::int AS n FROM assets'))[0]?.n).toBe(0)

    const good = join(folder, 'assets.xlsx')
    writeFileSync(
      good,
      await xlsxOf([
        ['统一社会信用代码', '资产类型', '资产标识'],
        [CODE, '网站/业务系统', 'https://www.cli.example.gov.cn/'],
        [CODE, 'IP/网段', '192.0.2.0/28'],
      ]),
    )
    const imported = db.cli(['import', 'assets', good])
    expect(imported.status, imported.stderr).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: 'done', insertedRows: 2 })
    expect((await db.sql('SELECT count(*)::int AS n FROM assets'))[0]?.n).toBe(2)
  })

  test('bad invocations say what is wrong in one line', () => {
    const usage = db.cli(['import', 'people', 'x.xlsx'])
    expect(usage.status).toBe(2)
    expect(usage.stderr.trim().split('\n')).toHaveLength(1)
    const missing = db.cli(['import', 'assets', join(folder, 'missing.xlsx')])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/cannot read/)
    const region = db.cli(['import', 'organisations', join(folder, 'orgs.csv'), '--region', '999999'])
    expect(region.status).toBe(2)
    expect(region.stderr).toMatch(/--region/)
    const garbage = join(folder, 'garbage.xlsx')
    writeFileSync(garbage, Buffer.alloc(4096, 7))
    const refused = db.cli(['import', 'assets', garbage])
    expect(refused.status).toBe(2)
    expect(refused.stderr).not.toMatch(/\n\s+at /)
    expect(refused.stderr).toMatch(/不是 Excel 工作簿/)
  })
})
