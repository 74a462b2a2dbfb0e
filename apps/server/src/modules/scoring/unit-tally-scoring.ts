// Scores a campaign's organisations from per-organisation tallies instead of one row per finding. A rule set's items
// depend on an organisation's findings only through counts (matching findings, findings per severity, per fix-delay
// bracket, not-fixed re-tests), so the database aggregates a million findings in one GROUP BY and this module
// applies the rule set's formulas to the 10,000 rows that come back.
//
// The arithmetic is exact, as the engine's (@wangan/rules/scoring): every amount of a rule set is a finite decimal,
// so the items are computed as integers in units of 10^-k (k = the most decimals of any amount) and only the
// vulnerability ratio, a true fraction, goes through BigInt; each item is rounded once, half away from zero, to the
// rule set's decimals, and the total is the sum of the rounded items. scoring-agreement.test.ts checks that this
// gives the engine's items, totals, ranks and order on random campaigns; per-finding deductions (扣分明细) come from
// the engine itself, run on one organisation (campaign-scoring.ts).
import {
  competitionRanks,
  resolveParams,
  type Amount,
  type FindingSeverity,
  type ParamValues,
  type UnitItemRule,
  type UnitRuleSet,
  type VulnerabilityScale,
} from '@wangan/rules/scoring'
import { fromNumber, mul, rational, type Rational } from '@wangan/rules/shared'

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly FindingSeverity[]

/**
 * What one item needs to know about one organisation's counted findings. Points and deductions are exact integers
 * in units of 1/S, S the scale of the rule set and its parameters (`unitScale`).
 */
export type UnitItemTally =
  | { kind: 'perFindingDeduction'; count: number }
  /** `points`: 漏洞积分 of the `count` matching findings. */
  | { kind: 'vulnerabilityRatio'; count: number; points: number }
  | { kind: 'presence' }
  /** `deducted`: the sum of the bracket deductions of the `notified` matching findings. */
  | { kind: 'timeliness'; notified: number; deducted: number }
  | { kind: 'perRetestDeduction'; retests: number }

export type OrganisationTally = {
  id: string
  name?: string
  assets: number
  selfInspectionFiled: boolean
  /** Item key → tally; a missing key means no matching findings. */
  items: Record<string, UnitItemTally>
}

export type UnitItemScore = {
  key: string
  title: string
  kind: UnitItemRule['kind']
  points: number
  /** The item's points (null for items deducted from the total). */
  max: number | null
  /** perFindingDeduction: matching findings; perRetestDeduction: not-fixed re-tests; timeliness: notified findings. */
  count: number
  /** Nominal deductions before a floor (perFindingDeduction), for "扣完为止" notes. */
  deducted: number
  floored: boolean
  vulnerability?: {
    vulnerabilityPoints: number
    assets: number
    assetsCounted: number
    ratio: number
    base: number | null
    rank: number | null
    organisations: number
    scale: 'ratioToMax' | 'rank'
    formula: string
  }
  present?: boolean
}

export type OrganisationScoreRow = {
  id: string
  name?: string
  rank: number
  total: number
  items: Record<string, number>
  /** Per-item explanation, for the organisations asked for (see `scoreUnitTallies`' `explain`). */
  detail: UnitItemScore[]
}

export type UnitTallyResult = {
  standard: string
  organisations: OrganisationScoreRow[]
  ruleSet: { id: string; version: string; title: string; params: Record<string, number | string> }
}

export function amountNumber(value: Amount, params: ParamValues): number {
  return typeof value === 'number' ? value : Number(params[value.param])
}

export function resolveScale(scale: VulnerabilityScale, params: ParamValues): 'ratioToMax' | 'rank' {
  if (typeof scale === 'string') return scale
  const chosen = scale.cases[String(params[scale.param])]
  if (!chosen) throw new Error(`no case for ${scale.param} = ${String(params[scale.param])}`)
  return chosen
}

/** The fix-delay limit of a bracket in milliseconds, exactly (hours may be a fractional parameter). The engine
 * compares a whole number of milliseconds with it, so the limit that matters is its floor. */
export function bracketLimitMs(withinHours: number): Rational {
  return mul(fromNumber(withinHours), rational(3_600_000n))
}

export function bracketLimitWholeMs(withinHours: number): bigint {
  const limit = bracketLimitMs(withinHours)
  return limit.n >= 0n ? limit.n / limit.d : -((-limit.n + limit.d - 1n) / limit.d)
}

// ---- exact integers ----

function checked(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`score arithmetic out of the exact range: ${value}`)
  return value
}

/** Decimal places of a number as written (0.25 → 2, 1e-7 → 7). */
function decimalsOf(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value))
  if (!match) throw new RangeError(`cannot read ${value} as a decimal`)
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0))
}

/** Integer division rounded half away from zero (den > 0). */
function roundDivBig(num: bigint, den: bigint): bigint {
  const negative = num < 0n
  const magnitude = negative ? -num : num
  let quotient = magnitude / den
  if (2n * (magnitude % den) >= den) quotient += 1n
  return negative ? -quotient : quotient
}

/** The same on safe integers, BigInt only when a product leaves the exact range of a double. */
function roundDiv(num: number, den: number): number {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den))
    return Number(roundDivBig(BigInt(num), BigInt(den)))
  const magnitude = Math.abs(num)
  let quotient = Math.trunc(magnitude / den)
  let remainder = magnitude - quotient * den
  while (remainder < 0) {
    quotient -= 1
    remainder += den
  }
  while (remainder >= den) {
    quotient += 1
    remainder -= den
  }
  if (2 * remainder >= den) quotient += 1
  return num < 0 ? -quotient : quotient
}

/** max × (n / d) in units, exactly: Number when every product is safe, else BigInt. */
function scaledRatio(factors: number[], divisors: number[]): number {
  let num = 1
  let den = 1
  for (const f of factors) num *= f
  for (const d of divisors) den *= d
  if (Number.isSafeInteger(num) && Number.isSafeInteger(den)) return roundDiv(num, den)
  return Number(
    roundDivBig(
      factors.reduce((a, f) => a * BigInt(f), 1n),
      divisors.reduce((a, d) => a * BigInt(d), 1n),
    ),
  )
}

/**
 * A count of 10^-decimals units as a number. IEEE division is correctly rounded, so `units / D` is the double
 * nearest the decimal, the same double the engine writes for the rounded figure.
 */
function unitsToNumber(units: number, decimals: number): number {
  return units === 0 ? 0 : units / 10 ** decimals
}

export type Scale = {
  /** Amounts are integers in units of 1/S. */
  S: number
  /** 10^decimals of the rule set. */
  D: number
  decimals: number
  /** An amount in units of 1/S. */
  of(value: Amount): number
  /** A value given in units of 1/S, rounded to the rule set's units. */
  round(valueS: number): number
}

/** The scale of a rule set under its parameters: every amount is an integer number of 1/S. */
export function unitScale(ruleSet: UnitRuleSet, params: ParamValues): Scale {
  const amounts: number[] = [ruleSet.totalFloor]
  const collect = (value: unknown): void => {
    if (typeof value === 'number') amounts.push(value)
    else if (Array.isArray(value)) value.forEach(collect)
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      if (typeof record.param === 'string' && !('cases' in record))
        amounts.push(amountNumber({ param: record.param }, params))
      else Object.values(record).forEach(collect)
    }
  }
  for (const item of ruleSet.items) {
    const {
      key: _key,
      title: _title,
      rule: _rule,
      filter: _filter,
      ...numbers
    } = item as UnitItemRule & {
      filter?: unknown
    }
    collect(numbers)
  }
  const k = Math.max(0, ...amounts.map(decimalsOf))
  const S = 10 ** k
  const D = 10 ** ruleSet.decimals
  const SBig = BigInt(S)
  const DBig = BigInt(D)
  return {
    S,
    D,
    decimals: ruleSet.decimals,
    of(value) {
      const r = fromNumber(amountNumber(value, params))
      return checked(Number((r.n * SBig) / r.d))
    },
    round(valueS) {
      if (D % S === 0) return checked(valueS * (D / S))
      return Number(roundDivBig(BigInt(valueS) * DBig, SBig))
    },
  }
}

// ---- items ----

/** An item's rounded points per organisation (in units of 10^-decimals) and, on demand, its explanation. */
type ItemOutcome = { units: number[]; explain(position: number): Omit<UnitItemScore, 'points'> }

function tallyOf<K extends UnitItemTally['kind']>(
  organisation: OrganisationTally,
  key: string,
  kind: K,
): Extract<UnitItemTally, { kind: K }> | undefined {
  const tally = organisation.items[key]
  if (tally && tally.kind !== kind)
    throw new Error(`item ${key}: expected a ${kind} tally, got ${tally.kind}`)
  return tally as Extract<UnitItemTally, { kind: K }> | undefined
}

function evaluateItem(
  item: UnitItemRule,
  organisations: readonly OrganisationTally[],
  params: ParamValues,
  scale: Scale,
): ItemOutcome {
  const base = { key: item.key, title: item.title, kind: item.kind }
  const { S } = scale
  switch (item.kind) {
    case 'perFindingDeduction': {
      const max = scale.of(item.max)
      const each = scale.of(item.deductEach)
      const counts = organisations.map((o) => tallyOf(o, item.key, 'perFindingDeduction')?.count ?? 0)
      return {
        units: counts.map((n) => scale.round(Math.max(0, checked(max - each * n)))),
        explain: (position) => {
          const deducted = (each * counts[position]!) / S
          return {
            ...base,
            max: max / S,
            count: counts[position]!,
            deducted,
            floored: deducted > max / S,
          }
        },
      }
    }
    case 'presence': {
      const max = scale.of(item.max)
      const deduct = scale.of(item.deductIfAbsent)
      const present = organisations.map((o) => o[item.field] === true)
      return {
        units: present.map((p) => scale.round(p ? max : Math.max(0, max - deduct))),
        explain: (position) => ({
          ...base,
          max: max / S,
          count: present[position] ? 0 : 1,
          deducted: present[position] ? 0 : deduct / S,
          floored: false,
          present: present[position]!,
        }),
      }
    }
    case 'timeliness': {
      const tallies = organisations.map((o) => tallyOf(o, item.key, 'timeliness'))
      return {
        units: tallies.map((tally) => scale.round(-(tally?.deducted ?? 0))),
        explain: (position) => ({
          ...base,
          max: null,
          count: tallies[position]?.notified ?? 0,
          deducted: (tallies[position]?.deducted ?? 0) / S,
          floored: false,
        }),
      }
    }
    case 'perRetestDeduction': {
      const each = scale.of(item.deductEach)
      const retests = organisations.map((o) => tallyOf(o, item.key, 'perRetestDeduction')?.retests ?? 0)
      return {
        units: retests.map((n) => scale.round(checked(-each * n))),
        explain: (position) => ({
          ...base,
          max: null,
          count: retests[position]!,
          deducted: (each * retests[position]!) / S,
          floored: false,
        }),
      }
    }
    case 'vulnerabilityRatio':
      return vulnerabilityRatio(item, organisations, params, scale)
  }
}

function vulnerabilityRatio(
  item: Extract<UnitItemRule, { kind: 'vulnerabilityRatio' }>,
  organisations: readonly OrganisationTally[],
  params: ParamValues,
  scale: Scale,
): ItemOutcome {
  const { S, D } = scale
  const max = scale.of(item.max)
  const minAssets = scale.of(item.minAssets)
  const mode = resolveScale(item.scale, params)
  // 漏洞积分 P and the asset count A, both in units of 1/S: ratio = P / A.
  const measured = organisations.map((o) => {
    const tally = tallyOf(o, item.key, 'vulnerabilityRatio')
    const A = Math.max(checked(o.assets * S), minAssets)
    return { count: tally?.count ?? 0, P: tally?.points ?? 0, A }
  })
  const compareRatio = (a: { P: number; A: number }, b: { P: number; A: number }): number => {
    const left = a.P * b.A
    const right = b.P * a.A
    if (Number.isSafeInteger(left) && Number.isSafeInteger(right))
      return left < right ? -1 : left > right ? 1 : 0
    const l = BigInt(a.P) * BigInt(b.A)
    const r = BigInt(b.P) * BigInt(a.A)
    return l < r ? -1 : l > r ? 1 : 0
  }
  let best = measured[0] ?? { P: 0, A: S }
  for (const entry of measured) if (compareRatio(entry, best) > 0) best = entry
  const baseIsZero = best.P === 0
  const ranks = mode === 'rank' ? competitionRanks(measured, compareRatio) : []
  const n = measured.length
  const units = measured.map((entry, position) => {
    if (mode === 'rank') {
      const rank = ranks[position] ?? 1
      // max/S × (n − rank + 1)/n, in units of 1/D.
      return scaledRatio([max, n - rank + 1, D], [S, n])
    }
    if (baseIsZero) return scale.round(max)
    // max/S × (1 − (P/A) / (Pb/Ab)) = max × (A·Pb − P·Ab) / (S·A·Pb)
    const left = entry.A * best.P
    const right = entry.P * best.A
    if (Number.isSafeInteger(left) && Number.isSafeInteger(right))
      return scaledRatio([max, left - right, D], [S, entry.A, best.P])
    const difference = BigInt(entry.A) * BigInt(best.P) - BigInt(entry.P) * BigInt(best.A)
    return Number(
      roundDivBig(BigInt(max) * difference * BigInt(D), BigInt(S) * BigInt(entry.A) * BigInt(best.P)),
    )
  })
  const show = (value: number) => String(Math.round(value * 10_000) / 10_000)
  return {
    units,
    explain: (position) => {
      const entry = measured[position]!
      const ratio = entry.P / entry.A
      const baseRatio = best.P / best.A
      const rank = ranks[position] ?? null
      const formula =
        mode === 'rank'
          ? `${show(max / S)} × (${n} − ${rank} + 1) / ${n}`
          : baseIsZero
            ? `base 0: every organisation gets ${show(max / S)}`
            : `${show(max / S)} × (1 − ${show(ratio)} / ${show(baseRatio)})`
      const pointsValue = unitsToNumber(units[position]!, scale.decimals)
      return {
        key: item.key,
        title: item.title,
        kind: item.kind,
        max: max / S,
        count: entry.count,
        deducted: Math.round((max / S - pointsValue) * D) / D,
        floored: false,
        vulnerability: {
          vulnerabilityPoints: entry.P / S,
          assets: organisations[position]!.assets,
          assetsCounted: entry.A / S,
          ratio,
          base: mode === 'ratioToMax' ? baseRatio : null,
          rank: mode === 'rank' ? rank : null,
          organisations: n,
          scale: mode,
          formula,
        },
      }
    },
  }
}

/**
 * Scores organisations from their tallies under a unit rule set, exactly as `scoreOrganisations` of
 * @wangan/rules/scoring would score the findings behind the tallies: items rounded half-up to the rule set's
 * decimals, the total the sum of the rounded items floored at `totalFloor`, ranks by total with ties sharing the
 * better rank (1, 1, 3), ties kept in the given order. `explain` chooses the organisations whose per-item
 * explanation is wanted (default: all; a ranking of 10,000 needs none).
 */
export function scoreUnitTallies(
  ruleSet: UnitRuleSet,
  organisations: readonly OrganisationTally[],
  overrides: Record<string, unknown> = {},
  options: { explain?: (id: string) => boolean } = {},
): UnitTallyResult {
  const params = resolveParams(ruleSet, overrides)
  const scale = unitScale(ruleSet, params)
  const outcomes = ruleSet.items.map((item) => evaluateItem(item, organisations, params, scale))
  const floorUnits = ruleSet.totalFloor * scale.D
  if (!Number.isSafeInteger(floorUnits))
    throw new RangeError(`totalFloor has more decimals than the rule set`)
  const explain = options.explain ?? (() => true)
  const scored = organisations.map((organisation, position) => {
    const items: Record<string, number> = {}
    let totalUnits = 0
    ruleSet.items.forEach((item, index) => {
      const units = outcomes[index]!.units[position]!
      items[item.key] = unitsToNumber(units, scale.decimals)
      totalUnits += units
    })
    const total = unitsToNumber(Math.max(checked(totalUnits), floorUnits), scale.decimals)
    const detail = explain(organisation.id)
      ? ruleSet.items.map((item, index) => ({
          ...outcomes[index]!.explain(position),
          points: items[item.key]!,
        }))
      : []
    return {
      id: organisation.id,
      ...(organisation.name === undefined ? {} : { name: organisation.name }),
      total,
      items,
      detail,
    }
  })
  const ranks = competitionRanks(scored, (a, b) => b.total - a.total)
  const ordered = scored
    .map((entry, index) => ({ ...entry, rank: ranks[index] ?? index + 1, index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ index: _index, ...entry }) => entry)
  return {
    standard: ruleSet.id,
    organisations: ordered,
    ruleSet: { id: ruleSet.id, version: ruleSet.version, title: ruleSet.title, params: { ...params } },
  }
}
