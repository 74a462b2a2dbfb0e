// Violation rules (违规行为, seed 000 附件2 测试行为合规) as data: what the gateway flags for a regulator to confirm.
// Pattern rules look at what a request carries; rate rules count requests (optionally of some methods) per team and
// target over a sliding window; connection rules count new connections, concurrency rules open ones. Rules only flag:
// stopping a tester is the regulator's decision (pause).
import type { ViolationSeverity } from './gateway-types'

type RuleBase = {
  id: string
  name: string
  enabled: boolean
  severity: ViolationSeverity
  /** Hits of this rule by one tester on one target within this many seconds of the last are one violation. */
  cooldownSeconds: number
}

export type PatternRule = RuleBase & {
  kind: 'pattern'
  /** Regular expressions (JavaScript syntax), matched case-insensitively against the percent-decoded text. */
  patterns: string[]
  /** Where to look: the request target (path and query), the header lines, the first 64 KiB of the body. */
  in: ('target' | 'headers' | 'body')[]
  /** Only requests with these methods (all when absent). */
  methods?: string[]
}

export type RateRule = RuleBase & {
  kind: 'rate'
  /** More than `threshold` requests by one team to one target within `windowSeconds`. */
  threshold: number
  windowSeconds: number
  methods?: string[]
}

export type ConnectionRateRule = RuleBase & {
  kind: 'connections'
  /** More than `threshold` new connections by one team to one target within `windowSeconds`. */
  threshold: number
  windowSeconds: number
}

export type ConcurrencyRule = RuleBase & {
  kind: 'concurrent'
  /** More than `threshold` connections of one team open to one target at once. */
  threshold: number
}

export type ViolationRule = PatternRule | RateRule | ConnectionRateRule | ConcurrencyRule

export const DEFAULT_VIOLATION_RULES: readonly ViolationRule[] = [
  {
    id: 'destructive-sql',
    name: '破坏性 SQL 语句 (destructive SQL)',
    kind: 'pattern',
    enabled: true,
    severity: 'high',
    cooldownSeconds: 600,
    in: ['target', 'body'],
    patterns: [
      String.raw`\bdrop\s+(table|database|schema|user|view|procedure|function)\b`,
      String.raw`\btruncate\s+(table\s+)?[\w"\x60\[]`,
      // DELETE without a WHERE: the statement ends (or a comment starts) right after the table name.
      String.raw`\bdelete\s+from\s+[\w."\x60\[\]]+\s*($|;|--|#|/\*)`,
      String.raw`\balter\s+table\s+\S+\s+drop\b`,
      String.raw`\bshutdown\s+with\s+nowait\b`,
    ],
  },
  {
    id: 'destructive-shell',
    name: '破坏性系统命令 (destructive shell command)',
    kind: 'pattern',
    enabled: true,
    severity: 'high',
    cooldownSeconds: 600,
    in: ['target', 'body', 'headers'],
    patterns: [
      String.raw`\brm\s+(?:-[a-z]+\s+){0,4}-[a-z]*(?:rf|fr)[a-z]*\b`,
      String.raw`\brm\s+-r\s+-f\b`,
      String.raw`\bmkfs(\.\w+)?\s`,
      String.raw`\bdd\s[^|;&]*\bof=/dev/`,
      String.raw`:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:`,
      String.raw`\b(shutdown|reboot|halt|poweroff)\s+(-[a-z]+|now|\+\d+|/[a-z])`,
      String.raw`\binit\s+[06]\b`,
      String.raw`\bformat\s+[a-z]:`,
      String.raw`\bdel\s+/[sfq]\b`,
      String.raw`\bwevtutil\s+cl\b`,
      String.raw`>\s*/dev/(sd|hd|nvme|vd|xvd)[a-z0-9]*\b`,
    ],
  },
  {
    id: 'mass-delete',
    name: '批量删除 (mass DELETE requests)',
    kind: 'rate',
    enabled: true,
    severity: 'medium',
    cooldownSeconds: 600,
    methods: ['DELETE'],
    threshold: 20,
    windowSeconds: 60,
  },
  {
    id: 'request-flood',
    name: '请求速率过高 (request flood against one target)',
    kind: 'rate',
    enabled: true,
    severity: 'medium',
    cooldownSeconds: 600,
    threshold: 1000,
    windowSeconds: 10,
  },
  {
    id: 'connection-flood',
    name: '新建连接过多 (connection flood against one target)',
    kind: 'connections',
    enabled: true,
    severity: 'medium',
    cooldownSeconds: 600,
    threshold: 500,
    windowSeconds: 10,
  },
  {
    id: 'concurrent-connections',
    name: '并发连接过多 (too many concurrent connections to one target)',
    kind: 'concurrent',
    enabled: true,
    severity: 'medium',
    cooldownSeconds: 600,
    threshold: 256,
  },
  {
    id: 'dos-patterns',
    name: '拒绝服务攻击特征 (denial-of-service patterns)',
    kind: 'pattern',
    enabled: true,
    severity: 'high',
    cooldownSeconds: 600,
    in: ['headers', 'body'],
    patterns: [
      // Many overlapping byte ranges (CVE-2011-3192, "Apache Killer").
      String.raw`^range:\s*bytes=(?:[^,]{0,40},){20}`,
      // Entity expansion ("billion laughs").
      String.raw`<!entity\s+\w+\s+"(?:&\w+;){4}`,
      // A declared body of gigabytes.
      String.raw`^content-length:\s*\d{10,}`,
    ],
  },
]

export type RequestFacts = {
  method: string
  /** Path and query as sent. */
  target: string
  /** Header lines (`Name: value`), when the rules look at headers. */
  headers: readonly string[]
  body: Buffer | null
}

export type RuleHit = { rule: ViolationRule; matched: string }

type CompiledPattern = { rule: PatternRule; regex: RegExp; methods: Set<string> | null }

/** The rules of one campaign, compiled once. */
export class CompiledRules {
  readonly patterns: CompiledPattern[]
  readonly rates: RateRule[]
  readonly connections: ConnectionRateRule[]
  readonly concurrency: ConcurrencyRule[]
  readonly inspectsBody: boolean
  readonly inspectsHeaders: boolean

  constructor(readonly rules: readonly ViolationRule[]) {
    const enabled = rules.filter((r) => r.enabled)
    this.patterns = enabled
      .filter((r): r is PatternRule => r.kind === 'pattern' && r.patterns.length > 0)
      .map((rule) => ({
        rule,
        regex: new RegExp(rule.patterns.map((p) => `(?:${p})`).join('|'), 'im'),
        methods: rule.methods ? new Set(rule.methods.map((m) => m.toUpperCase())) : null,
      }))
    this.rates = enabled.filter((r): r is RateRule => r.kind === 'rate')
    this.connections = enabled.filter((r): r is ConnectionRateRule => r.kind === 'connections')
    this.concurrency = enabled.filter((r): r is ConcurrencyRule => r.kind === 'concurrent')
    this.inspectsBody = this.patterns.some((p) => p.rule.in.includes('body'))
    this.inspectsHeaders = this.patterns.some((p) => p.rule.in.includes('headers'))
  }

  /** Pattern rules against a request (its head, or head and body once the body is complete). */
  matchRequest(facts: RequestFacts, where: 'head' | 'body'): RuleHit[] {
    const hits: RuleHit[] = []
    if (this.patterns.length === 0) return hits
    let target: string | null = null
    let headers: string | null = null
    let body: string | null = null
    for (const { rule, regex, methods } of this.patterns) {
      if (methods && !methods.has(facts.method)) continue
      const texts: string[] = []
      if (where === 'head') {
        if (rule.in.includes('target')) texts.push((target ??= decodeForMatching(facts.target)))
        if (rule.in.includes('headers')) texts.push((headers ??= facts.headers.join('\n')))
      } else if (rule.in.includes('body') && facts.body && facts.body.length > 0) {
        texts.push((body ??= decodeForMatching(facts.body.toString('latin1'))))
      }
      for (const text of texts) {
        const found = regex.exec(text)
        if (found) {
          hits.push({ rule, matched: excerpt(text, found.index, found[0].length) })
          break
        }
      }
    }
    return hits
  }
}

/** Percent-decoding (twice, for double-encoded payloads) and `+` as space, never throwing on bad escapes. */
export function decodeForMatching(text: string): string {
  let out = text
  for (let round = 0; round < 2 && (out.includes('%') || out.includes('+')); round++) {
    const plus = out.replace(/\+/g, ' ')
    try {
      out = decodeURIComponent(plus)
    } catch {
      out = plus.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    }
  }
  return out
}

function excerpt(text: string, index: number, length: number): string {
  const from = Math.max(0, index - 40)
  const to = Math.min(text.length, index + length + 40)
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`.slice(0, 300)
}

/**
 * Counts of events per key over a sliding window of whole seconds: a ring of per-second buckets, so a count costs
 * O(1) and memory stays bounded by the number of active keys (idle keys are swept).
 */
export class SlidingCounter {
  private readonly entries = new Map<string, { buckets: Uint32Array; second: number; total: number }>()

  constructor(private readonly windowSeconds: number) {}

  /** Adds one event at `nowMs` and returns the count over the window including it. */
  add(key: string, nowMs: number): number {
    const second = Math.floor(nowMs / 1000)
    let entry = this.entries.get(key)
    if (!entry) {
      entry = { buckets: new Uint32Array(this.windowSeconds), second, total: 0 }
      this.entries.set(key, entry)
    }
    this.advance(entry, second)
    entry.buckets[second % this.windowSeconds]!++
    entry.total++
    return entry.total
  }

  /** Forgets keys with no event in the window. */
  sweep(nowMs: number): void {
    const second = Math.floor(nowMs / 1000)
    for (const [key, entry] of this.entries)
      if (second - entry.second >= this.windowSeconds) this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }

  private advance(entry: { buckets: Uint32Array; second: number; total: number }, second: number): void {
    const gap = second - entry.second
    if (gap <= 0) return
    if (gap >= this.windowSeconds) {
      entry.buckets.fill(0)
      entry.total = 0
    } else
      for (let s = entry.second + 1; s <= second; s++) {
        const i = s % this.windowSeconds
        entry.total -= entry.buckets[i]!
        entry.buckets[i] = 0
      }
    entry.second = second
  }
}
