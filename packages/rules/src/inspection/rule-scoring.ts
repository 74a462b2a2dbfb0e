// How each kind of item rule reads the inspector's answer and turns it into points, with a one-line explanation in
// the checklist's own words. Pure: the answer is validated by `answerSchemaOf` before `scoreRule` sees it.
import { z } from 'zod'
import { roundHalfUp } from './decimal'
import { type TInspectionRule } from './inspection-template'

export type TItemScore = { points: number; explanation: string }

type RuleOf<K extends TInspectionRule['kind']> = Extract<TInspectionRule, { kind: K }>

export const doneOrPlanAnswers = ['done', 'work_plan', 'not_done'] as const

function idsOf(options: readonly { id: string }[]): [string, ...string[]] {
  const ids = options.map((option) => option.id)
  if (ids.length === 0) throw new Error('a rule needs at least one option')
  return ids as [string, ...string[]]
}

function uniqueList(options: readonly { id: string; label: string }[]) {
  const ids = idsOf(options)
  return z
    .array(z.enum(ids, { error: `expected one of ${ids.join(', ')}` }), {
      error: `expected a list of ${ids.join(', ')}`,
    })
    .refine((list) => new Set(list).size === list.length, 'an option is listed twice')
}

/** The zod schema of the answer to an item with this rule. */
export function answerSchemaOf(rule: TInspectionRule): z.ZodType {
  switch (rule.kind) {
    case 'yes-no':
      return z.boolean({ error: 'expected true (是) or false (否)' })
    case 'all-of':
      return z.strictObject(
        Object.fromEntries(
          rule.conditions.map((c) => [c.id, z.boolean({ error: `expected true or false: ${c.label}` })]),
        ),
      )
    case 'any-of': {
      const exclusive = rule.options.filter((o) => o.isExclusive).map((o) => o.id)
      return uniqueList(rule.options).refine(
        (list) => list.length <= 1 || !list.some((id) => exclusive.includes(id)),
        `${exclusive.join(', ')} cannot be ticked together with another option`,
      )
    }
    case 'single-choice': {
      const ids = idsOf(rule.options)
      return z.enum(ids, { error: `expected one of ${ids.join(', ')}` })
    }
    case 'deduct-per-missing':
      return uniqueList(rule.elements)
    case 'credit-per-element':
      return rule.outsourcing
        ? z.strictObject(
            {
              present: uniqueList(rule.elements),
              outsourcing: z
                .strictObject(
                  { failed: uniqueList(rule.outsourcing.conditions) },
                  { error: 'expected { failed: [...] }' },
                )
                .optional(),
            },
            { error: 'expected { present: [...], outsourcing?: { failed: [...] } }' },
          )
        : uniqueList(rule.elements)
    case 'done-or-plan':
      return z.enum(doneOrPlanAnswers, { error: `expected one of ${doneOrPlanAnswers.join(', ')}` })
    case 'numeric-bands': {
      let number = z
        .number({ error: `expected a number (${rule.quantity}, ${rule.unit}) or null` })
        .min(rule.range.min, `${rule.quantity} must be ≥ ${rule.range.min}`)
      if (rule.range.max !== undefined)
        number = number.max(rule.range.max, `${rule.quantity} must be ≤ ${rule.range.max}`)
      if (rule.isInteger) number = number.int(`${rule.quantity} must be a whole number`)
      return number.nullable()
    }
    case 'per-count-deduction': {
      const count = z
        .number({ error: 'expected a count' })
        .int('a count is a whole number')
        .min(0, 'a count is ≥ 0')
      const shape = Object.fromEntries(
        rule.fields.map((f) => [f.id, rule.counted.includes(f.id) ? count : count.optional()]),
      )
      const partsOf = rule.partsOf
      return z.strictObject(shape).superRefine((answer, ctx) => {
        if (!partsOf) return
        const counts = answer as Record<string, number | undefined>
        const total = counts[partsOf.total]
        if (total === undefined) return
        const parts = partsOf.parts.reduce((acc, id) => acc + (counts[id] ?? 0), 0)
        if (parts > total) {
          ctx.addIssue({
            code: 'custom',
            path: [partsOf.total],
            message: `${partsOf.parts.join(' + ')} = ${parts} is more than ${partsOf.total} = ${total}`,
          })
        }
      })
    }
    case 'password-policy':
      return z.strictObject({
        minLength: z
          .number({ error: 'expected the minimum password length, or null when none is configured' })
          .int('a length is a whole number')
          .min(0, 'a length is ≥ 0')
          .nullable(),
        classes: uniqueList(rule.classes),
      })
  }
}

const pts = (value: number) => `${roundHalfUp(value)}分`
const outcome = (points: number) => (points > 0 ? `得${pts(points)}` : '不得分')

/** Points and explanation for a validated answer. */
export function scoreRule(rule: TInspectionRule, max: number, answer: unknown): TItemScore {
  switch (rule.kind) {
    case 'yes-no':
      return scoreYesNo(rule, max, answer as boolean)
    case 'all-of':
      return scoreAllOf(rule, max, answer as Record<string, boolean>)
    case 'any-of':
      return scoreAnyOf(rule, max, answer as string[])
    case 'single-choice':
      return scoreSingleChoice(rule, max, answer as string)
    case 'deduct-per-missing':
      return scoreDeductPerMissing(rule, max, answer as string[])
    case 'credit-per-element':
      return scoreCreditPerElement(
        rule,
        max,
        answer as string[] | { present: string[]; outsourcing?: { failed: string[] } },
      )
    case 'done-or-plan':
      return scoreDoneOrPlan(max, answer as (typeof doneOrPlanAnswers)[number])
    case 'numeric-bands':
      return scoreNumericBands(rule, max, answer as number | null)
    case 'per-count-deduction':
      return scorePerCount(rule, max, answer as Record<string, number | undefined>)
    case 'password-policy':
      return scorePasswordPolicy(rule, max, answer as { minLength: number | null; classes: string[] })
  }
}

function scoreYesNo(rule: RuleOf<'yes-no'>, max: number, answer: boolean): TItemScore {
  const label = answer ? rule.yes : rule.no
  const points = (rule.scoresWhen === 'yes') === answer ? max : 0
  return { points, explanation: `${label}，${outcome(points)}` }
}

function scoreAllOf(rule: RuleOf<'all-of'>, max: number, answer: Record<string, boolean>): TItemScore {
  const unmet = rule.conditions.filter((c) => !answer[c.id]).map((c) => c.label)
  if (unmet.length === 0)
    return { points: max, explanation: `全部满足（${labels(rule.conditions)}），得${pts(max)}` }
  return { points: 0, explanation: `未满足：${unmet.join('、')}，不得分` }
}

function scoreAnyOf(rule: RuleOf<'any-of'>, max: number, answer: string[]): TItemScore {
  const ticked = rule.options.filter((o) => answer.includes(o.id))
  const credited = ticked.filter((o) => o.isCredited)
  if (credited.length > 0) {
    return { points: max, explanation: `已采取：${labels(credited)}（有一项即可），得${pts(max)}` }
  }
  return { points: 0, explanation: `${ticked.length > 0 ? labels(ticked) : '无任何措施'}，不得分` }
}

function scoreSingleChoice(rule: RuleOf<'single-choice'>, max: number, answer: string): TItemScore {
  const option = rule.options.find((o) => o.id === answer)
  const points = max * (option?.fraction ?? 0)
  return { points, explanation: `${option?.label ?? answer}，${outcome(points)}` }
}

function scoreDeductPerMissing(
  rule: RuleOf<'deduct-per-missing'>,
  max: number,
  answer: string[],
): TItemScore {
  const missing = rule.elements.filter((e) => !answer.includes(e.id))
  if (missing.length === 0) return { points: max, explanation: `${labels(rule.elements)}齐全，得${pts(max)}` }
  const deduction = missing.length * rule.deductionPerMissing
  const points = Math.max(0, max - deduction)
  const cap = deduction >= max ? '，扣完为止' : ''
  return {
    points,
    explanation: `缺${missing.length}项（${labels(missing)}），每项扣${pts(rule.deductionPerMissing)}，共扣${pts(Math.min(deduction, max))}${cap}，${outcome(points)}`,
  }
}

function scoreCreditPerElement(
  rule: RuleOf<'credit-per-element'>,
  max: number,
  answer: string[] | { present: string[]; outsourcing?: { failed: string[] } },
): TItemScore {
  const present = Array.isArray(answer) ? answer : answer.present
  const failed = Array.isArray(answer) ? [] : (answer.outsourcing?.failed ?? [])
  const failedConditions = (rule.outsourcing?.conditions ?? []).filter((c) => failed.includes(c.id))
  const voided = new Set(failedConditions.map((c) => c.voids))
  const credited = rule.elements.filter((e) => present.includes(e.id) && !voided.has(e.id))
  const points = Math.min(
    max,
    credited.reduce((acc, e) => acc + e.points, 0),
  )
  const parts = [
    credited.length > 0
      ? `具备：${credited.map((e) => `${e.label}(${pts(e.points)})`).join('、')}`
      : '均不具备',
  ]
  const absent = rule.elements.filter((e) => !present.includes(e.id))
  if (absent.length > 0) parts.push(`缺：${labels(absent)}`)
  if (failedConditions.length > 0) {
    const voidedLabels = rule.elements.filter((e) => voided.has(e.id) && present.includes(e.id))
    parts.push(
      `运维外包企业不符合：${labels(failedConditions)}${voidedLabels.length > 0 ? `，对应项（${labels(voidedLabels)}）不得分` : ''}`,
    )
  }
  return { points, explanation: `${parts.join('；')}，${outcome(points)}` }
}

function scoreDoneOrPlan(max: number, answer: (typeof doneOrPlanAnswers)[number]): TItemScore {
  switch (answer) {
    case 'done':
      return { points: max, explanation: `已开展，得${pts(max)}` }
    case 'work_plan':
      return { points: max, explanation: `暂未开展，有工作计划书，视为开展，得${pts(max)}` }
    case 'not_done':
      return { points: 0, explanation: '未开展且无工作计划书，不得分' }
  }
}

function scoreNumericBands(rule: RuleOf<'numeric-bands'>, max: number, answer: number | null): TItemScore {
  if (answer === null) {
    const points = max * rule.absent.fraction
    return { points, explanation: `${rule.absent.label}，${outcome(points)}` }
  }
  const band = rule.bands.find(
    (b) => (b.min === undefined || answer >= b.min) && (b.max === undefined || answer <= b.max),
  )
  const value = `${rule.quantity}${answer}${rule.unit}`
  if (!band) return { points: 0, explanation: `${value}，未达到要求，不得分` }
  const points = max * band.fraction
  const share = band.fraction < 1 && band.fraction > 0 ? `该项${roundHalfUp(band.fraction * 100)}%，` : ''
  return { points, explanation: `${value}（${band.label}），${share}${outcome(points)}` }
}

function scorePerCount(
  rule: RuleOf<'per-count-deduction'>,
  max: number,
  answer: Record<string, number | undefined>,
): TItemScore {
  const count = rule.counted.reduce((acc, id) => acc + (answer[id] ?? 0), 0)
  const what = `${rule.countedLabel}${count}个`
  if (count > rule.zeroAbove) {
    return { points: 0, explanation: `${what}，超过${rule.zeroAbove}个，该项为0分` }
  }
  // Work in whole percent so that 4 × (1 − 3 × 5 %) is 3.4, not 3.4000000000000004.
  const percentKept = Math.max(0, 100 - Math.round(count * rule.fractionPerCount * 100))
  const points = (max * percentKept) / 100
  if (count === 0) return { points, explanation: `${what}，得${pts(points)}` }
  return {
    points,
    explanation: `${what}，每个扣该项${roundHalfUp(rule.fractionPerCount * 100)}%，共扣${100 - percentKept}%，${outcome(points)}`,
  }
}

function scorePasswordPolicy(
  rule: RuleOf<'password-policy'>,
  max: number,
  answer: { minLength: number | null; classes: string[] },
): TItemScore {
  const problems: string[] = []
  if (answer.minLength === null) problems.push('未配置口令长度要求')
  else if (answer.minLength < rule.minLength)
    problems.push(`口令最短${answer.minLength}位，少于${rule.minLength}位`)
  const missing = rule.classes.filter((c) => !answer.classes.includes(c.id))
  if (missing.length > 0) problems.push(`口令组成缺少${labels(missing)}`)
  if (problems.length === 0) {
    return {
      points: max,
      explanation: `口令长度不少于${rule.minLength}位，由${labels(rule.classes)}组成，满足口令配置要求，得${pts(max)}`,
    }
  }
  return { points: 0, explanation: `${problems.join('；')}，不满足口令配置要求，不得分` }
}

function labels(options: readonly { label: string }[]): string {
  return options.map((o) => o.label).join('、')
}
