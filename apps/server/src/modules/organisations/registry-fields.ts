// Request fields backed by the pure registry rules: one validator for the API, the import and the CLI, each giving
// the same reason in Chinese and English.
import {
  formatReason,
  validateCreditCode,
  validateEmail,
  validateFixedLine,
  validateMobile,
  validateOrganisationName,
  validatePersonName,
  type Validation,
} from '@wangan/rules/registry'
import { z } from 'zod'

type Normaliser = (raw: string) => Validation<{ normalised: string }>

function ruleField(normalise: Normaliser, max: number) {
  return z
    .string()
    .max(max * 4, { error: `最多 ${max} 个字符 (at most ${max} characters)` })
    .transform((value, ctx) => {
      const result = normalise(value)
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: formatReason(result.reason), input: value })
        return z.NEVER
      }
      return result.normalised
    })
}

export const ZCreditCode = ruleField(validateCreditCode, 40)
export const ZContactMobile = ruleField(validateMobile, 24)
export const ZContactEmail = ruleField(validateEmail, 254)
export const ZContactPhone = ruleField((raw) => validateFixedLine(raw), 40)
export const ZPersonName = ruleField((raw) => validatePersonName(raw), 50)
export const ZOrganisationName = ruleField((raw) => validateOrganisationName(raw), 100)
