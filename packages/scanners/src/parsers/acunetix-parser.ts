// Acunetix WVS XML export (<ScanGroup><Scan>…<ReportItems><ReportItem>). Merge rule (DefectDojo): name + impact +
// recommendation; every merged item adds its "Affects" path on the scan's start URL as an endpoint.
import { findAll, findValue, readXml, type XmlElement } from '../formats/xml-stream'
import { findCvssVector } from '../shared/cvss-vector'
import { endpointFromUri, makeEndpoint } from '../shared/endpoint'
import { cvesIn, FindingTable, normaliseCwe } from '../shared/finding-draft'
import { htmlToText } from '../shared/html-text'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding, ScanSeverity } from '../scan-types'

function severityOf(value: string | undefined): ScanSeverity {
  // DefectDojo maps high/medium/low/informational and calls anything else critical.
  switch ((value ?? '').toLowerCase()) {
    case 'high':
      return 'high'
    case 'medium':
      return 'medium'
    case 'low':
      return 'low'
    case 'informational':
      return 'info'
    default:
      return 'critical'
  }
}

/** "27/02/2020, 12:56:09" (day first) → "2020-02-27". */
export function dayFirstDate(value: string | undefined): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(value ?? '')
  if (!match) return null
  const [, day, month, year] = match
  return `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`
}

interface ScanContext {
  startUrl: string
  date: string | null
}

function addItem(item: XmlElement, scan: ScanContext, table: FindingTable): void {
  const title = findValue(item, 'Name') ?? ''
  const impact = findValue(item, 'Impact') ?? null
  const recommendation = findValue(item, 'Recommendation') ?? null
  const key = JSON.stringify([title, impact, recommendation])
  const { draft } = table.upsert(key, () => {
    const details = htmlToText(findValue(item, 'Details'))
    return {
      title,
      severity: severityOf(findValue(item, 'Severity')),
      cwe: normaliseCwe(findValue(item, 'CWEList/CWE')),
      cvss: findCvssVector(findValue(item, 'CVSS3/Descriptor')),
      description: [htmlToText(findValue(item, 'Description')), details].filter(Boolean).join('\n\n'),
      solution: recommendation ?? '',
      references: findAll(item, 'References/Reference').map((reference) => findValue(reference, 'URL') ?? ''),
      cve: cvesIn(
        findAll(item, 'References/Reference')
          .map((reference) => findValue(reference, 'Database') ?? '')
          .join(' '),
      ),
      date: scan.date,
      occurrences: 0,
    }
  })
  draft.finding.occurrences += 1
  const start = endpointFromUri(scan.startUrl.includes('://') ? scan.startUrl : `//${scan.startUrl}`)
  if (start) draft.addEndpoint(makeEndpoint({ ...start, path: findValue(item, 'Affects') ?? null }))
}

export async function parseAcunetix(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let scan: ScanContext = { startUrl: '', date: null }
  await readXml(chunks, {
    root(name) {
      if (name !== 'ScanGroup') {
        throw new ScanParseError(`not an Acunetix report: root element is <${name}>, expected <ScanGroup>`, {
          kind: 'not_a_report',
        })
      }
    },
    capture: (path) =>
      path[1] === 'Scan' &&
      ((path.length === 3 && (path[2] === 'StartURL' || path[2] === 'StartTime')) ||
        (path.length === 4 && path[2] === 'ReportItems' && path[3] === 'ReportItem')),
    ignore: new Set(['TechnicalDetails']),
    open(name, _attrs, path) {
      if (name === 'Scan' && path.length === 2) scan = { startUrl: '', date: null }
    },
    element(element) {
      if (element.name === 'StartURL') scan.startUrl = element.text.trim()
      else if (element.name === 'StartTime') scan.date = dayFirstDate(element.text)
      else addItem(element, scan, table)
    },
  })
  return table.findings()
}
