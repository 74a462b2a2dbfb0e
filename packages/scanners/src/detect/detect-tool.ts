// Recognises a report from its first bytes: the XML root element, the CSV header, or the JSON shape.
import { sniffEncoding } from '../input/decode-text'
import type { ScanFormat, ScanTool } from '../scan-types'

const XML_ROOTS: Readonly<Record<string, ScanTool>> = {
  NessusClientData_v2: 'nessus',
  report: 'openvas',
  get_reports_response: 'openvas',
  OWASPZAPReport: 'zap',
  issues: 'burp',
  ScanGroup: 'acunetix',
  nmaprun: 'nmap',
  ASSET_DATA_REPORT: 'qualys',
}

const NESSUS_COLUMNS = [
  'Plugin ID',
  'Plugin Name',
  'Plugin Output',
  'Synopsis',
  'definition.id',
  'asset.host_name',
]

/** Decodes the head synchronously for sniffing; GB18030 heads are read as Latin-1, which keeps ASCII intact. */
function headText(head: Uint8Array): string {
  const { encoding, bomLength } = sniffEncoding(head)
  const bytes = head.subarray(bomLength)
  if (encoding === 'gb18030') return Buffer.from(bytes).toString('latin1')
  return new TextDecoder(encoding).decode(bytes)
}

/** The first element name of an XML document, skipping the declaration, comments, PIs and the DOCTYPE. */
export function xmlRootName(text: string): string | null {
  let at = 0
  while (at < text.length) {
    while (at < text.length && /\s/.test(text[at] ?? '')) at++
    if (text[at] !== '<') return null
    if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at)
      if (end < 0) return null
      at = end + 2
    } else if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at)
      if (end < 0) return null
      at = end + 3
    } else if (text.startsWith('<!DOCTYPE', at) || text.startsWith('<!doctype', at)) {
      const subset = text.indexOf('[', at)
      const close = text.indexOf('>', at)
      if (close < 0) return null
      if (subset >= 0 && subset < close) {
        const end = text.indexOf(']', subset)
        const after = end < 0 ? -1 : text.indexOf('>', end)
        if (after < 0) return null
        at = after + 1
      } else at = close + 1
    } else {
      const match = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(at, at + 256))
      return match?.[1] ?? null
    }
  }
  return null
}

/** Which syntax the head looks like; null for empty or binary input. */
export function detectFormat(head: Uint8Array): ScanFormat | null {
  const text = headText(head).replace(/^[\s\uFEFF]+/, '')
  if (text === '') return null
  if (isBinary(text)) return null
  if (text.startsWith('<')) return 'xml'
  if (text.startsWith('{') || text.startsWith('[')) return 'json'
  return 'csv'
}

/** Control characters other than tab, newline, carriage return and form feed mark binary data. */
export function isBinary(text: string): boolean {
  const sample = text.slice(0, 8192)
  let control = 0
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i)
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) ||
      code === 0xfffd
    ) {
      control++
    }
  }
  return control > Math.max(2, sample.length / 100)
}

function csvTool(text: string): ScanTool | null {
  const lines = text.split(/\r?\n/, 30)
  for (const line of lines) {
    if (/NVT (Name|OID)/i.test(line)) return 'openvas'
    if (/(^|[",;])\s*"?QID"?\s*([",;]|$)/.test(line) && /"?(Title|VULN TITLE)"?/.test(line)) return 'qualys'
    if (NESSUS_COLUMNS.some((column) => line.includes(column))) return 'nessus'
  }
  return null
}

/** The tool that wrote the report, judged from its first bytes (64 KiB is plenty); null when unknown. */
export function detectTool(head: Uint8Array): ScanTool | null {
  const format = detectFormat(head)
  if (format === null) return null
  const text = headText(head).replace(/^[\s\uFEFF]+/, '')
  if (format === 'xml') {
    const root = xmlRootName(text)
    return root ? (XML_ROOTS[root] ?? null) : null
  }
  if (format === 'json') {
    // nuclei is the only JSON tool; still require something of its shape.
    if (/"(template-id|templateID|template|matched-at|matcher-name)"\s*:/.test(text)) return 'nuclei'
    if (/^\[\s*\]\s*$/.test(text)) return 'nuclei'
    return null
  }
  return csvTool(text)
}
