// 人工测试投入 (seed 000 附件2): which requests count as manual testing. A request is manual when it carries no
// known scanner or automation signature and the tester's pace around it is a human's. Both are parameters, documented
// in docs/interpretations/gateway.md; they are heuristics, not proof, and the regulator sees the counts, not a verdict.
import { SlidingCounter } from './violation-rules'

export type ManualHeuristics = {
  /** Regular expressions matched (case-insensitively) against the User-Agent. */
  scannerUserAgents: string[]
  /** Regular expressions matched against the request target and header lines (scanner markers, probe files). */
  scannerMarkers: string[]
  /** Human pace: at most `maxRequests` by the tester within `windowSeconds` (this request included). */
  windowSeconds: number
  maxRequests: number
}

export const DEFAULT_MANUAL_HEURISTICS: ManualHeuristics = {
  scannerUserAgents: [
    'sqlmap',
    'nmap',
    'nikto',
    'wapiti',
    'whatweb',
    'nuclei',
    'acunetix',
    'netsparker',
    'invicti',
    'nessus',
    'openvas',
    'qualys',
    'appscan',
    'awvs',
    'zgrab',
    'masscan',
    'dirbuster',
    'gobuster',
    'feroxbuster',
    'ffuf',
    'wfuzz',
    'hydra',
    'w3af',
    'arachni',
    'skipfish',
    'xray',
    'goby',
    'fscan',
    'burp',
    // Automation libraries: a script is not manual testing even when a person wrote it.
    String.raw`python-requests|python-urllib|aiohttp|httpx`,
    String.raw`go-http-client`,
    String.raw`libwww-perl|lwp::`,
    String.raw`^java/|okhttp|apache-httpclient`,
    String.raw`^wget/`,
  ],
  scannerMarkers: [
    String.raw`acunetix|wvs-test|netsparker|nessus|appscan|burpcollaborator|oastify|interact\.sh|oast\.(fun|live|site|online|pro|me)`,
    String.raw`^x-scanner:`,
  ],
  windowSeconds: 10,
  maxRequests: 20,
}

export class ManualClassifier {
  private readonly agent: RegExp | null
  private readonly marker: RegExp | null
  private readonly pace: SlidingCounter

  constructor(private readonly heuristics: ManualHeuristics = DEFAULT_MANUAL_HEURISTICS) {
    this.agent = combine(heuristics.scannerUserAgents)
    this.marker = combine(heuristics.scannerMarkers)
    this.pace = new SlidingCounter(heuristics.windowSeconds)
  }

  /** Whether this request counts as manual. Every call counts towards the tester's pace. */
  classify(
    userId: string,
    nowMs: number,
    userAgent: string | null,
    target: string | null,
    headers: readonly string[] | null,
  ): boolean {
    const paced = this.pace.add(userId, nowMs) <= this.heuristics.maxRequests
    if (!paced) return false
    if (userAgent && this.agent?.test(userAgent)) return false
    if (this.marker) {
      if (target && this.marker.test(target)) return false
      if (headers) for (const line of headers) if (this.marker.test(line)) return false
    }
    return true
  }

  sweep(nowMs: number): void {
    this.pace.sweep(nowMs)
  }
}

function combine(patterns: readonly string[]): RegExp | null {
  return patterns.length === 0 ? null : new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i')
}
