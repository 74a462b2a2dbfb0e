// nuclei JSON Lines (`-jsonl`) or JSON array (`-json-export`). Merge rule (DefectDojo): template id + type +
// matcher name + endpoint host; the merged record's endpoint is added when new, occurrences counted.
import { readJsonValues } from '../formats/json-values'
import { cleanCvssVector, findCvssVector, parseScore } from '../shared/cvss-vector'
import { endpointFromUri, endpointKey } from '../shared/endpoint'
import { FindingTable, normaliseCwe } from '../shared/finding-draft'
import { fromDojoName } from '../shared/severity'
import { ScanParseError } from '../scan-parse-error'
import type { ScanFinding, ScanSeverity } from '../scan-types'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  if (typeof value === 'string' && value.trim()) return [value]
  return []
}

function pick(record: Json, ...keys: string[]): unknown {
  for (const key of keys) if (key in record) return record[key]
  return undefined
}

function severityOf(value: unknown): ScanSeverity {
  // nuclei's "unknown" and anything else outside DefectDojo's names becomes Low (its DEFAULT_SEVERITY).
  return fromDojoName(text(value)) ?? 'low'
}

function referencesOf(value: unknown): string[] {
  if (Array.isArray(value)) return list(value)
  // Old templates give a YAML-ish block ("- http://…\n- http://…").
  return text(value)
    .split(/\n/)
    .map((line) => line.replace(/^\s*-\s*/, '').trim())
    .filter(Boolean)
}

export async function parseNuclei(chunks: AsyncIterable<string>): Promise<ScanFinding[]> {
  const table = new FindingTable()
  const seen = new Map<string, Set<string>>()
  for await (const { value, line, index } of readJsonValues(chunks)) {
    if (!isObject(value) || !isObject(value.info)) {
      throw new ScanParseError(
        `not a nuclei report: record ${index + 1} (line ${line}) has no "info" object`,
        { kind: index === 0 ? 'not_a_report' : 'malformed', line },
      )
    }
    const info = value.info
    const templateId = text(pick(value, 'template-id', 'templateID'))
    const type = text(value.type)
    const matcher = text(pick(value, 'matcher-name', 'matcher_name'))
    const matched = text(pick(value, 'matched-at', 'matched'))
    const endpoint = endpointFromUri(matched.includes('://') ? matched : `//${matched}`)
    const key = JSON.stringify([templateId, type, matcher, endpoint?.host ?? ''])
    const { draft, created } = table.upsert(key, () => {
      const classification = isObject(info.classification) ? info.classification : {}
      const cwe = list(classification['cwe-id'])[0]
      const metrics = text(classification['cvss-metrics'])
      return {
        title: text(info.name),
        severity: severityOf(info.severity),
        cve: list(classification['cve-id']),
        cwe: normaliseCwe(cwe),
        cvss: cleanCvssVector(metrics) ?? findCvssVector(metrics),
        cvssScore: parseScore(text(classification['cvss-score'])),
        description: text(info.description).trim(),
        solution: text(info.remediation).trim(),
        toolId: templateId || null,
        references: referencesOf(info.reference),
        date: text(value.timestamp) || null,
        component: matcher ? { name: matcher, version: null } : null,
        occurrences: 0,
      }
    })
    draft.finding.occurrences += 1
    if (!endpoint) continue
    let endpoints = seen.get(key)
    if (!endpoints) seen.set(key, (endpoints = new Set()))
    const endpointId = endpointKey(endpoint)
    if (created || !endpoints.has(endpointId)) {
      endpoints.add(endpointId)
      draft.addEndpoint(endpoint)
    }
  }
  return table.findings()
}
