// Small parsers for spreadsheet cells: yes/no, status words, port lists, free text. Each returns a value or a
// message in Chinese with English in parentheses, for the per-row, per-column report.
import { headerKey } from './table-columns'

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '是的'])
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '不是', ''])

export function parseYesNo(text: string): Parsed<boolean> {
  const key = headerKey(text)
  if (YES.has(key)) return { ok: true, value: true }
  if (NO.has(key)) return { ok: true, value: false }
  return { ok: false, message: `应填写“是”或“否”，实际为“${text}” (expected 是 or 否)` }
}

/** A choice by any of its spellings (label, alias or code), compared without spaces and case. */
export function choiceParser<T extends string>(
  spellings: Readonly<Record<T, readonly string[]>>,
  describe: string,
): (text: string) => Parsed<T> {
  const lookup = new Map<string, T>()
  for (const [value, names] of Object.entries(spellings) as [T, readonly string[]][]) {
    lookup.set(headerKey(value), value)
    for (const name of names) lookup.set(headerKey(name), value)
  }
  return (text) => {
    const found = lookup.get(headerKey(text))
    return found
      ? { ok: true, value: found }
      : {
          ok: false,
          message: `“${text}”不是有效的${describe}，应为：${Object.values<readonly string[]>(spellings)
            .map((n) => n[0])
            .join('、')} (unknown value)`,
        }
  }
}

export const parseAssetStatus = choiceParser<'active' | 'retired'>(
  {
    active: ['在用', '使用中', '正常', '启用', '运行'],
    retired: ['已停用', '停用', '下线', '已下线', '废弃', 'inactive'],
  },
  '状态',
)

export const parseOrganisationStatus = choiceParser<'active' | 'inactive'>(
  { active: ['在用', '正常', '启用', '有效'], inactive: ['停用', '已停用', '撤销', '注销', 'retired'] },
  '状态',
)

const MAX_PORTS = 100

/** `80,443 8080；8000-8010` → sorted unique ports; at most 100. */
export function parsePorts(text: string): Parsed<number[] | null> {
  const tokens = text
    .normalize('NFKC')
    .split(/[,;、\s]+/)
    .filter(Boolean)
  if (tokens.length === 0) return { ok: true, value: null }
  const ports = new Set<number>()
  for (const token of tokens) {
    const range = /^(\d{1,5})\s*[-~]\s*(\d{1,5})$/.exec(token)
    const single = /^\d{1,5}$/.test(token) ? Number(token) : null
    const [from, to] = range
      ? [Number(range[1]), Number(range[2])]
      : single !== null
        ? [single, single]
        : [NaN, NaN]
    if (!Number.isInteger(from) || !Number.isInteger(to))
      return { ok: false, message: `“${token}”不是端口号；请用逗号分隔，如 80,443,8000-8010 (not a port)` }
    if (from < 1 || to > 65535 || from > to)
      return { ok: false, message: `端口“${token}”应在 1–65535 之间 (ports are 1–65535)` }
    for (let p = from; p <= to; p++) {
      ports.add(p)
      if (ports.size > MAX_PORTS)
        return {
          ok: false,
          message: `端口最多 ${MAX_PORTS} 个；全部端口请留空 (at most ${MAX_PORTS} ports; leave empty for all)`,
        }
    }
  }
  return { ok: true, value: [...ports].sort((a, b) => a - b) }
}

// eslint-disable-next-line no-control-regex -- control characters are what we refuse
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** Optional free text of at most `max` characters, no control characters; empty → null. */
export function parseText(text: string, max: number, multiline = false): Parsed<string | null> {
  if (text === '') return { ok: true, value: null }
  if (CONTROL.test(text) || (!multiline && /[\r\n]/.test(text)))
    return { ok: false, message: '含有控制字符或换行 (contains control characters or line breaks)' }
  if ([...text].length > max) return { ok: false, message: `最多 ${max} 个字符 (at most ${max} characters)` }
  return { ok: true, value: text }
}
