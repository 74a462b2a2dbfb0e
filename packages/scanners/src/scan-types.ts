// The shape every parser produces: the `wangan import-scan` contract (CONTRACTS.md) plus a few extra fields.

export const SCAN_TOOLS = [
  'nuclei',
  'openvas',
  'nessus',
  'zap',
  'burp',
  'acunetix',
  'nmap',
  'qualys',
] as const
export type ScanTool = (typeof SCAN_TOOLS)[number]

export const SCAN_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type ScanSeverity = (typeof SCAN_SEVERITIES)[number]

/** The file format a report was read as. */
export type ScanFormat = 'xml' | 'csv' | 'json'

/** Where a finding was seen. `path` has no leading slash (DefectDojo's "root-less" path); null when it is the root. */
export interface ScanEndpoint {
  protocol: string | null
  host: string
  port: number | null
  path: string | null
}

export interface ScanComponent {
  name: string
  version: string | null
}

export interface ScanFinding {
  title: string
  severity: ScanSeverity
  /** One entry per merged record, in report order, as DefectDojo keeps them: may repeat. */
  endpoints: ScanEndpoint[]
  /** CVE ids, upper-case, without duplicates. */
  cve: string[]
  /** CWE number; null when the tool gives none (DefectDojo's 0 is reported as null). */
  cwe: number | null
  /** CVSS v3.x (or v4.0) vector with its `CVSS:x.y/` prefix; never a v2 vector. */
  cvss: string | null
  description: string
  solution: string
  /** The tool's CVSS score for the finding (what DefectDojo stores as cvssv3_score). */
  cvssScore: number | null
  /** The tool's id of the check: template id, plugin id, NVT OID, QID, Burp issue type, vulners id … */
  toolId: string | null
  /** The tool's id of this very record where it has one (Burp serial number). */
  uniqueId: string | null
  references: string[]
  /** How many raw records were merged into this finding. */
  occurrences: number
  /** ISO 8601 date (or date-time where the tool gives a time) of the finding or of the scan. */
  date: string | null
  component: ScanComponent | null
  /** EPSS probability (0–1) where the tool reports one. */
  epssScore: number | null
}

export interface ScanReport {
  tool: ScanTool
  format: ScanFormat
  findings: ScanFinding[]
}

export function isScanTool(value: string): value is ScanTool {
  return (SCAN_TOOLS as readonly string[]).includes(value)
}
