// Turns the exact item outcomes of each subject into the published score: items rounded half-up, the total the
// sum of the rounded items (floored), ranks by total with ties sharing the better rank.
import { add, compare, fromNumber, roundRational, zero } from '../shared'
import { type ItemOutcome } from './item-support'
import { competitionRanks } from './ranking'
import { type ParamValues, type RuleSet } from './rule-set'
import { type Deduction, type RuleSetSummary } from './score-types'

export type Scored<E> = {
  id: string
  rank: number
  total: number
  items: Record<string, number>
  deductions: Deduction[]
  name?: string
  explain: Record<string, E>
}

export function assembleScores<E>(
  ruleSet: RuleSet,
  subjects: readonly { id: string; name?: string | undefined }[],
  outcomes: readonly { key: string; bySubject: ReadonlyMap<string, ItemOutcome<E>> }[],
): Scored<E>[] {
  const floor = fromNumber(ruleSet.totalFloor)
  const scored = subjects.map((subject) => {
    const items: Record<string, number> = {}
    const explain: Record<string, E> = {}
    const deductions: Deduction[] = []
    let total = zero
    for (const { key, bySubject } of outcomes) {
      const outcome = bySubject.get(subject.id)
      if (!outcome) throw new Error(`item ${key} has no outcome for ${subject.id}`)
      const points = roundRational(outcome.value, ruleSet.decimals)
      items[key] = points
      explain[key] = outcome.explain
      // Summing the rounded figures exactly: 53.33 + 25 must not become 78.33000000000001.
      total = add(total, fromNumber(points))
      for (const deduction of outcome.deductions) {
        deductions.push({
          item: key,
          finding: deduction.finding,
          points: roundRational(deduction.points, ruleSet.decimals),
          rule: deduction.rule,
        })
      }
    }
    const floored = compare(total, floor) < 0 ? floor : total
    return { subject, items, explain, deductions, total: roundRational(floored, ruleSet.decimals) }
  })
  const ranks = competitionRanks(scored, (a, b) => b.total - a.total)
  return scored
    .map((entry, index) => ({
      id: entry.subject.id,
      rank: ranks[index] ?? index + 1,
      total: entry.total,
      items: entry.items,
      deductions: entry.deductions,
      ...(entry.subject.name === undefined ? {} : { name: entry.subject.name }),
      explain: entry.explain,
    }))
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.rank - b.entry.rank || a.index - b.index)
    .map(({ entry }) => entry)
}

export function summarise(ruleSet: RuleSet, params: ParamValues): RuleSetSummary {
  return { id: ruleSet.id, version: ruleSet.version, title: ruleSet.title, params: { ...params } }
}
