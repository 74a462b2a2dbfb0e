import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseScan } from '../parse-scan'
import { fixturePath, loadManifest } from '../test-fixtures'
import { detectFormat, detectTool, xmlRootName } from './detect-tool'

const withContent = loadManifest().filter((entry) => readFileSync(fixturePath(entry.file)).byteLength > 0)

describe('detectTool', () => {
  it.each(withContent)('recognises $file as $tool', (entry) => {
    const head = readFileSync(fixturePath(entry.file)).subarray(0, 64 * 1024)
    expect(detectTool(head)).toBe(entry.tool)
  })

  it.each(withContent)('parseScan without a tool gives the same $count findings for $file', async (entry) => {
    const report = await parseScan({ source: fixturePath(entry.file) })
    expect(report.tool).toBe(entry.tool)
    expect(report.findings).toHaveLength(entry.count)
  })

  it('cannot recognise an empty input', () => {
    expect(detectTool(new Uint8Array())).toBeNull()
    expect(detectFormat(new Uint8Array())).toBeNull()
  })

  it('does not claim unknown XML, JSON or CSV', () => {
    const bytes = (text: string) => new TextEncoder().encode(text)
    expect(detectTool(bytes('<?xml version="1.0"?><html><body/></html>'))).toBeNull()
    expect(detectTool(bytes('{"name":"x","version":1}'))).toBeNull()
    expect(detectTool(bytes('a,b,c\n1,2,3\n'))).toBeNull()
  })

  it('recognises a UTF-16 Nessus export and a BOM-prefixed CSV', () => {
    const xml = '<?xml version="1.0"?><NessusClientData_v2></NessusClientData_v2>'
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])
    expect(detectTool(utf16)).toBe('nessus')
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Plugin ID,CVE,Risk,Host,Name\n'),
    ])
    expect(detectTool(csv)).toBe('nessus')
  })

  it('finds the root element behind comments, processing instructions and a DOCTYPE with a subset', () => {
    const text =
      '<?xml version="1.0"?>\n<!-- c --><?pi x?><!DOCTYPE issues [<!ELEMENT issues (issue*)>]>\n<issues burpVersion="1">'
    expect(xmlRootName(text)).toBe('issues')
  })
})
