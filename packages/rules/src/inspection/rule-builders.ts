// Short constructors for the rule data of the checklist tables, so the tables read like the seed.
import { type TInspectionItem, type TInspectionRule, type TOption } from './inspection-template'

export const yesNo = (
  options: { yes?: string; no?: string; scoresWhen?: 'yes' | 'no' } = {},
): Extract<TInspectionRule, { kind: 'yes-no' }> => ({
  kind: 'yes-no',
  scoresWhen: options.scoresWhen ?? 'yes',
  yes: options.yes ?? '是',
  no: options.no ?? '否',
})

export const allOf = (conditions: TOption[]): TInspectionRule => ({ kind: 'all-of', conditions })

export const doneOrPlan: TInspectionRule = { kind: 'done-or-plan' }

export const option = (id: string, label: string): TOption => ({ id, label })

type TItemFields = Omit<TInspectionItem, 'prompt'> & { prompt?: string }

/** An item whose form question is its standard (表1), unless a prompt is given (表2/表3 “内容”). */
export const item = (fields: TItemFields): TInspectionItem => ({
  ...fields,
  prompt: fields.prompt ?? fields.standard,
})
