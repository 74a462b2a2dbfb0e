import { fromNumber, type Rational } from '../shared'
import { type Amount, type ParamValues, type RuleSet } from './rule-set'
import { ScoringInputError, type InputIssue } from './scoring-error'

/**
 * The rule set's parameters with the overrides applied. Overrides are checked against the declarations: an
 * unknown name, a value of the wrong type, outside the declared bounds or not among the enum's values is refused.
 */
export function resolveParams(ruleSet: RuleSet, overrides: unknown = {}): ParamValues {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new ScoringInputError([{ path: 'params', message: 'expected an object of parameter overrides' }])
  }
  const values: Record<string, number | string> = {}
  for (const [name, declaration] of Object.entries(ruleSet.params)) values[name] = declaration.default
  const issues: InputIssue[] = []
  const declared = Object.keys(ruleSet.params)
  for (const [name, value] of Object.entries(overrides)) {
    const declaration = ruleSet.params[name]
    const path = `params.${name}`
    if (!declaration) {
      const known =
        declared.length > 0 ? `: ${ruleSet.id} declares ${declared.join(', ')}` : `: ${ruleSet.id} has none`
      issues.push({ path, message: `unknown parameter "${name}"${known}` })
    } else if (declaration.type === 'enum') {
      if (typeof value !== 'string' || !declaration.values.includes(value)) {
        issues.push({
          path,
          message: `expected one of ${declaration.values.join(', ')}, got ${JSON.stringify(value)}`,
        })
      } else values[name] = value
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push({ path, message: `expected a number, got ${JSON.stringify(value)}` })
    } else if (declaration.min !== undefined && value < declaration.min) {
      issues.push({ path, message: `must be ≥ ${declaration.min}, got ${value}` })
    } else if (declaration.max !== undefined && value > declaration.max) {
      issues.push({ path, message: `must be ≤ ${declaration.max}, got ${value}` })
    } else values[name] = value
  }
  if (issues.length > 0) throw new ScoringInputError(issues)
  return values
}

/** The value of an amount under the given parameters (references were checked when the rule set was parsed). */
export function amount(value: Amount, params: ParamValues): Rational {
  if (typeof value === 'number') return fromNumber(value)
  const resolved = params[value.param]
  if (typeof resolved !== 'number') throw new Error(`parameter ${value.param} is not a number`)
  return fromNumber(resolved)
}

export function amountNumber(value: Amount, params: ParamValues): number {
  if (typeof value === 'number') return value
  const resolved = params[value.param]
  if (typeof resolved !== 'number') throw new Error(`parameter ${value.param} is not a number`)
  return resolved
}
