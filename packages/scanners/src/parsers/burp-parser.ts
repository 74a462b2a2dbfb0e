// Burp Scanner "issues" XML export. Merge rule (DefectDojo): by issue <type>; each issue's URL becomes an
// endpoint of the merged finding; the first issue gives title, severity and serial number.
import { findValue, readXml, type XmlElement } from '../formats/xml-stream'
import { endpointFromUri } from '../shared/endpoint'
import { cvesIn, FindingTable, normaliseCwe } from '../shared/finding-draft'
import { htmlToText } from '../shared/html-text'
import { fromDojoName } from '../shared/severity'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding } from '../scan-types'

function linksIn(html: string | undefined): string[] {
  if (!html) return []
  return [...html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((match) => match[1] ?? '').filter(Boolean)
}

function addIssue(issue: XmlElement, table: FindingTable): void {
  const type = findValue(issue, 'type') ?? ''
  const host = findValue(issue, 'host') ?? ''
  const path = findText(issue, 'path')
  const { draft } = table.upsert(type, () => {
    const classifications = findValue(issue, 'vulnerabilityClassifications')
    const remediation = [
      htmlToText(findValue(issue, 'remediationDetail')),
      htmlToText(findValue(issue, 'remediationBackground')),
    ]
    const references = findValue(issue, 'references')
    return {
      title: findValue(issue, 'name') ?? '',
      severity: fromDojoName(findValue(issue, 'severity')) ?? 'info',
      cwe: normaliseCwe(/CWE-(\d+)/i.exec(classifications ?? '')?.[1]),
      description: [
        htmlToText(findValue(issue, 'issueBackground')),
        htmlToText(findValue(issue, 'issueDetail')),
      ]
        .filter(Boolean)
        .join('\n\n'),
      solution: remediation.filter(Boolean).join('\n\n'),
      toolId: type || null,
      uniqueId: findValue(issue, 'serialNumber') ?? null,
      references: linksIn(references),
      cve: cvesIn(htmlToText(references)),
      occurrences: 0,
    }
  })
  draft.finding.occurrences += 1
  draft.addEndpoint(endpointFromUri(`${host}${path ?? ''}`))
}

function findText(issue: XmlElement, name: string): string | undefined {
  return issue.children.find((element) => element.name === name)?.text.trim()
}

export async function parseBurp(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  await readXml(chunks, {
    root(name) {
      if (name !== 'issues') {
        throw new ScanParseError(`not a Burp report: root element is <${name}>, expected <issues>`, {
          kind: 'not_a_report',
        })
      }
    },
    capture: (path) => path.length === 2 && path[1] === 'issue',
    // Requests and responses are base64 blobs that can be megabytes each.
    ignore: new Set(['requestresponse', 'collaboratorEvent', 'issueDetailItems']),
    element(issue) {
      addIssue(issue, table)
    },
  })
  return table.findings()
}
