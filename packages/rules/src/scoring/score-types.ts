// What the scorers return (CONTRACTS `score`, `score-teams`), plus a per-item explanation for breakdown views.
import { type FindingSeverity } from './vocabulary'

/** One deduction: the item, the finding behind it (null for a per-subject fact), the points and the rule. */
export type Deduction = { item: string; finding: string | null; points: number; rule: string }

export type PerFindingDeductionExplanation = {
  kind: 'perFindingDeduction'
  max: number
  deductEach: number
  findings: string[]
  /** Sum of the deductions before the floor. */
  deducted: number
  /** True when the deductions exceed the item's points (扣完为止). */
  floored: boolean
  points: number
}

export type VulnerabilityRatioExplanation = {
  kind: 'vulnerabilityRatio'
  scale: 'ratioToMax' | 'rank'
  max: number
  findings: { finding: string; severity: FindingSeverity | null; points: number }[]
  /** 漏洞积分: the sum of the findings' severity points. */
  vulnerabilityPoints: number
  assets: number
  /** The asset count used as divisor (a count below the minimum counts as the minimum). */
  assetsCounted: number
  ratio: number
  /** ratioToMax: the largest ratio among the organisations (基数). */
  base: number | null
  /** rank: position by ratio ascending, ties sharing the better rank, among `organisations`. */
  rank: number | null
  organisations: number
  formula: string
  points: number
}

export type PresenceExplanation = {
  kind: 'presence'
  field: string
  present: boolean
  max: number
  points: number
}

export type TimelinessExplanation = {
  kind: 'timeliness'
  findings: {
    finding: string
    notifiedAt: string
    fixedAt: string | null
    delayHours: number | null
    bracket: string
    deduct: number
  }[]
  points: number
}

export type PerRetestDeductionExplanation = {
  kind: 'perRetestDeduction'
  deductEach: number
  findings: { finding: string; notFixedRetests: number }[]
  retests: number
  points: number
}

export type UnitItemExplanation =
  | PerFindingDeductionExplanation
  | VulnerabilityRatioExplanation
  | PresenceExplanation
  | TimelinessExplanation
  | PerRetestDeductionExplanation

export type OrganisationScore = {
  id: string
  rank: number
  total: number
  /** Item key → points, rounded half-up to the rule set's decimals. */
  items: Record<string, number>
  deductions: Deduction[]
  name?: string
  explain: Record<string, UnitItemExplanation>
}

export type RuleSetSummary = {
  id: string
  version: string
  title: string
  params: Record<string, number | string>
}

export type UnitScoreResult = {
  standard: string
  organisations: OrganisationScore[]
  ruleSet: RuleSetSummary
}

export type ProportionalToBestExplanation = {
  kind: 'proportionalToBest'
  measure: string
  value: number
  best: number
  max: number
  formula: string
  points: number
  /** For the CVSS measure: the findings summed. */
  findings?: { finding: string; cvss: string; base: number }[]
}

export type MeanEvaluationExplanation = {
  kind: 'meanEvaluation'
  evaluations: number[]
  mean: number | null
  max: number
  formula: string
  points: number
}

export type ShareComplementExplanation = {
  kind: 'shareComplement'
  clientsServed: number
  clientsWithNewVulns: number
  share: number | null
  max: number
  formula: string
  points: number
}

export type PerCountDeductionExplanation = {
  kind: 'perCountDeduction'
  field: string
  count: number
  deductEach: number
  points: number
}

export type TeamItemExplanation =
  | ProportionalToBestExplanation
  | MeanEvaluationExplanation
  | ShareComplementExplanation
  | PerCountDeductionExplanation

export type TeamScore = {
  id: string
  rank: number
  total: number
  items: Record<string, number>
  deductions: Deduction[]
  name?: string
  explain: Record<string, TeamItemExplanation>
}

export type TeamScoreResult = {
  standard: string
  teams: TeamScore[]
  ruleSet: RuleSetSummary
}
