// Schemas shared by many routes.
import { z } from 'zod'

export const ZId = z.uuid({ error: '必须是 UUID (must be a UUID)' })
export const ZIdParams = z.strictObject({ id: ZId })
export const ZIsoDateTime = z.iso.datetime({ offset: true })

export const ZPageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
}

export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
})

export const ZOk = z.object({ ok: z.literal(true) })

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
}

// C0 control characters other than tab and newlines, and DEL: never meaningful in a form, and NUL cannot be stored.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** Trimmed single-line text with a length limit; hostile text is stored as given and rendered inert by the UI. */
export const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, { error: min > 1 ? `至少 ${min} 个字符 (at least ${min} characters)` : '不能为空 (required)' })
    .max(max, { error: `最多 ${max} 个字符 (at most ${max} characters)` })
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      error: '含有控制字符 (contains control characters)',
    })

/** Multi-line free text (descriptions, reasons): newlines and tabs allowed, other control characters refused. */
export const longText = (max: number, min = 0) =>
  z
    .string()
    .min(min, { error: '不能为空 (required)' })
    .max(max, { error: `最多 ${max} 个字符 (at most ${max} characters)` })
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      error: '含有控制字符 (contains control characters)',
    })
