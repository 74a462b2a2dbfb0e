// OWASP ZAP traditional XML (and "XML plus" with requests). One finding per <alertitem>; every <instance> URI,
// query and fragment dropped, becomes an endpoint (DefectDojo's rule). riskcode 0..3 → info, low, medium, high.
import { findAll, findValue, readXml, type XmlElement } from '../formats/xml-stream'
import { endpointFromUri } from '../shared/endpoint'
import { cvesIn, FindingTable, normaliseCwe, splitReferences } from '../shared/finding-draft'
import { htmlToText } from '../shared/html-text'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding, ScanSeverity } from '../scan-types'

const BY_RISKCODE: Readonly<Record<string, ScanSeverity>> = {
  '0': 'info',
  '1': 'low',
  '2': 'medium',
  '3': 'high',
}

function alertFinding(alert: XmlElement, table: FindingTable, index: number): void {
  const reference = findValue(alert, 'reference') ?? ''
  const { draft } = table.upsert(String(index), () => ({
    title: findValue(alert, 'alert') ?? findValue(alert, 'name') ?? '',
    severity: BY_RISKCODE[findValue(alert, 'riskcode') ?? ''] ?? 'info',
    cwe: normaliseCwe(findValue(alert, 'cweid')),
    description: htmlToText(findValue(alert, 'desc')),
    solution: htmlToText(findValue(alert, 'solution')),
    toolId: findValue(alert, 'pluginid') ?? null,
    references: splitReferences(htmlToText(reference)),
    cve: cvesIn(reference),
    occurrences: 0,
  }))
  for (const instance of findAll(alert, 'instances/instance')) {
    draft.finding.occurrences += 1
    draft.addEndpoint(endpointFromUri(findValue(instance, 'uri')))
  }
  if (draft.finding.occurrences === 0) draft.finding.occurrences = 1
}

export async function parseZap(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let index = 0
  await readXml(chunks, {
    root(name) {
      if (name !== 'OWASPZAPReport') {
        throw new ScanParseError(`not a ZAP report: root element is <${name}>, expected <OWASPZAPReport>`, {
          kind: 'not_a_report',
        })
      }
    },
    capture: (path) =>
      path.length === 4 && path[1] === 'site' && path[2] === 'alerts' && path[3] === 'alertitem',
    // XML-plus reports carry whole HTTP exchanges per instance; only the URI is needed.
    ignore: new Set([
      'requestheader',
      'requestbody',
      'responseheader',
      'responsebody',
      'evidence',
      'otherinfo',
    ]),
    element(alert) {
      alertFinding(alert, table, index++)
    },
  })
  return table.findings()
}
