// Nessus NessusClientData_v2 (.nessus / XML). Merge rule (DefectDojo): severity + pluginName across all hosts;
// the severity comes from <cvss3_base_score> when present (>=9 critical, >=7 high, >=5 medium, >0 low).
import { childrenNamed, findValue, readXml, type XmlElement } from '../formats/xml-stream'
import { cleanCvssVector, parseScore } from '../shared/cvss-vector'
import { endpointFromUri, makeEndpoint, parsePort, SCHEME_DEFAULT_PORTS } from '../shared/endpoint'
import { FindingTable, normaliseCwe, splitReferences } from '../shared/finding-draft'
import { ScanParseError } from '../scan-parse-error'
import type { ScanEndpoint, ScanFinding, ScanSeverity } from '../scan-types'

const BY_LEVEL: readonly ScanSeverity[] = ['info', 'low', 'medium', 'high', 'critical']

/** DefectDojo's Nessus bands for cvss3_base_score — note medium starts at 5.0, not 4.0. */
function fromCvss3Score(score: number): ScanSeverity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 5) return 'medium'
  if (score > 0) return 'low'
  return 'info'
}

function protocolOf(item: XmlElement): string {
  let protocol = (item.attrs.svc_name ?? '').replace(/[^A-Za-z0-9+-]+/g, '')
  if (protocol === '') return ''
  if (protocol === 'www') protocol = 'http'
  if (!SCHEME_DEFAULT_PORTS.has(protocol)) {
    protocol = (item.attrs.protocol ?? protocol).replace(/[^A-Za-z0-9+-]+/g, '')
  }
  return protocol
}

interface HostContext {
  ip: string
  fqdn: string | null
}

function endpointOf(item: XmlElement, host: HostContext): ScanEndpoint | null {
  const port = Number.parseFloat(item.attrs.port ?? '0') > 0 ? parsePort(item.attrs.port) : null
  const protocol = protocolOf(item)
  if (host.fqdn?.includes('://')) return endpointFromUri(host.fqdn)
  if (protocol === 'general') return makeEndpoint({ host: host.fqdn ?? host.ip })
  return makeEndpoint({ protocol: protocol || null, host: host.fqdn ?? host.ip, port })
}

function addItem(item: XmlElement, host: HostContext, table: FindingTable): void {
  const title = item.attrs.pluginName ?? ''
  const level = Number.parseInt(item.attrs.severity ?? '0', 10)
  let severity: ScanSeverity = BY_LEVEL[level] ?? 'info'
  const cvss3Score = parseScore(findValue(item, 'cvss3_base_score'))
  if (cvss3Score !== null) severity = fromCvss3Score(cvss3Score)
  const { draft } = table.upsert(JSON.stringify([severity, title]), () => {
    const synopsis = findValue(item, 'synopsis')
    const description = findValue(item, 'description')
    const vector = findValue(item, 'cvss3_vector')
    return {
      title,
      severity,
      cwe: normaliseCwe(findValue(item, 'cwe')),
      cvss: cleanCvssVector(vector),
      cvssScore: cvss3Score ?? parseScore(findValue(item, 'cvssv3')),
      description: [synopsis, description].filter(Boolean).join('\n\n'),
      solution: findValue(item, 'solution') ?? '',
      toolId: item.attrs.pluginID ?? null,
      references: [
        ...childrenNamed(item, 'see_also').flatMap((element) => splitReferences(element.text)),
        ...childrenNamed(item, 'xref').map((element) => element.text.trim()),
      ],
      occurrences: 0,
    }
  })
  draft.finding.occurrences += 1
  draft.addCves(childrenNamed(item, 'cve').map((element) => element.text))
  draft.addEndpoint(endpointOf(item, host))
}

export async function parseNessusXml(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let host: HostContext = { ip: '', fqdn: null }
  // Nessus writes <HostProperties> first; should it come after items, those items wait for it (this host only).
  let hasProperties = false
  let pending: XmlElement[] = []
  const flush = () => {
    for (const item of pending) addItem(item, host, table)
    pending = []
  }
  await readXml(chunks, {
    root(name) {
      if (name !== 'NessusClientData_v2') {
        throw new ScanParseError(
          `not a Nessus report: root element is <${name}>, expected <NessusClientData_v2>`,
          { kind: 'not_a_report' },
        )
      }
    },
    capture: (path) => {
      const name = path.at(-1)
      return path.at(-2) === 'ReportHost' && (name === 'HostProperties' || name === 'ReportItem')
    },
    // Plugin output can be large and is per-host evidence, not part of the merged finding.
    ignore: new Set(['plugin_output']),
    open(name, attrs) {
      if (name === 'ReportHost') {
        host = { ip: attrs.name ?? '', fqdn: null }
        hasProperties = false
        pending = []
      }
    },
    element(element) {
      if (element.name === 'HostProperties') {
        const fqdn = childrenNamed(element, 'tag').find((tag) => tag.attrs.name === 'host-fqdn')
        const value = fqdn?.text.trim()
        if (value) host.fqdn = value
        hasProperties = true
        flush()
        return
      }
      if (hasProperties) addItem(element, host, table)
      else pending.push(element)
    },
    close(path) {
      if (path.at(-1) === 'ReportHost') flush()
    },
  })
  return table.findings()
}
