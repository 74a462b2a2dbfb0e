// Writing the registry's tables: exports of any filtered list (streamed, bounded memory) and the downloadable
// templates. Every text cell is neutralised against formula injection.
import { PassThrough, type Writable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import { neutraliseCell } from './spreadsheet-cells'
import { columnLetter, type ColumnSpec } from './table-columns'

export type TableFormat = 'xlsx' | 'csv'
export type TableRow = Record<string, string | number | null | undefined>

export const CONTENT_TYPES: Record<TableFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
}

/** RFC 6266 header with a Chinese file name (and an ASCII fallback for old clients). */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

function cellValue(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return value
  return neutraliseCell(value)
}

async function writeXlsx(
  sheetName: string,
  columns: readonly ColumnSpec[],
  rows: AsyncIterable<TableRow>,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  })
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: c.width ?? 16,
    style: c.text ? { numFmt: '@' } : {},
  }))
  const header = sheet.addRow(columns.map((c) => c.header))
  header.font = { bold: true }
  header.commit()
  for await (const row of rows) sheet.addRow(columns.map((c) => cellValue(row[c.key]))).commit()
  sheet.commit()
  await workbook.commit()
}

async function writeCsv(
  columns: readonly ColumnSpec[],
  rows: AsyncIterable<TableRow>,
  out: Writable,
): Promise<void> {
  // A BOM so that Excel opens the UTF-8 file with the right encoding.
  out.write('\ufeff')
  const csv = stringify({ record_delimiter: '\r\n' })
  csv.pipe(out)
  const write = (record: (string | number)[]) =>
    csv.write(record) ? Promise.resolve() : new Promise<void>((resolve) => csv.once('drain', () => resolve()))
  await write(columns.map((c) => c.header))
  for await (const row of rows) await write(columns.map((c) => cellValue(row[c.key])))
  await new Promise<void>((resolve, reject) => {
    csv.once('error', reject)
    out.once('finish', resolve)
    csv.end()
  })
}

/** A readable stream of the table in the format; errors end the stream (the response is already under way). */
export function tableStream(
  format: TableFormat,
  sheetName: string,
  columns: readonly ColumnSpec[],
  rows: AsyncIterable<TableRow>,
): PassThrough {
  const out = new PassThrough()
  const done = format === 'xlsx' ? writeXlsx(sheetName, columns, rows, out) : writeCsv(columns, rows, out)
  done.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return out
}

/** The downloadable template: headers (required ones marked), drop-down lists, text-formatted code columns, and a
 * second sheet that explains every column with an example. */
export async function templateBuffer(
  format: TableFormat,
  sheetName: string,
  columns: readonly ColumnSpec[],
): Promise<Buffer> {
  const importable = columns.filter((c) => c.importable !== false)
  if (format === 'csv') {
    const line = importable.map((c) =>
      /[",\n]/.test(c.header) ? `"${c.header.replace(/"/g, '""')}"` : c.header,
    )
    return Buffer.from(`\ufeff${line.join(',')}\r\n`, 'utf8')
  }
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Wangan 网安'
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = importable.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? 16,
    style: c.text ? { numFmt: '@' } : {},
  }))
  const header = sheet.getRow(1)
  header.font = { bold: true }
  importable.forEach((c, i) => {
    const cell = header.getCell(i + 1)
    cell.note = `${c.required ? '【必填】' : ''}${c.help}`
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } }
    if (c.choices?.length) {
      const letter = columnLetter(i)
      // exceljs supports range validations at run time; its typings lack `dataValidations`.
      const validations = (
        sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
      ).dataValidations
      validations.add(`${letter}2:${letter}100000`, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `请从列表中选择：${c.choices.join('、')}`,
      })
    }
  })
  const help = workbook.addWorksheet('填写说明')
  help.columns = [
    { header: '列名', key: 'header', width: 20 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'help', width: 80 },
    { header: '示例', key: 'example', width: 30 },
  ]
  help.getRow(1).font = { bold: true }
  for (const c of importable)
    help.addRow({
      header: c.header,
      required: c.required ? '必填' : '',
      help: c.help,
      example: c.example ?? '',
    })
  help.addRow({})
  help.addRow({
    header: '注意',
    help: '按列名识别各列，列的顺序可以调整；空行会被跳过；请勿合并单元格；任何一行有错误时整个文件都不会导入，请按错误报告修改后重新上传。',
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
