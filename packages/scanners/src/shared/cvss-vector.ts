// Normalises CVSS vectors the way the Python `cvss` library's clean_vector() does for DefectDojo: metrics in
// canonical order, undefined (X) metrics dropped, the `CVSS:3.x/` prefix kept. v2 vectors are not carried.

const V3_METRICS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['AV', ['N', 'A', 'L', 'P']],
  ['AC', ['L', 'H']],
  ['PR', ['N', 'L', 'H']],
  ['UI', ['N', 'R']],
  ['S', ['U', 'C']],
  ['C', ['H', 'L', 'N']],
  ['I', ['H', 'L', 'N']],
  ['A', ['H', 'L', 'N']],
  ['E', ['X', 'U', 'P', 'F', 'H']],
  ['RL', ['X', 'O', 'T', 'W', 'U']],
  ['RC', ['X', 'U', 'R', 'C']],
  ['CR', ['X', 'L', 'M', 'H']],
  ['IR', ['X', 'L', 'M', 'H']],
  ['AR', ['X', 'L', 'M', 'H']],
  ['MAV', ['X', 'N', 'A', 'L', 'P']],
  ['MAC', ['X', 'L', 'H']],
  ['MPR', ['X', 'N', 'L', 'H']],
  ['MUI', ['X', 'N', 'R']],
  ['MS', ['X', 'U', 'C']],
  ['MC', ['X', 'N', 'L', 'H']],
  ['MI', ['X', 'N', 'L', 'H']],
  ['MA', ['X', 'N', 'L', 'H']],
]
const V3_BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A']

const V4_VECTOR = /^CVSS:4\.0(\/[A-Z]{1,3}:[A-Z])+$/

/**
 * Returns the cleaned CVSS v3.x vector (or a well-formed v4.0 vector as given), or null when the text holds
 * no complete vector. A bare `AV:N/…` is read as 3.0, as DefectDojo's parsers prefix it.
 */
export function cleanCvssVector(text: string | null | undefined, defaultVersion = '3.0'): string | null {
  if (!text) return null
  const raw = text.trim()
  if (raw.startsWith('CVSS:4.0/')) return V4_VECTOR.test(raw) ? raw : null
  let version = defaultVersion
  let body = raw
  const prefix = /^CVSS:(3\.[01])\//.exec(raw)
  if (prefix?.[1]) {
    version = prefix[1]
    body = raw.slice(prefix[0].length)
  } else if (raw.startsWith('CVSS:')) return null
  const values = new Map<string, string>()
  for (const part of body.split('/')) {
    if (part === '') continue
    const [key, value, extra] = part.split(':')
    if (!key || !value || extra !== undefined) return null
    const known = V3_METRICS.find(([name]) => name === key)
    if (!known || !known[1].includes(value) || values.has(key)) return null
    values.set(key, value)
  }
  if (!V3_BASE.every((metric) => values.has(metric))) return null
  const kept = V3_METRICS.filter(([name]) => values.has(name) && values.get(name) !== 'X').map(
    ([name]) => `${name}:${values.get(name)}`,
  )
  return `CVSS:${version}/${kept.join('/')}`
}

/** Finds the first CVSS v3/v4 vector inside free text (like cvss.parser.parse_cvss_from_text). */
export function findCvssVector(text: string | null | undefined): string | null {
  if (!text) return null
  const match = /CVSS:(?:3\.[01]|4\.0)\/[A-Z]{1,3}:[A-Z](?:\/[A-Z]{1,3}:[A-Z])*/.exec(text)
  return match ? cleanCvssVector(match[0]) : null
}

export function parseScore(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const number = typeof value === 'number' ? value : Number.parseFloat(String(value).trim())
  return Number.isFinite(number) && number >= 0 && number <= 10 ? number : null
}
