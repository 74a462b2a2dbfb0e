// nmap `-oX` XML. One info finding "Open port: N/proto" per open port, merged by port number across hosts; with
// the vulners NSE script, one finding per vulners entry, merged by its id, severity from its CVSS (DefectDojo).
import { child, childrenNamed, readXml, type XmlElement } from '../formats/xml-stream'
import { parseScore } from '../shared/cvss-vector'
import { componentFromCpe } from '../shared/cpe'
import { makeEndpoint, parsePort } from '../shared/endpoint'
import { FindingTable } from '../shared/finding-draft'
import { fromCvssBands } from '../shared/severity'
import { ScanParseError } from '../scan-parse-error'
import type { ScanEndpoint, ScanFinding } from '../scan-types'

function hostName(host: XmlElement): string | null {
  const addresses = childrenNamed(host, 'address')
  const ipv4 = addresses.find((address) => address.attrs.addrtype === 'ipv4')?.attrs.addr
  const ipv6 = addresses.find((address) => address.attrs.addrtype === 'ipv6')?.attrs.addr
  const ptr = childrenNamed(child(host, 'hostnames'), 'hostname').find((name) => name.attrs.type === 'PTR')
  return ptr?.attrs.name ?? ipv4 ?? ipv6 ?? null
}

function addVulners(
  script: XmlElement,
  endpoint: ScanEndpoint,
  date: string | null,
  table: FindingTable,
): void {
  for (const component of childrenNamed(script, 'table')) {
    const cpe = component.attrs.key ?? ''
    for (const vuln of childrenNamed(component, 'table')) {
      const attributes = new Map<string, string>()
      for (const elem of childrenNamed(vuln, 'elem')) {
        attributes.set((elem.attrs.key ?? '').toLowerCase(), elem.text.trim())
      }
      const id = attributes.get('id')
      if (!id) continue
      const score = parseScore(attributes.get('cvss')) ?? 0
      const details = [...attributes].map(([name, value]) => `${name}: ${value}`).join('\n')
      const { draft } = table.upsert(`vulners:${id}`, () => ({
        title: id,
        severity: fromCvssBands(score),
        cvssScore: score,
        toolId: id,
        cve: attributes.get('type') === 'cve' ? [id] : [],
        component: componentFromCpe(cpe),
        description: `CPE: ${cpe}\n${details}`,
        references: [`https://vulners.com/${attributes.get('type') ?? 'search'}/${id}`],
        date,
        occurrences: 0,
      }))
      draft.finding.occurrences += 1
      draft.addEndpoint(endpoint)
    }
  }
}

function addHost(host: XmlElement, date: string | null, table: FindingTable): void {
  const name = hostName(host)
  for (const port of childrenNamed(child(host, 'ports'), 'port')) {
    const protocol = port.attrs.protocol ?? null
    const portNumber = parsePort(port.attrs.portid)
    const endpoint = makeEndpoint({ host: name, protocol, port: portNumber })
    if (child(port, 'state')?.attrs.state !== 'open') continue
    // Vulners findings go in first, as DefectDojo inserts them before the port's own finding.
    for (const script of childrenNamed(port, 'script')) {
      if (script.attrs.id === 'vulners' && endpoint) addVulners(script, endpoint, date, table)
    }
    const service = child(port, 'service')
    const serviceInfo = ['product', 'version', 'extrainfo']
      .filter((key) => service?.attrs[key])
      .map((key) => `${key}: ${service?.attrs[key]}`)
    const title = `Open port: ${portNumber ?? port.attrs.portid ?? ''}/${protocol ?? ''}`
    const { draft } = table.upsert(`nmap:${portNumber ?? port.attrs.portid}`, () => ({
      title,
      severity: 'info',
      description: [`Port/Protocol: ${portNumber}/${protocol}`, ...serviceInfo].join('\n'),
      date,
      component: service?.attrs.product
        ? { name: service.attrs.product, version: service.attrs.version ?? null }
        : null,
      occurrences: 0,
    }))
    draft.finding.occurrences += 1
    draft.addEndpoint(endpoint)
  }
}

/** nmap's `start` (epoch seconds) as an ISO date-time in UTC without zone, as DefectDojo reports it. */
function startDate(start: string | undefined): string | null {
  if (!start || !/^\d+$/.test(start)) return null
  return new Date(Number(start) * 1000).toISOString().slice(0, 19)
}

export async function parseNmap(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  let date: string | null = null
  await readXml(chunks, {
    root(name, attrs) {
      if (name !== 'nmaprun') {
        throw new ScanParseError(`not an nmap report: root element is <${name}>, expected <nmaprun>`, {
          kind: 'not_a_report',
        })
      }
      date = startDate(attrs.start)
    },
    capture: (path) => path.length === 2 && path[1] === 'host',
    element(host) {
      addHost(host, date, table)
    },
  })
  return table.findings()
}
