// Rows of an uploaded table, one at a time, whatever the format: XLSX through exceljs' streaming reader, CSV through
// csv-parse after the encoding is settled (UTF-8, UTF-16 with a BOM, or GB18030/GBK — what Excel in China writes).
// Row numbers are the ones the user sees in Excel.
import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { parse as parseCsv } from 'csv-parse'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { FileRefused, MAX_SHEET_XML_BYTES, type InspectedFile } from './import-file'
import { cellText, type CellText } from './spreadsheet-cells'
import { scanWorksheet, type SheetScan } from './zip-directory'

export type SheetRow = { sheet: number; sheetName: string; rowNumber: number; cells: CellText[] }

export type TableEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

export type TableSource = {
  format: 'xlsx' | 'csv'
  encoding: TableEncoding | null
  rows(): AsyncGenerator<SheetRow>
  /** Merged ranges of a sheet (XLSX only), once the sheet has been scanned. */
  merges(sheet: number): Promise<string[]>
  /** Rows the sheet declares (XLSX dimension), for progress; null when unknown. */
  declaredRows(sheet: number): number | null
}

export type ReadProgress = (bytesRead: number) => void

/** Counts the bytes the parser has consumed, for a progress bar that moves while a large file is read. */
function counting(onBytes: ReadProgress | undefined): Transform {
  let total = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length
      onBytes?.(total)
      done(null, chunk)
    },
  })
}

const SHEET_ENTRY = /xl\/worksheets\/sheet\d+[.]xml/

export async function openTable(file: InspectedFile, onBytes?: ReadProgress): Promise<TableSource> {
  if (file.format === 'xlsx') return openXlsx(file, onBytes)
  return openCsv(file.path, onBytes)
}

async function openXlsx(
  file: Extract<InspectedFile, { format: 'xlsx' }>,
  onBytes?: ReadProgress,
): Promise<TableSource> {
  // exceljs emits worksheets in the order of their ZIP entries; scan the same entries for merges and dimensions. The
  // scans inflate on libuv's thread pool while exceljs parses, so they cost little wall time.
  const sheetEntries = file.entries.filter((e) => SHEET_ENTRY.test(e.name))
  const scans = sheetEntries.map((entry) => {
    const scan: SheetScan = { merges: [], lastRow: null }
    const done = scanWorksheet(file.path, entry, MAX_SHEET_XML_BYTES, scan).catch((error: unknown) => {
      throw new FileRefused(
        `无法读取工作表 ${entry.name}：${error instanceof Error ? error.message : String(error)} (cannot read the worksheet)`,
        'broken_xlsx',
      )
    })
    // Observed in merges(); a failure before then must not count as unhandled.
    done.catch(() => undefined)
    return { scan, done }
  })
  return {
    format: 'xlsx',
    encoding: null,
    merges: async (sheet) => {
      const s = scans[sheet]
      if (!s) return []
      await s.done
      return s.scan.merges
    },
    declaredRows: (sheet) => scans[sheet]?.scan.lastRow ?? null,
    async *rows() {
      const input = createReadStream(file.path).pipe(counting(onBytes))
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        entries: 'ignore',
      })
      let sheet = -1
      try {
        for await (const worksheet of reader) {
          sheet++
          const info = worksheet as unknown as { name?: string; state?: string }
          const sheetName = info.name ?? `Sheet${sheet + 1}`
          const hidden = info.state === 'hidden' || info.state === 'veryHidden'
          for await (const row of worksheet) {
            if (hidden) continue
            const values = row.values as unknown[]
            const cells: CellText[] = []
            for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]))
            yield { sheet, sheetName, rowNumber: row.number, cells }
          }
        }
      } catch (error) {
        if (error instanceof FileRefused) throw error
        throw new FileRefused(
          `XLSX 文件内容已损坏，无法读取（${error instanceof Error ? error.message : String(error)}） (the XLSX file cannot be read)`,
          'broken_xlsx',
        )
      } finally {
        input.destroy()
      }
    },
  }
}

/** BOM, else strict UTF-8 over the whole file (fast, streaming), else GB18030 — a superset of GBK and GB2312. */
export async function detectEncoding(path: string): Promise<{ encoding: TableEncoding; skip: number }> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 })
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let first = true
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        first = false
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) return { encoding: 'utf-8', skip: 3 }
        if (chunk[0] === 0xff && chunk[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 }
        if (chunk[0] === 0xfe && chunk[1] === 0xff) return { encoding: 'utf-16be', skip: 2 }
      }
      decoder.decode(chunk, { stream: true })
    }
    decoder.decode()
    return { encoding: 'utf-8', skip: 0 }
  } catch {
    return { encoding: 'gb18030', skip: 0 }
  } finally {
    stream.destroy()
  }
}

const ICONV_NAMES: Record<TableEncoding, string> = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  gb18030: 'gb18030',
}

function decoded(path: string, encoding: TableEncoding, skip: number, onBytes?: ReadProgress): Readable {
  const raw = createReadStream(path, { start: skip, highWaterMark: 256 * 1024 }).pipe(counting(onBytes))
  // iconv-lite's decode stream is a Transform; its typings only say NodeJS.ReadWriteStream.
  return raw.pipe(iconv.decodeStream(ICONV_NAMES[encoding])) as unknown as Readable
}

/** The delimiter of the first line: Excel writes commas, "Unicode text" tabs, some locales semicolons. */
async function detectDelimiter(path: string, encoding: TableEncoding, skip: number): Promise<string> {
  const stream = decoded(path, encoding, skip)
  let text = ''
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      text += chunk
      if (text.includes('\n') || text.length > 64 * 1024) break
    }
  } finally {
    stream.destroy()
  }
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').replace(/"[^"]*"/g, '')
  const counts = [',', '\t', ';'].map((d) => [d, line.split(d).length - 1] as const)
  counts.sort((a, b) => b[1] - a[1])
  return counts[0] && counts[0][1] > 0 ? counts[0][0] : ','
}

async function openCsv(path: string, onBytes?: ReadProgress): Promise<TableSource> {
  const { encoding, skip } = await detectEncoding(path)
  const delimiter = await detectDelimiter(path, encoding, skip)
  return {
    format: 'csv',
    encoding,
    merges: async () => [],
    declaredRows: () => null,
    async *rows() {
      const source = decoded(path, encoding, skip, onBytes)
      const parser = source.pipe(
        parseCsv({
          delimiter,
          bom: true,
          relax_column_count: true,
          skip_empty_lines: false,
          max_record_size: 1024 * 1024,
        }),
      )
      // Each record is one row in Excel (a quoted cell may span lines), so the record count is the row number.
      let rowNumber = 0
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          rowNumber++
          yield { sheet: 0, sheetName: 'CSV', rowNumber, cells: record.map((text) => ({ text })) }
        }
      } catch (error) {
        const e = error as { code?: string; message?: string; lines?: number }
        throw new FileRefused(
          `CSV 格式错误，第 ${rowNumber + 1} 行附近：${e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号未闭合' : e.code === 'CSV_MAX_RECORD_SIZE' ? '单行过长' : (e.message ?? '无法解析')} (malformed CSV near row ${rowNumber + 1}: ${e.message ?? e.code ?? 'unreadable'})`,
          'broken_csv',
        )
      } finally {
        source.destroy()
      }
    },
  }
}
