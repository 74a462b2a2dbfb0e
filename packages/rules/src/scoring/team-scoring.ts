import { assembleScores, summarise } from './assemble'
import { resolveParams } from './params'
import { getTeamRuleSet, resolveRuleSet } from './registry'
import { ZTeamRuleSet, type TeamRuleSet } from './rule-set'
import { parseOrThrow, ScoringInputError, type InputIssue } from './scoring-error'
import { type TeamScoreResult } from './score-types'
import { ZTeamSnapshot } from './snapshot'
import { evaluateTeamItem, type IndexedTeamFinding, type TeamContext } from './team-items'
import { type ScoreOptions } from './unit-scoring'

/**
 * Scores the testing companies (teams) of a campaign snapshot (CONTRACTS `score-teams`) under a team standard,
 * listed by rank with rounded items, total, deductions and a per-item explanation.
 */
export function scoreTeams(snapshot: unknown, options: ScoreOptions<TeamRuleSet> = {}): TeamScoreResult {
  const parsed = parseOrThrow(ZTeamSnapshot, snapshot)
  const ruleSet = resolveRuleSet(options.ruleSet ?? parsed.standard, getTeamRuleSet, ZTeamRuleSet)
  const params = resolveParams(ruleSet, { ...parsed.params, ...options.params })
  const counted = new Map<string, IndexedTeamFinding[]>()
  parsed.findings.forEach((finding, index) => {
    if (!ruleSet.countedStatuses.includes(finding.status)) return
    const list = counted.get(finding.team) ?? []
    list.push({ ...finding, index })
    counted.set(finding.team, list)
  })
  const issues: InputIssue[] = []
  const context: TeamContext = { params, teams: parsed.teams, counted, decimals: ruleSet.decimals, issues }
  const outcomes = ruleSet.items.map((item) => ({
    key: item.key,
    bySubject: evaluateTeamItem(item, context),
  }))
  if (issues.length > 0) throw new ScoringInputError(issues)
  return {
    standard: ruleSet.id,
    teams: assembleScores(ruleSet, parsed.teams, outcomes),
    ruleSet: summarise(ruleSet, params),
  }
}
