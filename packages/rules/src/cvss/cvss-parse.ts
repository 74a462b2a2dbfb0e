import { cvssMetrics, cvssVersions, type CvssMetricDefinition, type CvssVersion } from './cvss-metrics'

export type CvssErrorCode =
  | 'empty'
  | 'bad_prefix'
  | 'malformed_metric'
  | 'unknown_metric'
  | 'bad_value'
  | 'duplicate_metric'
  | 'missing_metric'

/** A vector that cannot be scored; `metric` names the offending metric (`CVSS` for the prefix). */
export class CvssError extends Error {
  constructor(
    readonly code: CvssErrorCode,
    readonly metric: string | null,
    message: string,
  ) {
    super(message)
    this.name = 'CvssError'
  }
}

export type ParsedCvss = {
  version: CvssVersion
  /** Metric → value as written, in the specification's order; explicit `X` values kept. */
  metrics: Readonly<Record<string, string>>
  /** The vector in the specification's order without Not Defined (`X`) metrics. */
  normalized: string
}

const prefixPattern = /^CVSS:(\d+\.\d+)$/

function describe(definition: CvssMetricDefinition): string {
  return `${definition.key} (${definition.name})`
}

function parseVersion(prefix: string | undefined): CvssVersion {
  const match = prefix === undefined ? null : prefixPattern.exec(prefix)
  const expected = cvssVersions.map((version) => `CVSS:${version}`).join(', ')
  if (!match) {
    const hint =
      prefix?.includes(':') && !prefix.startsWith('CVSS') ? ' (CVSS v2 vectors are not supported)' : ''
    throw new CvssError(
      'bad_prefix',
      'CVSS',
      `bad prefix "${prefix ?? ''}": expected one of ${expected}${hint}`,
    )
  }
  const version = cvssVersions.find((candidate) => candidate === match[1])
  if (!version)
    throw new CvssError('bad_prefix', 'CVSS', `unsupported CVSS version ${match[1]}: expected ${expected}`)
  return version
}

/**
 * Parses a CVSS 3.0, 3.1 or 4.0 vector. Lenient where the specifications allow it: metrics in any order and
 * explicit Not Defined (`X`) values are accepted ("programs reading CVSS v3.1 vector strings must accept metrics
 * in any order"). Strict everywhere else: unknown metrics, bad values, duplicates and missing base metrics are
 * refused with a CvssError naming the metric; names and values are case-sensitive as in the specifications.
 */
export function parseCvss(vector: string): ParsedCvss {
  if (typeof vector !== 'string' || vector.trim() === '')
    throw new CvssError('empty', null, 'empty CVSS vector')
  const [prefix, ...parts] = vector.trim().split('/')
  const version = parseVersion(prefix)
  const definitions = cvssMetrics[version]
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]))
  const given = new Map<string, string>()
  for (const [index, part] of parts.entries()) {
    const separator = part.indexOf(':')
    if (separator <= 0) {
      throw new CvssError(
        'malformed_metric',
        part,
        `malformed metric "${part}" at position ${index + 1}: expected <metric>:<value>`,
      )
    }
    const key = part.slice(0, separator)
    const value = part.slice(separator + 1)
    const definition = byKey.get(key)
    if (!definition)
      throw new CvssError('unknown_metric', key, `unknown metric "${key}" in a CVSS ${version} vector`)
    if (given.has(key))
      throw new CvssError('duplicate_metric', key, `duplicate metric ${describe(definition)}`)
    if (!definition.values.includes(value)) {
      throw new CvssError(
        'bad_value',
        key,
        `bad value "${value}" for metric ${describe(definition)}: expected one of ${definition.values.join(', ')}`,
      )
    }
    given.set(key, value)
  }
  const missing = definitions.filter((definition) => definition.mandatory && !given.has(definition.key))
  const [firstMissing] = missing
  if (firstMissing) {
    const names = missing.map(describe).join(', ')
    throw new CvssError(
      'missing_metric',
      firstMissing.key,
      `missing mandatory metric${missing.length > 1 ? 's' : ''} ${names} in a CVSS ${version} vector`,
    )
  }
  const metrics: Record<string, string> = {}
  const normalizedParts = [`CVSS:${version}`]
  for (const definition of definitions) {
    const value = given.get(definition.key)
    if (value === undefined) continue
    metrics[definition.key] = value
    if (value !== 'X') normalizedParts.push(`${definition.key}:${value}`)
  }
  return { version, metrics, normalized: normalizedParts.join('/') }
}

/** Throws a CvssError naming the bad metric; returns the normalized vector of a good one. */
export function validateCvss(vector: string): string {
  return parseCvss(vector).normalized
}
