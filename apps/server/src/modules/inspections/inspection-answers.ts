// Answers that earn each item its full points, derived from the item's rule: for tests, and for the demo data, which
// then spoils a few of them to show partial credit.
import type { TInspectionTemplateView } from './inspections.schemas'

type Rule = TInspectionTemplateView['items'][number]['rule']

export function fullMarksAnswer(rule: Rule): unknown {
  switch (rule.kind) {
    case 'yes-no':
      return rule.scoresWhen === 'yes'
    case 'all-of':
      return Object.fromEntries(rule.conditions.map((c) => [c.id, true]))
    case 'any-of':
      return [rule.options.find((o) => o.isCredited)!.id]
    case 'single-choice':
      return [...rule.options].sort((a, b) => b.fraction - a.fraction)[0]!.id
    case 'deduct-per-missing':
      return rule.elements.map((e) => e.id)
    case 'credit-per-element':
      return rule.outsourcing ? { present: rule.elements.map((e) => e.id) } : rule.elements.map((e) => e.id)
    case 'done-or-plan':
      return 'done'
    case 'numeric-bands': {
      const best = [...rule.bands].sort((a, b) => b.fraction - a.fraction)[0]!
      return best.min ?? best.max ?? rule.range.min
    }
    case 'per-count-deduction':
      return Object.fromEntries(rule.fields.map((f) => [f.id, 0]))
    case 'password-policy':
      return { minLength: rule.minLength, classes: rule.classes.map((c) => c.id) }
  }
}

export function fullMarksAnswers(view: TInspectionTemplateView): Record<string, unknown> {
  return Object.fromEntries(view.items.map((item) => [item.code, fullMarksAnswer(item.rule)]))
}
