// Evaluators of the testing-company item kinds (SPEC §4.3), each over every team at once.
import { CvssError, cvssScoreDetails } from '../cvss'
import {
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
import { show, type ItemOutcome, type RawDeduction } from './item-support'
import { amount } from './params'
import { type ParamValues, type TeamItemRule } from './rule-set'
import { type InputIssue } from './scoring-error'
import {
  type MeanEvaluationExplanation,
  type PerCountDeductionExplanation,
  type ProportionalToBestExplanation,
  type ShareComplementExplanation,
  type TeamItemExplanation,
} from './score-types'
import { type TTeam, type TTeamFinding } from './snapshot'

export type IndexedTeamFinding = TTeamFinding & { index: number }

export type TeamContext = {
  params: ParamValues
  teams: readonly TTeam[]
  /** Counted findings by team id, in snapshot order. */
  counted: ReadonlyMap<string, readonly IndexedTeamFinding[]>
  decimals: number
  issues: InputIssue[]
}

type Outcomes = Map<string, ItemOutcome<TeamItemExplanation>>
type ItemOf<K extends TeamItemRule['kind']> = Extract<TeamItemRule, { kind: K }>
type Measured = { value: Rational; findings?: { finding: string; cvss: string; base: number }[] }

function cvssSum(
  item: ItemOf<'proportionalToBest'>,
  versions: readonly string[],
  team: TTeam,
  context: TeamContext,
): Measured {
  const findings: { finding: string; cvss: string; base: number }[] = []
  for (const finding of context.counted.get(team.id) ?? []) {
    const path = `findings[${finding.index}].cvss`
    if (!finding.cvss) {
      context.issues.push({
        path,
        message: `required for a counted finding (${item.title} sums CVSS base scores)`,
      })
      continue
    }
    try {
      const details = cvssScoreDetails(finding.cvss)
      if (!versions.includes(details.version)) {
        context.issues.push({
          path,
          message: `${item.title} sums CVSS ${versions.join('/')} base scores; got a CVSS ${details.version} vector`,
        })
        continue
      }
      findings.push({ finding: finding.id, cvss: finding.cvss, base: details.base })
    } catch (error) {
      if (!(error instanceof CvssError)) throw error
      context.issues.push({ path, message: error.message })
    }
  }
  return { value: sum(findings.map((entry) => fromNumber(entry.base))), findings }
}

function proportionalToBest(item: ItemOf<'proportionalToBest'>, context: TeamContext): Outcomes {
  const max = amount(item.max, context.params)
  const { measure } = item
  const measured = context.teams.map((team): Measured =>
    measure.source === 'findings'
      ? cvssSum(item, measure.versions, team, context)
      : { value: fromNumber(team[measure.field]) },
  )
  const best = maxOf(measured.map((entry) => entry.value))
  const outcomes: Outcomes = new Map()
  context.teams.forEach((team, position) => {
    const entry = measured[position] ?? { value: zero }
    const value = isZero(best) ? zero : div(mul(max, entry.value), best)
    const points = roundRational(value, context.decimals)
    const formula = isZero(best)
      ? `best 0: every team gets 0`
      : `${show(max)} × ${show(entry.value)} / ${show(best)} = ${points}`
    const explain: ProportionalToBestExplanation = {
      kind: 'proportionalToBest',
      measure: measure.source === 'findings' ? 'cvssBase' : measure.field,
      value: toNumber(entry.value),
      best: toNumber(best),
      max: toNumber(max),
      formula,
      points,
      ...(entry.findings ? { findings: entry.findings } : {}),
    }
    outcomes.set(team.id, { value, deductions: [], explain })
  })
  return outcomes
}

function meanEvaluation(item: ItemOf<'meanEvaluation'>, context: TeamContext): Outcomes {
  const max = amount(item.max, context.params)
  const fullScale = amount(item.fullScale, context.params)
  const ifNone = amount(item.ifNone, context.params)
  const outcomes: Outcomes = new Map()
  for (const team of context.teams) {
    const count = team.evaluations.length
    const mean = count === 0 ? null : div(sum(team.evaluations.map(fromNumber)), rational(BigInt(count)))
    const value = mean === null ? ifNone : div(mul(max, mean), fullScale)
    const points = roundRational(value, context.decimals)
    const explain: MeanEvaluationExplanation = {
      kind: 'meanEvaluation',
      evaluations: [...team.evaluations],
      mean: mean === null ? null : toNumber(mean),
      max: toNumber(max),
      formula:
        mean === null
          ? `no evaluations: ${points}`
          : `${show(max)} × ${show(mean)} / ${show(fullScale)} = ${points}`,
      points,
    }
    outcomes.set(team.id, { value, deductions: [], explain })
  }
  return outcomes
}

function shareComplement(item: ItemOf<'shareComplement'>, context: TeamContext): Outcomes {
  const max = amount(item.max, context.params)
  const ifNoneServed = amount(item.ifNoneServed, context.params)
  const outcomes: Outcomes = new Map()
  for (const team of context.teams) {
    const share =
      team.clientsServed === 0 ? null : rational(BigInt(team.clientsWithNewVulns), BigInt(team.clientsServed))
    const value = share === null ? ifNoneServed : mul(max, sub(one, share))
    const points = roundRational(value, context.decimals)
    const explain: ShareComplementExplanation = {
      kind: 'shareComplement',
      clientsServed: team.clientsServed,
      clientsWithNewVulns: team.clientsWithNewVulns,
      share: share === null ? null : toNumber(share),
      max: toNumber(max),
      formula:
        share === null
          ? `no clients served: ${points}`
          : `${show(max)} × (1 − ${team.clientsWithNewVulns} / ${team.clientsServed}) = ${points}`,
      points,
    }
    outcomes.set(team.id, { value, deductions: [], explain })
  }
  return outcomes
}

function perCountDeduction(item: ItemOf<'perCountDeduction'>, context: TeamContext): Outcomes {
  const each = amount(item.deductEach, context.params)
  const outcomes: Outcomes = new Map()
  for (const team of context.teams) {
    const count = team[item.field]
    const value = sub(zero, mul(each, rational(BigInt(count))))
    const deductions: RawDeduction[] =
      count === 0 || isZero(each)
        ? []
        : [
            {
              finding: null,
              points: value,
              rule: `${item.title}: −${show(each)} per ${item.field} × ${count}`,
            },
          ]
    const explain: PerCountDeductionExplanation = {
      kind: 'perCountDeduction',
      field: item.field,
      count,
      deductEach: toNumber(each),
      points: roundRational(value, context.decimals),
    }
    outcomes.set(team.id, { value, deductions, explain })
  }
  return outcomes
}

export function evaluateTeamItem(item: TeamItemRule, context: TeamContext): Outcomes {
  switch (item.kind) {
    case 'proportionalToBest':
      return proportionalToBest(item, context)
    case 'meanEvaluation':
      return meanEvaluation(item, context)
    case 'shareComplement':
      return shareComplement(item, context)
    case 'perCountDeduction':
      return perCountDeduction(item, context)
  }
}
