// The shape of an on-site inspection checklist (seed 004 网络安全工作评分参考): sections (项目 / 内容) holding items, each
// item with its points, its scoring rule as data, the scoring method (评分办法) and the answer form the inspector fills.

export type TOption = { readonly id: string; readonly label: string }

export type TBand = {
  /** inclusive lower bound */
  readonly min?: number
  /** inclusive upper bound */
  readonly max?: number
  readonly fraction: number
  readonly label: string
}

export type TInspectionRule =
  /** full marks when the answer is the scoring one (“是，得分；否，不得分”), else 0 */
  | { readonly kind: 'yes-no'; readonly scoresWhen: 'yes' | 'no'; readonly yes: string; readonly no: string }
  /** full marks only when every condition holds (“规定时限内上报，且上报数据完整”) */
  | { readonly kind: 'all-of'; readonly conditions: readonly TOption[] }
  /** full marks when at least one credited option is ticked (“有一项即可”); `exclusive` options stand alone */
  | {
      readonly kind: 'any-of'
      readonly options: readonly (TOption & {
        readonly isCredited: boolean
        readonly isExclusive?: boolean
      })[]
    }
  /** one option out of several, each worth a fraction of the item */
  | { readonly kind: 'single-choice'; readonly options: readonly (TOption & { readonly fraction: number })[] }
  /** “缺一项扣X分，扣完为止”: the elements present are ticked; each missing one deducts, floor 0 */
  | {
      readonly kind: 'deduct-per-missing'
      readonly elements: readonly TOption[]
      readonly deductionPerMissing: number
    }
  /**
   * Each element present earns its own points (“管理机构和运维机构(1分)…”). With `outsourcing`, a condition the
   * outsourced operations company fails voids the element it corresponds to (“对应项不得分”).
   */
  | {
      readonly kind: 'credit-per-element'
      readonly elements: readonly (TOption & { readonly points: number })[]
      readonly outsourcing?: { readonly conditions: readonly (TOption & { readonly voids: string })[] }
    }
  /** “暂未开展，有工作计划书的，此项工作得分”: done, or not yet done but with a work plan, scores */
  | { readonly kind: 'done-or-plan' }
  /**
   * A measured number scored by the first band it falls in (bands in order), 0 when none matches. `absent` scores an
   * answer of null: no value to measure (日志未留存, no event notified this year, no patch record…).
   */
  | {
      readonly kind: 'numeric-bands'
      readonly quantity: string
      readonly unit: string
      readonly isInteger: boolean
      readonly range: { readonly min: number; readonly max?: number }
      readonly bands: readonly TBand[]
      readonly absent: { readonly fraction: number; readonly label: string }
    }
  /**
   * Counts from a scan: each counted finding deducts a share of the item (“每扫描存在1个…扣该项的10%的分数”), and a
   * count above `zeroAbove` scores 0 (“数量超过10个，该项为0分”). `fields` are the form's count boxes; the deduction
   * counts the sum of the `counted` ones; `parts` must not add up to more than `partsOf`.
   */
  | {
      readonly kind: 'per-count-deduction'
      readonly fields: readonly TOption[]
      readonly counted: readonly string[]
      readonly countedLabel: string
      readonly fractionPerCount: number
      readonly zeroAbove: number
      readonly partsOf?: { readonly total: string; readonly parts: readonly string[] }
    }
  /** “口令长度不少于8位，口令由字母、数字、特殊字符组成” */
  | {
      readonly kind: 'password-policy'
      readonly minLength: number
      readonly classes: readonly TOption[]
    }

export type TInspectionRuleKind = TInspectionRule['kind']

export type TInspectionItem = {
  /** unique within a template: T1-1.1.1 (表1), T2-6 (表2), T3-2.7 (表3) */
  readonly code: string
  /** the item's number as printed in the seed */
  readonly number: string
  /** the question on the inspector's form (表2/表3 “内容”; 表1 the requirement itself) */
  readonly prompt: string
  /** the scoring standard (标准) */
  readonly standard: string
  readonly points: number
  readonly rule: TInspectionRule
  /** 评分办法: how the inspector checks it */
  readonly method: string
  /** 备注, or our reading where the seed is garbled */
  readonly note?: string
}

export type TInspectionSection = {
  readonly code: string
  readonly title: string
  readonly points: number
  readonly method?: string
  readonly note?: string
  readonly sections?: readonly TInspectionSection[]
  readonly items?: readonly TInspectionItem[]
}

export type TInspectionTemplate = {
  readonly id: string
  readonly title: string
  readonly source: string
  readonly points: number
  readonly sections: readonly TInspectionSection[]
}

/** Every item of a template, depth first in the order of the seed. */
export function templateItems(template: {
  readonly sections: readonly TInspectionSection[]
}): TInspectionItem[] {
  const out: TInspectionItem[] = []
  const walk = (sections: readonly TInspectionSection[]) => {
    for (const section of sections) {
      if (section.items) out.push(...section.items)
      if (section.sections) walk(section.sections)
    }
  }
  walk(template.sections)
  return out
}
