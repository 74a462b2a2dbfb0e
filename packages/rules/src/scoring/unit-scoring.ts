import { assembleScores, summarise } from './assemble'
import { resolveParams } from './params'
import { getUnitRuleSet, resolveRuleSet } from './registry'
import { ZUnitRuleSet, type UnitRuleSet } from './rule-set'
import { parseOrThrow, ScoringInputError, type InputIssue } from './scoring-error'
import { type UnitScoreResult } from './score-types'
import { ZUnitSnapshot } from './snapshot'
import { evaluateUnitItem, type IndexedFinding, type UnitContext } from './unit-items'

export type ScoreOptions<R> = {
  /** Score under this rule set (id or object) instead of the snapshot's `standard`: the "what-if" of the server. */
  ruleSet?: string | R
  /** Parameter overrides, applied over the snapshot's own `params`. */
  params?: Record<string, unknown>
}

/**
 * Scores every organisation of a campaign snapshot (CONTRACTS `score`) under a unit standard. The snapshot is
 * validated (a ScoringInputError names each bad field); the result lists organisations by rank, each with its
 * rounded items, total, deductions and a per-item explanation.
 */
export function scoreOrganisations(
  snapshot: unknown,
  options: ScoreOptions<UnitRuleSet> = {},
): UnitScoreResult {
  const parsed = parseOrThrow(ZUnitSnapshot, snapshot)
  const ruleSet = resolveRuleSet(options.ruleSet ?? parsed.standard, getUnitRuleSet, ZUnitRuleSet)
  const params = resolveParams(ruleSet, { ...parsed.params, ...options.params })
  const counted = new Map<string, IndexedFinding[]>()
  parsed.findings.forEach((finding, index) => {
    if (!ruleSet.countedStatuses.includes(finding.status)) return
    const list = counted.get(finding.organisation) ?? []
    list.push({ ...finding, index })
    counted.set(finding.organisation, list)
  })
  const issues: InputIssue[] = []
  const context: UnitContext = {
    params,
    organisations: parsed.organisations,
    counted,
    decimals: ruleSet.decimals,
    issues,
  }
  const outcomes = ruleSet.items.map((item) => ({
    key: item.key,
    bySubject: evaluateUnitItem(item, context),
  }))
  if (issues.length > 0) throw new ScoringInputError(issues)
  return {
    standard: ruleSet.id,
    organisations: assembleScores(ruleSet, parsed.organisations, outcomes),
    ruleSet: summarise(ruleSet, params),
  }
}
