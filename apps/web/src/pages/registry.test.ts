import { describe, expect, it } from 'vitest'
import { ROLES } from '../auth/roles'
import { canOpen, menuFor, menuKeyAt, pageAt } from './page-access'
import { PAGES } from './registry'

const menuKeys = (role: (typeof ROLES)[number]) =>
  menuFor(PAGES, role).flatMap((g) => g.pages.map((p) => p.key))

describe('page registry', () => {
  it('has unique keys and paths, and a title in both languages', () => {
    expect(new Set(PAGES.map((p) => p.key)).size).toBe(PAGES.length)
    expect(new Set(PAGES.map((p) => p.path)).size).toBe(PAGES.length)
    for (const page of PAGES) {
      expect(page.title['zh-CN'], page.key).toMatch(/\p{Script=Han}/u)
      expect(page.title.en, page.key).toMatch(/^[A-Z]/)
    }
  })

  it('gives pages without a menu item an existing menu parent', () => {
    for (const page of PAGES.filter((p) => !p.section))
      expect(PAGES.find((p) => p.key === page.menuParent)?.section, page.key).toBeDefined()
  })

  it('shows every role its dashboard and account, and only the admin the system pages', () => {
    for (const role of ROLES) {
      expect(menuKeys(role)).toContain('dashboard')
      expect(menuKeys(role)).toContain('account')
    }
    expect(menuKeys('admin')).toEqual(
      expect.arrayContaining(['users', 'regions', 'security-settings', 'audit', 'organisations']),
    )
    for (const role of ROLES.filter((r) => r !== 'admin'))
      expect(
        menuKeys(role).filter((k) => ['users', 'regions', 'security-settings'].includes(k)),
        role,
      ).toEqual([])
  })

  it('follows the API roles: audit for auditor and admin, organisations not for testers or auditors', () => {
    expect(ROLES.filter((r) => menuKeys(r).includes('audit')).sort()).toEqual(['admin', 'auditor'])
    for (const role of ['team_lead', 'tester', 'auditor'] as const)
      expect(menuKeys(role)).not.toContain('organisations')
    expect(menuKeys('org_liaison')).toContain('organisations')
  })

  it('guards the pages a role may not open', () => {
    const users = PAGES.find((p) => p.key === 'users')!
    expect(canOpen(users, 'admin')).toBe(true)
    expect(canOpen(users, 'regulator')).toBe(false)
  })

  it('finds the page and menu item of a location', () => {
    expect(pageAt(PAGES, '/')?.key).toBe('dashboard')
    expect(pageAt(PAGES, '/organisations/5b1e0f0e-0000-4000-8000-000000000000')?.key).toBe(
      'organisation-detail',
    )
    expect(menuKeyAt(PAGES, '/organisations/5b1e0f0e-0000-4000-8000-000000000000')).toBe('organisations')
    expect(pageAt(PAGES, '/nowhere')).toBeUndefined()
  })
})
