// i18next set-up: zh-CN (default) and en, one namespace per domain (locales/<language>/<namespace>.json). The page
// titles of the navigation are added at start from the page registry (namespace "nav").
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { setDateLocale } from '../lib/date-time'
import { DEFAULT_LANGUAGE, isLanguage, rememberLanguage, storedLanguage, type Language } from './language'
import { NAMESPACES, resources } from './resources'

export { i18n }

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE
}

function applyLanguage(language: Language) {
  setDateLocale(language)
  if (typeof document !== 'undefined') document.documentElement.lang = language
}

export async function switchLanguage(language: Language): Promise<void> {
  rememberLanguage(language)
  await i18n.changeLanguage(language)
}

i18n.on('languageChanged', (language) => applyLanguage(isLanguage(language) ? language : DEFAULT_LANGUAGE))

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: ['zh-CN', 'en'],
  ns: [...NAMESPACES, 'nav'],
  defaultNS: 'common',
  // React escapes what it renders; escaping here as well would show entities.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
})
applyLanguage(currentLanguage())
