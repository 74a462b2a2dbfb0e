// Columns of the registry's spreadsheets: one definition drives the template, the export and the import, so a file
// exported from the platform imports again. Columns are found by their Chinese header (aliases accepted), never by
// position.
import type { CellText } from './spreadsheet-cells'

export type ColumnSpec = {
  key: string
  header: string
  aliases?: readonly string[]
  required?: boolean
  /** Import reads it; false for export-only columns such as the normalised identifier. */
  importable?: boolean
  /** Cell format '@' (text) in the template, so Excel keeps leading zeros and long digit strings. */
  text?: boolean
  width?: number
  /** Allowed values for the template's drop-down list. */
  choices?: readonly string[]
  /** What to write, shown in the template's instructions sheet. */
  help: string
  example?: string
}

/** How headers are compared: no spaces, no required-marks (*, 必填), ASCII brackets, lower-case Latin. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[(（][^)）]*必填[^)）]*[)）]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase()
}

export type HeaderMapping = {
  /** Column index (0-based) → spec key. */
  byIndex: Map<number, string>
  /** Spec key → column index. */
  byKey: Map<string, number>
  /** Headers the platform does not know, left out of the import (reported as notes). */
  unknown: string[]
  /** Headers that appear twice. */
  duplicates: string[]
}

export function mapHeader(cells: readonly CellText[], columns: readonly ColumnSpec[]): HeaderMapping {
  const lookup = new Map<string, ColumnSpec>()
  for (const column of columns) {
    if (column.importable === false) continue
    for (const name of [column.header, ...(column.aliases ?? [])]) lookup.set(headerKey(name), column)
  }
  const exportOnly = new Set(columns.filter((c) => c.importable === false).map((c) => headerKey(c.header)))
  const byIndex = new Map<number, string>()
  const byKey = new Map<string, number>()
  const unknown: string[] = []
  const duplicates: string[] = []
  cells.forEach((cell, index) => {
    const text = cell.text.trim()
    if (!text) return
    const column = lookup.get(headerKey(text))
    if (!column) {
      if (!exportOnly.has(headerKey(text))) unknown.push(text)
      return
    }
    if (byKey.has(column.key)) {
      duplicates.push(text)
      return
    }
    byIndex.set(index, column.key)
    byKey.set(column.key, index)
  })
  return { byIndex, byKey, unknown, duplicates }
}

/** How many of a row's cells name a known column: the header row is the first with at least two. */
export function knownHeaderCount(cells: readonly CellText[], columns: readonly ColumnSpec[]): number {
  const names = new Set(columns.flatMap((c) => [c.header, ...(c.aliases ?? [])].map(headerKey)))
  return cells.filter((c) => c.text.trim() && names.has(headerKey(c.text))).length
}

/** Spreadsheet column letters of a 0-based index (0 → A, 27 → AB), for messages. */
export function columnLetter(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    const r = (n - 1) % 26
    letters = String.fromCharCode(65 + r) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}

/** `A2:C5` → rows 2–5, columns 0–2. */
export function parseRange(ref: string): { top: number; bottom: number; left: number; right: number } | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref)
  if (!m) return null
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
  const left = col(m[1]!)
  const top = Number(m[2])
  const right = m[3] ? col(m[3]) : left
  const bottom = m[4] ? Number(m[4]) : top
  return {
    top: Math.min(top, bottom),
    bottom: Math.max(top, bottom),
    left: Math.min(left, right),
    right: Math.max(left, right),
  }
}
