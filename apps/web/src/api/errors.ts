// Turning API errors into something a person can act on: the message in the current language where the code is
// known, the server's own (bilingual) message otherwise, and field errors placed on the form fields they concern.
import { ApiError } from '@wangan/sdk'
import type { FormInstance } from 'antd'
import { i18n } from '../i18n'

export { ApiError }

const KNOWN_CODES = [
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'CSRF_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
  'NETWORK',
] as const
type KnownCode = (typeof KNOWN_CODES)[number]

function isKnownCode(code: string): code is KnownCode {
  return (KNOWN_CODES as readonly string[]).includes(code)
}

/** A one-line message for an error thrown by an API call (or by fetch itself). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    // A validation or conflict message from the server names the exact problem; the generic text would not.
    if (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT') return error.message
    if (isKnownCode(error.code)) return i18n.t(`common:errors.${error.code}`)
    return error.message || i18n.t('common:errors.UNKNOWN')
  }
  if (error instanceof TypeError) return i18n.t('common:errors.NETWORK')
  return i18n.t('common:errors.UNKNOWN')
}

type FieldDetail = { path: string; message: string }

function fieldDetails(error: ApiError): FieldDetail[] {
  const details = error.body?.error.details
  if (!Array.isArray(details)) return []
  return details.filter((d): d is FieldDetail => typeof d?.path === 'string' && typeof d.message === 'string')
}

/**
 * Puts VALIDATION_FAILED details (`body.field`) on the matching form fields. Returns true when at least one field
 * received a message, so the caller can skip the general error toast.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return false
  const known = new Set(form.getFieldsError().map((field) => String(field.name[0])))
  const byField = new Map<string, string[]>()
  for (const detail of fieldDetails(error)) {
    const [, field] = detail.path.split('.')
    if (!field || !known.has(field)) continue
    byField.set(field, [...(byField.get(field) ?? []), detail.message])
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })))
  return byField.size > 0
}
