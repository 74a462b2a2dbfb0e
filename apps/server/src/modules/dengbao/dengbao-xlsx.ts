// Spreadsheet cells for the classified-protection import and export: reading a small workbook (headers mapped by name,
// not position), writing one with formula-looking text neutralised. Kept here until the registry's import helpers
// settle; then the two can share one reader.
import ExcelJS from 'exceljs'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024
export const MAX_IMPORT_ROWS = 5_000

export class WorkbookRefused extends Error {}

export type ImportRow = { rowNumber: number; cells: Map<string, string> }

// = + - @ start a formula in Excel and its kin; a leading tab or CR can hide one (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

function unneutralise(value: string): string {
  return value.length > 1 && value.startsWith("'") && FORMULA_START.test(value.slice(1))
    ? value.slice(1)
    : value
}

/** Plain text of whatever exceljs holds in a cell: text, number, date, rich text, hyperlink, formula result. */
export function cellString(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return unneutralise(value.trim())
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText
        .map((part) => part.text)
        .join('')
        .trim()
    if ('text' in value && typeof value.text === 'string') return value.text.trim()
    if ('result' in value) return cellString((value.result ?? null) as ExcelJS.CellValue)
    if ('error' in value) return ''
  }
  return ''
}

/**
 * The rows of the first worksheet as header → text. Refuses what is not an XLSX workbook before parsing it, and a
 * sheet without the required headers. Row numbers are Excel's; empty rows are skipped.
 */
export async function readWorkbookRows(
  bytes: Buffer,
  headers: { known: readonly string[]; required: readonly string[] },
): Promise<ImportRow[]> {
  if (bytes.length === 0) throw new WorkbookRefused('文件为空 (the file is empty)')
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new WorkbookRefused(`文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB (the file is too large)`)
  if (bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004')
    throw new WorkbookRefused('文件不是 Excel 工作簿 (.xlsx) (the file is not an XLSX workbook)')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new WorkbookRefused('无法读取工作簿，文件可能已损坏 (cannot read the workbook; it may be damaged)')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new WorkbookRefused('工作簿中没有工作表 (the workbook has no worksheet)')
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1)
    throw new WorkbookRefused(`一次最多导入 ${MAX_IMPORT_ROWS} 行 (at most ${MAX_IMPORT_ROWS} rows per file)`)

  const headerRow = sheet.getRow(1)
  const columns = new Map<number, string>()
  const seen = new Set<string>()
  headerRow.eachCell({ includeEmpty: false }, (cell, column) => {
    const header = cellString(cell.value).replace(/[*＊\s]/g, '')
    if (!headers.known.includes(header)) return
    if (seen.has(header)) throw new WorkbookRefused(`表头“${header}”出现了两次 (duplicate header)`)
    seen.add(header)
    columns.set(column, header)
  })
  const missing = headers.required.filter((h) => !seen.has(h))
  if (missing.length)
    throw new WorkbookRefused(`缺少表头：${missing.join('、')} (missing headers: ${missing.join(', ')})`)

  const rows: ImportRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return
    const cells = new Map<string, string>()
    for (const [column, header] of columns) {
      const text = cellString(row.getCell(column).value)
      if (text) cells.set(header, text)
    }
    if (cells.size > 0) rows.push({ rowNumber, cells })
  })
  return rows
}

/** A workbook of one sheet: bold header row, frozen, each column sized to its header. */
export async function writeWorkbook(
  sheetName: string,
  headers: readonly { header: string; width?: number; note?: string }[],
  rows: readonly (readonly (string | number | null)[])[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Wangan 网安'
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = headers.map((h) => ({
    header: h.header,
    width: h.width ?? Math.max(12, h.header.length * 2 + 4),
  }))
  const head = sheet.getRow(1)
  head.font = { bold: true }
  headers.forEach((h, i) => {
    if (h.note) head.getCell(i + 1).note = h.note
  })
  for (const row of rows)
    sheet.addRow(row.map((value) => (typeof value === 'string' ? neutraliseCell(value) : (value ?? ''))))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
