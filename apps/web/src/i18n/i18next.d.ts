import 'i18next'
import type { Resources } from './resources'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    // "nav" holds the page titles, registered at start from the page registry.
    resources: Resources & { nav: Record<string, string> }
  }
}
