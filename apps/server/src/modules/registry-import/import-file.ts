// What an uploaded file really is, judged from its bytes and checked against its name, before any parser runs:
// 50 MB of garbage called .xlsx is refused after reading a few kilobytes, with a message that says why.
import { open } from 'node:fs/promises'
import { NotAZipError, readZipDirectory, type ZipEntry } from './zip-directory'

export type ImportFormat = 'xlsx' | 'csv'

export type InspectedFile =
  | { format: 'xlsx'; path: string; bytes: number; entries: ZipEntry[] }
  | { format: 'csv'; path: string; bytes: number }

export class FileRefused extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

/** Uncompressed worksheet XML we are willing to read (a 200,000-row sheet is about 100 MB). */
export const MAX_SHEET_XML_BYTES = 1024 * 1024 * 1024

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase()
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06])
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

/** Kinds of binary we can name, so the message says what the file is rather than only what it is not. */
function describeBinary(head: Buffer): string | null {
  if (head.subarray(0, 8).equals(OLE_MAGIC)) return '旧版 Excel 97-2003 (.xls) 或其他 Office 97 文件'
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'PDF 文件'
  if (head.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))) return 'gzip 压缩文件'
  if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'PNG 图片'
  if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'JPEG 图片'
  if (head.subarray(0, 4).toString('latin1') === 'Rar!') return 'RAR 压缩文件'
  return null
}

/** Control bytes that never appear in a text table (NUL, and C0 codes other than tab, CR, LF, FF, ESC, SUB). */
function looksBinary(sample: Buffer): boolean {
  // UTF-16 text has NULs; its BOM says so.
  if (
    sample.length >= 2 &&
    ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
  )
    return false
  let control = 0
  for (const byte of sample) {
    if (byte === 0) return true
    if (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 27 && byte !== 26)
      control++
  }
  return control > sample.length / 100
}

export async function inspectImportFile(
  path: string,
  fileName: string,
  bytes: number,
): Promise<InspectedFile> {
  const extension = extensionOf(fileName)
  if (bytes === 0) throw new FileRefused('文件为空 (the file is empty)', 'empty_file')
  const handle = await open(path, 'r')
  const head = Buffer.alloc(Math.min(bytes, 64 * 1024))
  try {
    await handle.read(head, 0, head.length, 0)
  } finally {
    await handle.close()
  }
  const isZip = head.subarray(0, 4).equals(ZIP_MAGIC) || head.subarray(0, 4).equals(EMPTY_ZIP_MAGIC)
  if (extension === 'xlsx' || extension === 'xlsm') {
    if (!isZip) {
      const what = describeBinary(head)
      throw new FileRefused(
        what
          ? `文件名为 .${extension}，但内容是${what}，不是 Excel 工作簿；请在 Excel 中另存为 .xlsx (the file is named .${extension} but is not an XLSX workbook)`
          : `文件名为 .${extension}，但内容不是 Excel 工作簿（XLSX 文件以 ZIP 格式保存）；文件可能已损坏或被改名 (the file is named .${extension} but its content is not an XLSX workbook)`,
        'not_xlsx',
      )
    }
    let entries: ZipEntry[]
    try {
      entries = await readZipDirectory(path, bytes)
    } catch (error) {
      if (error instanceof NotAZipError)
        throw new FileRefused(
          `文件名为 .${extension}，但 ZIP 结构已损坏（${error.message}），无法读取；请重新保存后上传 (the XLSX file is damaged: ${error.message})`,
          'broken_xlsx',
        )
      throw error
    }
    const names = new Set(entries.map((e) => e.name))
    const sheets = entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))
    if (!names.has('xl/workbook.xml') || sheets.length === 0)
      throw new FileRefused(
        '文件是 ZIP 压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml 或工作表） (a ZIP archive, not an Excel workbook)',
        'not_xlsx',
      )
    const declared = sheets.reduce((sum, e) => sum + e.uncompressedSize, 0)
    if (
      declared > MAX_SHEET_XML_BYTES ||
      sheets.some((e) => e.compressedSize > 0 && e.uncompressedSize / e.compressedSize > 1000)
    )
      throw new FileRefused(
        '工作表解压后过大或压缩比异常，拒绝读取 (the worksheets expand to an implausible size)',
        'zip_bomb',
      )
    return { format: 'xlsx', path, bytes, entries }
  }
  if (extension === 'csv' || extension === 'txt') {
    if (isZip)
      throw new FileRefused(
        `文件名为 .${extension}，但内容是 Excel 工作簿或 ZIP 压缩包；请上传 .xlsx 文件或另存为 CSV (named .${extension} but is a ZIP/XLSX file)`,
        'not_csv',
      )
    const what = describeBinary(head)
    if (what || looksBinary(head))
      throw new FileRefused(
        `文件名为 .${extension}，但内容${what ? `是${what}` : '是二进制数据'}，不是文本表格 (named .${extension} but is not a text table)`,
        'not_csv',
      )
    return { format: 'csv', path, bytes }
  }
  if (extension === 'xls')
    throw new FileRefused(
      '不支持旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中另存为 .xlsx 后上传 (.xls is not supported; save as .xlsx)',
      'unsupported_type',
    )
  throw new FileRefused(
    `不支持的文件类型“.${extension || '（无扩展名）'}”，请上传 .xlsx 或 .csv 文件 (upload an .xlsx or .csv file)`,
    'unsupported_type',
  )
}
