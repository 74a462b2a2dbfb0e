export { scoreOrganisations, type ScoreOptions } from './unit-scoring'
export { scoreTeams } from './team-scoring'
export { getRuleSet, getTeamRuleSet, getUnitRuleSet, ruleSets } from './registry'
export { changzhou2022 } from './rule-sets/changzhou-2022'
export { yixing2021 } from './rule-sets/yixing-2021'
export { yixing2021Teams } from './rule-sets/yixing-2021-teams'
export { resolveParams } from './params'
export {
  ZAmount,
  ZFindingFilter,
  ZParamDeclaration,
  ZRuleSet,
  ZTeamItemRule,
  ZTeamRuleSet,
  ZUnitItemRule,
  ZUnitRuleSet,
  ZVulnerabilityScale,
  type Amount,
  type FindingFilter,
  type ParamDeclaration,
  type ParamValues,
  type RuleSet,
  type TeamItemRule,
  type TeamRuleSet,
  type UnitItemRule,
  type UnitRuleSet,
  type VulnerabilityScale,
} from './rule-set'
export {
  ZDateTime,
  ZTeam,
  ZTeamFinding,
  ZTeamSnapshot,
  ZUnitFinding,
  ZUnitOrganisation,
  ZUnitSnapshot,
  type TTeam,
  type TTeamFinding,
  type TTeamSnapshot,
  type TTeamSnapshotInput,
  type TUnitFinding,
  type TUnitOrganisation,
  type TUnitSnapshot,
  type TUnitSnapshotInput,
} from './snapshot'
export { formatPath, issuesOf, ScoringInputError, type InputIssue } from './scoring-error'
export { competitionRanks } from './ranking'
export {
  serviceEvaluationGrade,
  serviceEvaluationGrades,
  type ServiceEvaluationGrade,
} from './service-evaluation'
export {
  countedStatuses,
  findingKinds,
  findingSeverities,
  findingStatuses,
  ZFindingKind,
  ZFindingSeverity,
  ZFindingStatus,
  type FindingKind,
  type FindingSeverity,
  type FindingStatus,
} from './vocabulary'
export type * from './score-types'
