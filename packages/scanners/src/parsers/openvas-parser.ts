// OpenVAS / Greenbone: GMP report XML and the CSV export. One finding per <result> (XML) or per row (CSV);
// CSV rows identical in endpoint + severity + title + description are dropped as duplicates (DefectDojo V1).
import { readCsv, CsvRow, headerIndex } from '../formats/csv-rows'
import { child, childrenNamed, findAll, findValue, readXml, type XmlElement } from '../formats/xml-stream'
import { cleanCvssVector, parseScore } from '../shared/cvss-vector'
import { endpointKey, makeEndpoint, parsePort } from '../shared/endpoint'
import { cvesIn, FindingTable, normaliseCwe } from '../shared/finding-draft'
import { fromDojoName } from '../shared/severity'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding } from '../scan-types'

/** NVT tags are `key=value|key=value`; values may contain newlines. */
function nvtTags(text: string | undefined): Map<string, string> {
  const tags = new Map<string, string>()
  if (!text) return tags
  for (const part of text.split('|')) {
    const at = part.indexOf('=')
    if (at > 0) tags.set(part.slice(0, at).trim(), part.slice(at + 1).trim())
  }
  return tags
}

function directText(element: XmlElement): string {
  return element.text.trim()
}

function resultFinding(result: XmlElement, table: FindingTable, index: number): void {
  // DefectDojo's V1 parser walks the direct children in order and builds "<name>_<host>_<port>".
  let title = ''
  let host: string | null = null
  let port: number | null = null
  let protocol: string | null = null
  let severityName = 'Info'
  for (const field of result.children) {
    const value = directText(field)
    switch (field.name) {
      case 'name':
        title = value
        break
      case 'hostname':
        title = `${title}_${value}`
        if (value) host = value
        break
      case 'host':
        title = `${title}_${value}`
        if (!host && value) host = value
        break
      case 'port':
        title = `${title}_${value}`
        if (value) {
          const [portText, proto] = value.split('/')
          port = parsePort(portText)
          protocol = proto ?? null
        }
        break
      case 'threat':
        severityName = value
        break
    }
  }
  const nvt = child(result, 'nvt')
  const tags = nvtTags(findValue(nvt, 'tags'))
  const cves = [
    ...findAll(nvt, 'refs/ref')
      .filter((ref) => ref.attrs.type?.toLowerCase() === 'cve')
      .map((ref) => ref.attrs.id ?? ''),
    ...childrenNamed(nvt, 'cve').flatMap((element) => cvesIn(element.text)),
  ]
  const urls = findAll(nvt, 'refs/ref')
    .filter((ref) => ref.attrs.type?.toLowerCase() === 'url')
    .map((ref) => ref.attrs.id ?? '')
  const vector = findAll(nvt, 'severities/severity')
    .map((severity) => cleanCvssVector(findValue(severity, 'value')))
    .find((value) => value !== null)
  const summary = tags.get('summary') ?? ''
  const detail = findValue(result, 'description') ?? ''
  table.upsert(String(index), () => ({
    title,
    severity: fromDojoName(severityName) ?? 'info',
    endpoints: [makeEndpoint({ host, port, protocol })].filter((endpoint) => endpoint !== null),
    cve: cves,
    cvss: vector ?? null,
    cvssScore: parseScore(findValue(result, 'severity')),
    description: [summary, detail].filter(Boolean).join('\n\n'),
    solution: tags.get('solution') ?? '',
    toolId: nvt?.attrs.oid ?? null,
    references: urls,
    date: findValue(result, 'creation_time') ?? null,
  }))
}

export async function parseOpenvasXml(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let index = 0
  await readXml(chunks, {
    root(name) {
      if (name !== 'report' && name !== 'get_reports_response') {
        throw new ScanParseError(`not an OpenVAS report: root element is <${name}>, expected <report>`, {
          kind: 'not_a_report',
        })
      }
    },
    capture: (path) => path.at(-1) === 'result' && path.at(-2) === 'results',
    element(result) {
      resultFinding(result, table, index++)
    },
  })
  return table.findings()
}

function csvDate(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim())
  return match?.[1] ?? null
}

export async function parseOpenvasCsv(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let index: Map<string, number> | null = null
  for await (const record of readCsv(chunks)) {
    if (!index) {
      // Column names are matched case-insensitively, as DefectDojo's column strategies do.
      index = headerIndex(record.cells.map((name) => name.trim().toLowerCase()))
      if (!index.has('nvt name')) {
        throw new ScanParseError('not an OpenVAS CSV report: the header has no "NVT Name" column', {
          kind: 'not_a_report',
          line: 1,
        })
      }
      continue
    }
    const row = new CsvRow(index, record.cells, record.line)
    const title = row.get('nvt name') ?? ''
    const hostname = (row.get('hostname') ?? '').trim()
    const host = hostname || (row.get('ip') ?? '').trim()
    const endpoint = makeEndpoint({
      host,
      port: parsePort(row.get('port')),
      protocol: row.get('port protocol') || null,
    })
    const severity = fromDojoName(row.get('severity')) ?? 'info'
    const description = row.get('summary') ?? ''
    const key = JSON.stringify([endpoint ? endpointKey(endpoint) : '', severity, title, description])
    const { draft, created } = table.upsert(key, () => ({
      title,
      severity,
      endpoints: endpoint ? [endpoint] : [],
      cve: [...(row.get('cves') ?? '').split(','), ...cvesIn(row.get('nvt oid'))],
      cwe: normaliseCwe(row.get('cweid')),
      cvssScore: parseScore(row.get('cvss') || null),
      description,
      solution: row.get('solution') ?? '',
      toolId: row.get('nvt oid') || null,
      references: (row.get('other references') ?? '')
        .split(/[\s,]+/)
        .filter((ref) => /^https?:\/\//.test(ref)),
      date: csvDate(row.get('timestamp') ?? ''),
    }))
    if (!created) draft.finding.occurrences += 1
  }
  if (!index) throw new ScanParseError('OpenVAS CSV report is empty (no header line)', { kind: 'malformed' })
  return table.findings()
}
