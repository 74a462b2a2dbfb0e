// What makes two findings "the same" (SPEC §3 deduplication) and what a finding's CVSS vector means. Pure.
import { CvssError, scoreCvss } from '@wangan/rules/cvss'
import { formatReason, parseTarget } from '@wangan/rules/registry'
import type { FindingSeverity } from './findings.workflow'

/** The "normalised title": case, width, punctuation and spacing folded, so `SQL 注入 - 登录页` = `sql注入（登录页）`. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '')
    .slice(0, 300)
}

export type TargetIdentity = {
  /** Canonical host: lower-case punycode name or canonical IP. */
  host: string
  /** `host[:port]/path`, lower-case, without a trailing slash; web ports (80, 443) left out so that `x/login` and
   * `https://x/login` are one location. */
  location: string
}

/** Parses what a tester wrote for a target; a refusal says why in both languages. */
export function targetIdentity(
  target: string,
): { ok: true; identity: TargetIdentity } | { ok: false; reason: string } {
  const parsed = parseTarget(target)
  if (!parsed.ok) return { ok: false, reason: formatReason(parsed.reason) }
  const t = parsed.target
  const path = t.path.replace(/\/+$/, '').toLowerCase()
  return {
    ok: true,
    identity: {
      host: t.host,
      location: `${t.host}${t.port && t.port !== 80 && t.port !== 443 ? `:${t.port}` : ''}${path}`,
    },
  }
}

/** An endpoint of a scanner report as a target string for the matcher and for people. */
export function endpointTarget(e: {
  protocol: string | null
  host: string
  port: number | null
  path: string | null
}): string {
  const host = e.host.includes(':') && !e.host.startsWith('[') ? `[${e.host}]` : e.host
  const scheme = e.protocol && /^[a-z][a-z0-9+.-]*$/i.test(e.protocol) ? `${e.protocol.toLowerCase()}://` : ''
  const port = e.port ? `:${e.port}` : ''
  const path = e.path ? `/${e.path.replace(/^\/+/, '')}` : ''
  return `${scheme}${host}${port}${path}`
}

export type ScoredVector = {
  vector: string
  version: '3.0' | '3.1' | '4.0'
  base: number
  severity: FindingSeverity
}

/** Scores a CVSS vector; a malformed one is refused naming the metric (CvssError). A base of 0.0 is `low`: a finding
 * always has a severity. */
export function scoreVector(vector: string): ScoredVector {
  const score = scoreCvss(vector.trim())
  return {
    vector: vector.trim(),
    version: score.version,
    base: score.base,
    severity: score.severity === 'none' ? 'low' : score.severity,
  }
}

export function cvssProblem(error: unknown): string | null {
  if (!(error instanceof CvssError)) return null
  return error.metric ? `${error.message} (metric ${error.metric})` : error.message
}

export const CVE_PATTERN = /^CVE-\d{4}-\d{4,7}$/
