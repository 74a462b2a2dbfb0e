// Locates the shared fixtures (real scanner reports from DefectDojo's test suite) for the tests.
import { readFileSync } from 'node:fs'
import type { ScanTool } from './scan-types'
import { sharedPath } from '../../../test-support/shared-dir'

export const FIXTURES = `${sharedPath('fixtures', 'scans')}/`

export type Expected = Record<string, unknown>

export interface ManifestEntry {
  tool: ScanTool
  file: string
  format: string
  count: number
  first?: Expected
  other_asserted?: Expected[]
  severity_counts?: Record<string, number>
  note?: string
}

export function loadManifest(): ManifestEntry[] {
  const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, 'utf8')) as { files: ManifestEntry[] }
  return manifest.files
}

export function fixturePath(file: string): string {
  return `${FIXTURES}${file}`
}
