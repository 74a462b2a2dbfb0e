// Input of a city evaluation (CONTRACTS `wangan evaluate-city`): which part of 表B.1 is evaluated, the rating of every
// item in scope, the items removed with their reasons, and optional weights (附录A, A.1–A.3).
import { z } from 'zod'
import { cityFrameworkIndex } from './city-framework-index'

/** 表A.1 评价内容满足程度与评分对照表 */
export const cityRatingScale = { 全部满足: 1, 大部分满足: 0.8, 部分满足: 0.5, 不满足: 0 } as const
export type TCityRatingName = keyof typeof cityRatingScale
export type TCityRatingValue = (typeof cityRatingScale)[TCityRatingName]

const ratingNames = Object.keys(cityRatingScale) as [TCityRatingName, ...TCityRatingName[]]

export const ZCityRating = z.union(
  [z.literal(1), z.literal(0.8), z.literal(0.5), z.literal(0), z.enum(ratingNames)],
  { error: 'rating must be 1, 0.8, 0.5 or 0, or 全部满足 / 大部分满足 / 部分满足 / 不满足' },
)

export function ratingValue(rating: z.infer<typeof ZCityRating>): TCityRatingValue {
  return typeof rating === 'number' ? rating : cityRatingScale[rating]
}

const ZWeight = z
  .number({ error: 'weight must be a number' })
  .min(0, 'weight must be ≥ 0')
  .max(1, 'weight must be ≤ 1')
const ZWeightMap = z.record(z.string(), ZWeight)

export const allFirstLevelCodes = cityFrameworkIndex.framework.first.map((first) => first.code)

export const ZCityEvaluationInput = z
  .strictObject({
    framework: z
      .literal('suzhou-2022', { error: 'framework must be "suzhou-2022" (the only framework known)' })
      .default('suzhou-2022'),
    /** first-level codes ("2") for a full or special evaluation; second-level codes ("2.3") for a phased one */
    scope: z
      .array(z.string(), { error: 'scope must be a list of indicator codes such as ["1","2"]' })
      .min(1, 'scope must name at least one indicator')
      .default(() => [...allFirstLevelCodes]),
    ratings: z.record(z.string(), ZCityRating, { error: 'ratings must be an object of item code → rating' }),
    removed: z
      .array(
        z.strictObject({
          item: z.string({ error: 'item must be an item code such as "2.6.3.3"' }),
          reason: z
            .string({ error: 'reason is required: an item may be removed only with a recorded reason' })
            .trim()
            .min(1, 'reason is required: an item may be removed only with a recorded reason'),
        }),
      )
      .default(() => []),
    /** weights of the weighted form (A.1–A.3); indicators left out get their share of points (表B.1) */
    weights: z
      .strictObject({
        first: ZWeightMap.optional(),
        second: ZWeightMap.optional(),
        third: ZWeightMap.optional(),
      })
      .optional(),
  })
  .superRefine((input, ctx) => {
    const index = cityFrameworkIndex
    const secondsInScope = new Set<string>()
    input.scope.forEach((code, i) => {
      const first = index.first.get(code)
      const second = index.second.get(code)
      if (first) for (const s of first.second) secondsInScope.add(s.code)
      else if (second) secondsInScope.add(code)
      else
        ctx.addIssue({
          code: 'custom',
          path: ['scope', i],
          message: `unknown indicator "${code}": scope lists first-level (1–5) or second-level (e.g. 2.3) codes`,
        })
    })

    const removed = new Set<string>()
    input.removed.forEach((entry, i) => {
      if (!index.item.has(entry.item)) {
        ctx.addIssue({
          code: 'custom',
          path: ['removed', i, 'item'],
          message: `unknown item "${entry.item}"`,
        })
      } else if (removed.has(entry.item)) {
        ctx.addIssue({
          code: 'custom',
          path: ['removed', i, 'item'],
          message: `item ${entry.item} removed twice`,
        })
      } else if (entry.item in input.ratings) {
        ctx.addIssue({
          code: 'custom',
          path: ['removed', i, 'item'],
          message: `item ${entry.item} is both rated and removed`,
        })
      }
      removed.add(entry.item)
    })

    for (const code of Object.keys(input.ratings)) {
      if (!index.item.has(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['ratings', code],
          message: `unknown item "${code}" (codes are <first>.<second>.<third>.<item>, third 0 where there is none)`,
        })
      }
    }
    for (const [code, { second }] of index.item) {
      if (secondsInScope.has(second.code) && !(code in input.ratings) && !removed.has(code)) {
        ctx.addIssue({ code: 'custom', path: ['ratings', code], message: `unrated item in scope` })
      }
    }

    checkWeights(input.weights, secondsInScope, ctx)
  })

export type TCityEvaluationInput = z.input<typeof ZCityEvaluationInput>
export type TCityEvaluationParsed = z.output<typeof ZCityEvaluationInput>

const weightTolerance = 1e-6

function checkWeights(
  weights: TCityEvaluationParsed['weights'],
  secondsInScope: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): void {
  if (!weights) return
  const index = cityFrameworkIndex
  const firstsInScope = new Set([...secondsInScope].map((code) => index.second.get(code)?.first.code))

  // Each level's weights are checked per parent: once a weight is given under a parent, every sibling in scope
  // needs one and together they must make 1, so that the weighted result stays on the same 0–100 scale.
  type Group = { parent: string; children: string[] }
  const groups = {
    first: [{ parent: 'the city', children: [...firstsInScope].filter((c): c is string => c !== undefined) }],
    second: index.framework.first
      .filter((f) => firstsInScope.has(f.code))
      .map((f) => ({
        parent: f.code,
        children: f.second.filter((s) => secondsInScope.has(s.code)).map((s) => s.code),
      })),
    third: [...secondsInScope].map((code) => ({
      parent: code,
      children: index.second.get(code)?.second.third.map((t) => t.code) ?? [],
    })),
  } satisfies Record<'first' | 'second' | 'third', Group[]>

  for (const level of ['first', 'second', 'third'] as const) {
    const given = weights[level]
    if (!given) continue
    const known = new Set(groups[level].flatMap((g) => g.children))
    for (const code of Object.keys(given)) {
      if (!known.has(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights', level, code],
          message: `not a ${level}-level indicator in scope`,
        })
      }
    }
    for (const group of groups[level]) {
      const present = group.children.filter((code) => code in given)
      if (present.length === 0) continue
      const missing = group.children.filter((code) => !(code in given))
      if (missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights', level, missing[0] ?? ''],
          message: `missing weight: give every ${level}-level indicator under ${group.parent} or none (missing ${missing.join(', ')})`,
        })
        continue
      }
      const sum = present.reduce((acc, code) => acc + (given[code] ?? 0), 0)
      if (Math.abs(sum - 1) > weightTolerance) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights', level, present[0] ?? ''],
          message: `the ${level}-level weights under ${group.parent} sum to ${Number(sum.toPrecision(12))}, not 1`,
        })
      }
    }
  }
}
