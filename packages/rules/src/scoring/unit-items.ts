// Evaluators of the organisation item kinds. Each evaluates one item for every organisation at once, because
// some items (the vulnerability ratio) compare the organisations with each other.
import {
  compare,
  div,
  fromNumber,
  isZero,
  maxOf,
  mul,
  one,
  rational,
  roundRational,
  sub,
  sum,
  toNumber,
  zero,
  type Rational,
} from '../shared'
import { describeFilter, matchesFilter, show, type ItemOutcome, type RawDeduction } from './item-support'
import { amount, amountNumber } from './params'
import { competitionRanks } from './ranking'
import { type ParamValues, type UnitItemRule, type VulnerabilityScale } from './rule-set'
import { type InputIssue } from './scoring-error'
import {
  type PerFindingDeductionExplanation,
  type PerRetestDeductionExplanation,
  type PresenceExplanation,
  type TimelinessExplanation,
  type UnitItemExplanation,
  type VulnerabilityRatioExplanation,
} from './score-types'
import { type TUnitFinding, type TUnitOrganisation } from './snapshot'

/** A counted finding with its position in the snapshot, so that errors can name it. */
export type IndexedFinding = TUnitFinding & { index: number }

export type UnitContext = {
  params: ParamValues
  organisations: readonly TUnitOrganisation[]
  /** Counted findings by organisation id, in snapshot order. */
  counted: ReadonlyMap<string, readonly IndexedFinding[]>
  decimals: number
  /** Rule-set-dependent input problems found while evaluating (reported together). */
  issues: InputIssue[]
}

type Outcomes = Map<string, ItemOutcome<UnitItemExplanation>>
type ItemOf<K extends UnitItemRule['kind']> = Extract<UnitItemRule, { kind: K }>

const clampAtZero = (value: Rational): Rational => (compare(value, zero) < 0 ? zero : value)

function findingsOf(context: UnitContext, organisation: TUnitOrganisation): readonly IndexedFinding[] {
  return context.counted.get(organisation.id) ?? []
}

function perFindingDeduction(item: ItemOf<'perFindingDeduction'>, context: UnitContext): Outcomes {
  const { params } = context
  const max = amount(item.max, params)
  const each = amount(item.deductEach, params)
  const rule = `${item.title}: −${show(each)} per ${describeFilter(item.filter, params)}, 扣完为止 (floor 0 of ${show(max)})`
  const outcomes: Outcomes = new Map()
  for (const organisation of context.organisations) {
    const matched = findingsOf(context, organisation).filter((finding) =>
      matchesFilter(finding, item.filter, params),
    )
    const deducted = mul(each, rational(BigInt(matched.length)))
    const value = clampAtZero(sub(max, deducted))
    const deductions: RawDeduction[] = isZero(each)
      ? []
      : matched.map((finding) => ({ finding: finding.id, points: sub(zero, each), rule }))
    const explain: PerFindingDeductionExplanation = {
      kind: 'perFindingDeduction',
      max: toNumber(max),
      deductEach: toNumber(each),
      findings: matched.map((finding) => finding.id),
      deducted: toNumber(deducted),
      floored: compare(deducted, max) > 0,
      points: roundRational(value, context.decimals),
    }
    outcomes.set(organisation.id, { value, deductions, explain })
  }
  return outcomes
}

function resolveScale(scale: VulnerabilityScale, params: ParamValues): 'ratioToMax' | 'rank' {
  if (typeof scale === 'string') return scale
  const chosen = scale.cases[String(params[scale.param])]
  if (!chosen) throw new Error(`no case for ${scale.param} = ${String(params[scale.param])}`)
  return chosen
}

function vulnerabilityRatio(item: ItemOf<'vulnerabilityRatio'>, context: UnitContext): Outcomes {
  const { params } = context
  const max = amount(item.max, params)
  const minAssets = amount(item.minAssets, params)
  const scale = resolveScale(item.scale, params)
  const measured = context.organisations.map((organisation) => {
    const findings = findingsOf(context, organisation)
      .filter((finding) => matchesFilter(finding, item.filter, params))
      .map((finding) => {
        if (!finding.severity) {
          context.issues.push({
            path: `findings[${finding.index}].severity`,
            message: `required for a counted ${finding.kind} finding (${item.title} counts it by severity)`,
          })
        }
        const points = finding.severity ? amount(item.severityPoints[finding.severity], params) : zero
        return { finding, points }
      })
    const vulnerabilityPoints = sum(findings.map((entry) => entry.points))
    const assets = fromNumber(organisation.assets)
    const assetsCounted = compare(assets, minAssets) < 0 ? minAssets : assets
    return {
      organisation,
      findings,
      vulnerabilityPoints,
      assetsCounted,
      ratio: div(vulnerabilityPoints, assetsCounted),
    }
  })
  const ratios = measured.map((entry) => entry.ratio)
  const base = maxOf(ratios)
  const ranks = competitionRanks(ratios, compare)
  const count = measured.length
  const outcomes: Outcomes = new Map()
  measured.forEach((entry, position) => {
    let value: Rational
    let formula: string
    const rank = ranks[position] ?? 1
    if (scale === 'rank') {
      value = div(mul(max, rational(BigInt(count - rank + 1))), rational(BigInt(count)))
      formula = `${show(max)} × (${count} − ${rank} + 1) / ${count}`
    } else if (isZero(base)) {
      value = max
      formula = `base 0: every organisation gets ${show(max)}`
    } else {
      value = mul(max, sub(one, div(entry.ratio, base)))
      formula = `${show(max)} × (1 − ${show(entry.ratio)} / ${show(base)})`
    }
    const points = roundRational(value, context.decimals)
    const explain: VulnerabilityRatioExplanation = {
      kind: 'vulnerabilityRatio',
      scale,
      max: toNumber(max),
      findings: entry.findings.map(({ finding, points: findingPoints }) => ({
        finding: finding.id,
        severity: finding.severity ?? null,
        points: toNumber(findingPoints),
      })),
      vulnerabilityPoints: toNumber(entry.vulnerabilityPoints),
      assets: entry.organisation.assets,
      assetsCounted: toNumber(entry.assetsCounted),
      ratio: toNumber(entry.ratio),
      base: scale === 'ratioToMax' ? toNumber(base) : null,
      rank: scale === 'rank' ? rank : null,
      organisations: count,
      formula: `${formula} = ${points}`,
      points,
    }
    outcomes.set(entry.organisation.id, { value, deductions: [], explain })
  })
  return outcomes
}

function presence(item: ItemOf<'presence'>, context: UnitContext): Outcomes {
  const { params } = context
  const max = amount(item.max, params)
  const deduct = amount(item.deductIfAbsent, params)
  const rule = `${item.title}: −${show(deduct)} when ${item.field} is not true`
  const outcomes: Outcomes = new Map()
  for (const organisation of context.organisations) {
    const present = organisation[item.field] === true
    const value = present ? max : clampAtZero(sub(max, deduct))
    const deductions: RawDeduction[] =
      present || isZero(deduct) ? [] : [{ finding: null, points: sub(zero, deduct), rule }]
    const explain: PresenceExplanation = {
      kind: 'presence',
      field: item.field,
      present,
      max: toNumber(max),
      points: roundRational(value, context.decimals),
    }
    outcomes.set(organisation.id, { value, deductions, explain })
  }
  return outcomes
}

const hour = 3_600_000

function timeliness(item: ItemOf<'timeliness'>, context: UnitContext): Outcomes {
  const { params } = context
  const brackets = item.brackets.map((bracket) => ({
    withinHours: amountNumber(bracket.withinHours, params),
    limit: mul(amount(bracket.withinHours, params), rational(BigInt(hour))),
    deduct: amount(bracket.deduct, params),
  }))
  const late = amount(item.deductIfLate, params)
  const notFixed = amount(item.deductIfNotFixed, params)
  const longest = brackets.reduce((most, bracket) => Math.max(most, bracket.withinHours), 0)
  const outcomes: Outcomes = new Map()
  for (const organisation of context.organisations) {
    const rows: TimelinessExplanation['findings'] = []
    const deductions: RawDeduction[] = []
    let total = zero
    for (const finding of findingsOf(context, organisation)) {
      // Only findings that were notified: a verified finding never notified has no deadline to meet.
      if (!finding.notifiedAt || !matchesFilter(finding, item.filter, params)) continue
      let deduct: Rational
      let bracketLabel: string
      let delay: Rational | null = null
      if (!finding.fixedAt) {
        deduct = notFixed
        bracketLabel = 'not fixed'
      } else {
        const milliseconds = rational(BigInt(Date.parse(finding.fixedAt) - Date.parse(finding.notifiedAt)))
        delay = div(milliseconds, rational(BigInt(hour)))
        const bracket = brackets.find((candidate) => compare(milliseconds, candidate.limit) <= 0)
        deduct = bracket ? bracket.deduct : late
        bracketLabel = bracket ? `within ${bracket.withinHours} h` : `later than ${longest} h`
      }
      total = sub(total, deduct)
      rows.push({
        finding: finding.id,
        notifiedAt: finding.notifiedAt,
        fixedAt: finding.fixedAt ?? null,
        delayHours: delay === null ? null : toNumber(delay),
        bracket: bracketLabel,
        deduct: toNumber(deduct),
      })
      if (!isZero(deduct)) {
        const when =
          delay === null ? 'not fixed' : `fixed ${show(delay)} h after notification (${bracketLabel})`
        deductions.push({
          finding: finding.id,
          points: sub(zero, deduct),
          rule: `${item.title}: ${when} → −${show(deduct)}`,
        })
      }
    }
    const explain: TimelinessExplanation = {
      kind: 'timeliness',
      findings: rows,
      points: roundRational(total, context.decimals),
    }
    outcomes.set(organisation.id, { value: total, deductions, explain })
  }
  return outcomes
}

function perRetestDeduction(item: ItemOf<'perRetestDeduction'>, context: UnitContext): Outcomes {
  const { params } = context
  const each = amount(item.deductEach, params)
  const outcomes: Outcomes = new Map()
  for (const organisation of context.organisations) {
    const rows = findingsOf(context, organisation)
      .filter((finding) => matchesFilter(finding, item.filter, params) && finding.notFixedRetests > 0)
      .map((finding) => ({ finding: finding.id, notFixedRetests: finding.notFixedRetests }))
    const retests = rows.reduce((total, row) => total + row.notFixedRetests, 0)
    const value = sub(zero, mul(each, rational(BigInt(retests))))
    const deductions: RawDeduction[] = isZero(each)
      ? []
      : rows.map((row) => ({
          finding: row.finding,
          points: sub(zero, mul(each, rational(BigInt(row.notFixedRetests)))),
          rule: `${item.title}: −${show(each)} per not-fixed re-test × ${row.notFixedRetests}`,
        }))
    const explain: PerRetestDeductionExplanation = {
      kind: 'perRetestDeduction',
      deductEach: toNumber(each),
      findings: rows,
      retests,
      points: roundRational(value, context.decimals),
    }
    outcomes.set(organisation.id, { value, deductions, explain })
  }
  return outcomes
}

export function evaluateUnitItem(item: UnitItemRule, context: UnitContext): Outcomes {
  switch (item.kind) {
    case 'perFindingDeduction':
      return perFindingDeduction(item, context)
    case 'vulnerabilityRatio':
      return vulnerabilityRatio(item, context)
    case 'presence':
      return presence(item, context)
    case 'timeliness':
      return timeliness(item, context)
    case 'perRetestDeduction':
      return perRetestDeduction(item, context)
  }
}
