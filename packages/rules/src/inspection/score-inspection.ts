// Scores a filled checklist: validates the answers against the template (field-path errors), scores each item by its
// rule, and sums items into sections and the total. Reported figures are rounded half-up to 2 decimals from unrounded
// sums (all values of seed 004 are exact at 2 decimals, so rounding only removes floating-point noise).
import { z } from 'zod'
import { roundHalfUp } from './decimal'
import { templateItems, type TInspectionSection, type TInspectionTemplate } from './inspection-template'
import { answerSchemaOf, scoreRule } from './rule-scoring'

export type TInspectionAnswers = Record<string, unknown>

export type TScoreInspectionOptions = {
  /** score an unfinished inspection: unanswered items count 0 and are listed, instead of failing validation */
  allowUnanswered?: boolean
}

export type TInspectionItemResult = { code: string; points: number; max: number; explanation: string }
export type TInspectionSectionResult = { code: string; title: string; points: number; max: number }

export type TInspectionScore = {
  template: string
  total: number
  max: number
  items: TInspectionItemResult[]
  sections: TInspectionSectionResult[]
  unanswered: string[]
}

export type TInspectionIssue = { path: string; message: string }

/** Answers that do not fit the template; each issue names the field by its path, e.g. `["T2-22"].total`. */
export class InspectionAnswersError extends Error {
  constructor(readonly issues: TInspectionIssue[]) {
    const [first] = issues
    const head = first ? `${first.path}: ${first.message}` : 'invalid answers'
    super(issues.length > 1 ? `${head} (and ${issues.length - 1} more)` : head)
    this.name = 'InspectionAnswersError'
  }
}

const schemaCache = new WeakMap<TInspectionTemplate, Map<boolean, z.ZodType>>()

/** The zod schema of a template's answers: an object keyed by item code, strict (unknown codes are errors). */
export function inspectionAnswersSchema(
  template: TInspectionTemplate,
  options: TScoreInspectionOptions = {},
): z.ZodType {
  const allowUnanswered = options.allowUnanswered ?? false
  let byMode = schemaCache.get(template)
  if (!byMode) schemaCache.set(template, (byMode = new Map()))
  const cached = byMode.get(allowUnanswered)
  if (cached) return cached
  const shape: Record<string, z.ZodType> = {}
  for (const entry of templateItems(template)) {
    const answer = answerSchemaOf(entry.rule)
    shape[entry.code] = allowUnanswered ? answer.optional() : answer
  }
  const schema = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'answers must be an object keyed by item code' : undefined,
  })
  byMode.set(allowUnanswered, schema)
  return schema
}

export function scoreInspection(
  template: TInspectionTemplate,
  answers: unknown,
  options: TScoreInspectionOptions = {},
): TInspectionScore {
  const parsed = inspectionAnswersSchema(template, options).safeParse(answers)
  if (!parsed.success) {
    throw new InspectionAnswersError(
      parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              path: formatPath([...issue.path, key]),
              message: `unknown item code (not in template ${template.id})`,
            }))
          : [
              {
                path: formatPath(issue.path),
                message: isUnanswered(answers, issue.path) ? 'unanswered item' : issue.message,
              },
            ],
      ),
    )
  }
  const valid = parsed.data as TInspectionAnswers

  const itemPoints = new Map<string, number>()
  const items: TInspectionItemResult[] = []
  const unanswered: string[] = []
  for (const entry of templateItems(template)) {
    const answer = valid[entry.code]
    const scored =
      answer === undefined
        ? { points: 0, explanation: '未作答，不得分' }
        : scoreRule(entry.rule, entry.points, answer)
    if (answer === undefined) unanswered.push(entry.code)
    itemPoints.set(entry.code, scored.points)
    items.push({
      code: entry.code,
      points: roundHalfUp(scored.points),
      max: entry.points,
      explanation: scored.explanation,
    })
  }

  const sections: TInspectionSectionResult[] = []
  const sumSection = (section: TInspectionSection): number => {
    const position = sections.length
    sections.push({ code: section.code, title: section.title, points: 0, max: section.points })
    let sum = 0
    for (const entry of section.items ?? []) sum += itemPoints.get(entry.code) ?? 0
    for (const child of section.sections ?? []) sum += sumSection(child)
    const result = sections[position]
    if (result) result.points = roundHalfUp(sum)
    return sum
  }
  const total = template.sections.reduce((acc, section) => acc + sumSection(section), 0)

  return {
    template: template.id,
    total: roundHalfUp(total),
    max: template.points,
    items,
    sections,
    unanswered,
  }
}

function isUnanswered(answers: unknown, path: readonly PropertyKey[]): boolean {
  const [code] = path
  return (
    path.length === 1 &&
    typeof code === 'string' &&
    typeof answers === 'object' &&
    answers !== null &&
    !Object.hasOwn(answers, code)
  )
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key
    else text += `[${JSON.stringify(String(key))}]`
  }
  return text || '(answers)'
}
