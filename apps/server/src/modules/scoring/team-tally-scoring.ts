// Scores a campaign's testing teams (技术支撑机构) from per-team tallies: the sum of the CVSS base scores of the
// team's counted findings by vector version (in tenths, so that the database sums exact integers), the gateway or
// hand-entered figures, the evaluation scores and the self-inspection clients. Same arithmetic as the engine's
// `scoreTeams` (scoring-agreement.test.ts).
import {
  competitionRanks,
  resolveParams,
  type Amount,
  type ParamValues,
  type TeamItemRule,
  type TeamRuleSet,
} from '@wangan/rules/scoring'
import {
  add,
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
} from '@wangan/rules/shared'

export type CvssVersionKey = '3.0' | '3.1' | '4.0'

export type TeamTally = {
  id: string
  name?: string
  activeSlots: number
  assetsTested: number
  manualRequests: number
  evaluations: number[]
  clientsServed: number
  clientsWithNewVulns: number
  violations: number
  /** Σ CVSS base × 10 of the team's counted findings, by vector version. */
  cvssTenths: Record<CvssVersionKey, number>
}

export type TeamItemScore = {
  key: string
  title: string
  kind: TeamItemRule['kind']
  points: number
  max: number | null
  /** The measured value (proportional items), the mean evaluation, the share of clients, or the count deducted. */
  value: number | null
  best: number | null
  formula: string
}

export type TeamScoreRow = {
  id: string
  name?: string
  rank: number
  total: number
  items: Record<string, number>
  detail: TeamItemScore[]
}

export type TeamTallyResult = {
  standard: string
  teams: TeamScoreRow[]
  ruleSet: { id: string; version: string; title: string; params: Record<string, number | string> }
}

function amountOf(value: Amount, params: ParamValues): Rational {
  if (typeof value === 'number') return fromNumber(value)
  const resolved = params[value.param]
  if (typeof resolved !== 'number') throw new Error(`parameter ${value.param} is not a number`)
  return fromNumber(resolved)
}

const show = (value: Rational): string => String(roundRational(value, 4))

type Evaluated = { value: Rational; score: Omit<TeamItemScore, 'points'> }

function measureOf(item: Extract<TeamItemRule, { kind: 'proportionalToBest' }>, team: TeamTally): Rational {
  const { measure } = item
  if (measure.source === 'team') return fromNumber(team[measure.field])
  const tenths = measure.versions.reduce((total, version) => total + team.cvssTenths[version], 0)
  return rational(BigInt(tenths), 10n)
}

function evaluateItem(item: TeamItemRule, teams: readonly TeamTally[], params: ParamValues): Evaluated[] {
  const base = { key: item.key, title: item.title, kind: item.kind }
  switch (item.kind) {
    case 'proportionalToBest': {
      const max = amountOf(item.max, params)
      const values = teams.map((team) => measureOf(item, team))
      const best = maxOf(values)
      return values.map((value) => ({
        value: isZero(best) ? zero : div(mul(max, value), best),
        score: {
          ...base,
          max: toNumber(max),
          value: toNumber(value),
          best: toNumber(best),
          formula: isZero(best)
            ? 'best 0: every team gets 0'
            : `${show(max)} × ${show(value)} / ${show(best)}`,
        },
      }))
    }
    case 'meanEvaluation': {
      const max = amountOf(item.max, params)
      const fullScale = amountOf(item.fullScale, params)
      const ifNone = amountOf(item.ifNone, params)
      return teams.map((team) => {
        const n = team.evaluations.length
        const mean = n === 0 ? null : div(sum(team.evaluations.map(fromNumber)), rational(BigInt(n)))
        return {
          value: mean === null ? ifNone : div(mul(max, mean), fullScale),
          score: {
            ...base,
            max: toNumber(max),
            value: mean === null ? null : toNumber(mean),
            best: null,
            formula:
              mean === null
                ? 'no evaluations'
                : `${show(max)} × ${show(mean)} / ${show(fullScale)} (${n} forms)`,
          },
        }
      })
    }
    case 'shareComplement': {
      const max = amountOf(item.max, params)
      const ifNoneServed = amountOf(item.ifNoneServed, params)
      return teams.map((team) => {
        const share =
          team.clientsServed === 0
            ? null
            : rational(BigInt(team.clientsWithNewVulns), BigInt(team.clientsServed))
        return {
          value: share === null ? ifNoneServed : mul(max, sub(one, share)),
          score: {
            ...base,
            max: toNumber(max),
            value: share === null ? null : toNumber(share),
            best: null,
            formula:
              share === null
                ? 'no clients served'
                : `${show(max)} × (1 − ${team.clientsWithNewVulns} / ${team.clientsServed})`,
          },
        }
      })
    }
    case 'perCountDeduction': {
      const each = amountOf(item.deductEach, params)
      return teams.map((team) => ({
        value: sub(zero, mul(each, rational(BigInt(team[item.field])))),
        score: {
          ...base,
          max: null,
          value: team[item.field],
          best: null,
          formula: `−${show(each)} × ${team[item.field]}`,
        },
      }))
    }
  }
}

/** Scores teams from their tallies exactly as `scoreTeams` scores the snapshot behind them. */
export function scoreTeamTallies(
  ruleSet: TeamRuleSet,
  teams: readonly TeamTally[],
  overrides: Record<string, unknown> = {},
): TeamTallyResult {
  const params = resolveParams(ruleSet, overrides)
  const evaluated = ruleSet.items.map((item) => evaluateItem(item, teams, params))
  const floor = fromNumber(ruleSet.totalFloor)
  const scored = teams.map((team, position) => {
    const items: Record<string, number> = {}
    const detail: TeamItemScore[] = []
    let total = zero
    ruleSet.items.forEach((item, itemIndex) => {
      const outcome = evaluated[itemIndex]![position]!
      const points = roundRational(outcome.value, ruleSet.decimals)
      items[item.key] = points
      detail.push({ ...outcome.score, points })
      total = add(total, fromNumber(points))
    })
    const floored = compare(total, floor) < 0 ? floor : total
    return {
      id: team.id,
      ...(team.name === undefined ? {} : { name: team.name }),
      total: roundRational(floored, ruleSet.decimals),
      items,
      detail,
    }
  })
  const ranks = competitionRanks(scored, (a, b) => b.total - a.total)
  const teamsRanked = scored
    .map((entry, index) => ({ ...entry, rank: ranks[index] ?? index + 1, index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ index: _index, ...entry }) => entry)
  return {
    standard: ruleSet.id,
    teams: teamsRanked,
    ruleSet: { id: ruleSet.id, version: ruleSet.version, title: ruleSet.title, params: { ...params } },
  }
}
