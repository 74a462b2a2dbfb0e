// Test helpers: spreadsheets built in memory, multipart uploads through the HTTP app, waiting for an import.
import ExcelJS from 'exceljs'
import type { TestClient, TestPlatform } from '../../testing/test-platform'
import type { TImportJob } from './registry-import.schemas'

export type Cell = string | number | boolean | null

/** An XLSX workbook with one sheet of rows (row 1 first), optional merged ranges and extra sheets before it. */
export async function xlsxOf(
  rows: readonly (readonly Cell[])[],
  options: { merges?: string[]; sheetName?: string; before?: { name: string; rows: Cell[][] }[] } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  for (const extra of options.before ?? []) {
    const sheet = workbook.addWorksheet(extra.name)
    for (const row of extra.rows) sheet.addRow(row)
  }
  const sheet = workbook.addWorksheet(options.sheetName ?? '资产')
  rows.forEach((row, i) => {
    const r = sheet.getRow(i + 1)
    row.forEach((value, c) => {
      if (value !== null) r.getCell(c + 1).value = value
    })
    r.commit()
  })
  for (const range of options.merges ?? []) sheet.mergeCells(range)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export function multipart(fileName: string, content: Buffer): { payload: Buffer; contentType: string } {
  const boundary = `----wangan${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    'utf8',
  )
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/** Uploads a file as the client, waits for the import to finish in this process, returns the job (and the status). */
export async function upload(
  t: TestPlatform,
  client: TestClient,
  kind: 'organisations' | 'assets',
  fileName: string,
  content: Buffer,
  query = '',
): Promise<{ status: number; job: TImportJob; body: unknown }> {
  const { payload, contentType } = multipart(fileName, content)
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/registry-imports/${kind}${query}`,
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken!, 'content-type': contentType },
    payload,
  })
  const body = JSON.parse(response.body) as TImportJob
  if (response.statusCode !== 202) return { status: response.statusCode, job: body, body }
  await t.services.registryImport.settled(body.id)
  const job = await client.get<TImportJob>(`/api/v1/registry-imports/${body.id}`)
  return { status: response.statusCode, job: job.body, body }
}

/** GB18030 (GBK) bytes of a text, as Excel in China saves a CSV. */
export async function gbk(text: string): Promise<Buffer> {
  const iconv = (await import('iconv-lite')).default
  return iconv.encode(text, 'gb18030')
}
