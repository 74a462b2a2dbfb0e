// Small helpers shared by the item evaluators of both subjects.
import { roundRational, type Rational } from '../shared'
import { amountNumber } from './params'
import { type FindingFilter, type ParamValues } from './rule-set'
import { type TUnitFinding } from './snapshot'

/** A deduction before rounding. */
export type RawDeduction = { finding: string | null; points: Rational; rule: string }

/** What an evaluator returns for one subject: the exact value, its deductions and an explanation. */
export type ItemOutcome<E> = { value: Rational; deductions: RawDeduction[]; explain: E }

/** A number for formulas and rule texts: at most 4 decimals, no trailing zeros. */
export function show(value: Rational | number): string {
  return String(typeof value === 'number' ? value : roundRational(value, 4))
}

export function matchesFilter(finding: TUnitFinding, filter: FindingFilter, params: ParamValues): boolean {
  if (!filter.kinds.includes(finding.kind)) return false
  if (filter.minRecords !== undefined) {
    // A leak of unknown size cannot be shown to reach the threshold.
    if (finding.records == null || finding.records < amountNumber(filter.minRecords, params)) return false
  }
  if (filter.sensitiveOnly && finding.sensitive !== true) return false
  return true
}

export function describeFilter(filter: FindingFilter, params: ParamValues): string {
  const conditions: string[] = []
  if (filter.sensitiveOnly) conditions.push('sensitive')
  if (filter.minRecords !== undefined) conditions.push(`≥ ${amountNumber(filter.minRecords, params)} records`)
  return `${filter.kinds.join('/')} finding${conditions.length > 0 ? ` (${conditions.join(', ')})` : ''}`
}
