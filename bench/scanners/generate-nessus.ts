// Writes a realistic NessusClientData_v2 report with exactly N findings after DefectDojo's merge (one finding per
// severity + plugin name): many hosts, each plugin on one to three hosts, CVSS v3 vectors and CVE ids.
// Used by parse-bench.ts and (later) `npm run bench:findings`. Deterministic for a given seed.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'

export interface NessusReportOptions {
  /** Findings after merging (distinct plugins). */
  findings: number
  /** Hosts in the scan (default: one per 100 findings, at least 10). */
  hosts?: number
  /** Extra bytes of plugin output per item, to make large files cheaply (default 300). */
  pluginOutputBytes?: number
  seed?: number
}

export interface GeneratedReport {
  path: string
  bytes: number
  findings: number
  /** <ReportItem> elements written (more than findings: plugins repeat across hosts). */
  items: number
  hosts: number
}

// CVSS v3.1 base vectors with their base scores (computed with the FIRST calculator).
const VECTORS: ReadonlyArray<readonly [string, number]> = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
  ['CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 6.5],
]

const SERVICES: ReadonlyArray<readonly [number, string]> = [
  [22, 'ssh'],
  [80, 'www'],
  [443, 'https?'],
  [3306, 'mysql'],
  [3389, 'msrdp'],
  [8080, 'www'],
  [445, 'cifs'],
  [0, 'general'],
]

const FAMILIES = [
  'Web Servers',
  'Databases',
  'Windows',
  'Misc.',
  'Service detection',
  'CGI abuses',
  'Ubuntu Local Security Checks',
]
const PRODUCTS = [
  'nginx',
  'Apache httpd',
  'OpenSSH',
  'MySQL',
  'PHP',
  'Tomcat',
  'OpenSSL',
  'jQuery',
  'WebLogic',
  'Struts',
]

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function nessusLevel(score: number | null): number {
  if (score === null || score === 0) return 0
  if (score >= 9) return 4
  if (score >= 7) return 3
  if (score >= 4) return 2
  return 1
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

interface Plugin {
  id: number
  name: string
  family: string
  vector: readonly [string, number] | null
  cves: string[]
  service: readonly [number, string]
}

function makePlugin(index: number, random: () => number): Plugin {
  const product = PRODUCTS[index % PRODUCTS.length] ?? 'nginx'
  // About one plugin in five is informational (no CVSS), as in real scans.
  const vector = random() < 0.2 ? null : (VECTORS[Math.floor(random() * VECTORS.length)] ?? null)
  const cveCount = vector ? Math.floor(random() * 4) : 0
  const year = 2015 + Math.floor(random() * 10)
  const cves = Array.from({ length: cveCount }, (_, n) => `CVE-${year}-${10000 + ((index * 7 + n) % 89999)}`)
  return {
    id: 100000 + index,
    name: `${product} ${Math.floor(index / PRODUCTS.length)}.x Multiple Vulnerabilities (check ${index})`,
    family: FAMILIES[index % FAMILIES.length] ?? 'Misc.',
    vector,
    cves,
    service: SERVICES[Math.floor(random() * SERVICES.length)] ?? [80, 'www'],
  }
}

function reportItem(plugin: Plugin, host: string, outputBytes: number): string {
  const [port, svc] = plugin.service
  const score = plugin.vector?.[1] ?? null
  const level = nessusLevel(score)
  const risk = ['None', 'Low', 'Medium', 'High', 'Critical'][level]
  const output = `Installed version : ${plugin.id % 17}.${plugin.id % 5}\nFixed version : ${(plugin.id % 17) + 1}.0\nHost : ${host}\n`
  const padding = outputBytes > output.length ? 'x'.repeat(outputBytes - output.length) : ''
  const lines = [
    `<ReportItem port="${port}" svc_name="${svc}" protocol="tcp" severity="${level}" pluginID="${plugin.id}" pluginName="${escapeXml(plugin.name)}" pluginFamily="${plugin.family}">`,
    `<description>The remote host is affected by a vulnerability in ${escapeXml(plugin.name)}. An attacker could exploit it to compromise the service.</description>`,
    `<fname>check_${plugin.id}.nasl</fname>`,
    `<plugin_modification_date>2024/05/01</plugin_modification_date>`,
    `<plugin_name>${escapeXml(plugin.name)}</plugin_name>`,
    `<plugin_publication_date>2023/01/15</plugin_publication_date>`,
    `<plugin_type>remote</plugin_type>`,
    `<risk_factor>${risk}</risk_factor>`,
    `<script_version>1.${plugin.id % 40}</script_version>`,
    `<solution>Upgrade to the latest version.</solution>`,
    `<synopsis>The remote service is affected by a vulnerability (${plugin.id}).</synopsis>`,
  ]
  if (plugin.vector) {
    lines.push(
      `<cvss3_base_score>${plugin.vector[1].toFixed(1)}</cvss3_base_score>`,
      `<cvss3_vector>${plugin.vector[0]}</cvss3_vector>`,
      `<cvss_base_score>${Math.min(10, plugin.vector[1] - 0.5).toFixed(1)}</cvss_base_score>`,
      `<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P</cvss_vector>`,
    )
  }
  for (const cve of plugin.cves) lines.push(`<cve>${cve}</cve>`)
  lines.push(`<see_also>https://www.tenable.com/plugins/nessus/${plugin.id}</see_also>`)
  if (plugin.cves[0]) lines.push(`<xref>CVE:${plugin.cves[0]}</xref>`)
  lines.push(`<plugin_output>${output}${padding}</plugin_output>`, '</ReportItem>')
  return lines.join('\n')
}

function hostProperties(ip: string, fqdn: string): string {
  return `<HostProperties>
<tag name="HOST_END">Mon Jun 3 10:22:11 2024</tag>
<tag name="operating-system">Linux Kernel 5.15 on Ubuntu 22.04</tag>
<tag name="host-ip">${ip}</tag>
<tag name="host-fqdn">${fqdn}</tag>
<tag name="HOST_START">Mon Jun 3 09:58:02 2024</tag>
</HostProperties>`
}

/** Writes the report to `path` and returns what was written. */
export async function generateNessusReport(
  path: string,
  options: NessusReportOptions,
): Promise<GeneratedReport> {
  const findings = options.findings
  const hostCount = options.hosts ?? Math.max(10, Math.ceil(findings / 100))
  const outputBytes = options.pluginOutputBytes ?? 300
  const random = mulberry32(options.seed ?? 20240603)
  const plugins = Array.from({ length: findings }, (_, index) => makePlugin(index, random))
  // Each plugin on 1–3 hosts; kept as per-host lists of plugin indexes.
  const perHost: number[][] = Array.from({ length: hostCount }, () => [])
  plugins.forEach((_, index) => {
    const copies = 1 + Math.floor(random() * 3)
    for (let copy = 0; copy < copies; copy++) perHost[(index * 7 + copy * 13) % hostCount]?.push(index)
  })
  const out = createWriteStream(path)
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  let items = 0
  await write(
    '<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Policy><policyName>Basic Network Scan</policyName></Policy>\n',
  )
  await write('<Report name="wangan bench" xmlns:cm="http://www.nessus.org/cm">\n')
  for (let host = 0; host < hostCount; host++) {
    const ip = `10.${(host >> 16) & 255}.${(host >> 8) & 255}.${host & 255}`
    const fqdn = `host-${host}.bench.example.gov.cn`
    await write(`<ReportHost name="${ip}">${hostProperties(ip, fqdn)}\n`)
    for (const index of new Set(perHost[host])) {
      const plugin = plugins[index]
      if (!plugin) continue
      await write(`${reportItem(plugin, fqdn, outputBytes)}\n`)
      items++
    }
    await write('</ReportHost>\n')
  }
  await write('</Report>\n</NessusClientData_v2>\n')
  out.end()
  await once(out, 'finish')
  return { path, bytes: (await stat(path)).size, findings, items, hosts: hostCount }
}
