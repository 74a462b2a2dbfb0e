// Qualys VM: the XML asset data report and the CSV export. XML: one finding per host's <VULN_INFO>, title
// "QID-<qid> | <title>" from the glossary, severity from the QID's level 1..5 → info..critical (DefectDojo's
// default). The glossary follows the host list, so host records are kept compactly and joined at the end.
// CSV: rows merged by QID, endpoints added.
import { CsvRow, headerIndex, readCsv } from '../formats/csv-rows'
import { findAll, findValue, readXml, type XmlElement } from '../formats/xml-stream'
import { cleanCvssVector, parseScore } from '../shared/cvss-vector'
import { endpointFromUri, makeEndpoint } from '../shared/endpoint'
import { FindingDraft, FindingTable } from '../shared/finding-draft'
import { detach, detachOrNull } from '../shared/detach'
import { htmlToText } from '../shared/html-text'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding, ScanSeverity } from '../scan-types'

const BY_LEVEL: Readonly<Record<string, ScanSeverity>> = {
  '1': 'info',
  '2': 'low',
  '3': 'medium',
  '4': 'high',
  '5': 'critical',
}

interface Cvss {
  score: number | null
  vector: string | null
}

/** "9.0 (AV:N/AC:H/…)" or "8.2" or "-" → score and (v3) vector, as DefectDojo's split_cvss reads them. */
function splitCvss(value: string | undefined, withVector: boolean): Cvss | null {
  if (!value || value === '-') return null
  const match = /^\s*([\d.]+)\s*(?:\((.*)\))?\s*$/.exec(value)
  if (!match) return null
  const vector = withVector && match[2] ? cleanCvssVector(`CVSS:3.0/${match[2]}`) : null
  return { score: parseScore(match[1]), vector }
}

interface VulnRecord {
  qid: string
  host: string
  date: string | null
  cvss: Cvss | null
  port: string | null
}

interface GlossaryEntry {
  title: string
  level: string
  threat: string
  solution: string
  cves: string[]
  links: string[]
  cvss: Cvss | null
}

function recordsOfHost(host: XmlElement): VulnRecord[] {
  const name = findValue(host, 'DNS') ?? findValue(host, 'IP') ?? ''
  return findAll(host, 'VULN_INFO_LIST/VULN_INFO').map((info) => {
    const qid = findAll(info, 'QID')[0]?.attrs.id ?? `qid_${findValue(info, 'QID') ?? ''}`
    const lastFound = findValue(info, 'LAST_FOUND')
    const cvss3 = findValue(info, 'CVSS3_FINAL')
    let cvss = cvss3 && cvss3 !== '-' ? splitCvss(cvss3, true) : null
    if (!cvss) {
      const cvss2 = splitCvss(findValue(info, 'CVSS_FINAL'), false)
      // A v2 score is still a score; its vector is not carried.
      if (cvss2) cvss = { score: cvss2.score, vector: null }
    }
    // Kept until the glossary has been read: copied out of the input chunk (see detach).
    return {
      qid: detach(qid),
      host: detach(name),
      date: detachOrNull(/^(\d{4}-\d{2}-\d{2})T/.exec(lastFound ?? '')?.[1]),
      cvss: cvss && { score: cvss.score, vector: detachOrNull(cvss.vector) },
      port: detachOrNull(findValue(info, 'PORT')),
    }
  })
}

function glossaryEntry(details: XmlElement): GlossaryEntry {
  const cveList = findAll(details, 'CVE_ID_LIST/CVE_ID')
  const cvss3 = findValue(details, 'CVSS3_SCORE/CVSS3_BASE')
  const cvss = cvss3 && cvss3 !== '-' ? splitCvss(cvss3, true) : null
  return {
    title: detach(findValue(details, 'TITLE') ?? ''),
    level: detach(findValue(details, 'SEVERITY') ?? ''),
    threat: detach(htmlToText(findValue(details, 'THREAT'))),
    solution: detach(htmlToText(findValue(details, 'SOLUTION'))),
    cves: cveList.map((cve) => detach(findValue(cve, 'ID') ?? '')),
    links: cveList.map((cve) => detach(findValue(cve, 'URL') ?? '')),
    cvss: cvss && { score: cvss.score, vector: detachOrNull(cvss.vector) },
  }
}

export async function parseQualysXml(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const records: VulnRecord[] = []
  const glossary = new Map<string, GlossaryEntry>()
  await readXml(chunks, {
    root(name) {
      if (name !== 'ASSET_DATA_REPORT') {
        throw new ScanParseError(
          `not a Qualys report: root element is <${name}>, expected <ASSET_DATA_REPORT>`,
          { kind: 'not_a_report' },
        )
      }
    },
    capture: (path) =>
      (path.length === 3 && path[1] === 'HOST_LIST' && path[2] === 'HOST') ||
      (path.length === 4 &&
        path[1] === 'GLOSSARY' &&
        path[2] === 'VULN_DETAILS_LIST' &&
        path[3] === 'VULN_DETAILS'),
    // The per-host evidence (<RESULT>) is bulky and not part of the finding.
    ignore: new Set(['RESULT']),
    element(element) {
      if (element.name === 'HOST') records.push(...recordsOfHost(element))
      else if (element.attrs.id) glossary.set(element.attrs.id, glossaryEntry(element))
    },
  })
  return records.map((record) => {
    const entry = glossary.get(record.qid)
    const cvss = record.cvss ?? entry?.cvss ?? null
    const qidNumber = record.qid.replace(/^qid_/, '')
    const draft = new FindingDraft({
      title: entry ? `QID-${qidNumber} | ${entry.title}` : `QID-${qidNumber}`,
      severity: BY_LEVEL[entry?.level ?? ''] ?? 'info',
      endpoints: [makeEndpoint({ host: record.host })].filter((endpoint) => endpoint !== null),
      cve: entry?.cves ?? [],
      cvss: cvss?.vector ?? null,
      cvssScore: cvss?.score ?? null,
      description: entry?.threat ?? '',
      solution: entry?.solution ?? '',
      toolId: qidNumber,
      references: entry?.links ?? [],
      date: record.date,
    })
    return draft.finding
  })
}

/** "05/25/2021 07:36:58" (month first) → "2021-05-25". */
function monthFirstDate(value: string | undefined): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(value ?? '')
  if (!match) return null
  const [, month, day, year] = match
  return `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`
}

/** "8.1 (AV:…)" base and "7.4 (E:U/…)" temporal → one v3.0 vector, as DefectDojo builds it. */
function csvVector(base: string | undefined, temporal: string | undefined): string | null {
  const pattern = /^\d{1,2}.\d \((.*)\)/
  const baseVector = pattern.exec(base ?? '')?.[1]
  if (!baseVector) return null
  const temporalVector = pattern.exec(temporal ?? '')?.[1]
  return cleanCvssVector(`CVSS:3.0/${baseVector}${temporalVector ? `/${temporalVector}` : ''}`)
}

export async function parseQualysCsv(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let index: Map<string, number> | null = null
  for await (const record of readCsv(chunks)) {
    if (!index) {
      // Exports may start with report metadata; the header is the first row naming QID and a title column.
      if (
        record.cells.includes('QID') &&
        (record.cells.includes('Title') || record.cells.includes('VULN TITLE'))
      ) {
        index = headerIndex(record.cells)
      } else if (record.line > 100) break
      continue
    }
    const row = new CsvRow(index, record.cells, record.line)
    const title = row.get('Title') || row.get('VULN TITLE') || ''
    if (title === '' || title === 'Title') continue
    const qid = row.get('QID') ?? ''
    const fqdn = row.get('FQDN') ?? ''
    const endpoint = fqdn
      ? endpointFromUri(fqdn.includes('://') ? fqdn : `//${fqdn}`)
      : makeEndpoint({ host: row.get('DNS') || row.get('IP') || null })
    const base = row.get('CVSS3 Base') ?? row.get('CVSS3.1 Base')
    const temporal =
      row.get('CVSS3 Base') !== undefined ? row.get('CVSS3 Temporal') : row.get('CVSS3.1 Temporal')
    const { draft } = table.upsert(qid, () => ({
      title: `QID-${qid} | ${title}`,
      severity: BY_LEVEL[(row.get('Severity') ?? row.get('SEVERITY') ?? '').trim()] ?? 'info',
      cvss: csvVector(base, temporal),
      cvssScore: parseScore(base ?? null),
      description: row.get('Threat') ?? row.get('THREAT') ?? '',
      solution: row.get('Solution') ?? row.get('SOLUTION') ?? '',
      toolId: qid || null,
      date:
        monthFirstDate(row.get('Last Detected')) ??
        /^(\d{4}-\d{2}-\d{2})/.exec(row.get('LAST SCAN') ?? '')?.[1] ??
        null,
      occurrences: 0,
    }))
    draft.finding.occurrences += 1
    draft.addCves((row.get('CVE ID') ?? row.get('CVEID') ?? '').split(','))
    draft.addEndpoint(endpoint)
  }
  if (!index) {
    throw new ScanParseError('not a Qualys CSV report: no header row with "QID" and "Title" columns', {
      kind: 'not_a_report',
    })
  }
  return table.findings()
}
