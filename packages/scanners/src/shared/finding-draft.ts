// Findings under construction and the insertion-ordered merge table every parser uses: the first record with a
// key creates the finding, later ones add endpoints and occurrences (DefectDojo's `dupes` dictionaries).
import type { ScanComponent, ScanEndpoint, ScanFinding, ScanSeverity } from '../scan-types'
import { detach, detachOrNull } from './detach'

export interface FindingSeed {
  title: string
  severity: ScanSeverity
  endpoints?: ScanEndpoint[]
  cve?: Iterable<string>
  cwe?: number | null
  cvss?: string | null
  description?: string
  solution?: string
  cvssScore?: number | null
  toolId?: string | null
  uniqueId?: string | null
  references?: Iterable<string>
  occurrences?: number
  date?: string | null
  component?: ScanComponent | null
  epssScore?: number | null
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/

/** Upper-cases and validates a CVE id; null for anything that is not one. */
export function normaliseCve(value: string | null | undefined): string | null {
  const id = (value ?? '').trim().toUpperCase()
  return CVE_ID.test(id) ? id : null
}

export function normaliseCwe(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const match = /(\d+)/.exec(String(value))
  if (!match?.[1]) return null
  const number = Number(match[1])
  // DefectDojo stores "no CWE" as 0; the contract says null.
  return Number.isSafeInteger(number) && number > 0 ? number : null
}

/**
 * Descriptions cut from pretty-printed XML carry the file's indentation on every line; lines are trimmed and runs
 * of blank lines collapsed, so the text reads the same whichever way the report was formatted.
 */
export function tidyText(text: string): string {
  if (!text.includes('\n')) return text.trim()
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

export class FindingDraft {
  readonly finding: ScanFinding
  private readonly cves: Set<string>
  private readonly refs: Set<string>

  constructor(seed: FindingSeed) {
    this.cves = new Set()
    this.refs = new Set()
    const component = seed.component
    this.finding = {
      title: detach(seed.title),
      severity: seed.severity,
      endpoints: [...(seed.endpoints ?? [])],
      cve: [],
      cwe: seed.cwe ?? null,
      cvss: detachOrNull(seed.cvss),
      description: detach(tidyText(seed.description ?? '')),
      solution: detach(tidyText(seed.solution ?? '')),
      cvssScore: seed.cvssScore ?? null,
      toolId: detachOrNull(seed.toolId),
      uniqueId: detachOrNull(seed.uniqueId),
      references: [],
      occurrences: seed.occurrences ?? 1,
      date: detachOrNull(seed.date),
      component: component
        ? { name: detach(component.name), version: detachOrNull(component.version) }
        : null,
      epssScore: seed.epssScore ?? null,
    }
    this.addCves(seed.cve ?? [])
    this.addReferences(seed.references ?? [])
  }

  addEndpoint(endpoint: ScanEndpoint | null): void {
    if (endpoint) this.finding.endpoints.push(endpoint)
  }

  addCves(values: Iterable<string>): void {
    for (const value of values) {
      const id = normaliseCve(value)
      if (id && !this.cves.has(id)) {
        const kept = detach(id)
        this.cves.add(kept)
        this.finding.cve.push(kept)
      }
    }
  }

  addReferences(values: Iterable<string>): void {
    for (const value of values) {
      const reference = value.trim()
      if (reference && !this.refs.has(reference)) {
        const kept = detach(reference)
        this.refs.add(kept)
        this.finding.references.push(kept)
      }
    }
  }
}

/** Findings keyed by their merge key, kept in the order their first record appeared. */
export class FindingTable {
  private readonly drafts = new Map<string, FindingDraft>()

  get(key: string): FindingDraft | undefined {
    return this.drafts.get(key)
  }

  /** Returns the finding for the key, creating it from the seed when the key is new. */
  upsert(key: string, seed: () => FindingSeed): { draft: FindingDraft; created: boolean } {
    const existing = this.drafts.get(key)
    if (existing) return { draft: existing, created: false }
    const draft = new FindingDraft(seed())
    this.drafts.set(key, draft)
    return { draft, created: true }
  }

  findings(): ScanFinding[] {
    return [...this.drafts.values()].map((draft) => draft.finding)
  }
}

/** Splits text on whitespace/newlines into URL-like references. */
export function splitReferences(text: string | null | undefined): string[] {
  if (!text) return []
  return text
    .split(/\s+/)
    .map((part) => part.trim())
    .filter((part) => /^(https?|ftp):\/\//i.test(part))
}

/** Every CVE id mentioned in the text, in order. */
export function cvesIn(text: string | null | undefined): string[] {
  if (!text) return []
  return [...text.toUpperCase().matchAll(/CVE-\d{4}-\d{4,}/g)].map((match) => match[0])
}
