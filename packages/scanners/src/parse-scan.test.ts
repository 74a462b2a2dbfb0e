// Every fixture of the shared manifest: the finding count DefectDojo asserts, and every asserted field of
// findings[0] and of the other findings the manifest names, compared with our output fields.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { parseScan } from './parse-scan'
import type { ScanFinding, ScanSeverity } from './scan-types'
import { fixturePath, loadManifest, type Expected } from './test-fixtures'

const manifest = loadManifest()

const SEVERITY: Readonly<Record<string, ScanSeverity>> = {
  Critical: 'critical',
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  Info: 'info',
}

// Manifest fields that have no counterpart in our output (DefectDojo-only flags, request/response storage,
// the alternative USE_FIRST_SEEN date) or that are comments.
const NOT_MAPPED = new Set([
  'false_p',
  'req_resp_count',
  'request_first_line',
  'response_first_line',
  'date_first_seen',
  'note',
  'index',
  'select',
])

function expectField(finding: ScanFinding, field: string, expected: unknown): void {
  const endpoint = finding.endpoints[0]
  switch (field) {
    case 'title':
      return void expect(finding.title).toBe(expected)
    case 'severity':
      return void expect(finding.severity).toBe(SEVERITY[expected as string])
    case 'host': {
      // nessus_new.csv: "blah1 (compared case-insensitively)"; we lower-case hosts anyway.
      const host = String(expected)
        .replace(/ \(compared case-insensitively\)$/, '')
        .toLowerCase()
      return void expect(endpoint?.host).toBe(host)
    }
    case 'port':
      return void expect(endpoint?.port ?? null).toBe(expected)
    case 'protocol':
      return void expect(endpoint?.protocol ?? null).toBe(expected)
    case 'path':
      return void expect(endpoint?.path ?? null).toBe(expected)
    case 'location':
      return void expect(`${endpoint?.protocol}://${endpoint?.host}:${endpoint?.port}`).toBe(expected)
    case 'locations':
      return void expect(finding.endpoints.map(({ host, port, path }) => ({ host, port, path }))).toEqual(
        expected,
      )
    case 'location_protocols':
      return void expect(finding.endpoints.map((item) => item.protocol)).toEqual(expected)
    case 'location_count':
      return void expect(finding.endpoints).toHaveLength(expected as number)
    case 'cve':
      return void expect(finding.cve).toContain(expected)
    case 'cves':
      return void expect(finding.cve).toEqual(expected)
    case 'cve_count':
      // DefectDojo keeps one id per merged ReportItem (duplicates included); we keep each CVE once.
      if (expected === 0) return void expect(finding.cve).toEqual([])
      expect(finding.cve.length).toBeGreaterThan(0)
      return void expect(finding.cve.length).toBeLessThanOrEqual(expected as number)
    case 'cwe':
      // DefectDojo's "no CWE" is 0 (CSV parsers) or None (XML parsers); ours is null for both.
      return void expect(finding.cwe).toBe(expected === 0 ? null : expected)
    case 'cvssv3':
      return void expect(finding.cvss).toBe(expected)
    case 'cvssv3_score':
      return void expect(finding.cvssScore).toBe(expected === null ? null : Number(expected))
    case 'vuln_id_from_tool':
      return void expect(finding.toolId).toBe(expected)
    case 'unique_id_from_tool':
      return void expect(finding.uniqueId).toBe(expected)
    case 'nb_occurences':
      return void expect(finding.occurrences).toBe(expected)
    case 'date':
      return void expect(finding.date).toBe(expected)
    case 'epss_score':
      return void expect(finding.epssScore).toBe(expected)
    case 'references_contains':
      return void expect(finding.references).toContain(expected)
    case 'component_name':
      return void expect(finding.component?.name).toBe(expected)
    case 'component_version':
      return void expect(finding.component?.version).toBe(expected)
    default:
      throw new Error(`manifest field "${field}" is not mapped by this test`)
  }
}

function expectFields(finding: ScanFinding | undefined, expected: Expected): void {
  expect(finding).toBeDefined()
  if (!finding) return
  for (const [field, value] of Object.entries(expected)) {
    if (NOT_MAPPED.has(field)) continue
    expectField(finding, field, value)
  }
}

describe.each(manifest)('$tool $file', (entry) => {
  it(`gives ${entry.count} findings with the asserted fields`, async () => {
    const report = await parseScan({ tool: entry.tool, source: fixturePath(entry.file) })
    expect(report.tool).toBe(entry.tool)
    expect(report.findings).toHaveLength(entry.count)
    if (entry.first) expectFields(report.findings[0], entry.first)
    for (const other of entry.other_asserted ?? []) {
      const select = other.select as { host: string; title: string } | undefined
      const index = other.index as number | undefined
      const finding = select
        ? report.findings.find(
            (item) => item.title === select.title && item.endpoints[0]?.host === select.host,
          )
        : report.findings.at(index ?? 0)
      expectFields(finding, other)
    }
    if (entry.severity_counts) {
      const counts: Record<string, number> = {}
      for (const finding of report.findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1
      const expected = Object.fromEntries(
        Object.entries(entry.severity_counts).map(([name, count]) => [SEVERITY[name], count]),
      )
      expect(counts).toEqual(expected)
    }
  })

  it('satisfies the contract shape on every finding', async () => {
    const report = await parseScan({ tool: entry.tool, source: fixturePath(entry.file) })
    for (const finding of report.findings) {
      expect(typeof finding.title).toBe('string')
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(finding.severity)
      for (const endpoint of finding.endpoints) {
        expect(endpoint.host).toMatch(/^\S+$/)
        expect(endpoint.host).toBe(endpoint.host.toLowerCase())
        expect(endpoint.port === null || (Number.isInteger(endpoint.port) && endpoint.port > 0)).toBe(true)
        expect(endpoint.path === null || !endpoint.path.startsWith('/')).toBe(true)
      }
      for (const cve of finding.cve) expect(cve).toMatch(/^CVE-\d{4}-\d{4,}$/)
      expect(new Set(finding.cve).size).toBe(finding.cve.length)
      expect(finding.cwe === null || (Number.isInteger(finding.cwe) && finding.cwe > 0)).toBe(true)
      expect(finding.cvss === null || /^CVSS:(3\.[01]|4\.0)\//.test(finding.cvss)).toBe(true)
      expect(typeof finding.description).toBe('string')
      expect(typeof finding.solution).toBe('string')
      expect(finding.occurrences).toBeGreaterThanOrEqual(1)
    }
  })
})

describe('streaming', () => {
  it.each(manifest)('$file gives the same findings when it arrives in 97-byte chunks', async (entry) => {
    const bytes = readFileSync(fixturePath(entry.file))
    const whole = await parseScan({ tool: entry.tool, source: bytes })
    const pieces: Buffer[] = []
    for (let at = 0; at < bytes.byteLength; at += 97) pieces.push(bytes.subarray(at, at + 97))
    const streamed = await parseScan({ tool: entry.tool, source: Readable.from(pieces) })
    expect(streamed).toEqual(whole)
  })
})

describe('merges the way DefectDojo does', () => {
  it('nessus_v_unknown: the SSH plugin merged over 7 hosts carries CVE-2005-1794 once', async () => {
    const report = await parseScan({ tool: 'nessus', source: fixturePath('nessus/nessus_v_unknown.xml') })
    const finding = report.findings[9]
    expect(finding?.cve).toEqual(['CVE-2005-1794'])
    expect(finding?.occurrences).toBe(7)
    expect(finding?.endpoints).toHaveLength(7)
  })

  it('nessus_v_unknown: "Nessus SYN scanner" keeps one endpoint per merged item', async () => {
    const report = await parseScan({ tool: 'nessus', source: fixturePath('nessus/nessus_v_unknown.xml') })
    const finding = report.findings[25]
    expect(finding?.endpoints.length).toBeGreaterThanOrEqual(38)
    expect(finding?.endpoints[26]?.protocol).toBe('http')
    expect(finding?.endpoints[37]?.protocol).toBe('tcp')
  })

  it('burp issue4399: 441 issues become 20 findings whose occurrences add up to 441', async () => {
    const report = await parseScan({ tool: 'burp', source: fixturePath('burp/issue4399.xml') })
    expect(report.findings.reduce((sum, finding) => sum + finding.occurrences, 0)).toBe(441)
  })

  it('nmap issue4406: vulners CVE entries carry their CVE, others none', async () => {
    const report = await parseScan({ tool: 'nmap', source: fixturePath('nmap/issue4406.xml') })
    const cveEntries = report.findings.filter((finding) => finding.toolId?.startsWith('CVE-'))
    expect(cveEntries.length).toBeGreaterThan(0)
    for (const finding of cveEntries) expect(finding.cve).toEqual([finding.toolId])
    const first = report.findings[0]
    expect(first?.cve).toEqual([])
    expect(first?.cvssScore).toBe(5.8)
  })

  it('nuclei many_findings: 18 records become 16 findings', async () => {
    const report = await parseScan({ tool: 'nuclei', source: fixturePath('nuclei/many_findings.json') })
    expect(report.findings.reduce((sum, finding) => sum + finding.occurrences, 0)).toBe(18)
  })

  it('acunetix example.co.id: 19 items become 7 findings', async () => {
    const report = await parseScan({
      tool: 'acunetix',
      source: fixturePath('acunetix/XML_http_example_co_id_.xml'),
    })
    expect(report.findings.reduce((sum, finding) => sum + finding.occurrences, 0)).toBe(19)
  })

  it('tenable_many_vuln.csv: the 2 rows without a name are skipped, 20 rows merge into 9', async () => {
    const report = await parseScan({ tool: 'nessus', source: fixturePath('nessus/tenable_many_vuln.csv') })
    expect(report.findings.reduce((sum, finding) => sum + finding.occurrences, 0)).toBe(20)
  })

  it('qualys CSV: 6 rows merged by QID into 3 findings with their hosts', async () => {
    const report = await parseScan({ tool: 'qualys', source: fixturePath('qualys/Qualys_Sample_Report.csv') })
    expect(report.findings.map((finding) => finding.endpoints.length).reduce((a, b) => a + b, 0)).toBe(6)
  })
})
