// Cell values in and out of spreadsheets. Out: text that a spreadsheet would run as a formula is neutralised
// (OWASP CSV injection). In: whatever Excel stored (numbers, rich text, formulas, hyperlinks) becomes plain text, and
// what cannot be trusted is said so (an 18-digit code stored as a number has lost its last digits).

// = + - @ start a formula in Excel, LibreOffice and Google Sheets; a leading tab or CR can hide one of them.
const FORMULA_START = /^[=+\-@\t\r]/

/** Prefixes a quote to text that a spreadsheet would evaluate; everything else is returned unchanged. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** The inverse on import: a quote we (or a careful user) put before a formula character is not data. */
export function unneutraliseCell(value: string): string {
  return value.length > 1 && value.startsWith("'") && FORMULA_START.test(value.slice(1))
    ? value.slice(1)
    : value
}

export type CellProblem = 'number_precision' | 'error_value'

export type CellText = { text: string; problem?: CellProblem }

const EMPTY: CellText = { text: '' }

/** Excel keeps 15 significant digits: a larger whole number typed into a cell (a credit code of digits only, an ID
 * number) has already been rounded when we see it. */
const SAFE_DIGITS = 1e15

function numberText(value: number): CellText {
  if (!Number.isFinite(value)) return { text: String(value), problem: 'error_value' }
  if (Number.isInteger(value)) {
    if (Math.abs(value) >= SAFE_DIGITS) return { text: BigInt(value).toString(), problem: 'number_precision' }
    return { text: String(value) }
  }
  return { text: String(value) }
}

/** Text of an exceljs cell value (streaming reader, styles ignored). */
export function cellText(value: unknown, depth = 0): CellText {
  if (value === null || value === undefined) return EMPTY
  if (typeof value === 'string') return { text: value }
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' }
  if (value instanceof Date) return { text: value.toISOString() }
  if (typeof value === 'object' && depth < 3) {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText))
      return {
        text: (v.richText as { text?: unknown }[])
          .map((part) => (typeof part.text === 'string' ? part.text : ''))
          .join(''),
      }
    if ('error' in v) return { text: String(v.error), problem: 'error_value' }
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result, depth + 1)
    if ('text' in v) return cellText(v.text, depth + 1)
  }
  return EMPTY
}
