// Reads the text of a generated DOCX (the body's word/document.xml, tags stripped) without a ZIP library: tests use it
// to check what a report says.
import { inflateRawSync } from 'node:zlib'

export function zipEntry(zip: Buffer, name: string): Buffer | null {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('not a ZIP file')
  const count = zip.readUInt16LE(end + 10)
  let offset = zip.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10)
    const compressed = zip.readUInt32LE(offset + 20)
    const nameLength = zip.readUInt16LE(offset + 28)
    const extra = zip.readUInt16LE(offset + 30)
    const comment = zip.readUInt16LE(offset + 32)
    const local = zip.readUInt32LE(offset + 42)
    const entry = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8')
    if (entry === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const data = zip.subarray(start, start + compressed)
      return method === 0 ? Buffer.from(data) : inflateRawSync(data)
    }
    offset += 46 + nameLength + extra + comment
  }
  return null
}

export function docxText(docx: Buffer): string {
  const xml = zipEntry(docx, 'word/document.xml')
  if (!xml) throw new Error('no word/document.xml')
  return xml.toString('utf8').replace(/<[^>]+>/g, '')
}
