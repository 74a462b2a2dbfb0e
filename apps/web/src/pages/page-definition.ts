// What one page of the application declares. The router, the menu, the route guards and the page titles are all
// derived from the list of these in registry.tsx, so adding a page is adding one entry there.
import type { ComponentType, LazyExoticComponent } from 'react'
import type { Role } from '../auth/roles'
import type { Language } from '../i18n/language'

/** Menu groups, in menu order. Their titles are `common:sections.<key>`. */
export const SECTIONS = ['work', 'system', 'personal'] as const
export type Section = (typeof SECTIONS)[number]

export type PageDefinition = {
  /** Stable identifier: menu key, i18n key of the title (`nav:<key>`), test id (`nav-<key>`). */
  key: string
  /** Route path (react-router syntax, e.g. `/organisations/:id`). */
  path: string
  /** Title in every UI language; registered as the `nav` i18n namespace. */
  title: Record<Language, string>
  icon?: ComponentType
  /** Who may open the page. Everyone else gets the 403 page (and no menu item). */
  roles: readonly Role[] | 'everyone'
  /** Default export of a module loaded when the page is first opened. */
  component: LazyExoticComponent<ComponentType>
  /** Menu group; pages without one (detail pages) are reachable by links only. */
  section?: Section
  /**
   * For pages without a menu item: the key of the page whose menu item stays highlighted
   * (e.g. an organisation's detail page highlights the organisations list).
   */
  menuParent?: string
}
