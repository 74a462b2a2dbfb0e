import { matchPath } from 'react-router-dom'
import type { Role } from '../auth/roles'
import { SECTIONS, type PageDefinition, type Section } from './page-definition'

export function canOpen(page: PageDefinition, role: Role): boolean {
  return page.roles === 'everyone' || page.roles.includes(role)
}

export type MenuGroup = { section: Section; pages: PageDefinition[] }

/** The menu of a role: its pages with a section, grouped in section order, in registry order inside a section. */
export function menuFor(pages: readonly PageDefinition[], role: Role): MenuGroup[] {
  return SECTIONS.map((section) => ({
    section,
    pages: pages.filter((page) => page.section === section && canOpen(page, role)),
  })).filter((group) => group.pages.length > 0)
}

/** The registered page a location belongs to (for the menu highlight and the document title). */
export function pageAt(pages: readonly PageDefinition[], pathname: string): PageDefinition | undefined {
  return pages.find((page) => matchPath({ path: page.path, end: true }, pathname))
}

/** The menu key to highlight at a location. */
export function menuKeyAt(pages: readonly PageDefinition[], pathname: string): string | undefined {
  const page = pageAt(pages, pathname)
  return page?.section ? page.key : page?.menuParent
}
