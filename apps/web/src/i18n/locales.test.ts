import { describe, expect, it } from 'vitest'
import { resources } from './resources'

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf)
    }
  else out.set(prefix, value)
  return out
}

const zh = leaves(resources['zh-CN'])
const en = leaves(resources.en)

describe('locale resources', () => {
  it('have the same keys in zh-CN and en', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort())
  })

  it('have no empty texts', () => {
    for (const [path, text] of [...zh, ...en]) {
      expect(typeof text, path).toBe('string')
      expect(String(text).trim(), path).not.toBe('')
    }
  })

  it('use the same interpolation variables in both languages', () => {
    const vars = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    for (const [path, text] of zh) expect(vars(en.get(path)), path).toEqual(vars(text))
  })

  it('write the Chinese texts in Chinese', () => {
    const han = /\p{Script=Han}/u
    // Codes, names of things and format patterns are the same in both languages.
    const exempt = new Set(['common.language.en'])
    for (const [path, text] of zh) if (!exempt.has(path)) expect(han.test(String(text)), path).toBe(true)
  })
})
