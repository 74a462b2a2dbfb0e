import { describe, expect, it } from 'vitest'
import { ROLES } from '../../auth/roles'
import { canOpen, menuFor, pageAt } from '../page-access'
import { PAGES } from '../registry'
import { fill, REGISTRY_TEXTS } from './registry-texts'

const menuKeys = (role: (typeof ROLES)[number]) =>
  menuFor(PAGES, role).flatMap((g) => g.pages.map((p) => p.key))
const page = (key: string) => PAGES.find((p) => p.key === key)!

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value))
      for (const [path, leaf] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf)
  else out.set(prefix, value)
  return out
}

describe('registry pages', () => {
  it('follow the API roles: regulators settle conflicts, liaisons import and submit, leaders only read', () => {
    expect(ROLES.filter((r) => canOpen(page('asset-conflicts'), r)).sort()).toEqual(['admin', 'regulator'])
    expect(ROLES.filter((r) => menuKeys(r).includes('registry-import')).sort()).toEqual([
      'admin',
      'org_liaison',
      'regulator',
    ])
    for (const role of ['team_lead', 'tester', 'auditor'] as const) {
      expect(menuKeys(role)).not.toContain('assets')
      expect(menuKeys(role)).not.toContain('census')
    }
    expect(menuKeys('org_leader')).toEqual(expect.arrayContaining(['organisations', 'assets', 'census']))
  })

  it('route the organisation pages to the registry’s editable pages, and conflicts before an asset id', () => {
    expect(pageAt(PAGES, '/assets/conflicts')?.key).toBe('asset-conflicts')
    expect(pageAt(PAGES, '/assets/5b1e0f0e-0000-4000-8000-000000000000')?.key).toBe('asset-detail')
    expect(pageAt(PAGES, '/census/5b1e0f0e-0000-4000-8000-000000000000')?.key).toBe('census-round')
  })

  it('have every text in both languages, Chinese in zh-CN, the same placeholders', () => {
    const zh = leaves(REGISTRY_TEXTS['zh-CN'])
    const en = leaves(REGISTRY_TEXTS.en)
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort())
    const vars = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    for (const [path, text] of zh) {
      expect(String(text).trim(), path).not.toBe('')
      expect(/\p{Script=Han}/u.test(String(text)), path).toBe(true)
      expect(vars(en.get(path)), path).toEqual(vars(text))
    }
    expect(fill(REGISTRY_TEXTS['zh-CN'].import.done, { count: 3 })).toBe('导入成功：已导入 3 条')
  })
})
