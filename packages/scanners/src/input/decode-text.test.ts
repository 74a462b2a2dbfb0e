import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { parseScan } from '../parse-scan'
import { decodeChunks, sniffEncoding } from './decode-text'

async function decodeAll(bytes: Uint8Array, pieces = 7): Promise<string> {
  const { encoding, bomLength } = sniffEncoding(bytes)
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.byteLength; at += pieces) chunks.push(bytes.subarray(at, at + pieces))
  let text = ''
  for await (const part of decodeChunks(chunks, encoding, bomLength)) text += part
  return text
}

describe('encodings', () => {
  it('decodes UTF-8 split inside multi-byte characters and strips the BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('漏洞,高危\n', 'utf8')])
    expect(await decodeAll(bytes, 1)).toBe('漏洞,高危\n')
  })

  it('decodes UTF-16LE with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>网安</a>', 'utf16le')])
    expect(sniffEncoding(bytes).encoding).toBe('utf-16le')
    expect(await decodeAll(bytes)).toBe('<a>网安</a>')
  })

  it('takes GBK for CSV that is not UTF-8', async () => {
    const bytes = iconv.encode('Plugin ID,Name,Risk,Host\n1,弱口令,High,10.0.0.1\n', 'gbk')
    expect(sniffEncoding(bytes).encoding).toBe('gb18030')
    expect(await decodeAll(bytes)).toContain('弱口令')
  })

  it('honours the XML declaration encoding', () => {
    expect(sniffEncoding(Buffer.from('<?xml version="1.0" encoding="GB2312"?><a/>')).encoding).toBe('gb18030')
  })

  it('parses a GBK Nessus CSV export end to end', async () => {
    const csv =
      'Plugin ID,CVE,Risk,Host,Protocol,Port,Name,Synopsis\n10,,High,10.0.0.1,tcp,80,管理后台弱口令,弱口令\n'
    const report = await parseScan({ source: iconv.encode(csv, 'gbk') })
    expect(report.tool).toBe('nessus')
    expect(report.findings[0]?.title).toBe('管理后台弱口令')
  })
})
