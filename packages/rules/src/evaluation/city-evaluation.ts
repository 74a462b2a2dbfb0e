// City evaluation (seed 002 附录A/附录B): third-level score = mean item rating × points (A.4, B.1); second-level,
// first-level and total are sums; the result is also given scaled to 100 over the points in scope; grade per 表B.2.
import { type TCityThird } from './city-framework'
import { cityFrameworkIndex } from './city-framework-index'
import {
  ratingValue,
  ZCityEvaluationInput,
  type TCityEvaluationInput,
  type TCityEvaluationParsed,
} from './city-evaluation.schema'
import { roundHalfUp } from './decimal'

export type TCityGrade = '优秀' | '良好' | '合格' | '不合格'

/** 表B.2, lower bounds inclusive (“75分-85分（含75分）”, “85分以上（含85分）”); below 60 is 不合格. */
export const cityGradeBands: readonly { grade: TCityGrade; min: number }[] = [
  { grade: '优秀', min: 85 },
  { grade: '良好', min: 75 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 },
]

/** The grade of a scaled (0–100) score, compared after rounding to 2 decimals, as the score is reported. */
export function cityGradeOf(scaledScore: number): TCityGrade {
  const reported = roundHalfUp(scaledScore)
  for (const band of cityGradeBands) if (reported >= band.min) return band.grade
  return '不合格'
}

export type TCityWeakIndicator = {
  code: string
  name: string
  points: number
  score: number
  /** points lost in this third-level indicator */
  lost: number
  /** the same loss on the 0–100 scale of the scaled total */
  scaledLost: number
}

export type TCityEvaluationResult = {
  total: number
  scaledTotal: number
  grade: TCityGrade
  first: Record<string, number>
  framework: 'suzhou-2022'
  scope: string[]
  pointsInScope: number
  second: Record<string, number>
  third: Record<string, number>
  /** null when the grade is already 优秀 */
  gapToNextGrade: { grade: TCityGrade; threshold: number; scaledPoints: number; points: number } | null
  /** third-level indicators in scope that lost points, the largest loss first */
  weakest: TCityWeakIndicator[]
  /** the fewest third-level indicators whose full marks would close the gap to the next grade */
  gapClosedBy: string[]
  removed: { item: string; reason: string }[]
  /** third-level indicators whose every item was removed: they score 0 and keep their points in scope */
  emptied: string[]
  weighted?: { score: number; first: Record<string, number>; weights: TCityWeights }
}

export type TCityWeights = {
  first: Record<string, number>
  second: Record<string, number>
  third: Record<string, number>
}

export type TCityInputIssue = { path: string; message: string }

/** A city evaluation input that does not validate; `issues` name each bad field by its path. */
export class CityEvaluationInputError extends Error {
  constructor(readonly issues: TCityInputIssue[]) {
    super(summariseIssues(issues))
    this.name = 'CityEvaluationInputError'
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key
    else text += `[${JSON.stringify(String(key))}]`
  }
  return text || '(input)'
}

function summariseIssues(issues: readonly TCityInputIssue[]): string {
  const [firstIssue] = issues
  if (!firstIssue) return 'invalid input'
  const head = `${firstIssue.path}: ${firstIssue.message}`
  const unrated = issues.filter((issue) => issue.message === 'unrated item in scope').length
  if (issues.length === 1) return head
  if (firstIssue.message === 'unrated item in scope' && unrated === issues.length) {
    return `${head} (${unrated} unrated items in scope in all)`
  }
  return `${head} (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`
}

export function parseCityEvaluationInput(input: unknown): TCityEvaluationParsed {
  const parsed = ZCityEvaluationInput.safeParse(input)
  if (!parsed.success) {
    throw new CityEvaluationInputError(
      parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    )
  }
  return parsed.data
}

/** Evaluates a city against 表B.1. Throws CityEvaluationInputError when the input does not validate. */
export function evaluateCity(input: TCityEvaluationInput): TCityEvaluationResult
export function evaluateCity(input: unknown): TCityEvaluationResult
export function evaluateCity(input: unknown): TCityEvaluationResult {
  const parsed = parseCityEvaluationInput(input)
  const index = cityFrameworkIndex
  const ratings = new Map(Object.entries(parsed.ratings).map(([code, rating]) => [code, ratingValue(rating)]))
  const removed = new Set(parsed.removed.map((entry) => entry.item))

  const secondsInScope = new Set<string>()
  for (const code of parsed.scope) {
    const first = index.first.get(code)
    if (first) for (const second of first.second) secondsInScope.add(second.code)
    else secondsInScope.add(code)
  }

  // Unrounded figures; only the reported ones are rounded, so sums are not disturbed by rounding.
  const thirdRatio = new Map<string, number>()
  const thirdScore = new Map<string, number>()
  const secondScore = new Map<string, number>()
  const firstScore = new Map<string, number>()
  const firstPointsInScope = new Map<string, number>()
  const emptied: string[] = []
  let total = 0
  let pointsInScope = 0

  for (const first of index.framework.first) {
    for (const second of first.second) {
      if (!secondsInScope.has(second.code)) continue
      let secondSum = 0
      for (const third of second.third) {
        const ratio = thirdLevelRatio(third, ratings, removed)
        if (ratio === null) emptied.push(third.code)
        thirdRatio.set(third.code, ratio ?? 0)
        const score = (ratio ?? 0) * third.points
        thirdScore.set(third.code, score)
        secondSum += score
      }
      secondScore.set(second.code, secondSum)
      firstScore.set(first.code, (firstScore.get(first.code) ?? 0) + secondSum)
      firstPointsInScope.set(first.code, (firstPointsInScope.get(first.code) ?? 0) + second.points)
      pointsInScope += second.points
      total += secondSum
    }
  }

  const scaled = (total / pointsInScope) * 100
  const grade = cityGradeOf(scaled)
  const gapToNextGrade = gapOf(grade, scaled, pointsInScope)

  const losses: { code: string; lost: number }[] = []
  for (const [code, score] of thirdScore) {
    const points = index.third.get(code)?.third.points ?? 0
    if (points - score > 1e-9) losses.push({ code, lost: points - score })
  }
  losses.sort((a, b) => b.lost - a.lost || compareCodes(a.code, b.code))
  const weakest = losses.map(({ code, lost }): TCityWeakIndicator => {
    const third = index.third.get(code)?.third
    return {
      code,
      name: third?.name ?? code,
      points: third?.points ?? 0,
      score: roundHalfUp(thirdScore.get(code) ?? 0),
      lost: roundHalfUp(lost),
      scaledLost: roundHalfUp((lost / pointsInScope) * 100),
    }
  })
  // Largest losses first: the fewest indicators that, brought to full marks, reach the next grade.
  const gapClosedBy: string[] = []
  if (gapToNextGrade) {
    let regained = 0
    for (const { code, lost } of losses) {
      if (regained >= gapToNextGrade.exactPoints - 1e-9) break
      regained += lost
      gapClosedBy.push(code)
    }
  }

  const result: TCityEvaluationResult = {
    total: roundHalfUp(total),
    scaledTotal: roundHalfUp(scaled),
    grade,
    first: roundMap(firstScore),
    framework: parsed.framework,
    scope: parsed.scope,
    pointsInScope,
    second: roundMap(secondScore),
    third: roundMap(thirdScore),
    gapToNextGrade: gapToNextGrade && {
      grade: gapToNextGrade.grade,
      threshold: gapToNextGrade.threshold,
      scaledPoints: roundHalfUp(gapToNextGrade.exactScaled),
      points: roundHalfUp(gapToNextGrade.exactPoints),
    },
    weakest,
    gapClosedBy,
    removed: parsed.removed,
    emptied,
  }

  if (parsed.weights) {
    result.weighted = weightedEvaluation(
      parsed.weights,
      secondsInScope,
      thirdRatio,
      firstPointsInScope,
      pointsInScope,
    )
  }
  return result
}

/**
 * Mean rating of the items left after removals (A.4); with the direct-score item (直接得分项) present, the higher of
 * that mean and the item's own rating. Null when every item was removed.
 */
function thirdLevelRatio(
  third: TCityThird,
  ratings: ReadonlyMap<string, number>,
  removed: ReadonlySet<string>,
): number | null {
  const remaining = third.items.filter((item) => !removed.has(item.code))
  if (remaining.length === 0) return null
  const values = remaining.map((item) => ratings.get(item.code) ?? 0)
  const mean = values.reduce((acc, value) => acc + value, 0) / values.length
  const direct = remaining.find((item) => item.isDirectScore)
  return direct ? Math.max(mean, ratings.get(direct.code) ?? 0) : mean
}

function gapOf(
  grade: TCityGrade,
  scaled: number,
  pointsInScope: number,
): { grade: TCityGrade; threshold: number; exactScaled: number; exactPoints: number } | null {
  const position = cityGradeBands.findIndex((band) => band.grade === grade)
  const next = cityGradeBands[position - 1]
  if (!next) return null
  // The grade is read from the reported (rounded) score, so the gap is measured from it too.
  const exactScaled = Math.max(0, next.min - roundHalfUp(scaled))
  return {
    grade: next.grade,
    threshold: next.min,
    exactScaled,
    exactPoints: (exactScaled * pointsInScope) / 100,
  }
}

/**
 * The weighted form of 附录A: X = mean rating (0–1), S = Σ γ·X (A.3), D = Σ β·S (A.2), M = Σ α·D (A.1), reported
 * ×100. Weights not given default to the indicator's share of its parent's points in scope, which makes M×100 equal
 * to the scaled 100-point total.
 */
function weightedEvaluation(
  given: NonNullable<TCityEvaluationParsed['weights']>,
  secondsInScope: ReadonlySet<string>,
  thirdRatio: ReadonlyMap<string, number>,
  firstPointsInScope: ReadonlyMap<string, number>,
  pointsInScope: number,
): NonNullable<TCityEvaluationResult['weighted']> {
  const index = cityFrameworkIndex
  const weights: TCityWeights = { first: {}, second: {}, third: {} }
  const firstWeighted: Record<string, number> = {}
  let overall = 0
  for (const first of index.framework.first) {
    const firstPoints = firstPointsInScope.get(first.code)
    if (firstPoints === undefined) continue
    const alpha = given.first?.[first.code] ?? firstPoints / pointsInScope
    weights.first[first.code] = alpha
    let d = 0
    for (const second of first.second) {
      if (!secondsInScope.has(second.code)) continue
      const beta = given.second?.[second.code] ?? second.points / firstPoints
      weights.second[second.code] = beta
      let s = 0
      for (const third of second.third) {
        const gamma = given.third?.[third.code] ?? third.points / second.points
        weights.third[third.code] = gamma
        s += gamma * (thirdRatio.get(third.code) ?? 0)
      }
      d += beta * s
    }
    firstWeighted[first.code] = roundHalfUp(d * 100)
    overall += alpha * d
  }
  return { score: roundHalfUp(overall * 100), first: firstWeighted, weights }
}

function roundMap(values: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [code, value] of values) out[code] = roundHalfUp(value)
  return out
}

function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}
