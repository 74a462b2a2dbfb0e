import { describe, expect, it } from 'vitest'
import { EVALUATION_TEXTS } from '../evaluation/evaluation-texts'
import { INSPECTION_TEXTS } from '../inspections/inspections-texts'
import { DENGBAO_TEXTS } from './dengbao-texts'

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value))
      for (const [path, leaf] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf)
  else out.set(prefix, value)
  return out
}

describe.each([
  ['dengbao', DENGBAO_TEXTS],
  ['inspections', INSPECTION_TEXTS],
  ['evaluation', EVALUATION_TEXTS],
] as const)('the %s page texts', (_, texts) => {
  const zh = leaves(texts['zh-CN'])
  const en = leaves(texts.en)

  it('have the same keys in both languages, none empty', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort())
    for (const [path, text] of [...zh, ...en]) {
      // the first entry of the level names is the unused level 0
      if (path.endsWith('levels.0')) continue
      expect(String(text).trim(), path).not.toBe('')
    }
  })

  it('use the same placeholders in both languages', () => {
    const vars = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    for (const [path, text] of zh) expect(vars(en.get(path)), path).toEqual(vars(text))
  })

  it('are Chinese in zh-CN', () => {
    const han = /\p{Script=Han}/u
    for (const [path, text] of zh)
      if (!path.endsWith('levels.0')) expect(han.test(String(text)), path).toBe(true)
  })
})
