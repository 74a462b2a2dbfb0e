// From raw table rows to named cells: finds the header row, maps columns by header (any order), skips empty rows,
// refuses merged cells and duplicate or missing headers, and collects every problem with the row number and the
// Chinese column header the user sees.
import type { CellText } from './spreadsheet-cells'
import { unneutraliseCell } from './spreadsheet-cells'
import {
  columnLetter,
  knownHeaderCount,
  mapHeader,
  parseRange,
  type ColumnSpec,
  type HeaderMapping,
} from './table-columns'
import type { SheetRow, TableSource } from './table-reader'

export type ImportProblem = {
  /** Row number as Excel shows it; null for problems of the whole file. */
  row: number | null
  /** The column's Chinese header; null for problems of a whole row or file. */
  column: string | null
  value: string | null
  message: string
  code: string
}

export const MAX_REPORTED_PROBLEMS = 1_000

/** Keeps the first problems for the report and counts all of them. */
export class ProblemList {
  readonly items: ImportProblem[] = []
  count = 0
  add(problem: ImportProblem): void {
    this.count++
    if (this.items.length < MAX_REPORTED_PROBLEMS) this.items.push(problem)
  }
  get any(): boolean {
    return this.count > 0
  }
}

export type RowValues = {
  rowNumber: number
  /** Trimmed text of the column (empty when absent), with our export's formula quote removed. */
  text(key: string): string
  cell(key: string): CellText
  has(key: string): boolean
}

/** The column header for a key, as written in the file (or as in the template when the column is absent). */
export type HeaderOf = (key: string) => string

export type ReadOptions = {
  columns: readonly ColumnSpec[]
  /** Groups of keys of which at least one column must be present (e.g. 单位名称 or 统一社会信用代码). */
  anyOf?: readonly (readonly string[])[]
  maxRows: number
  problems: ProblemList
  /** May return a promise (a batch to write): reading waits for it. */
  onRow(row: RowValues, headerOf: HeaderOf): void | Promise<void>
  onRowRead?(rowNumber: number, sheetRows: number | null): void
}

export type ReadOutcome = {
  dataRows: number
  unknownHeaders: string[]
  headerRow: number | null
  sheetName: string | null
}

const HEADER_SEARCH_ROWS = 20
const EMPTY_CELL: CellText = { text: '' }

function isEmpty(row: SheetRow): boolean {
  return row.cells.every((c) => c.text.trim() === '')
}

export async function readSheetRows(source: TableSource, options: ReadOptions): Promise<ReadOutcome> {
  const { columns, problems } = options
  const specs = new Map(columns.map((c) => [c.key, c]))
  let mapping: HeaderMapping | null = null
  let headerSheet = -1
  let headerRow: number | null = null
  let sheetName: string | null = null
  let headerCells: CellText[] = []
  let dataRows = 0
  let stopped = false
  let seenInSheet = 0
  let currentSheet = -1
  const headerOf: HeaderOf = (key) => {
    const index = mapping?.byKey.get(key)
    const written = index !== undefined ? headerCells[index]?.text.trim() : undefined
    return written || specs.get(key)?.header || key
  }

  for await (const row of source.rows()) {
    if (stopped) continue
    if (row.sheet !== currentSheet) {
      currentSheet = row.sheet
      seenInSheet = 0
    }
    seenInSheet++
    if (!mapping) {
      if (seenInSheet > HEADER_SEARCH_ROWS || isEmpty(row)) continue
      if (knownHeaderCount(row.cells, columns) < 2) continue
      mapping = mapHeader(row.cells, columns)
      headerSheet = row.sheet
      headerRow = row.rowNumber
      sheetName = row.sheetName
      headerCells = row.cells
      for (const duplicate of mapping.duplicates)
        problems.add({
          row: row.rowNumber,
          column: duplicate,
          value: duplicate,
          message: `表头“${duplicate}”重复出现，无法确定使用哪一列 (duplicate column header)`,
          code: 'duplicate_header',
        })
      for (const column of columns)
        if (column.required && !mapping.byKey.has(column.key))
          problems.add({
            row: row.rowNumber,
            column: column.header,
            value: null,
            message: `缺少必填列“${column.header}” (missing required column)`,
            code: 'missing_column',
          })
      for (const group of options.anyOf ?? [])
        if (!group.some((key) => mapping!.byKey.has(key))) {
          const names = group.map((k) => specs.get(k)?.header ?? k)
          problems.add({
            row: row.rowNumber,
            column: names[0] ?? null,
            value: null,
            message: `缺少列：${names.join('、')} 至少需要一列 (one of these columns is required: ${names.join(', ')})`,
            code: 'missing_column',
          })
        }
      // Without its columns no row can be judged: report the header and stop.
      if (problems.any) stopped = true
      continue
    }
    if (row.sheet !== headerSheet) continue
    options.onRowRead?.(row.rowNumber, source.declaredRows(row.sheet))
    if (isEmpty(row)) continue
    dataRows++
    if (dataRows > options.maxRows) {
      problems.add({
        row: row.rowNumber,
        column: null,
        value: null,
        message: `数据超过 ${options.maxRows} 行，请拆分为多个文件导入 (more than ${options.maxRows} rows; split the file)`,
        code: 'too_many_rows',
      })
      stopped = true
      continue
    }
    const current = mapping
    const pending = options.onRow(
      {
        rowNumber: row.rowNumber,
        cell: (key) => {
          const index = current.byKey.get(key)
          return index === undefined ? EMPTY_CELL : (row.cells[index] ?? EMPTY_CELL)
        },
        text: (key) => {
          const index = current.byKey.get(key)
          const cell = index === undefined ? undefined : row.cells[index]
          return cell ? unneutraliseCell(cell.text.trim()) : ''
        },
        has: (key) => current.byKey.has(key),
      },
      headerOf,
    )
    if (pending) await pending
  }

  if (!mapping) {
    const expected = columns
      .filter((c) => c.required)
      .map((c) => c.header)
      .join('、')
    problems.add({
      row: null,
      column: null,
      value: null,
      message: `找不到表头行：前 ${HEADER_SEARCH_ROWS} 行中没有“${expected}”等列名；请使用平台提供的模板 (no header row found)`,
      code: 'no_header',
    })
    return { dataRows: 0, unknownHeaders: [], headerRow: null, sheetName: null }
  }

  // Merged cells leave every cell but the first empty: the rows below would silently lose their values.
  for (const ref of await source.merges(headerSheet)) {
    const range = parseRange(ref)
    if (!range || range.bottom < (headerRow ?? 1)) continue
    const key = mapping.byIndex.get(range.left)
    problems.add({
      row: range.top,
      column: key ? headerOf(key) : columnLetter(range.left),
      value: ref,
      message: `单元格 ${ref} 为合并单元格，请取消合并并在每一行填写完整 (merged cells ${ref}: unmerge and fill every row)`,
      code: 'merged_cells',
    })
  }
  return { dataRows, unknownHeaders: mapping.unknown, headerRow, sheetName }
}
