// Nessus / Tenable CSV exports (classic "Plugin ID,CVE,…" columns, the "all columns" template, and Tenable.io's
// ';'-separated "asset.* / definition.*" columns). Rows with an empty name are skipped; rows with the same
// severity + name + host + port + synopsis are merged (DefectDojo's rule).
import { CsvRow, headerIndex, readCsv } from '../formats/csv-rows'
import { componentFromCpe } from '../shared/cpe'
import { cleanCvssVector, parseScore } from '../shared/cvss-vector'
import { endpointFromUri, makeEndpoint, parsePort } from '../shared/endpoint'
import { cvesIn, FindingTable, normaliseCwe, splitReferences } from '../shared/finding-draft'
import { fromDojoName } from '../shared/severity'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding, ScanSeverity } from '../scan-types'

const BY_LEVEL: readonly ScanSeverity[] = ['info', 'low', 'medium', 'high', 'critical']
const TITLE_COLUMNS = ['Name', 'Plugin Name', 'asset.name']

function severityOf(row: CsvRow): ScanSeverity {
  let raw = row.first(['Risk', 'severity'])
  if (raw === '') raw = row.get('Severity') ?? 'Info'
  if (/^\s*-?\d+\s*$/.test(raw)) return BY_LEVEL[Number.parseInt(raw, 10)] ?? 'info'
  return fromDojoName(raw) ?? 'info'
}

/** Some exports drop the decimal point ("75" for 7.5); a CVSS score above 10 can only mean that. */
function cvssScoreOf(text: string): number | null {
  const value = text.trim()
  if (value === '') return null
  if (/^\d{2,3}$/.test(value) && Number(value) > 10) return Number(value) / 10
  return parseScore(value)
}

/** EPSS is a probability; "3833" in the all-columns template stands for 0.3833. */
function epssOf(text: string): number | null {
  const value = text.trim()
  if (value === '') return null
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0) return null
  if (number <= 1) return number
  if (/^\d+$/.test(value)) return number / 10 ** value.length
  return null
}

function dateOf(text: string): string | null {
  return /^(\d{4}-\d{2}-\d{2})/.exec(text.trim())?.[1] ?? null
}

export async function parseNessusCsv(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let index: Map<string, number> | null = null
  for await (const record of readCsv(chunks)) {
    if (!index) {
      index = headerIndex(record.cells)
      if (!TITLE_COLUMNS.some((name) => index?.has(name))) {
        throw new ScanParseError(
          'not a Nessus CSV report: the header has none of the columns "Name", "Plugin Name", "asset.name"',
          { kind: 'not_a_report', line: 1 },
        )
      }
      continue
    }
    const row = new CsvRow(index, record.cells, record.line)
    const title = row.first(TITLE_COLUMNS)
    if (title === '') continue
    const severity = severityOf(row)
    const synopsis = row.first(['Synopsis', 'definition.synopsis'], 'No synopsis')
    const key = JSON.stringify([
      severity,
      title,
      row.first(['Host', 'asset.host_name'], 'No host'),
      row.first(['Port', 'asset.port'], 'No port'),
      synopsis,
    ])
    const { draft } = table.upsert(key, () => {
      const vector = row.first(['CVSS V3 Vector', 'CVSS3 Vector', 'definition.cvss3.base_vector']) || null
      const description = row.first(['Description', 'definition.description'])
      return {
        title,
        severity,
        cvss: cleanCvssVector(vector),
        cvssScore: cvssScoreOf(
          row.first(['CVSSv3', 'definition.cvss3.base_score', 'CVSS3 Base Score', 'CVSS v3.0 Base Score']),
        ),
        cwe: normaliseCwe(row.first(['CWE', 'definition.cwe']) || null),
        description: [row.first(['Synopsis', 'definition.synopsis']), description]
          .filter(Boolean)
          .join('\n\n'),
        solution: row.first(['Solution', 'definition.solution']),
        toolId: row.first(['Plugin ID', 'definition.id']) || null,
        references: splitReferences(row.first(['See Also', 'definition.see_also'])),
        component: componentFromCpe(
          /cpe:\/[^\s]+|cpe:2\.3:[^\s]+/.exec(row.first(['CPE', 'definition.cpe']))?.[0],
        ),
        epssScore: epssOf(row.first(['EPSS Score', 'definition.epss.score'])),
        date: dateOf(row.first(['Last Found', 'last_seen'])),
        occurrences: 0,
      }
    })
    draft.finding.occurrences += 1
    draft.addCves(cvesIn(row.first(['CVE', 'definition.cve'])))
    let host = row.first(['Host', 'asset.host_name'])
    if (host === '') host = row.get('DNS Name') ?? ''
    if (host === '') host = row.get('IP Address') ?? 'localhost'
    const protocol = row.first(['Protocol', 'protocol'])
    const port = parsePort(row.first(['Port', 'asset.port']))
    draft.addEndpoint(
      host.includes('://')
        ? endpointFromUri(host)
        : makeEndpoint({ protocol: protocol ? protocol.toLowerCase() : null, host, port }),
    )
  }
  if (!index) throw new ScanParseError('Nessus CSV report is empty (no header line)', { kind: 'malformed' })
  return table.findings()
}
