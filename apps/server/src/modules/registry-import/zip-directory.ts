// Just enough of the ZIP format to judge an uploaded .xlsx before the XLSX library sees it: the central directory
// (is this a ZIP at all, is it a workbook, are the declared sizes sane) and one streamed pass over a worksheet's XML
// for what the streaming reader ignores — merged cells and the sheet's declared dimension. Memory stays bounded: the
// directory is read from the end of the file, entries are inflated as streams.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInflateRaw } from 'node:zlib'

export type ZipEntry = {
  name: string
  method: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

export class NotAZipError extends Error {}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const MAX_COMMENT = 0xffff
const MAX_ENTRIES = 10_000

export async function readZipDirectory(path: string, fileSize: number): Promise<ZipEntry[]> {
  const handle = await open(path, 'r')
  try {
    const tailSize = Math.min(fileSize, 22 + MAX_COMMENT + 20)
    const tail = Buffer.alloc(tailSize)
    await handle.read(tail, 0, tailSize, fileSize - tailSize)
    let at = -1
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i
        break
      }
    }
    if (at < 0) throw new NotAZipError('no end-of-central-directory record')
    let entries = tail.readUInt16LE(at + 10)
    let cdSize = tail.readUInt32LE(at + 12)
    let cdOffset = tail.readUInt32LE(at + 16)
    if (
      (cdOffset === 0xffffffff || entries === 0xffff) &&
      at >= 20 &&
      tail.readUInt32LE(at - 20) === ZIP64_LOCATOR
    ) {
      const zip64At = Number(tail.readBigUInt64LE(at - 20 + 8))
      const record = Buffer.alloc(56)
      await handle.read(record, 0, 56, zip64At)
      if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new NotAZipError('broken ZIP64 directory')
      entries = Number(record.readBigUInt64LE(32))
      cdSize = Number(record.readBigUInt64LE(40))
      cdOffset = Number(record.readBigUInt64LE(48))
    }
    if (entries > MAX_ENTRIES) throw new NotAZipError(`too many entries (${entries})`)
    if (cdOffset + cdSize > fileSize || cdSize > 16 * 1024 * 1024)
      throw new NotAZipError('central directory outside the file')
    const cd = Buffer.alloc(cdSize)
    await handle.read(cd, 0, cdSize, cdOffset)
    const result: ZipEntry[] = []
    let p = 0
    for (let n = 0; n < entries; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        throw new NotAZipError('broken central directory')
      const method = cd.readUInt16LE(p + 10)
      let compressedSize = cd.readUInt32LE(p + 20)
      let uncompressedSize = cd.readUInt32LE(p + 24)
      const nameLength = cd.readUInt16LE(p + 28)
      const extraLength = cd.readUInt16LE(p + 30)
      const commentLength = cd.readUInt16LE(p + 32)
      let localHeaderOffset = cd.readUInt32LE(p + 42)
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength)
      // ZIP64 extended information: the 0xFFFFFFFF fields, in this order, from the extra field 0x0001.
      let e = p + 46 + nameLength
      const extraEnd = e + extraLength
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e)
        const size = cd.readUInt16LE(e + 2)
        if (id === 1) {
          let q = e + 4
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = Number(cd.readBigUInt64LE(q))
            q += 8
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q))
            q += 8
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q))
        }
        e += 4 + size
      }
      result.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset })
      p = extraEnd + commentLength
    }
    return result
  } finally {
    await handle.close()
  }
}

export type SheetScan = {
  /** Merged ranges as written (`A2:A5`). */
  merges: string[]
  /** Last row of the declared dimension (`A1:M100001` → 100001), when the sheet declares one; set early in the scan. */
  lastRow: number | null
}

const MERGE_CELL = Buffer.from('mergeCell')
const REF = /\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"/
const DIMENSION = /<(?:[\w-]+:)?dimension\b[^>]*?\bref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"/
const LT = 0x3c
const GT = 0x3e
const COLON = 0x3a

/**
 * Streams one entry's XML and collects merged ranges (written after the rows, so the whole sheet is inflated; the
 * bytes are searched, not decoded). Stops at `maxBytes` of XML (zip bombs). `scan` is filled in as it goes.
 */
export async function scanWorksheet(
  path: string,
  entry: ZipEntry,
  maxBytes: number,
  scan: SheetScan = { merges: [], lastRow: null },
): Promise<SheetScan> {
  const handle = await open(path, 'r')
  let dataStart: number
  try {
    const header = Buffer.alloc(30)
    await handle.read(header, 0, 30, entry.localHeaderOffset)
    if (header.readUInt32LE(0) !== LOCAL) throw new NotAZipError(`broken local header of ${entry.name}`)
    dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  } finally {
    await handle.close()
  }
  if (entry.method !== 0 && entry.method !== 8)
    throw new NotAZipError(`unsupported compression method ${entry.method} in ${entry.name}`)
  if (entry.compressedSize === 0) return scan
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 })
  const source = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw
  let seen = 0
  let carry: Buffer = Buffer.alloc(0)
  let head = ''
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      seen += chunk.length
      if (seen > maxBytes) throw new NotAZipError(`${entry.name} expands beyond ${maxBytes} bytes`)
      if (head.length < 4096) {
        head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096))
        const d = DIMENSION.exec(head)
        if (d) scan.lastRow = d[1] ? Number(d[1]) : 1
      }
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk
      let lastEnd = 0
      for (let at = buf.indexOf(MERGE_CELL); at >= 0; at = buf.indexOf(MERGE_CELL, at + 1)) {
        const close = buf.indexOf(GT, at)
        if (close < 0) break
        const before = buf[at - 1]
        const after = buf[at + MERGE_CELL.length]
        // <mergeCell ref="…"/> (or x:mergeCell), not <mergeCells count="…"> or </mergeCells>.
        if ((before === LT || before === COLON) && after !== 0x73) {
          const ref = REF.exec(buf.toString('latin1', at, close + 1))
          if (ref) scan.merges.push(ref[1]!)
        }
        lastEnd = close + 1
      }
      carry = buf.subarray(Math.max(lastEnd, buf.length - 256))
    }
  } finally {
    raw.destroy()
  }
  return scan
}
