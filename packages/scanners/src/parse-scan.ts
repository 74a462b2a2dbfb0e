// The entry point: reads a report from a file, a stream or bytes, finds out (or checks) which tool wrote it,
// and runs that tool's streaming parser.
import { detectFormat, detectTool, xmlRootName } from './detect/detect-tool'
import { decodeChunks, decodeHead, sniffEncoding } from './input/decode-text'
import { DEFAULT_MAX_BYTES, openSource, type ScanSource } from './input/read-source'
import { parseAcunetix } from './parsers/acunetix-parser'
import { parseBurp } from './parsers/burp-parser'
import { parseNessusCsv } from './parsers/nessus-csv-parser'
import { parseNessusXml } from './parsers/nessus-xml-parser'
import { parseNmap } from './parsers/nmap-parser'
import { parseNuclei } from './parsers/nuclei-parser'
import { parseOpenvasCsv, parseOpenvasXml } from './parsers/openvas-parser'
import { parseQualysCsv, parseQualysXml } from './parsers/qualys-parser'
import { parseZap } from './parsers/zap-parser'
import { ScanParseError } from './scan-parse-error'
import {
  isScanTool,
  SCAN_TOOLS,
  type ScanFinding,
  type ScanFormat,
  type ScanReport,
  type ScanTool,
} from './scan-types'

export interface ParseScanInput {
  /** The tool that wrote the report; detected from the first bytes when left out. */
  tool?: ScanTool
  /** A file path, a readable stream (an upload) or the bytes themselves. */
  source: ScanSource
  /** Inputs larger than this are refused (default 512 MiB). */
  maxBytes?: number
}

type Parser = (chunks: AsyncIterable<string>) => Promise<ScanFinding[]>

const PARSERS: Readonly<Record<ScanTool, Partial<Record<ScanFormat, Parser>>>> = {
  nuclei: { json: parseNuclei },
  openvas: { xml: parseOpenvasXml, csv: parseOpenvasCsv },
  nessus: { xml: parseNessusXml, csv: parseNessusCsv },
  zap: { xml: parseZap },
  burp: { xml: parseBurp },
  acunetix: { xml: parseAcunetix },
  nmap: { xml: parseNmap },
  qualys: { xml: parseQualysXml, csv: parseQualysCsv },
}

/** "a Nessus report", "an OpenVAS report" … */
const REPORT_OF: Readonly<Record<ScanTool, string>> = {
  nuclei: 'a nuclei report',
  openvas: 'an OpenVAS report',
  nessus: 'a Nessus report',
  zap: 'a ZAP report',
  burp: 'a Burp report',
  acunetix: 'an Acunetix report',
  nmap: 'an nmap report',
  qualys: 'a Qualys report',
}

const FORMAT_NAMES: Readonly<Record<ScanFormat, string>> = { xml: 'XML', csv: 'CSV', json: 'JSON' }

function formatsOf(tool: ScanTool): string {
  return Object.keys(PARSERS[tool])
    .map((format) => FORMAT_NAMES[format as ScanFormat])
    .join(' or ')
}

async function describeHead(head: Uint8Array, format: ScanFormat): Promise<string> {
  const text = (await decodeHead(head)).replace(/^[\s\uFEFF]+/, '')
  if (format === 'xml') {
    const root = xmlRootName(text)
    return root ? `XML with root element <${root}>` : 'XML without a recognisable root element'
  }
  if (format === 'json') return 'JSON without nuclei fields'
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  return `text starting "${firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine}"`
}

/** Parses a scanner report into findings merged the way DefectDojo merges them. Throws ScanParseError. */
export async function parseScan(input: ParseScanInput): Promise<ScanReport> {
  if (input.tool !== undefined && !isScanTool(input.tool)) {
    throw new ScanParseError(
      `unknown scanner tool "${String(input.tool)}" (expected one of ${SCAN_TOOLS.join(', ')})`,
      {
        kind: 'not_a_report',
      },
    )
  }
  const source = await openSource(input.source, input.maxBytes ?? DEFAULT_MAX_BYTES)
  try {
    const { head } = source
    if (head.byteLength === 0) {
      // An empty nuclei run writes an empty file (DefectDojo: no findings); for other tools it is no report.
      if (input.tool === 'nuclei') return { tool: 'nuclei', format: 'json', findings: [] }
      throw new ScanParseError(
        input.tool ? `input is empty, not ${REPORT_OF[input.tool]}` : 'input is empty',
        { kind: 'not_a_report' },
      )
    }
    const format = detectFormat(head)
    if (format === null) {
      throw new ScanParseError(
        `input is binary data, not ${input.tool ? REPORT_OF[input.tool] : 'a scanner report'}`,
        { kind: 'not_a_report' },
      )
    }
    const tool = input.tool ?? detectTool(head)
    if (tool === null) {
      throw new ScanParseError(
        `cannot tell which scanner wrote this input (${await describeHead(head, format)}); supported: ${SCAN_TOOLS.join(', ')}`,
        { kind: 'not_a_report' },
      )
    }
    const parser = PARSERS[tool][format]
    if (!parser) {
      throw new ScanParseError(
        `not ${REPORT_OF[tool]}: expected ${formatsOf(tool)}, got ${await describeHead(head, format)}`,
        { kind: 'not_a_report' },
      )
    }
    const { encoding, bomLength } = sniffEncoding(head)
    const findings = await parser(decodeChunks(source.chunks, encoding, bomLength))
    return { tool, format, findings }
  } finally {
    await source.close()
  }
}
