// The rule-set format: a scoring standard is data. A rule set names its parameters (with defaults and bounds) and
// lists its items; each item is one of a fixed set of kinds, and every number in an item is either a literal or a
// reference to a parameter. Next year's standard built from the same kinds of items is a new object of this shape
// (stored by the server, validated by ZRuleSet), not new code.
import { z } from 'zod'
import { ZFindingKind, ZFindingStatus } from './vocabulary'

/** A number in a rule set: a literal, or `{ param }` naming a declared number parameter. */
export const ZAmount = z.union([z.number().finite(), z.object({ param: z.string().min(1) }).strict()])
export type Amount = z.infer<typeof ZAmount>

export const ZParamDeclaration = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('number'),
      default: z.number().finite(),
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
      description: z.string(),
    })
    .strict(),
  z
    .object({
      type: z.literal('enum'),
      values: z.array(z.string().min(1)).min(1),
      default: z.string(),
      description: z.string(),
    })
    .strict(),
])
export type ParamDeclaration = z.infer<typeof ZParamDeclaration>

/** Which of an organisation's counted findings an item reads. */
export const ZFindingFilter = z
  .object({
    kinds: z.array(ZFindingKind).min(1),
    /** Only findings with `records` ≥ this (data leaks). */
    minRecords: ZAmount.optional(),
    /** Only findings marked `sensitive` (敏感个人信息). */
    sensitiveOnly: z.boolean().optional(),
  })
  .strict()
export type FindingFilter = z.infer<typeof ZFindingFilter>

const itemBase = {
  /** The key of the item in score output (`asset`, `vulnerability` …). */
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'an item key is a camelCase identifier'),
  /** The item's name in the standard (资产核查 …). */
  title: z.string().min(1),
  /** The standard's own wording of the rule, for breakdowns and documents. */
  rule: z.string().min(1),
}

export const ZVulnerabilityScale = z.union([
  /** max × (1 − ratio / base), base = the largest ratio; base 0 → max for everyone. */
  z.literal('ratioToMax'),
  /** max × (N − rank + 1) / N, ranked by ratio ascending, ties share the better rank. */
  z.literal('rank'),
  /** Chosen by an enum parameter: each of its values names one of the scales above. */
  z
    .object({ param: z.string().min(1), cases: z.record(z.string(), z.enum(['ratioToMax', 'rank'])) })
    .strict(),
])
export type VulnerabilityScale = z.infer<typeof ZVulnerabilityScale>

export const ZUnitItemRule = z.discriminatedUnion('kind', [
  /** max − deductEach per matching finding, 扣完为止 (floor 0). */
  z
    .object({
      ...itemBase,
      kind: z.literal('perFindingDeduction'),
      max: ZAmount,
      filter: ZFindingFilter,
      deductEach: ZAmount,
    })
    .strict(),
  /** Vulnerability points (by severity) per internet asset, compared across the campaign's organisations. */
  z
    .object({
      ...itemBase,
      kind: z.literal('vulnerabilityRatio'),
      max: ZAmount,
      filter: ZFindingFilter,
      severityPoints: z.object({ critical: ZAmount, high: ZAmount, medium: ZAmount, low: ZAmount }).strict(),
      /** An asset count below this counts as this (a count below 1 counts as 1). */
      minAssets: ZAmount,
      scale: ZVulnerabilityScale,
    })
    .strict(),
  /** max when the organisation's flag is true, else max − deductIfAbsent (floor 0). */
  z
    .object({
      ...itemBase,
      kind: z.literal('presence'),
      max: ZAmount,
      field: z.enum(['selfInspectionFiled']),
      deductIfAbsent: ZAmount,
    })
    .strict(),
  /** From the total: per notified finding, a deduction by the time from notification to fix. */
  z
    .object({
      ...itemBase,
      kind: z.literal('timeliness'),
      filter: ZFindingFilter,
      /** Tried in order; a fix at most `withinHours` after notification (inclusive) deducts `deduct`. */
      brackets: z.array(z.object({ withinHours: ZAmount, deduct: ZAmount }).strict()).min(1),
      deductIfLate: ZAmount,
      deductIfNotFixed: ZAmount,
    })
    .strict(),
  /** From the total: deductEach per not-fixed re-test of a matching finding. */
  z
    .object({
      ...itemBase,
      kind: z.literal('perRetestDeduction'),
      filter: ZFindingFilter,
      deductEach: ZAmount,
    })
    .strict(),
])
export type UnitItemRule = z.infer<typeof ZUnitItemRule>

export const teamMeasureFields = ['activeSlots', 'assetsTested', 'manualRequests'] as const

export const ZTeamItemRule = z.discriminatedUnion('kind', [
  /** The best team gets max, the others max × value / best; 0 for everyone when best is 0. */
  z
    .object({
      ...itemBase,
      kind: z.literal('proportionalToBest'),
      max: ZAmount,
      measure: z.discriminatedUnion('source', [
        /** Sum of the CVSS base scores of the team's counted findings, vectors restricted to `versions`. */
        z
          .object({
            source: z.literal('findings'),
            value: z.literal('cvssBase'),
            versions: z.array(z.enum(['3.0', '3.1', '4.0'])).min(1),
          })
          .strict(),
        z.object({ source: z.literal('team'), field: z.enum(teamMeasureFields) }).strict(),
      ]),
    })
    .strict(),
  /** max × mean(evaluations) / fullScale; `ifNone` when the team has no evaluations. */
  z
    .object({
      ...itemBase,
      kind: z.literal('meanEvaluation'),
      max: ZAmount,
      fullScale: ZAmount,
      ifNone: ZAmount,
    })
    .strict(),
  /** max × (1 − clientsWithNewVulns / clientsServed); `ifNoneServed` when clientsServed is 0. */
  z.object({ ...itemBase, kind: z.literal('shareComplement'), max: ZAmount, ifNoneServed: ZAmount }).strict(),
  /** From the total: deductEach per counted event (`violations`). */
  z
    .object({
      ...itemBase,
      kind: z.literal('perCountDeduction'),
      field: z.enum(['violations']),
      deductEach: ZAmount,
    })
    .strict(),
])
export type TeamItemRule = z.infer<typeof ZTeamItemRule>

const ruleSetBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a rule-set id is lower-case words joined by -'),
  version: z.string().min(1),
  title: z.string().min(1),
  /** Where the standard comes from (document and annex). */
  source: z.string().min(1),
  /** Finding statuses that count; everything else (submitted, rejected, duplicate, withdrawn) is ignored. */
  countedStatuses: z.array(ZFindingStatus).min(1),
  /** Items are rounded half-up to this many decimals; the total is the sum of the rounded items. */
  decimals: z.number().int().min(0).max(6),
  /** The total never goes below this. */
  totalFloor: z.number().finite(),
  params: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), ZParamDeclaration),
}

type RefinementContext = z.RefinementCtx

function collectParamRefs(
  value: unknown,
  path: (string | number)[],
  out: { ref: string; path: (string | number)[] }[],
) {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => collectParamRefs(entry, [...path, index], out))
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.param === 'string' && !('cases' in record)) out.push({ ref: record.param, path })
    for (const [key, entry] of Object.entries(record)) collectParamRefs(entry, [...path, key], out)
  }
}

function checkRuleSet(
  ruleSet: { params: Record<string, ParamDeclaration>; items: { key: string; kind: string }[] },
  ctx: RefinementContext,
) {
  for (const [name, declaration] of Object.entries(ruleSet.params)) {
    if (declaration.type === 'enum' && !declaration.values.includes(declaration.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['params', name, 'default'],
        message: `default is not one of its values`,
      })
    }
    if (declaration.type === 'number') {
      const { min, max, default: value } = declaration
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        ctx.addIssue({
          code: 'custom',
          path: ['params', name, 'default'],
          message: `default is outside [min, max]`,
        })
      }
    }
  }
  const keys = new Set<string>()
  ruleSet.items.forEach((item, index) => {
    if (keys.has(item.key))
      ctx.addIssue({
        code: 'custom',
        path: ['items', index, 'key'],
        message: `duplicate item key ${item.key}`,
      })
    keys.add(item.key)
    const refs: { ref: string; path: (string | number)[] }[] = []
    collectParamRefs(item, ['items', index], refs)
    for (const { ref, path } of refs) {
      if (ruleSet.params[ref]?.type !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `refers to ${ref}, which is not a declared number parameter`,
        })
      }
    }
    const scale = (item as { scale?: VulnerabilityScale }).scale
    if (scale !== undefined && typeof scale === 'object') {
      const declaration = ruleSet.params[scale.param]
      if (declaration?.type !== 'enum') {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'scale', 'param'],
          message: `${scale.param} is not a declared enum parameter`,
        })
      } else {
        for (const value of declaration.values) {
          if (!(value in scale.cases)) {
            ctx.addIssue({
              code: 'custom',
              path: ['items', index, 'scale', 'cases'],
              message: `no case for ${scale.param} = ${value}`,
            })
          }
        }
      }
    }
  })
}

export const ZUnitRuleSet = z
  .object({ ...ruleSetBase, subject: z.literal('organisation'), items: z.array(ZUnitItemRule).min(1) })
  .strict()
  .superRefine(checkRuleSet)
export type UnitRuleSet = z.infer<typeof ZUnitRuleSet>

export const ZTeamRuleSet = z
  .object({ ...ruleSetBase, subject: z.literal('team'), items: z.array(ZTeamItemRule).min(1) })
  .strict()
  .superRefine(checkRuleSet)
export type TeamRuleSet = z.infer<typeof ZTeamRuleSet>

export const ZRuleSet = z.union([ZUnitRuleSet, ZTeamRuleSet])
export type RuleSet = UnitRuleSet | TeamRuleSet

export type ParamValues = Readonly<Record<string, number | string>>
